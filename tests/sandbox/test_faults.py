"""Fault injection: 5xx answers, latency, hanging requests, dropped connections."""

import time
from contextlib import closing

import httpx
import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid, error_of
from tests.sandbox_process import SandboxProcess

pytestmark = pytest.mark.integration

CFA = f"{DEMO_USER_PATH}services/cfa/"


def test_error_rate_one_answers_5xx_on_the_api_only(sandbox, admin):
    sandbox.set_faults(error_rate=1.0)
    for _ in range(5):
        response = admin.get(CFA)
        assert 500 <= response.status_code <= 504
        assert response.json()["errors"][0]["message"].startswith("Injected fault")
    assert httpx.get(f"{sandbox.url}/health").json() == {"status": "ok"}
    assert sandbox.faults()["error_rate"] == 1.0
    assert sandbox.requests()[-1]["fault"] == "error"


def test_partial_error_rate_hits_some_requests(sandbox, admin):
    sandbox.set_faults(error_rate=0.5)
    statuses = [admin.get(CFA).status_code for _ in range(100)]
    failed = sum(status >= 500 for status in statuses)
    assert 25 <= failed <= 75
    assert set(statuses) <= {200, 500, 502, 503, 504}


def test_latency_delays_api_answers(sandbox, admin):
    sandbox.set_faults(latency_ms=1000)
    started = time.perf_counter()
    assert admin.get(CFA).status_code == 200
    assert time.perf_counter() - started >= 1.0
    # The signed-in client again: a new httpx client would spend time loading CA certificates.
    started = time.perf_counter()
    admin.get(f"{sandbox.url}/health")
    assert time.perf_counter() - started < 0.5  # not delayed: far below the second above


def test_timeout_hangs_until_the_client_gives_up(sandbox, admin):
    sandbox.set_faults(timeout_rate=1.0, timeout_seconds=30)
    with pytest.raises(httpx.ReadTimeout):
        admin.get(CFA, timeout=0.3)
    sandbox.set_faults(timeout_rate=0.0)
    assert admin.get(CFA).status_code == 200


def test_drop_closes_the_connection_without_an_answer(sandbox, admin):
    sandbox.set_faults(drop_rate=1.0)
    with pytest.raises(httpx.TransportError):
        admin.get(CFA)
    assert sandbox.requests()[-1]["fault"] == "drop"
    assert sandbox.requests()[-1]["status"] is None
    sandbox.set_faults(drop_rate=0.0)
    assert admin.get(CFA).status_code == 200


def test_reset_restores_the_start_up_faults(sandbox, admin):
    sandbox.set_faults(error_rate=1.0, latency_ms=10)
    sandbox.reset()
    assert sandbox.faults() == {
        "latency_ms": 0.0,
        "error_rate": 0.0,
        "timeout_rate": 0.0,
        "timeout_seconds": 60.0,
        "drop_rate": 0.0,
    }
    assert admin.get(CFA).status_code == 200


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"error_rate": 1.5}, "error_rate"),
        ({"drop_rate": -0.1}, "drop_rate"),
        ({"latency_ms": "slow"}, "latency_ms"),
        ({"jitter": 1}, "jitter"),
    ],
)
def test_bad_fault_settings_answer_400(sandbox, settings, field):
    response = httpx.put(f"{sandbox.url}/sandbox/faults/", json=settings)
    assert_invalid(response, field)


def test_faults_can_be_set_from_the_environment():
    env = {"SANDBOX_ERROR_RATE": "1", "SANDBOX_SEED": "7"}
    with SandboxProcess().start(users=5, env=env) as sandbox:
        login = {"username": "portal", "password": "portal-sandbox-password"}
        response = httpx.post(f"{sandbox.url}/api/v1/login/", json=login)
        assert response.status_code >= 500
        sandbox.set_faults(error_rate=0.0)
        with closing(sandbox.client()) as client:
            assert client.get("/api/v1/tenants/").status_code == 200
            sandbox.reset()  # back to the environment's settings
            response = client.get("/api/v1/tenants/")
            assert error_of(response, response.status_code)["message"].startswith("Injected")
            assert response.status_code >= 500
