"""Rejection, acceptance, priority ring and ring back: the same rule editor as selective
forwarding, driven by each service's declaration."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy
from portal.changes.models import ChangeStatus, PendingChange
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES, FEWER_SERVICES_ID
from tests.features.test_selective import platform, rule_fields, text_of
from tests.processes import wait_for

pytestmark = pytest.mark.integration

ARGS = [*vars(ALL_SERVICES).values()]
USER_PATH = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/services/"
# feature key -> the service's path segment (contract §5.5)
SERVICES = {
    "selective-call-rejection": "selective_call_rejection",
    "selective-call-acceptance": "selective_call_acceptance",
    "priority-alert": "priority_alert",
    "custom-ring-back": "custom_ringback",
    "executive-filtering": "executive",  # an assumed path (contract §6)
}


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def page(feature: str) -> str:
    return reverse("features:feature", args=[*ARGS, feature])


def service_of(apio, feature: str) -> dict:
    return platform(apio, "GET", f"{USER_PATH}{SERVICES[feature]}/").json()


def new_rule(client, feature: str, **changes) -> tuple[str, dict]:
    url = f"{page(feature)}rules/new/"
    form = client.get(url)
    assert form.status_code == 200
    data = rule_fields(form.content.decode())
    data["rule-name"] = ["boss"]
    data.update({f"rule-{name}": [value] for name, value in changes.items()})
    return url, data


# -- the lists --------------------------------------------------------------------------------


@pytest.mark.parametrize("feature", SERVICES)
def test_the_page_lists_the_services_rules_and_no_empty_form(apio, helpdesk_client, feature):
    rules = service_of(apio, feature)["criteria"]
    assert rules, "user00001 has rules in every service in the demo data"
    response = helpdesk_client.get(page(feature))
    assert response.status_code == 200
    html = response.content.decode()
    for rule in rules:
        assert rule["name"] in html
    assert f"{page(feature)}rules/new/" in html
    assert '<form method="post" novalidate class="object-form' not in html  # no settings form
    assert "Forward to" not in text_of(html)


def test_each_rule_says_what_happens_to_its_calls(apio, helpdesk_client):
    text = text_of(helpdesk_client.get(page("custom-ring-back")).content.decode())
    assert "Recording: Greeting 1" in text  # office-hours plays a recording
    assert "The usual ring back" in text  # vip does not
    text = text_of(helpdesk_client.get(page("executive-filtering")).content.decode())
    assert "To the executive" in text  # board
    assert "To the assistants" in text  # office-hours


def test_a_user_without_the_service_is_told_so(apio, helpdesk_client):
    url = reverse(
        "features:feature", args=["acme", "acme-hq", FEWER_SERVICES_ID, "custom-ring-back"]
    )
    response = helpdesk_client.get(url)
    assert response.status_code == 200
    assert "Custom Ringback User is not assigned to this user." in text_of(
        response.content.decode()
    )


# -- adding, changing, deleting: the documented requests, taken by the platform ---------------


@pytest.mark.parametrize("feature", SERVICES)
def test_add_rename_and_delete_queue_the_documented_requests(apio, helpdesk_client, wake, feature):
    base = f"{USER_PATH}{SERVICES[feature]}/criteria/"
    url, data = new_rule(helpdesk_client, feature)
    response = helpdesk_client.post(url, data)
    assert response.status_code == 302, text_of(response.content.decode())
    added = PendingChange.objects.get()
    assert (added.method, added.path) == ("POST", base)
    assert added.feature == f"{feature}/service"
    assert added.payload["name"] == "boss"
    assert "forwardToNumberSelection" not in added.payload
    assert platform(apio, "POST", added.path, added.payload).status_code == 201

    rule = service_of(apio, feature)["criteria"][0]["name"]
    url = f"{page(feature)}rule/{rule}/"
    data = rule_fields(helpdesk_client.get(url).content.decode())
    data["rule-name"] = ["renamed"]
    assert helpdesk_client.post(url, data).status_code == 302
    renamed = PendingChange.objects.exclude(pk=added.pk).get()
    assert (renamed.method, renamed.path) == ("PUT", f"{base}{rule}/")
    assert renamed.payload == {"name": rule, "newName": "renamed"}
    assert platform(apio, "PUT", renamed.path, renamed.payload).status_code == 200

    assert helpdesk_client.post(f"{page(feature)}rule/renamed/delete/").status_code == 302
    deleted = PendingChange.objects.get(method="DELETE")
    assert deleted.path == f"{base}renamed/"
    assert platform(apio, "DELETE", deleted.path).status_code == 204
    names = {r["name"] for r in service_of(apio, feature)["criteria"]}
    assert "boss" in names and "renamed" not in names and rule not in names


def test_a_rejection_rule_is_a_rejection_or_an_exception(apio, helpdesk_client, wake):
    url, data = new_rule(helpdesk_client, "selective-call-rejection", doNotPerformAction="True")
    form = text_of(helpdesk_client.get(url).content.decode())
    assert "Reject these calls" in form and "Let these calls ring (an exception)" in form
    assert "even when another rule rejects them: for example, always let your boss" in form
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    assert change.payload["doNotPerformAction"] is True
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


# -- which callers: each service's own choices ------------------------------------------------


def test_rejection_takes_forwarded_calls(apio, helpdesk_client, wake):
    url, data = new_rule(
        helpdesk_client, "selective-call-rejection", **{"fromDnCriteria-selection": "Forwarded"}
    )
    assert "Calls forwarded to this line" in text_of(helpdesk_client.get(url).content.decode())
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    assert change.payload["fromDnCriteria"]["selection"] == "Forwarded"
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


@pytest.mark.parametrize(
    ("feature", "refused"),
    [
        ("selective-call-acceptance", "Forwarded"),
        ("priority-alert", "Any"),
        ("custom-ring-back", "Any External"),
    ],
)
def test_a_selection_the_service_refuses_gets_a_field_message(
    apio, helpdesk_client, wake, feature, refused
):
    url, data = new_rule(helpdesk_client, feature, **{"fromDnCriteria-selection": refused})
    response = helpdesk_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-error"' in html
    assert f'name="rule-fromDnCriteria-selection" value="{refused}"' not in html
    assert not PendingChange.objects.exists()


def test_priority_ring_starts_from_any_caller_from_outside(apio, helpdesk_client, wake):
    url, data = new_rule(helpdesk_client, "priority-alert")
    assert data["rule-fromDnCriteria-selection"] == ["Any External"]
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


# -- ring back: a recording among the user's ---------------------------------------------------


def test_a_ring_back_rule_plays_one_of_the_users_recordings(apio, helpdesk_client, wake):
    url, data = new_rule(helpdesk_client, "custom-ring-back", audioSelection="File")
    refused = helpdesk_client.post(url, data)
    assert refused.status_code == 200
    assert "Choose the recording callers hear." in text_of(refused.content.decode())

    data["rule-audioFile"] = ["set"]  # the recording's part of the form, opened
    opened = helpdesk_client.post(url, data)
    assert opened.status_code == 200
    assert '<option value="Greeting 2">' in opened.content.decode()  # the user's recordings
    assert not PendingChange.objects.exists()

    data["rule-audioFile-name"] = ["Greeting 2"]
    data["rule-audioFile-mediaType"] = ["WAV"]
    response = helpdesk_client.post(url, data)
    assert response.status_code == 302, text_of(response.content.decode())
    change = PendingChange.objects.get()
    assert change.payload["audioSelection"] == "File"
    assert change.payload["audioFile"] == {"name": "Greeting 2", "mediaType": "WAV"}
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


# -- who may -----------------------------------------------------------------------------------


def test_the_end_user_edits_their_own_rejection_rules(apio, client, db, wake):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["selective-call-rejection"]}
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    my_page = reverse("features:my_feature", args=["selective-call-rejection"])
    assert client.get(my_page).status_code == 200
    url = f"{my_page}rules/new/"
    data = rule_fields(client.get(url).content.decode())
    data["rule-name"] = ["mine"]
    assert client.post(url, data).status_code == 302
    assert PendingChange.objects.get().path == f"{USER_PATH}selective_call_rejection/criteria/"
    # Not a feature their tenant lets them edit.
    assert client.get(reverse("features:my_feature", args=["priority-alert"])).status_code == 404


def test_executive_filtering_is_for_staff_only(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["executive-filtering"]}
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    my_page = reverse("features:my_feature", args=["executive-filtering"])
    assert client.get(my_page).status_code == 404
    assert client.get(f"{my_page}rules/new/").status_code == 404


# -- through a real worker --------------------------------------------------------------------


def test_a_ring_back_rule_reaches_the_platform(apio, helpdesk_client, celery_worker):
    url, data = new_rule(helpdesk_client, "custom-ring-back")
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    wait_for(
        lambda: PendingChange.objects.get(pk=change.pk).status == ChangeStatus.APPLIED,
        timeout=30,
        message="the new ring back rule was not applied in time",
    )
    rules = {r["name"]: r for r in service_of(apio, "custom-ring-back")["criteria"]}
    assert rules["boss"]["audioSelection"] == "Default"


# -- on, off and delete in place (htmx), the news in the list's status region ------------------


def test_turning_off_and_deleting_redraw_the_list_in_place(apio, helpdesk_client, wake):
    feature = "selective-call-rejection"
    rule = service_of(apio, feature)["criteria"][0]
    htmx = {"HTTP_HX_REQUEST": "true"}
    active = "false" if rule["active"] else "true"
    url = f"{page(feature)}rule/{rule['name']}/active/"
    response = helpdesk_client.post(url, {"active": active}, **htmx)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="rules-body" id="rules-body"')
    status = html[html.index('<div id="rules-status" hx-swap-oob="innerHTML">') :]
    word = "off" if rule["active"] else "on"
    assert f"Turning {word} the rule “{rule['name']}”." in text_of(status)
    assert f"Rule {rule['name']} turned {word}" in text_of(status)
    assert PendingChange.objects.get().payload == {
        "name": rule["name"],
        "active": not rule["active"],
    }

    # Delete asks first, in the rule's row: nothing is queued until the person says yes.
    asked = helpdesk_client.get(f"{page(feature)}rule/{rule['name']}/delete/", **htmx)
    html = asked.content.decode()
    assert html.lstrip().startswith('<tr class="confirm">')
    assert f"Delete the rule “ {rule['name']} ”?" in text_of(html)  # the name in its <bdi>
    assert re.search(r'<button type="submit" autofocus>\s*Yes, delete it', html)
    assert "No, keep it" in text_of(html)
    assert not PendingChange.objects.filter(method="DELETE").exists()
    response = helpdesk_client.post(f"{page(feature)}rule/{rule['name']}/delete/", **htmx)
    assert response.status_code == 200
    assert f"Deleting the rule “{rule['name']}”." in text_of(response.content.decode())
    assert PendingChange.objects.filter(method="DELETE").count() == 1
    # Told in place: not again on the next page.
    assert "Deleting the rule" not in text_of(helpdesk_client.get(page(feature)).content.decode())


def test_the_list_still_works_without_javascript(apio, helpdesk_client, wake):
    feature = "priority-alert"
    html = helpdesk_client.get(page(feature)).content.decode()
    rule = service_of(apio, feature)["criteria"][0]["name"]
    assert f'action="{page(feature)}rule/{rule}/active/"' in html  # a plain form, htmx or not
    assert f'href="{page(feature)}rule/{rule}/delete/"' in html  # the page that asks first
    response = helpdesk_client.post(f"{page(feature)}rule/{rule}/delete/")
    assert response.status_code == 302
    assert f"Deleting the rule “{rule}”." in text_of(
        helpdesk_client.get(page(feature)).content.decode()
    )


# -- in a browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_rule_pages_pass_axe_and_the_list_changes_in_place(
    browser, live_server, apio, transactional_db, wake
):
    from tests.accounts.people import STAFF_PASSWORD, helpdesk, sign_in_in_browser
    from tests.browser.axe import describe, serious_violations
    from tests.features.test_browser import settle

    helpdesk("hd-screening", "acme")
    rejection, ring_back = page("selective-call-rejection"), page("custom-ring-back")
    rule = service_of(apio, "selective-call-rejection")["criteria"][0]
    context = browser.new_context()
    browser_page = context.new_page()
    browser_page.set_default_timeout(10_000)
    found = {}
    try:
        sign_in_in_browser(browser_page, live_server.url, "hd-screening", STAFF_PASSWORD)
        for path in (
            rejection,
            f"{rejection}rules/new/",
            f"{rejection}rule/{rule['name']}/",
            page("executive-filtering"),
            f"{ring_back}rules/new/",
        ):
            assert browser_page.goto(live_server.url + path).status == 200
            settle(browser_page)
            found[path] = serious_violations(browser_page)

        # A recording: choosing one opens its part of the form, among the user's recordings.
        browser_page.get_by_label("A recording").first.check()
        browser_page.get_by_label("Choose a recording").first.check()
        settle(browser_page)
        assert browser_page.get_by_role("option", name="Greeting 2").count() == 1
        found["recording"] = serious_violations(browser_page)

        # Turned off and deleted from the list, in place: the news in the status region.
        browser_page.goto(live_server.url + rejection)
        word = "off" if rule["active"] else "on"
        url_before = browser_page.url
        browser_page.get_by_role("button", name=f"Turn {word} {rule['name']}").click()
        status = browser_page.locator("#rules-status")
        status.get_by_text(f"Turning {word} the rule").wait_for()
        assert browser_page.url == url_before
        browser_page.get_by_role("link", name=f"Delete {rule['name']}").click()
        expect(browser_page.get_by_role("button", name="Yes, delete it")).to_be_focused()
        found["asked"] = serious_violations(browser_page)
        browser_page.keyboard.press("Enter")
        status.get_by_text("Deleting the rule").wait_for()
        assert browser_page.url == url_before
        found["after"] = serious_violations(browser_page)
        assert {c.method for c in PendingChange.objects.all()} == {"PUT", "DELETE"}
    finally:
        context.close()
    for where, violations in found.items():
        assert not violations, describe(violations, where)
