"""Sequential Ring and Simultaneous Ring Personal (contract §5.6): kept per user, GET and PUT
on their paths, validated against their definitions."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, TENANT, assert_invalid, error_of, user_path

pytestmark = pytest.mark.integration

SEQUENTIAL = f"{DEMO_USER_PATH}services/sequential_ring/"
SIMULTANEOUS = f"{DEMO_USER_PATH}services/simultaneous_ring_personal/"


def location(place: int, phone: str = "", rings: int = 4) -> dict:
    return {"id": place, "phoneNumber": phone or f"+3247500000{place}", "numberOfRings": rings}


def test_the_demo_user_rings_two_phones_in_turn_and_one_at_once(admin):
    sequential = admin.get(SEQUENTIAL).json()
    assert [entry["id"] for entry in sequential["locations"]] == [1, 2]
    assert sequential["locations"][0]["phoneNumber"] == "+32475000001"
    assert sequential["criteria"] == []
    simultaneous = admin.get(SIMULTANEOUS).json()
    assert simultaneous["active"] is True
    assert simultaneous["simultaneousRingNumber"] == [
        {"phoneNumber": "+32477000001", "answerConfirmationRequired": False}
    ]


def test_a_put_is_kept_for_that_user_only(admin):
    locations = [location(1, "+32470112233"), location(2, "+32470445566")]
    response = admin.put(SEQUENTIAL, json={"ringBaseLocationFirst": False, "locations": locations})
    assert response.status_code == 200
    assert response.json()["locations"] == locations  # the whole object, as GET answers it
    stored = admin.get(SEQUENTIAL).json()
    assert stored["locations"] == locations
    assert stored["ringBaseLocationFirst"] is False
    other = f"{user_path(admin, 'user00005@acme.example')}services/sequential_ring/"
    assert admin.get(other).json()["locations"] != locations


def test_a_put_replaces_the_list(admin):
    admin.put(SIMULTANEOUS, json={"simultaneousRingNumber": [{"phoneNumber": "+32470112233"}]})
    assert admin.get(SIMULTANEOUS).json()["simultaneousRingNumber"] == [
        {"phoneNumber": "+32470112233"}
    ]
    admin.put(SIMULTANEOUS, json={"simultaneousRingNumber": []})
    assert admin.get(SIMULTANEOUS).json()["simultaneousRingNumber"] == []


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (SEQUENTIAL, {"baseLocationNumberOfRings": 1}, "baseLocationNumberOfRings"),
        (SEQUENTIAL, {"locations": [location(1, rings=1)]}, "locations[0].numberOfRings"),
        (SEQUENTIAL, {"locations": [location(1, "0470 11")]}, "locations[0].phoneNumber"),
        (SEQUENTIAL, {"locations": [location(6)]}, "locations[0].id"),
        (SEQUENTIAL, {"locations": [{"phoneNumber": "+32470112233"}]}, "locations[0].id"),
        (SEQUENTIAL, {"locations": [location(min(k, 5)) for k in range(1, 7)]}, "locations"),
        (SEQUENTIAL, {"locations": [location(1), location(1, "+32470112233")]}, "locations"),
        (
            SEQUENTIAL,  # BroadWorks rings a number at one location only
            {"locations": [location(1, "+32470112233"), location(2, "+32470112233")]},
            "locations[1].phoneNumber",
        ),
        (SEQUENTIAL, {"criteria": []}, "criteria"),  # not taken here
        (SIMULTANEOUS, {"active": "yes"}, "active"),
        (
            SIMULTANEOUS,
            {"simultaneousRingNumber": [{"phoneNumber": "abc"}]},
            "simultaneousRingNumber[0].phoneNumber",
        ),
        (
            SIMULTANEOUS,
            {"simultaneousRingNumber": [{"phoneNumber": f"+3247000000{k}"} for k in range(11)]},
            "simultaneousRingNumber",
        ),
    ],
)
def test_a_bad_body_answers_400_naming_the_field(admin, path, body, field):
    before = admin.get(path).json()
    assert_invalid(admin.put(path, json=body), field)
    assert admin.get(path).json() == before


@pytest.mark.parametrize("path", [SEQUENTIAL, SIMULTANEOUS])
def test_a_user_without_the_service_gets_404(admin, path):
    other = path.replace("user00001", "user00002")
    error_of(admin.get(other), 404)
    error_of(admin.put(other, json={"locations": []}), 404)


def test_five_locations_are_taken(admin):
    locations = [location(k) for k in range(1, 6)]
    assert admin.put(SEQUENTIAL, json={"locations": locations}).status_code == 200


def test_an_end_user_reaches_their_own_only(end_user):
    assert end_user.put(SIMULTANEOUS, json={"active": False}).status_code == 200
    assert end_user.get(SIMULTANEOUS).json()["active"] is False
    other = f"{TENANT}/groups/acme-hq/users/user00002@acme.example/services/sequential_ring/"
    assert end_user.get(other).status_code == 403
