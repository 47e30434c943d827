"""State kept across restarts, rebuilt on request, and the same for the same seed."""

from contextlib import closing

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, TENANT
from tests.sandbox_process import SandboxProcess

pytestmark = pytest.mark.integration

CFA = f"{DEMO_USER_PATH}services/cfa/"
CHANGE = {"active": True, "destination": "+3225550777", "ringSplashActive": True}


def snapshot(sandbox: SandboxProcess) -> dict:
    """Users, and the settings of a few of them, as the API gives them."""
    with closing(sandbox.client()) as client:
        users = client.get(f"{TENANT}/search/users/").json()["users"]
        details = {}
        for user in users[:8]:
            path = f"{TENANT}/groups/{user['groupId']}/users/{user['userId']}/"
            details[user["userId"]] = [
                client.get(f"{path}services/").json(),
                client.get(f"{path}services/cfb/").json(),
                client.get(f"{path}services/call_forwarding_selective/").json(),
            ]
        conferences = client.get(f"{DEMO_USER_PATH}services/meet_me_confs/conferences/").json()
    return {"users": users, "details": details, "conferences": conferences}


def test_state_survives_a_restart_and_reset_flag_rebuilds(tmp_path):
    with SandboxProcess().start(users=20, db=tmp_path / "state.sqlite3") as sandbox:
        client = sandbox.client()
        initial = client.get(CFA).json()
        assert client.put(CFA, json=CHANGE).status_code == 200
        sandbox.restart()
        assert client.get(CFA).status_code == 401  # sessions live in memory only
        client.close()
        with closing(sandbox.client()) as client:
            assert client.get(CFA).json() == CHANGE
        sandbox.restart(extra_args=("--reset",))
        with closing(sandbox.client()) as client:
            assert client.get(CFA).json() == initial


def test_another_user_count_rebuilds_the_data(tmp_path):
    with SandboxProcess().start(users=20, db=tmp_path / "state.sqlite3") as sandbox:
        sandbox.restart(users=30)
        with closing(sandbox.client()) as client:
            assert len(client.get(f"{TENANT}/search/users/").json()["users"]) == 33


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = SandboxProcess().start(users=30, seed=5)
    second = SandboxProcess().start(users=30, seed=5)
    third = SandboxProcess().start(users=30, seed=6)
    try:
        assert snapshot(first) == snapshot(second)
        assert snapshot(first)["users"] != snapshot(third)["users"]
    finally:
        for process in (first, second, third):
            process.stop()


def test_default_database_lives_under_switchboard_var_dir(tmp_path):
    env = {"SWITCHBOARD_VAR_DIR": str(tmp_path)}
    with SandboxProcess().start(users=3, env=env, default_db=True):
        assert (tmp_path / "sandbox.sqlite3").exists()
