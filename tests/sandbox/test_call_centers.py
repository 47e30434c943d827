"""Call centers of a group: the list, agents, supervisors, agents of a supervisor."""

import pytest

from tests.sandbox.helpers import SUPERVISORS, TENANT, error_of

pytestmark = pytest.mark.integration

CALL_CENTERS = f"{TENANT}/groups/acme-hq/services/call_centers/"
HELPDESK = f"{CALL_CENTERS}cc-helpdesk@acme.example/"


def test_call_center_list(admin):
    answer = admin.get(CALL_CENTERS).json()
    assert answer == {
        "callCenters": [
            {"serviceUserId": "cc-helpdesk@acme.example", "name": "Helpdesk", "type": "Basic"}
        ]
    }


def test_agents_and_supervisors(admin):
    agents = admin.get(f"{HELPDESK}agents/").json()["agents"]
    assert len(agents) == 10
    assert {"userId", "firstName", "lastName"} <= set(agents[0])
    supervisors = admin.get(f"{HELPDESK}supervisors/").json()["supervisors"]
    assert [s["userId"] for s in supervisors] == [SUPERVISORS[0]]
    supervised = admin.get(f"{HELPDESK}supervisors/{SUPERVISORS[0]}/agents/").json()["agents"]
    assert supervised == agents


def test_small_demo_caps_agent_counts_at_the_user_count(admin):
    big = f"{TENANT}/groups/acme-support/services/call_centers/cc-support@acme.example/"
    agents = admin.get(f"{big}supervisors/{SUPERVISORS[2]}/agents/").json()["agents"]
    assert len(agents) == 50  # min(2000, N) with N = 50


def test_unknown_call_center_or_supervisor_is_not_found(admin):
    error_of(admin.get(f"{CALL_CENTERS}cc-nowhere@acme.example/agents/"), 404)
    error_of(admin.get(f"{HELPDESK}supervisors/{SUPERVISORS[1]}/agents/"), 404)
