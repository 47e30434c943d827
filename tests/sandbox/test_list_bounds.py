"""The sandbox refuses a list with more entries than BroadWorks keeps, as the definitions say
(max_items), with a 400 naming the list; the most it keeps is taken."""

import pytest

from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.sandbox.validation import check
from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid
from tests.sandbox.test_criteria import FROM_VIP, new_criteria, service

SELECTIVE = "call_forwarding_selective"
SIMULTANEOUS = f"{DEMO_USER_PATH}services/simultaneous_ring_personal/"


def message_on(response, field: str) -> str:
    """The message of the 400's error on `field`."""
    assert_invalid(response, field)
    return next(e["message"] for e in response.json()["errors"] if e["field"] == field)


def callers(count: int) -> dict:
    numbers = [f"+322555{index:04d}" for index in range(count)]
    return {**new_criteria(SELECTIVE), "fromDnCriteria": {**FROM_VIP, "phoneNumbers": numbers}}


@pytest.mark.integration
def test_thirteen_callers_answer_400_naming_the_list(admin):
    response = admin.post(f"{service(SELECTIVE)}criteria/", json=callers(13))
    assert message_on(response, "fromDnCriteria.phoneNumbers") == (
        "Field 'fromDnCriteria.phoneNumbers' takes at most 12 entries, got 13"
    )


@pytest.mark.integration
def test_twelve_callers_are_kept(admin):
    response = admin.post(f"{service(SELECTIVE)}criteria/", json=callers(12))
    assert response.status_code == 201, response.text
    kept = admin.get(f"{service(SELECTIVE)}criteria/new-vip/").json()
    assert len(kept["fromDnCriteria"]["phoneNumbers"]) == 12


@pytest.mark.integration
def test_eleven_phones_rung_at_once_answer_400_and_change_nothing(admin):
    before = admin.get(SIMULTANEOUS).json()
    phones = [{"phoneNumber": f"+3247000000{k}"} for k in range(11)]
    response = admin.put(SIMULTANEOUS, json={"simultaneousRingNumber": phones})
    assert message_on(response, "simultaneousRingNumber") == (
        "Field 'simultaneousRingNumber' takes at most 10 entries, got 11"
    )
    assert admin.get(SIMULTANEOUS).json() == before
    assert admin.put(SIMULTANEOUS, json={"simultaneousRingNumber": phones[:10]}).status_code == 200


def test_fewer_entries_than_the_least_are_refused_but_an_empty_list_is_not_counted():
    numbers = FieldDefinition(
        "numbers",
        FieldType.ARRAY,
        (("GET", "A"), ("PUT", "O")),
        items="phone",
        max_length=23,
        min_items=2,
        max_items=3,
    )
    pair = ObjectDefinition("pair", "Pair", "", ("GET", "PUT"), (numbers,))
    (problem,) = check(pair, "PUT", {"numbers": ["+3225550000"]})
    assert (problem.field, problem.message) == (
        "numbers",
        "Field 'numbers' takes between 2 and 3 entries, got 1",
    )
    assert check(pair, "PUT", {"numbers": []}) == []
    assert check(pair, "PUT", {"numbers": ["+3225550000", "+3225550001"]}) == []
