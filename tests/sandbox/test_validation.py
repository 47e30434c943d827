"""The definition-driven validator over HTTP: every kind of problem answers 400 naming its field."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid

pytestmark = pytest.mark.integration

SERVICES = f"{DEMO_USER_PATH}services/"
NEW_CONFERENCE = f"{SERVICES}meet_me_confs/conferences/bridge-hq@acme.example/"
CONFERENCE = {
    "title": "Planning",
    "restrictParticipants": False,
    "maxParticipants": 10,
    "muteAllAttendeesOnEntry": False,
    "endConferenceOnModeratorExit": False,
    "moderatorRequired": False,
    "requireSecurityPin": False,
    "allowUniqueIdentifier": False,
    "attendeeNotification": "Play Tone",
    "conferenceSchedule": {
        "scheduleReservationless": {"startTime": "2026-03-01T10:00:00.000+01:00"}
    },
}

WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
WEEKLY = {day: day == "Monday" for day in WEEKDAYS}


def recurring(recurrence: dict) -> dict:
    schedule = {"startTime": "2026-03-02T09:00:00.000+01:00", "recurrence": recurrence}
    return {**CONFERENCE, "conferenceSchedule": {"scheduleRecurring": schedule}}


CASES = [
    # (label, method, path, body, field)
    ("unknown field", "PUT", "cfa/", {"forwardEverything": True}, "forwardEverything"),
    ("forbidden field (F)", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     {**CONFERENCE, "moderatorPin": "1234"}, "moderatorPin"),
    ("forbidden field in criteria POST", "POST", "selective_call_rejection/criteria/",
     {"name": "x", "newName": "y", "fromDnCriteria": {"selection": "Any",
      "includeAnonymousCallers": False, "includeUnavailableCallers": False}}, "newName"),
    ("wrong JSON type", "PUT", "voice_messaging/basic_config/", {"active": 1}, "active"),
    ("wrong type in an array", "PUT", "voice_messaging/basic_config/",
     {"transcribeEmailAddresses": ["a@acme.example", 3]}, "transcribeEmailAddresses[1]"),
    ("value not in choices", "PUT", "voice_messaging/advanced_config/",
     {"mailServerSelection": "Somewhere"}, "mailServerSelection"),
    ("malformed date-time", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     {**CONFERENCE, "conferenceSchedule": {"scheduleReservationless": {"startTime": "tomorrow"}}},
     "conferenceSchedule.scheduleReservationless.startTime"),
    ("malformed date", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     recurring({"recurDaily": {"recurInterval": 1}, "recurEndDate": "2026-02-30"}),
     "conferenceSchedule.scheduleRecurring.recurrence.recurEndDate"),
    ("integer out of range", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     recurring({"recurMonthlyByDay": {"dayOfMonth": 32}}),
     "conferenceSchedule.scheduleRecurring.recurrence.recurMonthlyByDay.dayOfMonth"),
    ("exclusive group: two kinds", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     recurring({"recurDaily": {}, "recurWeekly": WEEKLY}),
     "conferenceSchedule.scheduleRecurring.recurrence.recurWeekly"),
    ("exclusive group: none of a required one", "POST",
     "meet_me_confs/conferences/bridge-hq@acme.example/", {**CONFERENCE, "conferenceSchedule": {}},
     "conferenceSchedule.scheduleReservationless"),
    ("exclusive group: two ends", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     recurring({"recurDaily": {}, "recurForEver": True, "recurEndOccurrence": 3}),
     "conferenceSchedule.scheduleRecurring.recurrence.recurEndOccurrence"),
    ("required field (R) missing", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     {k: v for k, v in CONFERENCE.items() if k != "title"}, "title"),
    ("required nested field missing", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     recurring({"recurWeekly": {"Monday": True}}),
     "conferenceSchedule.scheduleRecurring.recurrence.recurWeekly.Sunday"),
    ("condition: required", "POST", "meet_me_confs/conferences/bridge-hq@acme.example/",
     {**CONFERENCE, "restrictParticipants": True, "maxParticipants": None}, "maxParticipants"),
    ("condition: only allowed", "PUT", "voice_messaging/advanced_config/",
     {"mailServerSelection": "Group Mail Server", "personalMailServerProtocol": "IMAP"},
     "personalMailServerProtocol"),
    ("null where not nullable", "PUT", "cfa/", {"destination": None}, "destination"),
    ("e-mail format", "PUT", "voice_messaging/basic_config/",
     {"voiceMessageNotifyEmailAddress": "nobody"}, "voiceMessageNotifyEmailAddress"),
    ("phone format", "PUT", "voice_messaging/basic_config/",
     {"transferPhoneNumber": "call reception"}, "transferPhoneNumber"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_invalid_requests_answer_400_naming_the_field(admin, method, path, body, field):
    response = admin.request(method, f"{SERVICES}{path}", json=body)
    assert_invalid(response, field)


def test_every_problem_is_listed(admin):
    body = {"active": "yes", "destination": 5, "colour": "red"}
    response = admin.put(f"{SERVICES}cfa/", json=body)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"active", "destination", "colour"}


def test_a_valid_recurring_conference_passes(admin):
    body = recurring({"recurWeekly": {"recurInterval": 1, **WEEKLY}, "recurEndDate": "2026-12-31"})
    assert admin.post(NEW_CONFERENCE, json=body).status_code == 201
