"""Sign-in, session cookies, expiry and what an end user may reach."""

import time
from contextlib import closing

import httpx
import pytest

from tests.sandbox.helpers import DEMO_USER, DEMO_USER_PATH, TENANT, error_of, user_path
from tests.sandbox_process import SandboxProcess

pytestmark = pytest.mark.integration


def test_system_account_signs_in_with_a_session_cookie(sandbox):
    response = httpx.post(
        f"{sandbox.url}/api/v1/login/",
        json={"username": "portal", "password": "portal-sandbox-password"},
    )
    assert response.status_code == 200
    assert response.json() == {"ids": {}, "profile": {"user_level": 16, "is_first_login": False}}
    assert len(response.cookies["sessionid"]) >= 32
    assert "httponly" in response.headers["set-cookie"].lower()


def test_demo_user_signs_in_with_their_id_and_gets_their_ids(sandbox):
    response = httpx.post(
        f"{sandbox.url}/api/v1/login/", json={"username": DEMO_USER, "password": "user-demo-pass"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "ids": {"tenant_id": "acme", "group_id": "acme-hq", "user_id": DEMO_USER},
        "profile": {"user_level": 0, "is_first_login": False},
    }


@pytest.mark.parametrize(
    ("username", "password"),
    [("portal", "wrong"), (DEMO_USER, "wrong"), ("nobody@acme.example", "user-demo-pass")],
)
def test_bad_credentials_answer_401_with_an_error_body(sandbox, username, password):
    response = httpx.post(
        f"{sandbox.url}/api/v1/login/", json={"username": username, "password": password}
    )
    error = error_of(response, 401)
    assert "sessionid" not in response.cookies
    assert "password" in error["message"].lower()


def test_sign_in_without_password_names_the_field(sandbox):
    response = httpx.post(f"{sandbox.url}/api/v1/login/", json={"username": "portal"})
    assert error_of(response, 400)["field"] == "password"


def test_api_calls_need_a_session_cookie(sandbox):
    response = httpx.get(f"{sandbox.url}{DEMO_USER_PATH}services/cfa/")
    assert error_of(response, 401)["summary"] == "NOT_AUTHENTICATED"
    response = httpx.get(
        f"{sandbox.url}{DEMO_USER_PATH}services/cfa/", cookies={"sessionid": "made-up"}
    )
    error_of(response, 401)


def test_expiring_every_session_answers_401_until_the_next_sign_in(sandbox, admin):
    assert admin.get(f"{DEMO_USER_PATH}services/cfa/").status_code == 200
    assert sandbox.expire_sessions() >= 1
    error_of(admin.get(f"{DEMO_USER_PATH}services/cfa/"), 401)
    admin.post("/api/v1/login/", json={"username": "portal", "password": "portal-sandbox-password"})
    assert admin.get(f"{DEMO_USER_PATH}services/cfa/").status_code == 200


def test_end_user_reaches_only_their_own_user_paths(sandbox, admin, end_user):
    assert end_user.get(DEMO_USER_PATH).status_code == 200
    assert end_user.get(f"{DEMO_USER_PATH}services/cfa/").status_code == 200
    other = user_path(admin, "user00002@acme.example")
    for path in (
        other,
        f"{other}services/cfa/",
        "/api/v1/tenants/",
        f"{TENANT}/groups/",
        f"{TENANT}/search/users/",
        f"{TENANT}/groups/acme-hq/users/",
        f"{TENANT}/time_schedules/",
        f"{TENANT}/groups/acme-hq/services/call_centers/",
        # their own id under another group is not theirs either
        f"{TENANT}/groups/acme-sales/users/{DEMO_USER}/",
    ):
        assert error_of(end_user.get(path), 403)["summary"] == "FORBIDDEN", path


def test_session_lifetime_and_service_account_come_from_the_environment():
    env = {
        "SANDBOX_SESSION_TTL": "1",
        "SANDBOX_ADMIN_USERNAME": "switchboard",
        "SANDBOX_ADMIN_PASSWORD": "another-secret",
    }
    with SandboxProcess().start(users=5, env=env) as sandbox:
        login = {"username": "portal", "password": "portal-sandbox-password"}
        error_of(httpx.post(f"{sandbox.url}/api/v1/login/", json=login), 401)
        with closing(sandbox.client("switchboard", "another-secret")) as client:
            assert client.get("/api/v1/tenants/").status_code == 200
            time.sleep(1.2)
            error_of(client.get("/api/v1/tenants/"), 401)
