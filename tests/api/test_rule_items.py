"""A rule added, changed or deleted through the API queues what the rule page queues for the
same input, and is refused with the page form's own messages."""

import pytest
from django.urls import reverse

from portal.api.errors import form_fields
from portal.changes.models import ChangeStatus, PendingChange
from tests.accounts.people import HQ_ARGS
from tests.api.conftest import bearer
from tests.features.test_selective import platform, rule_fields, service_of
from tests.processes import wait_for

RULES = reverse("api:user_items", args=[*HQ_ARGS, "selective-forwarding"])
PAGE = reverse("features:feature", args=[*HQ_ARGS, "selective-forwarding"])
NEW_PAGE = f"{PAGE}rules/new/"


def rule_url(name: str) -> str:
    return reverse("api:user_item", args=[*HQ_ARGS, "selective-forwarding", name])


def api(client, user, method: str, url: str, values: dict | None = None):
    body = {} if values is None else {"values": values}
    call = getattr(client, method)
    return call(url, body, content_type="application/json", headers=bearer(user))


def queued_by_the_page(client, user, url: str, typed: dict) -> PendingChange:
    """The change the page queues when the person types `typed` over its form; removed after,
    so that the API's turn starts from the same outbox."""
    client.force_login(user)
    data = rule_fields(client.get(url).content.decode())
    data.update(typed)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = PendingChange.objects.get()
    PendingChange.objects.all().delete()
    client.logout()
    return change


def same_change(a: PendingChange, b: PendingChange) -> None:
    fields = ("method", "path", "feature", "definition", "payload", "snapshot", "user_id")
    assert {f: getattr(a, f) for f in fields} == {f: getattr(b, f) for f in fields}


NEW_RULE_TYPED = {
    "rule-name": ["after-hours"],
    "rule-fromDnCriteria-selection": ["Specified Only"],
    "rule-fromDnCriteria-phoneNumbers": ["02 555 00 00"],
    "rule-forwardToNumberSelection": ["Forward To Specified Number"],
    "rule-forwardToPhoneNumber": ["0470 11 22 33"],
    "rule-timeSchedule": ["set"],
    "rule-timeSchedule-name": ["Group|Lunch break"],
}
NEW_RULE_VALUES = {
    "name": "after-hours",
    "fromDnCriteria": {"selection": "Specified Only", "phoneNumbers": ["02 555 00 00"]},
    "forwardToNumberSelection": "Forward To Specified Number",
    "forwardToPhoneNumber": "0470 11 22 33",
    "timeSchedule": {"name": "Lunch break", "level": "Group"},
}


def test_a_new_rule_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    page = queued_by_the_page(client, hd_acme, NEW_PAGE, NEW_RULE_TYPED)

    response = api(client, hd_acme, "post", RULES, NEW_RULE_VALUES)

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    same_change(change, page)
    assert change.payload["timeSchedule"] == {"name": "Lunch break", "level": "Group"}
    assert response.json()["id"] == change.pk
    assert response["Location"] == reverse("api:change_detail", args=[change.pk])


def test_a_rename_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    page = queued_by_the_page(
        client, hd_acme, f"{PAGE}rule/office-hours/", {"rule-name": ["office-hours-renamed"]}
    )

    response = api(
        client, hd_acme, "put", rule_url("office-hours"), {"name": "office-hours-renamed"}
    )

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    same_change(change, page)
    assert change.payload == {"name": "office-hours", "newName": "office-hours-renamed"}


def test_deleting_a_rule_queues_what_the_page_queues(client, apio_read_only, hd_acme):
    client.force_login(hd_acme)
    assert client.post(f"{PAGE}rule/office-hours/delete/").status_code == 302
    page = PendingChange.objects.get()
    PendingChange.objects.all().delete()

    response = api(client, hd_acme, "delete", rule_url("office-hours"))

    assert response.status_code == 201, response.content
    same_change(PendingChange.objects.get(), page)


@pytest.mark.parametrize(
    ("typed", "values", "field"),
    [
        (  # a forward to "a number" without one
            {"rule-forwardToNumberSelection": ["Forward To Specified Number"],
             "rule-forwardToPhoneNumber": [""]},
            {"forwardToNumberSelection": "Forward To Specified Number", "forwardToPhoneNumber": ""},
            "forwardToPhoneNumber",
        ),
        (  # "only these callers" without a number
            {"rule-fromDnCriteria-selection": ["Specified Only"],
             "rule-fromDnCriteria-phoneNumbers": []},
            {"fromDnCriteria": {"selection": "Specified Only", "phoneNumbers": []}},
            "fromDnCriteria.phoneNumbers",
        ),
        (  # the name of a rule the user has already
            {"rule-name": ["office-hours"]}, {"name": "office-hours"}, "name",
        ),
    ],
)  # fmt: skip
def test_refused_values_get_the_rule_forms_own_messages(
    client, apio_read_only, hd_acme, typed, values, field
):
    client.force_login(hd_acme)
    data = rule_fields(client.get(NEW_PAGE).content.decode())
    data.update({"rule-name": ["boss"], **typed})
    page = client.post(NEW_PAGE, data)
    assert page.status_code == 200
    shown = form_fields(page.context["form"].error_map(), "rule")
    client.logout()

    response = api(client, hd_acme, "post", RULES, {"name": "boss", **values})

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"][field] == shown[field]
    assert error["fields"] == shown
    assert not PendingChange.objects.exists()


def test_a_field_the_form_does_not_have_is_refused_by_name(client, apio_read_only, hd_acme):
    response = api(client, hd_acme, "post", RULES, {"name": "x", "newName": "y", "colour": 1})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"newName", "colour"}


def test_a_rule_that_is_not_there_cannot_be_changed(client, apio_read_only, hd_acme):
    changed = api(client, hd_acme, "put", rule_url("no-such-rule"), {"active": False})
    deleted = api(client, hd_acme, "delete", rule_url("no-such-rule"))

    assert (changed.status_code, deleted.status_code) == (404, 404)
    assert not PendingChange.objects.exists()


def test_the_rules_are_listed(client, apio_read_only, hd_acme):
    response = client.get(RULES, headers=bearer(hd_acme))

    assert response.status_code == 200
    assert "office-hours" in {rule["name"] for rule in response.json()}


def test_a_new_rule_reaches_the_platform(client, apio, hd_acme, celery_worker):
    response = api(client, hd_acme, "post", RULES, {**NEW_RULE_VALUES, "name": "by-the-api"})
    assert response.status_code == 201, response.content

    wait_for(
        lambda: PendingChange.objects.get().status == ChangeStatus.APPLIED,
        timeout=30,
        message="the rule made through the API was not applied in time",
    )
    assert "by-the-api" in {rule["name"] for rule in service_of(apio)["criteria"]}
    held = platform(apio, "GET", f"{PendingChange.objects.get().path}by-the-api/").json()
    assert held["forwardToPhoneNumber"] == "+32470112233"
    assert held["timeSchedule"] == {"name": "Lunch break", "level": "Group"}
