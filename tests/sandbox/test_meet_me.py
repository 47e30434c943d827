"""Meet-Me Conferencing: bridges, conferences, one conference's lifecycle."""

import re

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid, error_of, user_path
from tests.sandbox.test_validation import CONFERENCE

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
    assert "moderatorPin" not in instance and "securityPin" not in instance
    assert sandbox.object(path)["moderatorPin"].isdigit()
    listed = admin.get(f"{MEET_ME}conferences/").json()["conferences"]
    assert any(
        c["conferenceId"] == conference_id and c["type"] == "Reservationless" for c in listed
    )

    updated = admin.put(path, json={"title": "Planning (moved)", "requireSecurityPin": True})
    assert updated.status_code == 200
    assert updated.json()["title"] == "Planning (moved)"
    assert sandbox.object(path)["securityPin"].isdigit()

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
