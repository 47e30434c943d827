"""The sandbox refuses what BroadWorks refuses: integers outside the definitions' ranges."""

import pytest

from portal.definitions.loader import get_definition
from portal.sandbox.validation import check
from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid

SERVICES = f"{DEMO_USER_PATH}services/"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("path", "field"),
    [("cfna/", "numberOfRings"), ("voice_messaging/greetings/", "noAnswerNumberOfRings")],
)
@pytest.mark.parametrize("rings", [-1, 1, 21, 99])
def test_rings_outside_0_or_2_to_20_answer_400(admin, path, field, rings):
    response = admin.put(f"{SERVICES}{path}", json={field: rings})
    error = assert_invalid(response, field)
    assert error["message"] == f"Field '{field}' must be 0 or between 2 and 20, got {rings}"
    assert admin.get(f"{SERVICES}{path}").json()[field] != rings


@pytest.mark.integration
@pytest.mark.parametrize(
    ("path", "field"),
    [("cfna/", "numberOfRings"), ("voice_messaging/greetings/", "noAnswerNumberOfRings")],
)
@pytest.mark.parametrize("rings", [0, 2, 20])
def test_rings_broadworks_takes_are_stored(admin, path, field, rings):
    assert admin.put(f"{SERVICES}{path}", json={field: rings}).status_code == 200
    assert admin.get(f"{SERVICES}{path}").json()[field] == rings


@pytest.mark.integration
def test_an_empty_string_clears_a_destination_while_forwarding_is_off(admin):
    path = f"{SERVICES}cfb/"
    assert admin.put(path, json={"active": True, "destination": "+3225551234"}).status_code == 200
    assert_invalid(admin.put(path, json={"destination": ""}), "destination")
    assert admin.put(path, json={"active": False, "destination": ""}).status_code == 200
    assert admin.get(path).json() == {"active": False, "destination": ""}


def test_the_validator_reads_the_range_from_the_definition():
    definition = get_definition("call_forwarding")
    (problem,) = check(definition, "PUT", {"numberOfRings": 1})
    assert (problem.field, problem.message) == (
        "numberOfRings",
        "Field 'numberOfRings' must be 0 or between 2 and 20, got 1",
    )
    assert check(definition, "PUT", {"numberOfRings": 0}) == []
