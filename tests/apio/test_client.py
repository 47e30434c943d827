"""The APIO client against the sandbox over real HTTP: sign-in, renewal, failures, logging."""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from portal.apio import client as client_module
from portal.apio import paths
from portal.apio.client import ApioClient, ApioSettings
from portal.apio.errors import ApioNotFound, PermanentApioError, TransientApioError
from portal.core import UserRef
from tests.apio.load_balancer import STICKY, LoadBalancer
from tests.sandbox_process import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    USER_PASSWORD,
    SandboxProcess,
    free_port,
)

pytestmark = pytest.mark.integration

DEMO = UserRef("acme", "acme-hq", "user00001@acme.example")
WITHOUT_CFA = UserRef("acme", "acme-hq", "user00002@acme.example")
CFA = paths.user_service(DEMO, "cfa")
ADVANCED = paths.user_service(DEMO, "voice_messaging/advanced_config")
LOG_LINE = re.compile(r"^apio (GET|PUT|POST|DELETE) (/\S+) -> (\S+) in (\d+) ms$")


@pytest.fixture(autouse=True)
def fresh_sandbox(sandbox):
    """Demo data, no faults, no sessions that a previous test left, an empty request log."""
    sandbox.reset()
    sandbox.expire_sessions()
    sandbox.clear_requests()


@pytest.fixture
def make_client(sandbox):
    clients: list[ApioClient] = []

    def make(target: SandboxProcess = sandbox, **overrides) -> ApioClient:
        settings = {"base_url": target.url, "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
        clients.append(ApioClient(ApioSettings(**{**settings, **overrides})))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="module")
def forgetful_sandbox():
    """A sandbox whose sessions expire as soon as they are opened: every call answers 401."""
    process = SandboxProcess().start(users=5, env={"SANDBOX_SESSION_TTL": "0"})
    yield process
    process.stop()


@pytest.fixture(scope="module")
def balancer(sandbox):
    """The sandbox behind a sticky load balancer that sets its own SERVERID cookie."""
    balancer = LoadBalancer(sandbox.port).start()
    yield balancer
    balancer.stop()


@pytest.fixture
def load_balancer(balancer):
    balancer.reset()
    return balancer


def calls(sandbox: SandboxProcess) -> list[tuple[str, str, int | None]]:
    return [(r["method"], r["path"], r["status"]) for r in sandbox.requests()]


def logins(sandbox: SandboxProcess) -> int:
    return sum(path == paths.LOGIN for _, path, _ in calls(sandbox))


# -- sign-in and renewal -------------------------------------------------------------------


def test_the_first_call_signs_in_and_later_calls_reuse_the_session(sandbox, make_client):
    client = make_client()
    assert calls(sandbox) == []  # building a client sends nothing
    assert client.get(paths.tenants())["tenants"]
    client.get(paths.groups("acme"))
    login, *rest = sandbox.requests()
    assert (login["method"], login["path"], login["status"]) == ("POST", paths.LOGIN, 200)
    assert login["body"]["username"] == ADMIN_USERNAME
    assert [(r["path"], r["status"], r["username"]) for r in rest] == [
        (paths.tenants(), 200, ADMIN_USERNAME),
        (paths.groups("acme"), 200, ADMIN_USERNAME),
    ]


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("GET", None),
        ("PUT", {"active": False}),
        ("DELETE", {"services": [{"name": "Call Waiting"}]}),
    ],
)
def test_an_expired_session_is_renewed_once_and_the_call_repeated(
    sandbox, make_client, method, body
):
    path = paths.user_services(DEMO) if method == "DELETE" else CFA
    client = make_client()
    client.get(CFA)
    assert sandbox.expire_sessions() == 1
    sandbox.clear_requests()
    arguments = () if body is None else (body,)
    client.request(method, path, *arguments)
    assert calls(sandbox) == [(method, path, 401), ("POST", paths.LOGIN, 200), (method, path, 200)]
    first, _, repeated = sandbox.requests()
    assert repeated["body"] == first["body"] == body  # the same request, body included


def test_a_wrong_portal_password_raises_401_and_does_not_loop(sandbox, make_client):
    client = make_client(password="not-the-portal-password")
    for attempt in (1, 2):
        with pytest.raises(PermanentApioError) as raised:
            client.get(CFA)
        assert raised.value.status == 401
        assert raised.value.message == "Invalid username or password"
        assert calls(sandbox) == [("POST", paths.LOGIN, 401)] * attempt


def test_a_401_that_survives_a_fresh_sign_in_raises_and_does_not_loop(
    forgetful_sandbox, make_client
):
    client = make_client(forgetful_sandbox)
    forgetful_sandbox.clear_requests()
    with pytest.raises(PermanentApioError) as raised:
        client.get(paths.tenants())
    assert raised.value.status == 401
    assert calls(forgetful_sandbox) == [
        ("POST", paths.LOGIN, 200),
        ("GET", paths.tenants(), 401),
        ("POST", paths.LOGIN, 200),
        ("GET", paths.tenants(), 401),
    ]


@pytest.mark.parametrize("session", ["none yet", "expired"])
def test_concurrent_calls_sign_in_once(sandbox, make_client, session):
    client = make_client()
    if session == "expired":
        client.get(CFA)
        sandbox.expire_sessions()
        sandbox.clear_requests()
    threads = 8
    start = threading.Barrier(threads)

    def call(_: int) -> dict:
        start.wait()  # all threads meet the missing or expired session together
        return client.get(CFA)

    with ThreadPoolExecutor(threads) as pool:
        answers = list(pool.map(call, range(threads)))
    assert all(answer == answers[0] for answer in answers)
    assert logins(sandbox) == 1
    assert sum(path == CFA and status == 200 for _, path, status in calls(sandbox)) == threads


def test_a_persons_own_sign_in_leaves_the_portal_session_alone(sandbox, make_client):
    client = make_client()
    client.get(CFA)
    login = client.authenticate(DEMO.user_id, USER_PASSWORD)
    assert (login.user_level, login.tenant_id, login.group_id, login.user_id) == (
        0,
        "acme",
        "acme-hq",
        DEMO.user_id,
    )
    client.get(CFA)
    assert [r["username"] for r in sandbox.requests() if r["path"] == CFA] == [ADMIN_USERNAME] * 2


def test_apio_served_under_a_path_is_reached_below_it(sandbox, make_client):
    gateway = LoadBalancer(sandbox.port, prefix="/gateway").start()
    try:
        client = make_client(gateway, base_url=f"{gateway.url}/gateway/")
        assert client.get(CFA)["active"] in (True, False)
    finally:
        gateway.stop()
    assert [(seen.method, seen.path) for seen in gateway.seen] == [
        ("POST", f"/gateway{paths.LOGIN}"),
        ("GET", f"/gateway{CFA}"),
    ]


# -- cookies -------------------------------------------------------------------------------


def test_load_balancer_cookies_are_carried_on_every_later_request(load_balancer, make_client):
    client = make_client(load_balancer)
    client.get(CFA)
    client.put(CFA, {"active": False})
    client.delete(paths.user_services(DEMO), {"services": [{"name": "Call Waiting"}]})
    login, *later = load_balancer.seen
    assert (login.method, login.path, login.cookies) == ("POST", paths.LOGIN, {})
    session = later[0].cookies["sessionid"]
    assert [(seen.method, seen.cookies) for seen in later] == [
        ("GET", {"sessionid": session, STICKY: "apio-1"}),
        ("PUT", {"sessionid": session, STICKY: "apio-1"}),
        ("DELETE", {"sessionid": session, STICKY: "apio-1"}),
    ]


def test_a_cookie_set_again_replaces_the_earlier_value(load_balancer, make_client):
    client = make_client(load_balancer)
    client.get(CFA)
    load_balancer.next_answer_sets(f"{STICKY}=apio-2; Path=/; HttpOnly")  # moved to a new node
    client.get(CFA)
    client.get(CFA)
    *_, moved, after = load_balancer.seen
    assert moved.cookies[STICKY] == "apio-1"
    assert after.cookies == {"sessionid": moved.cookies["sessionid"], STICKY: "apio-2"}
    assert after.cookie_header.count(f"{STICKY}=") == 1


@pytest.mark.parametrize(
    "expired",
    [f"{STICKY}=; Max-Age=0; Path=/", f"{STICKY}=apio-1; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
    ids=["max-age 0", "expires in the past"],
)
def test_an_expired_cookie_is_no_longer_sent(load_balancer, make_client, expired):
    client = make_client(load_balancer)
    client.get(CFA)
    load_balancer.node = "apio-2"
    load_balancer.next_answer_sets(expired)  # the balancer drains apio-1
    client.get(CFA)
    client.get(CFA)  # without SERVERID: the balancer picks apio-2 for the next ones
    client.get(CFA)
    *_, drained, without, after = load_balancer.seen
    session = drained.cookies["sessionid"]
    assert drained.cookies == {"sessionid": session, STICKY: "apio-1"}
    assert without.cookies == {"sessionid": session}
    assert after.cookies == {"sessionid": session, STICKY: "apio-2"}


def test_a_new_sign_in_starts_without_the_old_cookies(sandbox, load_balancer, make_client):
    client = make_client(load_balancer)
    client.get(CFA)
    old_session = load_balancer.seen[-1].cookies["sessionid"]
    sandbox.expire_sessions()
    load_balancer.node = "apio-2"
    client.get(CFA)
    rejected, login, repeated = load_balancer.seen[-3:]
    assert (rejected.method, rejected.cookies) == (
        "GET",
        {"sessionid": old_session, STICKY: "apio-1"},
    )
    assert (login.path, login.cookies) == (paths.LOGIN, {})
    assert repeated.cookies[STICKY] == "apio-2"
    assert repeated.cookies["sessionid"] not in ("", old_session)


def test_a_persons_sign_in_neither_sends_nor_keeps_cookies(sandbox, load_balancer, make_client):
    client = make_client(load_balancer)
    client.get(CFA)
    portal_cookies = load_balancer.seen[-1].cookies
    load_balancer.node = "apio-2"
    load_balancer.next_answer_sets("tracking=person; Path=/")
    client.authenticate(DEMO.user_id, USER_PASSWORD)
    client.get(CFA)
    *_, person, after = load_balancer.seen
    assert (person.path, person.cookie_header) == (paths.LOGIN, None)
    assert after.cookies == portal_cookies
    assert [r["username"] for r in sandbox.requests() if r["path"] == CFA] == [ADMIN_USERNAME] * 2


# -- transient and permanent failures ------------------------------------------------------


@pytest.mark.parametrize("signed_in", [True, False], ids=["after sign-in", "during sign-in"])
@pytest.mark.parametrize(
    ("fault", "statuses"),
    [("error_rate", {500, 502, 503, 504}), ("drop_rate", {None})],
    ids=["5xx answer", "dropped connection"],
)
def test_injected_faults_are_transient(sandbox, make_client, fault, statuses, signed_in):
    client = make_client()
    if signed_in:
        client.get(CFA)
    sandbox.set_faults(**{fault: 1.0})
    sandbox.clear_requests()
    with pytest.raises(TransientApioError) as raised:
        client.get(CFA)
    assert raised.value.status in statuses
    # One request, not retried: retrying is the callers' decision (the changes pipeline's).
    assert len(calls(sandbox)) == 1


@pytest.mark.parametrize(
    ("service", "body", "field", "message"),
    [
        ("cfa", {"active": True, "destination": ""}, "destination",
         "A destination is required when active is true"),
        ("cfa", {"forwardEverything": True}, "forwardEverything",
         "Unknown field 'forwardEverything' for Call Forwarding attributes"),
        ("voice_messaging/basic_config", {"active": 1}, "active",
         "Field 'active' must be a boolean, got an integer"),
    ],
)  # fmt: skip
def test_a_rejected_payload_is_permanent_with_the_sandbox_message_and_field(
    sandbox, make_client, service, body, field, message
):
    client = make_client()
    with pytest.raises(PermanentApioError) as raised:
        client.put(paths.user_service(DEMO, service), body)
    error = raised.value
    assert not isinstance(error, ApioNotFound)
    assert (error.status, error.code, error.details[0].summary) == (400, 42, "INVALID_PARAMETERS")
    assert error.field_messages() == {field: [message]}
    assert sum(method == "PUT" for method, _, _ in calls(sandbox)) == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (paths.user_service(WITHOUT_CFA, "cfa"),
         "Service Call Forwarding Always is not assigned to the user"),
        (paths.user_service(WITHOUT_CFA, "voice_messaging/greetings"),
         "Service Voice Messaging User is not assigned to the user"),
        (paths.user(UserRef("acme", "acme-hq", "nobody@acme.example")),
         "User nobody@acme.example not found in group acme-hq"),
    ],
)  # fmt: skip
def test_not_found_and_not_assigned_raise_apio_not_found(make_client, path, message):
    with pytest.raises(ApioNotFound) as raised:
        make_client().get(path)
    assert (raised.value.status, raised.value.message) == (404, message)


def test_the_read_timeout_is_honoured(sandbox, make_client, caplog):
    caplog.set_level(logging.INFO, logger="portal.apio")
    client = make_client(read_timeout=0.5)
    client.get(CFA)  # signed in before the sandbox starts hanging
    sandbox.set_faults(timeout_rate=1.0, timeout_seconds=5)
    started = time.perf_counter()
    with pytest.raises(TransientApioError) as raised:
        client.get(CFA)
    elapsed = time.perf_counter() - started
    assert 0.45 <= elapsed < 2.0, elapsed  # the client's 0.5 s, far from the sandbox's 5 s
    assert raised.value.status is None
    assert re.fullmatch(rf"apio GET {re.escape(CFA)} -> timeout in \d+ ms", caplog.messages[-1])


def test_a_dropped_connection_is_unreachable_and_the_next_call_reconnects(
    sandbox, make_client, caplog
):
    caplog.set_level(logging.INFO, logger="portal.apio")
    client = make_client()
    before = client.get(CFA)
    sandbox.set_faults(drop_rate=1.0)
    with pytest.raises(TransientApioError) as raised:
        client.put(CFA, {"active": not before["active"]})
    assert str(raised.value) == f"APIO unreachable (ProtocolError, PUT {CFA})"
    assert re.fullmatch(
        rf"apio PUT {re.escape(CFA)} -> ProtocolError in \d+ ms", caplog.messages[-1]
    )
    sandbox.set_faults(drop_rate=0.0)
    assert client.get(CFA) == before  # the dropped PUT changed nothing
    assert logins(sandbox) == 1  # the same session, on a new connection


def test_a_refused_connection_is_unreachable_not_a_timeout(make_client):
    """urllib3 files a refused connection under its timeouts; the portal must not say "slow"."""
    client = make_client(base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TransientApioError) as raised:
        client.get(CFA)
    assert str(raised.value) == f"APIO unreachable (NewConnectionError, POST {paths.LOGIN})"
    with pytest.raises(TransientApioError) as raised:
        client.authenticate(DEMO.user_id, USER_PASSWORD)
    assert str(raised.value) == "APIO unreachable: NewConnectionError"


@pytest.mark.parametrize("call", ["portal request", "persons sign-in"])
def test_a_timeout_says_apio_did_not_answer_in_time(sandbox, make_client, call):
    client = make_client(read_timeout=0.3)
    client.get(CFA)
    sandbox.set_faults(timeout_rate=1.0, timeout_seconds=5)
    with pytest.raises(TransientApioError) as raised:
        if call == "portal request":
            client.put(CFA, {"active": False})
        else:
            client.authenticate(DEMO.user_id, USER_PASSWORD)
    expected = {
        "portal request": f"APIO did not answer in time (PUT {CFA})",
        "persons sign-in": "APIO did not answer the sign-in in time",
    }
    assert (str(raised.value), raised.value.status) == (expected[call], None)


# -- logging -------------------------------------------------------------------------------


def test_every_call_is_logged_without_any_password(sandbox, make_client, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, httpx's and httpcore's included
    mail_password = "mail-secret-7f3a9c"
    client = make_client()
    body = {"mailServerSelection": "Group Mail Server", "groupMailServerPassword": mail_password}
    client.put(ADVANCED, body)
    with pytest.raises(ApioNotFound):
        client.get(paths.user_service(WITHOUT_CFA, "cfa"))
    with pytest.raises(PermanentApioError):
        client.put(CFA, {"active": "yes"})
    assert sandbox.object(ADVANCED)["groupMailServerPassword"] == mail_password  # it was sent

    logged = [LOG_LINE.fullmatch(r.getMessage()) for r in caplog.records if r.name == "portal.apio"]
    assert all(logged), [r.getMessage() for r in caplog.records if r.name == "portal.apio"]
    assert [m.group(1, 2, 3) for m in logged] == [
        ("POST", paths.LOGIN, "200"),
        ("PUT", ADVANCED, "200"),
        ("GET", paths.user_service(WITHOUT_CFA, "cfa"), "404"),
        ("PUT", CFA, "400"),
    ]
    everything = caplog.text + "".join(repr(vars(record)) for record in caplog.records)
    assert mail_password not in everything
    assert ADMIN_PASSWORD not in everything


def test_a_persons_sign_in_is_logged_without_their_password(make_client, caplog):
    """authenticate() calls APIO too; a slow or failing sign-in must leave the same trace."""
    caplog.set_level(logging.DEBUG)
    client = make_client()
    client.authenticate(DEMO.user_id, USER_PASSWORD)
    with pytest.raises(PermanentApioError):
        client.authenticate(DEMO.user_id, "wrong-password-5d1e")
    messages = [r.getMessage() for r in caplog.records if r.name == "portal.apio"]
    logged = [LOG_LINE.fullmatch(message) for message in messages]
    assert all(logged), messages
    assert [m.group(1, 2, 3) for m in logged] == [
        ("POST", paths.LOGIN, "200"),
        ("POST", paths.LOGIN, "401"),
    ]
    everything = caplog.text + "".join(repr(vars(record)) for record in caplog.records)
    assert USER_PASSWORD not in everything
    assert "wrong-password-5d1e" not in everything


def test_a_worker_waits_for_apio_longer_than_a_page(settings, monkeypatch):
    settings.APIO_READ_TIMEOUT = 3.0
    settings.APIO_PUSH_READ_TIMEOUT = 7.0
    monkeypatch.setattr(client_module, "_pushing", False)
    client_module.reset_client()
    try:
        assert client_module.get_client().config.read_timeout == 3.0  # a page's process
        client_module.use_push_timeouts()  # as a Celery worker does when it starts
        assert client_module.get_client().config.read_timeout == 7.0
    finally:
        monkeypatch.setattr(client_module, "_pushing", False)
        client_module.reset_client()
