"""The full-size demo: 20,000 users, fast search, the 2,000-agent supervisor."""

import sqlite3
import time
from contextlib import closing

import pytest

from tests.sandbox.helpers import SUPERVISORS, TENANT
from tests.sandbox_process import SandboxProcess

pytestmark = pytest.mark.integration

USERS = 20000


@pytest.fixture(scope="module")
def large():
    started = time.perf_counter()
    process = SandboxProcess().start(users=USERS, seed=1)
    process.startup_seconds = time.perf_counter() - started
    client = process.client()
    yield process, client
    client.close()
    process.stop()


def test_building_twenty_thousand_users_takes_seconds(large):
    process, _ = large
    assert process.startup_seconds < 30


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"insensitiveUserLastNameContains": "ee"},
        {"insensitiveUserLastNameStarts": "pe", "insensitiveUserFirstNameStarts": "a"},
        {"insensitiveUserIdContains": "01"},
        {"insensitiveGroupIdEquals": "acme-hq"},
    ],
)
def test_tenant_search_is_fast(large, body):
    _, client = large
    client.request("GET", f"{TENANT}/search/users/", json=body)  # warm the page cache
    started = time.perf_counter()
    response = client.request("GET", f"{TENANT}/search/users/", json=body)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    users = response.json()["users"]
    assert 0 < len(users) <= 1000
    assert elapsed < 0.25, f"{elapsed:.3f} s for {body}"


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
        started = time.perf_counter()
        agents = client.get(path).json()["agents"]
        assert time.perf_counter() - started < 0.5
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
