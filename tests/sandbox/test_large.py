"""The full-size demo: 20,000 users, tenant search, the 2,000-agent supervisor. How fast the
sandbox answers at this size is measured by bench/sandbox_large.py."""

import sqlite3
from contextlib import closing

import pytest

from tests.sandbox.helpers import SUPERVISORS, TENANT
from tests.sandbox_process import SandboxProcess

pytestmark = pytest.mark.integration

USERS = 20000


@pytest.fixture(scope="module")
def large():
    process = SandboxProcess().start(users=USERS, seed=1)
    client = process.client()
    yield process, client
    client.close()
    process.stop()


# A search's filter, and what each user it finds must then be.
SEARCHES = [
    ({}, lambda user: True),
    ({"insensitiveUserLastNameContains": "ee"}, lambda user: "ee" in user["lastName"].lower()),
    (
        {"insensitiveUserLastNameStarts": "pe", "insensitiveUserFirstNameStarts": "a"},
        lambda user: (
            user["lastName"].lower().startswith("pe") and user["firstName"].lower().startswith("a")
        ),
    ),
    ({"insensitiveUserIdContains": "01"}, lambda user: "01" in user["userId"].lower()),
    ({"insensitiveGroupIdEquals": "acme-hq"}, lambda user: user["groupId"].lower() == "acme-hq"),
]


@pytest.mark.parametrize(("body", "matches"), SEARCHES)
def test_a_tenant_search_finds_at_most_a_thousand_users_each_matching(large, body, matches):
    _, client = large
    response = client.request("GET", f"{TENANT}/search/users/", json=body)
    assert response.status_code == 200
    users = response.json()["users"]
    assert 0 < len(users) <= 1000
    assert all(matches(user) for user in users)


def test_supervisors_supervise_10_200_and_2000_agents(large):
    _, client = large
    centers = {
        SUPERVISORS[0]: "acme-hq/services/call_centers/cc-helpdesk@acme.example",
        SUPERVISORS[1]: "acme-sales/services/call_centers/cc-sales@acme.example",
        SUPERVISORS[2]: "acme-support/services/call_centers/cc-support@acme.example",
    }
    counts = {}
    for supervisor, center in centers.items():
        path = f"{TENANT}/groups/{center}/supervisors/{supervisor}/agents/"
        agents = client.get(path).json()["agents"]
        counts[supervisor] = len(agents)
        assert agents == sorted(agents, key=lambda a: (a["lastName"], a["firstName"], a["userId"]))
    assert list(counts.values()) == [10, 200, 2000]


def test_one_user_has_fifty_selective_criteria(large):
    _, client = large
    path = f"{TENANT}/search/users/"
    found = client.request("GET", path, json={"sensitiveUserIdEquals": "user00003@acme.example"})
    group = found.json()["users"][0]["groupId"]
    user = f"{TENANT}/groups/{group}/users/user00003@acme.example/"
    answer = client.get(f"{user}services/call_forwarding_selective/").json()
    assert len(answer["criteria"]) == 50
    assert any("timeSchedule" in c for c in answer["criteria"])
    assert any(c["fromDnCriteria"]["selection"] == "Specified Only" for c in answer["criteria"])


def test_meet_me_bridges_hold_two_hundred_conferences(large):
    process, _ = large
    # Counted in the stored data: the API lists conferences per host only.
    with closing(sqlite3.connect(process.db_path)) as db:
        assert db.execute("SELECT count(*) FROM conferences").fetchone()[0] == 200
