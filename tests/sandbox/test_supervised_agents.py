"""Adding agents to a supervisor and removing them (POST and DELETE on their agents' path)."""

import pytest

from tests.sandbox.helpers import DEMO_USER, SUPERVISORS, TENANT, assert_invalid, error_of

pytestmark = pytest.mark.integration

HELPDESK = f"{TENANT}/groups/acme-hq/services/call_centers/cc-helpdesk@acme.example/"
SUPERVISED = f"{HELPDESK}supervisors/{SUPERVISORS[0]}/agents/"


def supervised(admin) -> list[str]:
    return [agent["userId"] for agent in admin.get(SUPERVISED).json()["agents"]]


def body(*user_ids: str) -> dict:
    return {"agents": [{"userId": user_id} for user_id in user_ids]}


def test_removed_then_added_again_shows_in_the_supervisors_agents(admin):
    first, second, *rest = supervised(admin)
    removed = admin.request("DELETE", SUPERVISED, json=body(first, second))
    assert removed.status_code == 200, removed.text
    assert [a["userId"] for a in removed.json()["agents"]] == rest
    assert supervised(admin) == rest
    # Still agents of the call center, supervised or not.
    agents = [a["userId"] for a in admin.get(f"{HELPDESK}agents/").json()["agents"]]
    assert first in agents and second in agents

    added = admin.post(SUPERVISED, json=body(second))
    assert added.status_code == 200, added.text
    assert second in [a["userId"] for a in added.json()["agents"]]
    assert set(supervised(admin)) == {second, *rest}


def test_only_an_agent_of_the_call_center_can_be_supervised(admin):
    first = supervised(admin)[0]
    admin.request("DELETE", SUPERVISED, json=body(first))
    agents = {a["userId"] for a in admin.get(f"{HELPDESK}agents/").json()["agents"]}
    outsider = next(u for u in (DEMO_USER, "user00002@acme.example") if u not in agents)
    answer = admin.post(SUPERVISED, json=body(first, outsider))
    assert_invalid(answer, "agents[1].userId")
    assert first not in supervised(admin)  # all or nothing


def test_adding_an_agent_supervised_already_is_refused(admin):
    first = supervised(admin)[0]
    assert_invalid(admin.post(SUPERVISED, json=body(first)), "agents[0].userId")


def test_removing_an_agent_not_supervised_is_not_found(admin):
    first, second = supervised(admin)[:2]
    admin.request("DELETE", SUPERVISED, json=body(first))
    error_of(admin.request("DELETE", SUPERVISED, json=body(second, first)), 404)
    assert second in supervised(admin)  # all or nothing


def test_the_body_follows_the_supervised_agent_definition(admin):
    first = supervised(admin)[0]
    assert_invalid(admin.post(SUPERVISED, json={"agents": []}), "agents")
    assert_invalid(admin.post(SUPERVISED, json={"agents": [{}]}), "agents[0].userId")
    named = {"agents": [{"userId": first, "lastName": "Other"}]}
    assert_invalid(admin.request("DELETE", SUPERVISED, json=named), "agents[0].lastName")
    assert_invalid(admin.post(SUPERVISED, json={**body(first), "extra": 1}), "extra")


def test_unknown_supervisor_or_call_center_is_not_found(admin):
    first = supervised(admin)[0]
    other = f"{HELPDESK}supervisors/{SUPERVISORS[1]}/agents/"
    error_of(admin.request("DELETE", other, json=body(first)), 404)
    nowhere = SUPERVISED.replace("cc-helpdesk", "cc-nowhere")
    error_of(admin.post(nowhere, json=body(first)), 404)


def test_end_users_may_not_change_who_is_supervised(end_user):
    error_of(end_user.post(SUPERVISED, json=body(DEMO_USER)), 403)
