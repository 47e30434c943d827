"""The sandbox refuses what BroadWorks refuses: numbers outside the definitions' ranges and text
longer than their lengths, with a 400 naming the field (and never echoing a megabyte back)."""

import pytest

from portal.definitions.loader import get_definition
from portal.sandbox.validation import check
from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid

SERVICES = f"{DEMO_USER_PATH}services/"
ADVANCED = f"{SERVICES}voice_messaging/advanced_config/"
GROUP_SERVER = {"mailServerSelection": "Group Mail Server"}


@pytest.mark.integration
@pytest.mark.parametrize("rings", [-1, 10**30])
def test_rings_far_outside_the_range_answer_400(admin, rings):
    response = admin.put(f"{SERVICES}cfna/", json={"numberOfRings": rings})
    error = assert_invalid(response, "numberOfRings")
    assert error["message"] == f"Field 'numberOfRings' must be 0 or between 2 and 20, got {rings}"


@pytest.mark.integration
@pytest.mark.parametrize("limit", [0, 901, 10**30, "1" * 30, "0"])
def test_a_mailbox_limit_outside_broadworks_minutes_answers_400(admin, limit):
    response = admin.put(ADVANCED, json={**GROUP_SERVER, "mailboxLimit": limit})
    assert "between 10 and 900" in assert_invalid(response, "mailboxLimit")["message"]


@pytest.mark.integration
def test_a_megabyte_password_answers_400_without_echoing_it(admin):
    before = admin.get(ADVANCED).json()
    password = "s3cret-" * 140_000  # under the 1 MiB body limit
    response = admin.put(ADVANCED, json={**GROUP_SERVER, "groupMailServerPassword": password})
    error = assert_invalid(response, "groupMailServerPassword")
    assert error["message"] == (
        f"Field 'groupMailServerPassword' must be at most 60 characters long, got {len(password)}"
    )
    assert "s3cret" not in response.text
    assert admin.get(ADVANCED).json() == before


@pytest.mark.integration
def test_a_destination_longer_than_broadworks_takes_answers_400(admin):
    uri = "a" * 149 + "@example.com"  # OutgoingDNorSIPURI: user@host, 161 characters
    path = f"{SERVICES}cfb/"
    assert admin.put(path, json={"destination": uri}).status_code == 200
    error = assert_invalid(admin.put(path, json={"destination": uri + "x"}), "destination")
    assert error["message"] == "Field 'destination' must be at most 161 characters long, got 162"
    assert admin.get(path).json()["destination"] == uri


def test_the_validator_holds_each_list_entry_to_the_length():
    basic = get_definition("user_voice_messaging_basic")
    address = "a" * 69 + "@example.com"
    (problem,) = check(basic, "PUT", {"transcribeEmailAddresses": ["ok@example.com", address]})
    assert (problem.field, problem.message) == (
        "transcribeEmailAddresses[1]",
        "Field 'transcribeEmailAddresses[1]' must be at most 80 characters long, got 81",
    )


@pytest.mark.parametrize(
    ("definition", "body", "field"),
    [
        (
            "user_voice_messaging_basic",
            {"voiceMessageNotifyEmailAddress": "a" * 76 + "@b.be"},
            "voiceMessageNotifyEmailAddress",
        ),
        ("user_voice_messaging_basic", {"transferPhoneNumber": "1" * 31}, "transferPhoneNumber"),
        ("schedule", {"level": "User", "name": "n" * 41}, "name"),
        ("criteria", {"name": "n" * 51}, "name"),
        ("recur_monthly_by_day", {"recurInterval": 100, "dayOfMonth": 1}, "recurInterval"),
        ("meet_me_conference_instance", {"maxParticipants": 10**30}, "maxParticipants"),
    ],
)
def test_the_validator_reads_lengths_and_ranges_from_the_definitions(definition, body, field):
    problems = check(get_definition(definition), "PUT", body)
    assert field in [p.field for p in problems], problems
