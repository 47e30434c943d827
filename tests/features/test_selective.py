"""Selective forwarding: the service's settings and its rules, for helpdesk and end users."""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy
from portal.changes.models import ChangeStatus, PendingChange
from portal.features.criteria import calls_from_text, schedule_text
from portal.reads import forget_user
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
        # A checkbox without a value posts "on", as browsers do.
        default = "on" if kind == "checkbox" else ""
        data.setdefault(name.group(1), []).append(
            html_lib.unescape(value.group(1)) if value else default
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
    assert schedule_text("Lunch break(Group)") == "Lunch break (the group's)"
    assert schedule_text({"name": "Closing days", "level": "Tenant"}) == (
        "Closing days (the organisation's)"
    )
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


def applied(change: PendingChange, apio) -> None:
    """As the worker would have it: the change made on the platform, then marked applied."""
    platform(apio, change.method, change.path, change.payload or None)
    change.status, change.finished_at = ChangeStatus.APPLIED, timezone.now()
    change.save()
    forget_user(ALL_SERVICES)


def row_of(html: str, name: str) -> str:
    """The list's row of that rule, as text; "" when the list has none."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if f"<bdi>{html_lib.escape(name)}</bdi></th>" in row:
            return text_of(row)
    return ""


def test_the_list_shows_a_change_on_its_way_then_reads_the_rule_again(apio, helpdesk_client, wake):
    rule = next(r for r in service_of(apio)["criteria"] if r["active"])
    htmx = {"HTTP_HX_REQUEST": "true"}
    off = helpdesk_client.post(f"{PAGE}rule/{rule['name']}/active/", {"active": "false"}, **htmx)
    html = off.content.decode()
    assert "Turning off…" in row_of(html, rule["name"])
    assert f"Turn on {rule['name']}" in row_of(html, rule["name"])
    change = PendingChange.objects.get()
    watch = f'hx-get="{PAGE}rules/?watch={change.pk}"'
    assert watch in html
    # On its way: the list stays as it is.
    assert helpdesk_client.get(f"{PAGE}rules/?watch={change.pk}", **htmx).status_code == 204

    applied(change, apio)
    again = helpdesk_client.get(f"{PAGE}rules/?watch={change.pk}", **htmx)
    assert again.status_code == 200
    html = again.content.decode()
    row = row_of(html, rule["name"])
    assert "Off" in row and "Turning off" not in row
    assert f"Turn on {rule['name']}" in row
    opening = html[: html.index(">", html.index('id="rules-body"'))]
    assert "hx-trigger" not in opening  # nothing left to wait for
    assert "Applied" in text_of(html)

    gone = helpdesk_client.post(f"{PAGE}rule/{rule['name']}/delete/", **htmx).content.decode()
    assert "Deleting…" in row_of(gone, rule["name"])
    deletion = PendingChange.objects.get(method="DELETE")
    applied(deletion, apio)
    html = helpdesk_client.get(f"{PAGE}rules/?watch={deletion.pk}", **htmx).content.decode()
    assert row_of(html, rule["name"]) == ""
    # Without htmx, the list is a part of its page.
    assert helpdesk_client.get(f"{PAGE}rules/").status_code == 302


def test_a_change_done_while_the_list_was_read_makes_it_read_again(apio, helpdesk_client, wake):
    rule = first_rule(apio)
    helpdesk_client.post(f"{PAGE}rule/{rule['name']}/active/", {"active": "false"})
    change = PendingChange.objects.get()
    # Made by the worker between the platform's answer and the outbox's: the list read may
    # not show it yet, so the list asks again.
    later = timezone.now() + timedelta(minutes=1)
    change.status, change.finished_at = ChangeStatus.APPLIED, later
    change.save()
    assert f'hx-get="{PAGE}rules/?watch={change.pk}"' in helpdesk_client.get(PAGE).content.decode()


def test_a_new_rule_on_its_way_is_listed_as_being_added(apio, own_client, wake):
    url = f"{MY_PAGE}rules/new/"
    data = rule_fields(own_client.get(url).content.decode())
    data["rule-name"] = ["Nights"]
    assert own_client.post(url, data).status_code == 302
    row = row_of(own_client.get(MY_PAGE).content.decode(), "Nights")
    assert "Adding…" in row
    assert "Turn off" not in row and "Delete" not in row


# -- what is refused --------------------------------------------------------------------------


def test_a_name_in_use_is_refused_on_its_field(apio, own_client, wake):
    existing = first_rule(apio)["name"]
    url = f"{MY_PAGE}rules/new/"
    data = rule_fields(own_client.get(url).content.decode())
    data["rule-name"] = [existing]
    answer = own_client.post(url, data)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f"There is already a rule called “{existing}”." in text_of(html)
    assert 'id="id_rule-name_error"' in html
    assert not PendingChange.objects.exists()
    # Nor the name of a new rule still on its way, nor a rename to one.
    data["rule-name"] = ["Nights"]
    assert own_client.post(url, data).status_code == 302
    assert "There is already a rule called “Nights”." in text_of(
        own_client.post(url, data).content.decode()
    )
    edit = f"{MY_PAGE}rule/{existing}/"
    renamed = rule_fields(own_client.get(edit).content.decode())
    renamed["rule-name"] = ["Nights"]
    assert own_client.post(edit, renamed).status_code == 200
    assert PendingChange.objects.count() == 1


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


def test_each_schedule_is_offered_once_saying_whose_it_is(apio, helpdesk_client, wake):
    url = f"{PAGE}rules/new/"
    data = rule_fields(helpdesk_client.get(url).content.decode())
    data.update({"rule-name": ["lunch-time"], "rule-timeSchedule": ["set"]})
    refused = helpdesk_client.post(url, data)  # a schedule, but which one?
    assert refused.status_code == 200 and not PendingChange.objects.exists()
    html = refused.content.decode()
    text = text_of(html)
    assert "Lunch break — the group's" in text
    assert "Acme night service — the organisation's" in text
    assert "My office hours — this person's" in text
    assert "Defined for" not in text  # no separate level to choose
    assert "rule-timeSchedule-level" not in html

    data["rule-timeSchedule-name"] = ["Group|Lunch break"]
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    assert change.payload["timeSchedule"] == {"name": "Lunch break", "level": "Group"}
    assert platform(apio, "POST", change.path, change.payload).status_code == 201

    # Editing the rule shows its schedule chosen; saved unchanged, the schedule is not sent.
    edit = f"{PAGE}rule/lunch-time/"
    form = helpdesk_client.get(edit).content.decode()
    assert re.search(r'<option value="Group\|Lunch break"[^>]*selected', form)
    again = rule_fields(form)
    again["rule-forwardToNumberSelection"] = ["Do not forward"]
    assert helpdesk_client.post(edit, again).status_code == 302
    assert "timeSchedule" not in PendingChange.objects.get(method="PUT").payload


def test_on_their_own_portal_a_persons_schedules_are_theirs(apio, own_client, wake):
    url = f"{MY_PAGE}rules/new/"
    data = rule_fields(own_client.get(url).content.decode())
    data.update({"rule-name": ["mine"], "rule-timeSchedule": ["set"]})
    text = text_of(own_client.post(url, data).content.decode())
    assert "My office hours — yours" in text and "Lunch break — the group's" in text


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
    from tests.accounts.people import helpdesk
    from tests.browser.rules import pass_axe_and_fit_a_phone, seen
    from tests.features.test_browser import settle

    def refused_then_two_callers(page, viewport, found) -> None:
        # A refused rule: its messages pass too. The numbers, and the other number, show
        # once the choice that needs them is made.
        page.goto(f"{live_server.url}{PAGE}rules/new/")
        numbers = page.get_by_role("group", name=re.compile(r"^Numbers"))
        other = page.get_by_role("textbox", name=re.compile(r"^Other number"))
        expect(numbers).to_be_hidden()
        expect(other).to_be_hidden()
        expect(page.get_by_text("Up to 12 numbers.")).to_have_count(1)
        page.get_by_label("Only these callers").check()
        expect(numbers).to_be_visible()
        page.get_by_label("Another number").check()
        expect(other).to_be_visible()
        page.get_by_role("button", name="Add the rule").click()
        settle(page)
        found["refused"] = seen(page)
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

    helpdesk("hd-rules", "acme")
    rule = first_rule(apio)["name"]
    pages = [PAGE, f"{PAGE}rules/new/", f"{PAGE}rule/{rule}/", f"{PAGE}rule/{rule}/delete/"]
    pass_axe_and_fit_a_phone(browser, live_server.url, "hd-rules", pages, refused_then_two_callers)


def test_a_rules_callers_are_shown_as_people_write_them(apio, helpdesk_client):
    body = {
        "name": "Family",
        "fromDnCriteria": {
            "selection": "Specified Only",
            "includeAnonymousCallers": False,
            "includeUnavailableCallers": False,
            "phoneNumbers": ["+3225550001", "+32470123456"],
        },
        "forwardToNumberSelection": "Forward To Default Number",
    }
    assert platform(apio, "POST", f"{SERVICE}criteria/", body).status_code == 201

    html = helpdesk_client.get(f"{PAGE}rule/Family/").content.decode()

    shown = set(re.findall(r'name="rule-fromDnCriteria-phoneNumbers"[^>]*value="([^"]*)"', html))
    shown |= set(re.findall(r'value="([^"]*)"[^>]*name="rule-fromDnCriteria-phoneNumbers"', html))
    assert {"02 555 00 01", "0470 12 34 56"} <= shown
    assert "+3225550001" not in shown
