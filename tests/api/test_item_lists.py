"""What every item list of the API shares: one shape of addresses, for staff and on one's own
line; values of any shape answered with a message, never a server error."""

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.changes.models import PendingChange
from tests.accounts.people import HQ_ARGS, HQ_USER, linked_user
from tests.api.conftest import bearer
from tests.api.test_rule_items import api

ITEMS = {
    "selective-forwarding": "office-hours",
    "conferences": "bridge-hq@acme.example~012345",
    "time-schedules": "My office hours",
    "holiday-schedules": "no-such-schedule",
}
ODD_VALUES = [
    {"name": {"a": 1}},
    {"name": ["a", "b"]},
    {"name": None},
    {"fromDnCriteria": [1, 2]},
    {"fromDnCriteria": {"phoneNumbers": [{"a": 1}]}},
    {"timeSchedule": {"name": ["x"]}},
    {"active": "maybe"},
    {"conferenceSchedule": 5},
    {"conferenceSchedule": {"scheduleReservationless": {"startTime": "nope"}}},
    {"maxParticipants": "many"},
    {"bridgeId": {"x": 1}},
    {"lines": "x"},
    {"lines": [1]},
    {"lines": [{"days": {"a": 1}}]},
    {"lines": [{"days": [["Monday"]]}]},
]


@pytest.mark.parametrize("values", ODD_VALUES, ids=str)
@pytest.mark.parametrize("list_key", ITEMS)
def test_values_of_any_shape_get_an_answer(client, apio_read_only, hd_acme, list_key, values):
    added = api(client, hd_acme, "post", reverse("api:user_items", args=[*HQ_ARGS, list_key]),
                values)  # fmt: skip
    item = reverse("api:user_item", args=[*HQ_ARGS, list_key, ITEMS[list_key]])
    changed = api(client, hd_acme, "put", item, values)

    for response in (added, changed):
        assert response.status_code in (400, 404, 409), response.content
        assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_a_list_that_is_not_there_is_not_found(client, apio_read_only, hd_acme):
    response = api(client, hd_acme, "post", reverse("api:user_items", args=[*HQ_ARGS, "nope"]),
                   {"name": "x"})  # fmt: skip

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_only_a_conference_has_parts(client, apio_read_only, hd_acme):
    url = reverse("api:user_item_part", args=[*HQ_ARGS, "selective-forwarding", "office-hours",
                                              "greeting"])  # fmt: skip

    assert api(client, hd_acme, "post", url, {"name": "x"}).status_code == 404


def test_a_body_without_values_says_so(client, apio_read_only, hd_acme):
    url = reverse("api:user_items", args=[*HQ_ARGS, "selective-forwarding"])
    response = client.post(url, {"name": "x"}, content_type="application/json",
                           headers=bearer(hd_acme))  # fmt: skip

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"values"}


def test_an_end_user_adds_a_rule_on_their_own_line(client, apio_read_only, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["selective-forwarding"]}
    )
    person = linked_user(apio_read_only, HQ_USER.user_id)
    values = {"name": "mine", "forwardToNumberSelection": "Forward To Default Number"}

    response = api(client, person, "post", reverse("api:my_items", args=["selective-forwarding"]),
                   values)  # fmt: skip

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    assert (change.user_id, change.created_by, change.method) == (HQ_USER.user_id, person, "POST")
    assert change.payload["name"] == "mine"
