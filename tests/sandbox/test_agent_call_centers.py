"""A user's own call center settings as an agent (contract §5.9, user level): GET with the call
centers' names, PUT of `available` per call center, kept per user."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, TENANT, assert_invalid, error_of, user_path

pytestmark = pytest.mark.integration

HELPDESK, SALES, SUPPORT = (
    "cc-helpdesk@acme.example",
    "cc-sales@acme.example",
    "cc-support@acme.example",
)


@pytest.fixture
def agent(admin):
    """An agent of the three call centers (with 50 users, every Helpdesk agent is)."""
    found = admin.get(f"{TENANT}/groups/acme-hq/services/call_centers/{HELPDESK}/agents/")
    user_id = found.json()["agents"][0]["userId"]
    return f"{user_path(admin, user_id)}services/call_centers/"


def test_get_lists_the_agents_call_centers_with_names_when_asked(admin, agent):
    plain = admin.get(agent).json()
    assert plain["agentACDState"] == "Available"
    assert [e["serviceUserId"] for e in plain["call_centers"]] == [HELPDESK, SALES, SUPPORT]
    assert all("name" not in e for e in plain["call_centers"])
    helpdesk = plain["call_centers"][0]
    assert helpdesk == {
        "serviceUserId": HELPDESK, "available": True, "priority": "1.0", "phoneNumber": "",
        "extension": "", "type": "Basic", "logOffAllowed": True,
    }  # fmt: skip
    enriched = admin.request("GET", agent, json={"enrichCcInfo": True}).json()
    names = [e["name"] for e in enriched["call_centers"]]
    assert names == ["Helpdesk", "Sales line", "Support line"]
    assert enriched["call_centers"][2]["skillLevel"] == "5"
    assert enriched["call_centers"][2]["logOffAllowed"] is False
    one = admin.request("GET", agent, json={"sensitiveServiceUserIdEquals": SALES}).json()
    assert [e["serviceUserId"] for e in one["call_centers"]] == [SALES]
    assert_invalid(admin.request("GET", agent, json={"enrichCcInfo": "yes"}), "enrichCcInfo")


def test_put_sets_one_call_center_unavailable_and_keeps_it(admin, sandbox, agent):
    body = {"call_centers": [{"serviceUserId": HELPDESK, "available": False}]}
    response = admin.put(agent, json=body)
    assert response.status_code == 200, response.text
    states = {e["serviceUserId"]: e["available"] for e in response.json()["call_centers"]}
    assert states == {HELPDESK: False, SALES: True, SUPPORT: True}
    again = {e["serviceUserId"]: e["available"] for e in admin.get(agent).json()["call_centers"]}
    assert again == states
    assert sandbox.requests()[-2]["body"] == body
    sandbox.reset()
    assert admin.get(agent).json()["call_centers"][0]["available"] is True


def test_put_refuses_what_the_agent_may_not_change(admin, agent):
    refused = admin.put(
        agent, json={"call_centers": [{"serviceUserId": SUPPORT, "available": False}]}
    )
    error = assert_invalid(refused, "call_centers[0].available")
    assert "log off" in error["message"]
    unknown = {"call_centers": [{"serviceUserId": "cc-nowhere@acme.example", "available": False}]}
    assert_invalid(admin.put(agent, json=unknown), "call_centers[0].serviceUserId")
    read_only = {"call_centers": [{"serviceUserId": HELPDESK, "logOffAllowed": False}]}
    assert_invalid(admin.put(agent, json=read_only), "call_centers[0].logOffAllowed")
    twice = {
        "call_centers": [
            {"serviceUserId": HELPDESK, "available": False},
            {"serviceUserId": HELPDESK, "available": True},
        ]
    }
    assert_invalid(admin.put(agent, json=twice), "call_centers[1].serviceUserId")
    no_skill = {"call_centers": [{"serviceUserId": HELPDESK, "skillLevel": "3"}]}
    assert_invalid(admin.put(agent, json=no_skill), "call_centers[0].skillLevel")
    assert_invalid(admin.put(agent, json={"guardTimerSeconds": 26}), "guardTimerSeconds")
    assert_invalid(admin.put(agent, json={"agentACDState": "Asleep"}), "agentACDState")
    # Nothing of it was kept.
    assert all(e["available"] for e in admin.get(agent).json()["call_centers"])


def test_put_takes_the_settings_and_a_skill_level(admin, agent):
    body = {
        "agentACDState": "Unavailable",
        "guardTimerSeconds": 10,
        "call_centers": [{"serviceUserId": SUPPORT, "skillLevel": "12"}],
    }
    answer = admin.put(agent, json=body).json()
    assert answer["agentACDState"] == "Unavailable" and answer["guardTimerSeconds"] == 10
    assert answer["call_centers"][2]["skillLevel"] == "12"


def test_an_end_user_reads_their_own_settings_only(admin, end_user):
    # With 50 users, user00001 is an agent of the Sales and Support lines, not of the Helpdesk.
    own = end_user.get(f"{DEMO_USER_PATH}services/call_centers/")
    assert own.status_code == 200
    assert [e["serviceUserId"] for e in own.json()["call_centers"]] == [SALES, SUPPORT]
    other = user_path(admin, "user00005@acme.example")
    error_of(end_user.get(f"{other}services/call_centers/"), 403)
    error_of(end_user.put(f"{other}services/call_centers/", json={"call_centers": []}), 403)
