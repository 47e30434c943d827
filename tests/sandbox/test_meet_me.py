"""Meet-Me Conferencing: bridges, conferences, one conference's lifecycle and schedule, its
delegates and greeting, and the host's recordings."""

import re
import sqlite3
from contextlib import closing

import pytest

from tests.sandbox.helpers import (
    DEMO_USER,
    DEMO_USER_PATH,
    TENANT,
    assert_invalid,
    error_of,
    user_path,
)
from tests.sandbox.test_validation import CONFERENCE, WEEKLY

pytestmark = pytest.mark.integration

MEET_ME = f"{DEMO_USER_PATH}services/meet_me_confs/"
LIST_KEYS = {
    "bridgeId", "conferenceId", "title", "bridgeName", "status", "type", "startTime", "lastName",
    "firstName", "hostId",
}  # fmt: skip


def test_bridges_list(admin):
    bridges = admin.get(f"{MEET_ME}bridges/").json()["conference_bridges"]
    assert {b["bridgeId"] for b in bridges} == {
        "bridge-hq@acme.example",
        "bridge-board@acme.example",
    }
    for bridge in bridges:
        assert set(bridge) == {
            "bridgeId",
            "name",
            "phoneNumber",
            "extension",
            "allocatedPorts",
            "active",
        }


def test_conferences_list_has_the_documented_entries(admin):
    conferences = admin.get(f"{MEET_ME}conferences/").json()["conferences"]
    assert len(conferences) >= 5
    for conference in conferences:
        assert set(conference) == LIST_KEYS
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d:\d{3}[+-]\d{4}", conference["startTime"]
        )
        assert conference["status"] in {"active", "inactive", "expired"}
    assert len({c["type"] for c in conferences}) >= 3


def test_conference_lifecycle(admin, sandbox):
    created = admin.post(f"{MEET_ME}conferences/bridge-hq@acme.example/", json=CONFERENCE)
    assert created.status_code == 201
    conference_id = created.json()["conferenceId"]
    path = f"{MEET_ME}conferences/bridge-hq@acme.example/{conference_id}/"
    instance = admin.get(path).json()
    assert instance["title"] == "Planning"
    # The platform's pins: the moderator's always, a security pin only once one is required.
    assert instance["moderatorPin"] == sandbox.object(path)["moderatorPin"]
    assert instance["moderatorPin"].isdigit() and "securityPin" not in instance
    assert "moderatorPin" not in created.json()
    listed = admin.get(f"{MEET_ME}conferences/").json()["conferences"]
    assert any(
        c["conferenceId"] == conference_id and c["type"] == "Reservationless" for c in listed
    )

    updated = admin.put(path, json={"title": "Planning (moved)", "requireSecurityPin": True})
    assert updated.status_code == 200
    assert updated.json()["title"] == "Planning (moved)"
    assert sandbox.object(path)["securityPin"].isdigit()
    assert "securityPin" not in updated.json()
    assert admin.get(path).json()["securityPin"] == sandbox.object(path)["securityPin"]

    assert admin.delete(path).status_code == 204
    error_of(admin.get(path), 404)


def test_participants_cannot_exceed_the_bridge_ports(admin):
    body = {**CONFERENCE, "maxParticipants": 500}
    response = admin.post(f"{MEET_ME}conferences/bridge-hq@acme.example/", json=body)
    assert_invalid(response, "maxParticipants")


def test_unknown_bridge_and_conference_are_not_found(admin):
    error_of(admin.post(f"{MEET_ME}conferences/nowhere@acme.example/", json=CONFERENCE), 404)
    error_of(admin.get(f"{MEET_ME}conferences/bridge-hq@acme.example/000000/"), 404)


def test_meet_me_not_assigned_answers_404(admin, sandbox):
    candidates = admin.get("/api/v1/tenants/acme/search/users/").json()["users"]
    for user in candidates:
        path = user_path(admin, user["userId"])
        services = admin.request("GET", f"{path}services/", json={"assignementStatus": True})
        statuses = {
            s["name"]: s["assigned"] for s in services.json()["assignementStatus"]["services"]
        }
        if not statuses["Meet-Me Conferencing"]:
            error = error_of(admin.get(f"{path}services/meet_me_confs/bridges/"), 404)
            assert "Meet-Me Conferencing" in error["message"]
            return
    pytest.fail("every demo user has Meet-Me Conferencing")


# ---------------------------------------------------------------------- one conference's schedule

DEMO_CONFERENCE = f"{MEET_ME}conferences/bridge-hq@acme.example/012345/"
START = "2026-03-02T09:00:00.000+01:00"


def hosted_of_type(admin, kind: str) -> str:
    """The path of one of the demo user's conferences of `kind` ("Recurring Weekly", ...)."""
    listed = admin.get(f"{MEET_ME}conferences/").json()["conferences"]
    found = next(c for c in listed if c["type"] == kind)
    return f"{MEET_ME}conferences/{found['bridgeId']}/{found['conferenceId']}/"


def test_a_put_schedule_replaces_the_stored_one_whole(admin):
    path = hosted_of_type(admin, "Recurring Weekly")
    before = admin.get(path).json()
    assert "scheduleRecurring" in before["conferenceSchedule"]
    schedule = {"scheduleReservationless": {"startTime": START}}
    updated = admin.put(path, json={"conferenceSchedule": schedule})
    assert updated.status_code == 200, updated.text
    assert updated.json()["conferenceSchedule"] == schedule
    after = admin.get(path).json()
    assert after["conferenceSchedule"] == schedule
    assert after["title"] == before["title"]
    conference_id = path.rstrip("/").rsplit("/", 1)[1]
    listed = admin.get(f"{MEET_ME}conferences/").json()["conferences"]
    entry = next(c for c in listed if c["conferenceId"] == conference_id)
    assert (entry["type"], entry["startTime"]) == (
        "Reservationless",
        "2026-03-02T09:00:00:000+0100",
    )


def test_a_put_schedule_must_be_whole(admin):
    # Replaced whole: the kind sent must carry everything a new schedule needs.
    body = {"conferenceSchedule": {"scheduleReservationless": {"endTime": START}}}
    error = assert_invalid(
        admin.put(DEMO_CONFERENCE, json=body),
        "conferenceSchedule.scheduleReservationless.startTime",
    )
    assert "replaces the schedule" in error["message"]
    body = {"conferenceSchedule": {"scheduleRecurring": {"startTime": START}}}
    assert_invalid(
        admin.put(DEMO_CONFERENCE, json=body), "conferenceSchedule.scheduleRecurring.recurrence"
    )
    empty = admin.put(DEMO_CONFERENCE, json={"conferenceSchedule": {}})
    assert_invalid(empty, "conferenceSchedule.scheduleReservationless")
    stored = admin.get(DEMO_CONFERENCE).json()["conferenceSchedule"]
    assert stored == {"scheduleReservationless": {"startTime": "2026-01-05T09:00:00.000+01:00"}}


@pytest.mark.parametrize(
    ("end", "accepted"),
    [
        ("2026-03-02T09:00:00.000+01:00", False),  # the start itself
        ("2026-03-02T08:59:00.000+01:00", False),
        ("2026-03-02T08:30:00.000Z", True),  # 09:30 in Brussels
    ],
)
def test_a_reservationless_end_must_come_after_its_start(admin, end, accepted):
    schedule = {"scheduleReservationless": {"startTime": START, "endTime": end}}
    response = admin.put(DEMO_CONFERENCE, json={"conferenceSchedule": schedule})
    if accepted:
        assert response.status_code == 200, response.text
        assert admin.get(DEMO_CONFERENCE).json()["conferenceSchedule"] == schedule
    else:
        assert_invalid(response, "conferenceSchedule.scheduleReservationless.endTime")


def test_a_reservationless_end_is_compared_as_an_instant(admin):
    # 09:30 in UTC+03:00 is 07:30+01:00: before the start though it reads later.
    schedule = {
        "scheduleReservationless": {"startTime": START, "endTime": "2026-03-02T09:30:00.000+03:00"}
    }
    field = "conferenceSchedule.scheduleReservationless.endTime"
    assert_invalid(admin.put(DEMO_CONFERENCE, json={"conferenceSchedule": schedule}), field)
    assert_invalid(
        admin.post(
            f"{MEET_ME}conferences/bridge-hq@acme.example/",
            json={**CONFERENCE, "conferenceSchedule": schedule},
        ),
        field,
    )


def weekly(end_date: str, duration: dict | None = None) -> dict:
    recurring = {
        "startTime": START,
        "duration": duration or {"hours": 1, "minutes": 0},
        "recurrence": {
            "recurWeekly": {"recurInterval": 1, **WEEKLY},
            "recurEndDate": end_date,
        },
    }
    return {"conferenceSchedule": {"scheduleRecurring": recurring}}


def test_a_recurrence_may_not_end_before_it_starts(admin):
    field = "conferenceSchedule.scheduleRecurring.recurrence.recurEndDate"
    assert_invalid(admin.put(DEMO_CONFERENCE, json=weekly("2026-03-01")), field)
    created = admin.post(
        f"{MEET_ME}conferences/bridge-hq@acme.example/", json={**CONFERENCE, **weekly("2026-02-01")}
    )
    assert_invalid(created, field)
    # Ending on the day it starts is one occurrence: accepted.
    response = admin.put(DEMO_CONFERENCE, json=weekly("2026-03-02"))
    assert response.status_code == 200, response.text
    assert (
        admin.get(DEMO_CONFERENCE).json()["conferenceSchedule"]
        == weekly("2026-03-02")["conferenceSchedule"]
    )


@pytest.mark.parametrize(
    ("duration", "field"),
    [
        ({"hours": 24, "minutes": 0}, "duration.hours"),
        ({"hours": -1, "minutes": 30}, "duration.hours"),
        ({"hours": 1, "minutes": 60}, "duration.minutes"),
        ({"hours": 1, "minutes": "30"}, "duration.minutes"),
        ({"hours": 0, "minutes": 0}, "duration"),
        ({"hours": 1}, "duration.minutes"),
        ({"hours": 1, "minutes": 0, "seconds": 5}, "duration.seconds"),
    ],
)
def test_a_duration_is_hours_and_minutes_of_at_least_a_minute(admin, duration, field):
    one_time = {"scheduleOneTime": {"startTime": START, "duration": duration}}
    response = admin.put(DEMO_CONFERENCE, json={"conferenceSchedule": one_time})
    assert_invalid(response, f"conferenceSchedule.scheduleOneTime.{field}")
    assert_invalid(
        admin.put(DEMO_CONFERENCE, json=weekly("2026-12-31", duration)),
        f"conferenceSchedule.scheduleRecurring.{field}",
    )


def test_the_longest_and_shortest_durations_are_accepted(admin):
    for duration in ({"hours": 0, "minutes": 1}, {"hours": 23, "minutes": 59}):
        one_time = {
            "conferenceSchedule": {"scheduleOneTime": {"startTime": START, "duration": duration}}
        }
        response = admin.put(DEMO_CONFERENCE, json=one_time)
        assert response.status_code == 200, response.text
        assert response.json()["conferenceSchedule"] == one_time["conferenceSchedule"]


def test_a_put_may_not_raise_participants_above_the_bridge_ports(admin):
    too_many = admin.put(DEMO_CONFERENCE, json={"estimatedParticipants": 21})
    assert_invalid(too_many, "estimatedParticipants")
    response = admin.put(DEMO_CONFERENCE, json={"estimatedParticipants": 20})
    assert response.status_code == 200, response.text


# ---------------------------------------------------------------------- delegates

DELEGATES = f"{DEMO_CONFERENCE}delegates/"
DELEGATE_KEYS = {"userId", "firstName", "lastName", "phoneNumber", "extension", "emailAddress"}


def group_users(admin, group: str) -> list[dict]:
    return admin.get(f"{TENANT}/groups/{group}/users/").json()["users"]


def test_the_demo_conference_has_one_delegate(admin):
    answer = admin.get(DELEGATES)
    assert answer.status_code == 200
    delegates = answer.json()["delegates"]
    assert [d["userId"] for d in delegates] == ["user00002@acme.example"]
    assert set(delegates[0]) <= DELEGATE_KEYS
    assert {"userId", "firstName", "lastName"} <= set(delegates[0])
    listed = next(
        u for u in group_users(admin, "acme-hq") if u["userId"] == "user00002@acme.example"
    )
    assert {k: listed[k] for k in delegates[0]} == delegates[0]


def test_a_put_replaces_the_whole_list_of_delegates(admin):
    others = [
        u["userId"]
        for u in group_users(admin, "acme-hq")
        if u["userId"] not in (DEMO_USER, "user00002@acme.example")
    ][:2]
    assert len(others) == 2
    body = {"delegates": [{"userId": uid} for uid in others]}
    answer = admin.put(DELEGATES, json=body)
    assert answer.status_code == 200, answer.text
    assert [d["userId"] for d in answer.json()["delegates"]] == others
    assert all(set(d) <= DELEGATE_KEYS and "lastName" in d for d in answer.json()["delegates"])
    assert admin.get(DELEGATES).json() == answer.json()
    emptied = admin.put(DELEGATES, json={"delegates": []})
    assert emptied.status_code == 200
    assert admin.get(DELEGATES).json() == {"delegates": []}


def test_delegates_are_users_of_the_group_other_than_the_host_each_once(admin):
    elsewhere = group_users(admin, "acme-sales")[0]["userId"]
    colleague = "user00002@acme.example"
    for refused in (
        [DEMO_USER],
        [colleague, colleague],
        [elsewhere],
        ["nobody@acme.example"],
    ):
        body = {"delegates": [{"userId": uid} for uid in refused]}
        error = assert_invalid(admin.put(DELEGATES, json=body), "delegates")
        assert refused[-1] in error["message"]
    assert_invalid(admin.put(DELEGATES, json={}), "delegates")
    body = {"delegates": [{"userId": colleague, "firstName": "X"}]}
    assert_invalid(admin.put(DELEGATES, json=body), "delegates[0].firstName")
    assert [d["userId"] for d in admin.get(DELEGATES).json()["delegates"]] == [colleague]


def test_delegates_of_an_unknown_conference_are_not_found(admin):
    body = {"delegates": [{"userId": "user00002@acme.example"}]}
    for path in (
        f"{MEET_ME}conferences/bridge-hq@acme.example/000000/delegates/",
        f"{MEET_ME}conferences/nowhere@acme.example/012345/delegates/",
    ):
        error_of(admin.get(path), 404)
        error_of(admin.put(path, json=body), 404)


# ---------------------------------------------------------------------- recordings

RECORDINGS = f"{MEET_ME}recordings/"
RECORDING_KEYS = {"bridgeId", "conferenceId", "title", "startTime", "fileSize"}
RFC3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


def test_the_recordings_of_the_hosted_conferences_are_listed(admin):
    recordings = admin.get(RECORDINGS).json()["recordings"]
    demo = [r for r in recordings if r["conferenceId"] == "012345"]
    assert [r["startTime"] for r in demo] == [
        "2026-11-02T09:30:00.000+01:00",
        "2026-11-09T09:30:00.000+01:00",
    ]
    for recording in recordings:
        assert set(recording) == RECORDING_KEYS
        assert re.fullmatch(RFC3339, recording["startTime"])
        assert isinstance(recording["fileSize"], int) and recording["fileSize"] > 0
    assert demo[0]["title"] == "Weekly" and demo[0]["bridgeId"] == "bridge-hq@acme.example"


def test_another_hosts_recordings_are_not_listed(admin):
    for user in group_users(admin, "acme-hq"):
        if user["userId"] == DEMO_USER:
            continue
        path = f"{TENANT}/groups/acme-hq/users/{user['userId']}/services/meet_me_confs/"
        response = admin.get(f"{path}recordings/")
        if response.status_code == 200:
            assert response.json() == {"recordings": []}
            return
        error_of(response, 404)  # Meet-Me not assigned to them
    pytest.fail("no other acme-hq user has Meet-Me Conferencing")


def recording(start: str, conference: str = "012345") -> dict:
    return {"bridgeId": "bridge-hq@acme.example", "conferenceId": conference, "startTime": start}


def test_a_recording_is_deleted_by_its_start_as_an_instant(admin):
    # 08:30 UTC is the 09:30 in Brussels the recording was stored with.
    response = admin.request(
        "DELETE", RECORDINGS, json={"recordings": [recording("2026-11-02T08:30:00Z")]}
    )
    assert response.status_code == 204, response.text
    assert response.content == b""
    left = [r["startTime"] for r in admin.get(RECORDINGS).json()["recordings"]]
    assert "2026-11-02T09:30:00.000+01:00" not in left
    assert "2026-11-09T09:30:00.000+01:00" in left


def test_deleting_a_recording_that_is_not_there_is_not_found_and_deletes_nothing(admin):
    before = admin.get(RECORDINGS).json()
    body = {
        "recordings": [
            recording("2026-11-09T09:30:00.000+01:00"),
            recording("2026-11-02T09:31:00.000+01:00"),
        ]
    }
    error = error_of(admin.request("DELETE", RECORDINGS, json=body), 404)
    assert "012345" in error["message"] and "2026-11-02T09:31:00.000+01:00" in error["message"]
    assert error["field"] == "recordings[1]"
    other = {"recordings": [recording("2026-11-09T09:30:00.000+01:00", "999999")]}
    error_of(admin.request("DELETE", RECORDINGS, json=other), 404)
    assert admin.get(RECORDINGS).json() == before


def test_deleting_recordings_needs_a_list_of_them(admin):
    assert_invalid(admin.request("DELETE", RECORDINGS, json={"recordings": []}), "recordings")
    assert_invalid(admin.request("DELETE", RECORDINGS, json={}), "recordings")
    assert_invalid(admin.delete(RECORDINGS), "recordings")
    body = {"recordings": [{"bridgeId": "bridge-hq@acme.example", "conferenceId": "012345"}]}
    assert_invalid(admin.request("DELETE", RECORDINGS, json=body), "recordings[0].startTime")
    assert len(admin.get(RECORDINGS).json()["recordings"]) >= 2


# ---------------------------------------------------------------------- greeting

GREETING = f"{DEMO_CONFERENCE}greeting/"


def test_the_host_has_announcements_to_pick_a_greeting_from(admin):
    announcements = admin.get(f"{DEMO_USER_PATH}announcements/").json()["announcements"]
    assert {"name": "Greeting 1", "mediaType": "WAV", "level": "User"} in announcements


def test_a_greeting_is_one_of_the_hosts_announcements(admin):
    assert admin.get(GREETING).json() == {}
    answer = admin.put(GREETING, json={"name": "Greeting 2"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"name": "Greeting 2", "mediaType": "WAV"}
    assert admin.get(GREETING).json() == {"name": "Greeting 2", "mediaType": "WAV"}
    answer = admin.put(GREETING, json={"name": "Greeting 1", "mediaType": "WAV"})
    assert answer.json() == {"name": "Greeting 1", "mediaType": "WAV"}


def test_a_greeting_that_is_not_an_announcement_of_the_host_is_refused(admin):
    assert_invalid(admin.put(GREETING, json={"name": "Someone else's"}), "name")
    other_type = admin.put(GREETING, json={"name": "Greeting 1", "mediaType": "WMA"})
    assert_invalid(other_type, "mediaType")
    assert_invalid(admin.put(GREETING, json={"mediaType": "WAV"}), "name")
    assert admin.get(GREETING).json() == {}
    error_of(admin.get(f"{MEET_ME}conferences/bridge-hq@acme.example/000000/greeting/"), 404)


# ---------------------------------------------------------------------- deleting a conference


def test_deleting_a_conference_deletes_its_delegates_recordings_and_greeting(admin, sandbox):
    assert admin.put(GREETING, json={"name": "Greeting 1"}).status_code == 200
    assert admin.delete(DEMO_CONFERENCE).status_code == 204
    error_of(admin.get(DELEGATES), 404)
    error_of(admin.get(GREETING), 404)
    assert all(r["conferenceId"] != "012345" for r in admin.get(RECORDINGS).json()["recordings"])
    with closing(sqlite3.connect(sandbox.db_path)) as db:
        for table in ("conference_delegates", "conference_recordings", "conference_greetings"):
            sql = f"SELECT count(*) FROM {table} WHERE conference_id = '012345'"  # noqa: S608
            assert db.execute(sql).fetchone()[0] == 0, table
