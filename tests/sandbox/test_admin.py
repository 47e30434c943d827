"""The control endpoints: health, request log, stored objects, reset."""

import httpx
import pytest

from tests.sandbox.helpers import DEMO_USER, DEMO_USER_PATH

pytestmark = pytest.mark.integration


def test_health(sandbox):
    for path in ("/health", "/health/"):
        assert httpx.get(f"{sandbox.url}{path}").json() == {"status": "ok"}


def test_request_log_masks_secrets_and_counts(sandbox):
    sandbox.clear_requests()
    client = sandbox.client(DEMO_USER)
    client.get(f"{DEMO_USER_PATH}services/cfa/")
    client.close()
    login, get = sandbox.requests()
    assert (login["method"], login["path"], login["status"]) == ("POST", "/api/v1/login/", 200)
    assert login["body"] == {"username": DEMO_USER, "password": "********"}
    assert (get["method"], get["status"], get["username"]) == ("GET", 200, DEMO_USER)
    assert get["path"] == f"{DEMO_USER_PATH}services/cfa/"
    assert sandbox.request_count() == 2
    assert sandbox.requests(limit=1) == [get]
    assert "user-demo-pass" not in (sandbox.log_tail(200))


def test_request_log_keeps_the_raw_path(sandbox, admin):
    encoded = DEMO_USER_PATH.replace("@", "%40")
    assert admin.get(f"{encoded}services/cfa/").status_code == 200
    entry = sandbox.requests()[-1]
    assert entry["path"] == f"{DEMO_USER_PATH}services/cfa/"
    assert entry["raw_path"] == f"{encoded}services/cfa/"


def test_objects_show_what_is_stored(sandbox, admin):
    assert sandbox.object(DEMO_USER_PATH) == admin.get(DEMO_USER_PATH).json()
    assert (
        sandbox.object(f"{DEMO_USER_PATH}services/cfa/")
        == admin.get(f"{DEMO_USER_PATH}services/cfa/").json()
    )
    assert "Call Forwarding Always" in sandbox.object(f"{DEMO_USER_PATH}services/")["services"]
    assert sandbox.object(f"{DEMO_USER_PATH}services/cfz/") is None
    assert sandbox.object("/api/v1/tenants/acme/") is None


def test_reset_undoes_changes(sandbox, admin):
    path = f"{DEMO_USER_PATH}services/cfa/"
    before = admin.get(path).json()
    admin.put(path, json={"active": True, "destination": "+3225550001"})
    answer = sandbox.reset()
    assert answer["users"] == 50
    assert admin.get(path).json() == before
