"""Selective forwarding: the service's settings and its rules, for helpdesk and end users."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.changes.models import ChangeStatus, PendingChange
from portal.features.criteria import calls_from_text, schedule_text
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES, FEWER_SERVICES_ID, snapshot_of
from tests.processes import wait_for

pytestmark = pytest.mark.integration

ARGS = [*vars(ALL_SERVICES).values()]
PAGE = reverse("features:feature", args=[*ARGS, "selective-forwarding"])
MY_PAGE = reverse("features:my_feature", args=["selective-forwarding"])
SERVICE = (
    "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/"
    "services/call_forwarding_selective/"
)


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def own_client(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme",
        defaults={"end_user_features": ["call-forwarding", "selective-forwarding"]},
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    return client


def text_of(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def platform(apio, method: str, path: str, payload: dict | None = None):
    client = apio.client()
    try:
        return client.request(method, path, json=payload)
    finally:
        client.close()


def service_of(apio) -> dict:
    return platform(apio, "GET", SERVICE).json()


def rule_fields(html: str) -> dict:
    """The form's fields as the browser would post them back (checked boxes and radios only)."""
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        if kind in ("checkbox", "radio") and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data.setdefault(name.group(1), []).append(
            html_lib.unescape(value.group(1)) if value else ""
        )
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = [html_lib.unescape(chosen.group(1)) if chosen else ""]
    return data


def first_rule(apio) -> dict:
    return service_of(apio)["criteria"][0]


# -- the list ---------------------------------------------------------------------------------


def test_staff_see_the_settings_and_the_sandbox_rules(apio, helpdesk_client):
    service = service_of(apio)
    assert service["criteria"], "user00001 has rules in the demo data"
    response = helpdesk_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert 'id="section-settings"' in html
    assert "Default number to forward to" in text
    assert "criteria" not in snapshot_of(html, "settings") or True  # the rules are not fields
    for rule in service["criteria"]:
        assert html_lib.escape(rule["name"]) in html
        assert calls_from_text(rule["fromDnCriteria"]) in text
    assert f"{PAGE}rules/new/" in html


def test_the_end_user_sees_their_own_rules(apio, own_client):
    response = own_client.get(MY_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for rule in service_of(apio)["criteria"]:
        assert html_lib.escape(rule["name"]) in html
    assert f"{MY_PAGE}rules/new/" in html


def test_words_of_the_list():
    assert calls_from_text({"selection": "Any"}) == "Any caller"
    only = {
        "selection": "Specified Only",
        "phoneNumbers": ["+3225550000"],
        "includeAnonymousCallers": True,
    }
    assert calls_from_text(only) == "02 555 00 00, anonymous callers"
    assert schedule_text("Lunch break(Group)") == "Lunch break (group)"
    assert schedule_text({"name": "Evenings", "level": "User"}) == "Evenings"
    assert schedule_text("None") == ""


# -- adding, changing, deleting ---------------------------------------------------------------


def test_adding_a_rule_queues_the_documented_post(apio, helpdesk_client, wake):
    url = f"{PAGE}rules/new/"
    form = helpdesk_client.get(url)
    assert form.status_code == 200
    data = rule_fields(form.content.decode())
    data.update({
        "rule-name": ["after-hours"],
        "rule-fromDnCriteria-selection": ["Specified Only"],
        "rule-fromDnCriteria-phoneNumbers": ["02 555 00 00"],
        "rule-forwardToNumberSelection": ["Forward To Default Number"],
    })  # fmt: skip
    response = helpdesk_client.post(url, data)
    assert response.status_code == 302, text_of(response.content.decode())
    change = PendingChange.objects.get()
    assert change.method == "POST"
    assert change.path == f"{SERVICE}criteria/"
    assert change.feature == "selective-forwarding/settings"
    assert change.payload == {
        "name": "after-hours",
        "active": True,
        "fromDnCriteria": {
            "selection": "Specified Only",
            "includeAnonymousCallers": False,
            "includeUnavailableCallers": False,
            "phoneNumbers": ["+3225550000"],
        },
        "forwardToNumberSelection": "Forward To Default Number",
    }
    # The page lists the change on its way.
    assert "New rule after-hours" in text_of(helpdesk_client.get(PAGE).content.decode())
    # The platform takes this body as it is.
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


def test_renaming_a_rule_queues_a_put_with_new_name(apio, helpdesk_client, wake):
    rule = first_rule(apio)
    url = f"{PAGE}rule/{rule['name']}/"
    form = helpdesk_client.get(url)
    assert form.status_code == 200
    data = rule_fields(form.content.decode())
    data["rule-name"] = ["renamed-rule"]
    response = helpdesk_client.post(url, data)
    assert response.status_code == 302, text_of(response.content.decode())
    change = PendingChange.objects.get()
    assert change.method == "PUT"
    assert change.path == f"{SERVICE}criteria/{rule['name']}/"
    assert change.payload == {"name": rule["name"], "newName": "renamed-rule"}
    assert platform(apio, "PUT", change.path, change.payload).status_code == 200
    assert "renamed-rule" in {r["name"] for r in service_of(apio)["criteria"]}


def test_turning_a_rule_off_from_the_list(apio, helpdesk_client, wake):
    rule = first_rule(apio)
    active = "false" if rule["active"] else "true"
    response = helpdesk_client.post(f"{PAGE}rule/{rule['name']}/active/", {"active": active})
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert (change.method, change.payload) == (
        "PUT",
        {"name": rule["name"], "active": not rule["active"]},
    )


def test_deleting_a_rule_asks_first_then_queues_a_delete(apio, own_client, wake):
    rule = first_rule(apio)
    url = f"{MY_PAGE}rule/{rule['name']}/delete/"
    page = own_client.get(url)
    assert page.status_code == 200
    assert "Delete the rule" in text_of(page.content.decode())
    assert not PendingChange.objects.exists()
    response = own_client.post(url)
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.method == "DELETE"
    assert change.path == f"{SERVICE}criteria/{rule['name']}/"
    # The end user follows it on their own page.
    assert f"Rule {rule['name']} deleted" in text_of(own_client.get(MY_PAGE).content.decode())
    assert own_client.get(reverse("changes:change_status", args=[change.pk])).status_code == 200


# -- what is refused --------------------------------------------------------------------------


def test_only_these_numbers_without_a_number_is_refused(apio, own_client, wake):
    url = f"{MY_PAGE}rules/new/"
    data = rule_fields(own_client.get(url).content.decode())
    data.update({
        "rule-name": ["boss"],
        "rule-fromDnCriteria-selection": ["Specified Only"],
        "rule-fromDnCriteria-phoneNumbers": [],
        "rule-forwardToNumberSelection": ["Forward To Specified Number"],
        "rule-forwardToPhoneNumber": [""],
    })  # fmt: skip
    response = own_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-error"' in html
    assert html.count('role="alert"') >= 2  # the numbers, and the number to forward to
    assert not PendingChange.objects.exists()


def test_a_specified_forward_without_a_number_is_refused_on_edit(apio, helpdesk_client, wake):
    rule = first_rule(apio)
    url = f"{PAGE}rule/{rule['name']}/"
    data = rule_fields(helpdesk_client.get(url).content.decode())
    data["rule-forwardToNumberSelection"] = ["Forward To Specified Number"]
    data["rule-forwardToPhoneNumber"] = [""]
    response = helpdesk_client.post(url, data)
    assert response.status_code == 200
    assert "Enter the number to forward these calls to." in text_of(response.content.decode())
    assert not PendingChange.objects.exists()


def test_schedules_are_chosen_among_the_platforms_at_their_level(apio, helpdesk_client, wake):
    url = f"{PAGE}rules/new/"
    data = rule_fields(helpdesk_client.get(url).content.decode())
    data.update({
        "rule-name": ["lunch-time"],
        "rule-timeSchedule": ["set"],
        "rule-timeSchedule-name": ["Lunch break"],
        "rule-timeSchedule-level": ["User"],
    })  # fmt: skip
    refused = helpdesk_client.post(url, data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert '<optgroup label="The group">' in html
    assert "This schedule is defined for: The group." in text_of(html)
    assert not PendingChange.objects.exists()

    data["rule-timeSchedule-level"] = ["Group"]
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    assert change.payload["timeSchedule"] == {"name": "Lunch break", "level": "Group"}
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


def test_another_users_rules_are_out_of_an_end_users_reach(apio, own_client):
    other = reverse(
        "features:feature", args=["acme", "acme-hq", FEWER_SERVICES_ID, "selective-forwarding"]
    )
    assert own_client.get(other).status_code == 404
    assert own_client.get(f"{other}rules/new/").status_code == 404
    assert own_client.post(f"{other}rule/x/delete/").status_code == 404
    assert not PendingChange.objects.exists()


def test_the_end_user_needs_the_tenant_to_allow_it(apio, client, db):
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    assert client.get(MY_PAGE).status_code == 404
    assert client.get(f"{MY_PAGE}rules/new/").status_code == 404


# -- through a real worker --------------------------------------------------------------------


def test_a_new_rule_reaches_the_platform(apio, helpdesk_client, celery_worker):
    url = f"{PAGE}rules/new/"
    data = rule_fields(helpdesk_client.get(url).content.decode())
    data["rule-name"] = ["by-the-worker"]
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    wait_for(
        lambda: PendingChange.objects.get(pk=change.pk).status == ChangeStatus.APPLIED,
        timeout=30,
        message="the new rule was not applied in time",
    )
    assert "by-the-worker" in {r["name"] for r in service_of(apio)["criteria"]}
    assert "by-the-worker" in helpdesk_client.get(PAGE).content.decode()

    # Renamed, then turned off and deleted under its new name: each change in turn.
    url = f"{PAGE}rule/by-the-worker/"
    data = rule_fields(helpdesk_client.get(url).content.decode())
    data["rule-name"] = ["renamed-by-the-worker"]
    assert helpdesk_client.post(url, data).status_code == 302
    off = f"{PAGE}rule/renamed-by-the-worker/active/"
    assert helpdesk_client.post(off, {"active": "false"}).status_code == 302
    gone = f"{PAGE}rule/renamed-by-the-worker/delete/"
    assert helpdesk_client.post(gone).status_code == 302
    wait_for(
        lambda: all(c.status == ChangeStatus.APPLIED for c in PendingChange.objects.all()),
        timeout=30,
        message="the rename, the switch and the deletion were not all applied in time",
    )
    names = {r["name"] for r in service_of(apio)["criteria"]}
    assert not names & {"by-the-worker", "renamed-by-the-worker"}


# -- in a browser: the rule pages pass axe and fit a phone ------------------------------------


@pytest.mark.browser
def test_rule_pages_are_accessible_and_fit_a_phone(
    browser, live_server, apio, transactional_db, wake
):
    from tests.accounts.people import STAFF_PASSWORD, helpdesk, sign_in_in_browser
    from tests.browser.axe import describe, serious_violations
    from tests.browser.test_layout import PHONE, WIDTH_PROBE
    from tests.features.test_browser import settle

    helpdesk("hd-rules", "acme")
    rule = first_rule(apio)["name"]
    pages = [PAGE, f"{PAGE}rules/new/", f"{PAGE}rule/{rule}/", f"{PAGE}rule/{rule}/delete/"]
    for viewport in (None, PHONE):
        context = browser.new_context(**({"viewport": viewport} if viewport else {}))
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            sign_in_in_browser(page, live_server.url, "hd-rules", STAFF_PASSWORD)
            found = {}
            for path in pages:
                assert page.goto(live_server.url + path).status == 200
                settle(page)
                found[path] = (serious_violations(page), page.evaluate(WIDTH_PROBE))
            # A refused rule: its messages pass too.
            page.goto(f"{live_server.url}{PAGE}rules/new/")
            page.get_by_label("Only these callers").check()
            page.get_by_label("Another number").check()
            page.get_by_role("button", name="Add the rule").click()
            settle(page)
            found["refused"] = (serious_violations(page), page.evaluate(WIDTH_PROBE))
            assert page.locator(".field-error").count() >= 2
            assert not PendingChange.objects.exists()
            if viewport is None:  # two numbers, the second in an entry htmx adds
                page.get_by_label("Name").fill("two-callers")
                numbers = page.locator("input[name='rule-fromDnCriteria-phoneNumbers']")
                numbers.first.fill("02 555 00 01")
                page.get_by_role("button", name="Add an entry").click()
                settle(page)
                numbers.nth(1).fill("02 555 00 02")
                page.get_by_label("The default number").check()
                page.get_by_role("button", name="Add the rule").click()
                settle(page)
                change = PendingChange.objects.get()
                assert change.payload["fromDnCriteria"]["phoneNumbers"] == [
                    "+3225550001",
                    "+3225550002",
                ]
                change.delete()
        finally:
            context.close()
        for where, (violations, width) in found.items():
            assert not violations, describe(violations, where)
            too_wide = width["scrollWidth"] > width["clientWidth"] or width["wide"]
            assert not (viewport and too_wide), f"{where} is too wide on a phone: {width}"
