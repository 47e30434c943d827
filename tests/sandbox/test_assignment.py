"""A user's services: summary, assignment status, assigning and unassigning."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid, error_of, user_path

pytestmark = pytest.mark.integration

SERVICES = f"{DEMO_USER_PATH}services/"
NAMES = {
    "Voice Messaging User", "Call Forwarding Always", "Call Forwarding Busy",
    "Call Forwarding No Answer", "Call Forwarding Not Reachable", "Call Forwarding Selective",
    "Selective Call Rejection", "Selective Call Acceptance", "Priority Alert",
    "Meet-Me Conferencing", "Call Center - Standard",
}  # fmt: skip
CFA = {"services": [{"name": "Call Forwarding Always"}]}


def test_summary_and_assignment_status_have_the_documented_shape(admin):
    body = {"assignementStatus": True, "summary": True}
    answer = admin.request("GET", SERVICES, json=body).json()
    assert set(answer) == {"summary", "assignementStatus"}
    assert answer["summary"]["groupService"] == []
    assert answer["assignementStatus"]["servicePacks"] == []
    statuses = answer["assignementStatus"]["services"]
    assert all(set(s) == {"assigned", "name"} for s in statuses)
    assigned = {s["name"] for s in statuses if s["assigned"]}
    assert assigned >= NAMES  # the demo user has them all
    summary = {s["name"]: s["active"] for s in answer["summary"]["userServices"]}
    assert summary["Call Forwarding Always"] is False
    assert summary["Call Forwarding Busy"] is True


def test_only_the_requested_part_is_returned(admin):
    answer = admin.request("GET", SERVICES, json={"summary": True}).json()
    assert set(answer) == {"summary"}
    assert_invalid(admin.request("GET", SERVICES, json={"summary": "yes"}), "summary")


def test_service_not_assigned_answers_404_then_assigning_it_gives_defaults(admin, sandbox):
    path = user_path(admin, "user00002@acme.example")
    error = error_of(admin.get(f"{path}services/cfa/"), 404)
    assert error["message"] == "Service Call Forwarding Always is not assigned to the user"
    error_of(admin.get(f"{path}services/voice_messaging/basic_config/"), 404)

    response = admin.post(f"{path}services/", json=CFA)
    assert response.status_code == 200
    status = {s["name"]: s["assigned"] for s in response.json()["assignementStatus"]["services"]}
    assert status["Call Forwarding Always"] is True
    cfa = admin.get(f"{path}services/cfa/").json()
    assert cfa == {"active": False, "destination": "", "ringSplashActive": False}


def test_unassigning_forgets_the_settings(admin, sandbox):
    body = {"active": True, "destination": "+3225559999", "ringSplashActive": True}
    assert admin.put(f"{SERVICES}cfa/", json=body).status_code == 200
    response = admin.request("DELETE", SERVICES, json=CFA)
    assert response.status_code == 200
    error_of(admin.get(f"{SERVICES}cfa/"), 404)
    assert sandbox.object(f"{SERVICES}cfa/") is None
    admin.post(SERVICES, json=CFA)
    assert admin.get(f"{SERVICES}cfa/").json()["active"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"services": [{"name": "Teleportation"}]}, "services[0].name"),
        ({"services": [{"name": "Call Waiting", "assigned": True}]}, "services[0].assigned"),
        ({"services": [{}]}, "services[0].name"),
        ({"servicePacks": [{"name": "Basic_CLI"}]}, "servicePacks[0].name"),
        ({"services": "Call Forwarding Always"}, "services"),
    ],
)
def test_bad_assignment_bodies_answer_400(admin, body, field):
    assert_invalid(admin.post(SERVICES, json=body), field)
