"""Security properties of the whole portal: CSP and no inline code, CSRF, cookies, lockout,
and secrets (passwords, PINs) that never show again once typed."""

import json
import logging
import re
from html.parser import HTMLParser

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from portal.accounts.models import AuditEntry, Role
from portal.apio import paths
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.secrets import MASK
from portal.changes.services import cancel_change, submit_change
from portal.features.sections import SNAPSHOT_SALT
from tests.accounts.people import (
    HQ_ARGS,
    HQ_USER,
    OWN_CALL_CENTER,
    STAFF_PASSWORD,
    SUPERVISOR_ID,
    forward_always_form,
    forwarding_request,
    helpdesk,
    linked_user,
    platform_admin,
)
from tests.processes import wait_for
from tests.sandbox_process import USER_PASSWORD

SECRET = "S3cret-Pa55"
ADVANCED_URL = reverse("features:section", args=[*HQ_ARGS, "voice-messaging", "advanced"])
HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(apio, db):
    """One person per role; the helpdesk looks after tenant acme."""
    return {
        "anonymous": None,
        "end_user": linked_user(apio, HQ_USER.user_id),
        "supervisor": linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR),
        "helpdesk": helpdesk("hd", "acme"),
        "admin": platform_admin(),
    }


@pytest.fixture
def change(people):
    return submit_change(people["helpdesk"], forwarding_request())


# -- Content-Security-Policy and inline code ------------------------------------------------


def url(name: str, *args, query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


def audit_entry_url(change) -> str:
    entry = AuditEntry.objects.get(change=change)
    return url("admin:accounts_auditentry_change", entry.pk)


# (who, how the page's URL is built from the test's change, sent as htmx)
PAGES = {
    "sign-in": ("anonymous", lambda c: url("accounts:login"), False),
    "my-home": ("end_user", lambda c: url("features:my_home"), False),
    "my-forwarding": ("end_user", lambda c: url("features:my_feature", "call-forwarding"), False),
    "my-section": (
        "end_user", lambda c: url("features:my_section", "call-forwarding", "always"), True
    ),
    "my-changes": ("end_user", lambda c: url("changes:change_list"), False),
    "call-centers": ("admin", lambda c: url("supervision:call_center_list"), False),
    "agents": ("supervisor", lambda c: url("supervision:agent_list", OWN_CALL_CENTER), False),
    "home-helpdesk": ("helpdesk", lambda c: url("home"), False),
    "search": ("helpdesk", lambda c: url("directory:user_search", query="q=user0000"), False),
    "search-results": (
        "helpdesk", lambda c: url("directory:user_search", query="q=user0000"), True
    ),
    "user": ("helpdesk", lambda c: url("directory:user_detail", *HQ_ARGS), False),
    "forwarding": (
        "helpdesk", lambda c: url("features:feature", *HQ_ARGS, "call-forwarding"), False
    ),
    "voice-messaging": (
        "helpdesk", lambda c: url("features:feature", *HQ_ARGS, "voice-messaging"), False
    ),
    "section": ("helpdesk", lambda c: ADVANCED_URL, True),
    "changes": ("helpdesk", lambda c: url("changes:change_list"), False),
    "change": ("helpdesk", lambda c: url("changes:change_detail", c.pk), False),
    "change-status": ("helpdesk", lambda c: url("changes:change_status", c.pk), True),
    "audit": ("helpdesk", lambda c: url("accounts:audit_list"), False),
    "acting-banner": ("acting", lambda c: url("features:my_feature", "call-forwarding"), False),
    "not-found": ("helpdesk", lambda c: url("features:feature", *HQ_ARGS, "nothing"), False),
    "definitions": ("admin", lambda c: url("gallery:definition_list"), False),
    "definition-form": (
        "admin", lambda c: url("gallery:definition_form", "call_forwarding", "PUT"), False
    ),
    "definition-row": (
        "admin", lambda c: url("gallery:definition_row", "devices_to_ring", "POST",
                               query="list=mobilesNumbers"), True,
    ),
    "admin-call-centers": ("admin", lambda c: url("supervision:group", *HQ_ARGS[:2]), False),
    "admin-call-center": (
        "admin", lambda c: url("supervision:call_center", *HQ_ARGS[:2], OWN_CALL_CENTER), False
    ),
    "admin-index": ("admin", lambda c: url("admin:index"), False),
    "admin-audit-list": ("admin", lambda c: url("admin:accounts_auditentry_changelist"), False),
    "admin-audit-entry": ("admin", audit_entry_url, False),
}  # fmt: skip


class InlineCode(HTMLParser):
    """What a strict CSP would block, or what only works with 'unsafe-inline'."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith(("on", "hx-on", "data-hx-on")):
                self.found.append(f"{name}= on <{tag}>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name}= on <{tag}>")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def get_page(client, people, change, page: str):
    who, build, htmx = PAGES[page]
    if who == "acting":
        client.force_login(people["helpdesk"])
        client.post(reverse("accounts:act_as_start", args=HQ_ARGS))
    elif people[who] is not None:
        client.force_login(people[who])
    return client.get(build(change), headers=HTMX if htmx else {})


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_strict_csp_and_no_inline_code(client, people, change, page):
    response = get_page(client, people, change, page)

    expected = 404 if page == "not-found" else 200
    assert response.status_code == expected
    if page == "acting-banner":
        banner = f"You are acting for <strong><bdi>{HQ_USER.user_id}</bdi></strong>"
        assert banner in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    assert "'self'" in policy["script-src"]
    for directive in ("script-src", "style-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(policy[directive])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.found == []


def test_the_inline_code_check_finds_inline_code():
    parser = InlineCode()
    parser.feed(
        '<script>alert(1)</script><script src="/static/x.js"></script><p style="color:red">'
        '<button hx-on:click="x()" onclick="y()"><a href="javascript:z()">'
    )
    assert parser.found == [
        "<script> without src",
        "style= on <p>",
        "hx-on:click= on <button>",
        "onclick= on <button>",
        "javascript: URL in href= on <a>",
    ]


# -- CSRF --------------------------------------------------------------------------------------


def page_token(client) -> str:
    """The token htmx sends: the one the page puts in hx-headers on <body>."""
    html = client.get(reverse("home")).content.decode()
    headers = re.search(r"<body hx-headers='([^']+)'", html)
    assert headers, "every page carries the CSRF token for htmx"
    return json.loads(headers.group(1))["X-CSRFToken"]


# (method, URL, data, the answer once the token is there); all as htmx sends them.
UNSAFE = {
    "save-section": ("post", lambda c: url("features:section", *HQ_ARGS, "call-forwarding",
                                           "always"), forward_always_form, 200),
    "act-as": ("post", lambda c: url("accounts:act_as_start", *HQ_ARGS), None, 302),
    "cancel-change": ("post", lambda c: url("changes:change_cancel", c.pk), None, 200),
    "form-block": ("post", lambda c: url("features:section_block", *HQ_ARGS, "call-forwarding",
                                         "always"), lambda: {"_block": "always"}, 200),
    "remove-row": ("delete", lambda c: url("features:section_rows", *HQ_ARGS,
                                           "call-forwarding", "always"), None, 200),
    "sign-out": ("post", lambda c: url("accounts:logout"), None, 302),
}  # fmt: skip


def send_unsafe(client, change, request: str, headers: dict):
    method, build, data, _ = UNSAFE[request]
    send = getattr(client, method)
    if data is None:
        return send(build(change), headers=headers)
    return send(build(change), data(), headers=headers)


@pytest.mark.parametrize("request_name", UNSAFE)
def test_unsafe_request_without_csrf_token_is_refused(people, change, request_name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["helpdesk"])
    page_token(client)  # the cookie is there; only the token is missing

    response = send_unsafe(client, change, request_name, HTMX)

    assert response.status_code == 403


@pytest.mark.parametrize("request_name", UNSAFE)
def test_unsafe_request_with_the_page_token_is_accepted(people, change, request_name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["helpdesk"])
    token = page_token(client)

    response = send_unsafe(client, change, request_name, {**HTMX, "X-CSRFToken": token})

    assert response.status_code == UNSAFE[request_name][3]


def test_csrf_token_without_its_cookie_is_refused(people, change):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["helpdesk"])
    token = page_token(client)
    del client.cookies["csrftoken"]

    response = send_unsafe(client, change, "act-as", {**HTMX, "X-CSRFToken": token})

    assert response.status_code == 403


def test_sign_in_form_needs_its_csrf_token(db):
    staff = helpdesk("hd", "acme")
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": staff.username, "password": STAFF_PASSWORD}
    assert client.post(reverse("accounts:login"), credentials).status_code == 403

    html = client.get(reverse("accounts:login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(reverse("accounts:login"), {**credentials, "csrfmiddlewaretoken": token})

    assert (response.status_code, response.url) == (302, reverse("home"))


# -- cookies and lockout ----------------------------------------------------------------------

SIGN_INS = {
    "staff": ("hd", STAFF_PASSWORD),
    "apio-end-user": (HQ_USER.user_id, USER_PASSWORD),
}


def sign_in(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize("kind", SIGN_INS)
def test_session_cookie_is_http_only(client, apio, db, kind):
    helpdesk("hd", "acme")

    response = sign_in(client, *SIGN_INS[kind])

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("kind", SIGN_INS)
def test_sign_in_starts_a_new_session(client, apio, db, kind):
    helpdesk("hd", "acme")
    before = client.session.session_key  # an anonymous session, as a planted cookie would be

    sign_in(client, *SIGN_INS[kind])

    assert client.session.session_key != before


@pytest.mark.parametrize("kind", SIGN_INS)
def test_sign_in_never_sends_people_to_another_site(client, apio, db, kind):
    helpdesk("hd", "acme")
    username, password = SIGN_INS[kind]

    response = client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "next": "https://evil.example/"},
    )

    assert (response.status_code, response.url) == (302, reverse("home"))


def apio_sign_ins(sandbox) -> int:
    return sum(1 for r in sandbox.requests() if r["path"] == paths.LOGIN)


@pytest.mark.parametrize("kind", SIGN_INS)
def test_repeated_failures_lock_the_sign_in(client, apio, db, settings, kind):
    helpdesk("hd", "acme")
    username, password = SIGN_INS[kind]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong-password")
    asked = apio_sign_ins(apio)

    response = sign_in(client, username, password)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A locked name is not even checked: APIO is not asked again.
    assert apio_sign_ins(apio) == asked


@pytest.mark.parametrize("kind", SIGN_INS)
def test_fewer_failures_than_the_limit_do_not_lock(client, apio, db, settings, kind):
    helpdesk("hd", "acme")
    username, password = SIGN_INS[kind]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, username, "wrong-password")

    response = sign_in(client, username, password)

    assert (response.status_code, response.url) == (302, reverse("home"))


def cases_of(name: str, count: int) -> list[str]:
    """`count` spellings of a name in turn in other cases ("HD", "hd", "Hd", "hD", "HD"...):
    none of them as often as `count`, so that only a name counted whatever its case locks."""
    spellings = [name.upper(), name.lower(), name.title(), name.swapcase()]
    spellings += [name[:i].upper() + name[i:].lower() for i in range(1, len(name))]
    unique = list(dict.fromkeys(spellings))
    assert len(unique) > 1
    return [unique[i % len(unique)] for i in range(count)]


@pytest.mark.parametrize("kind", SIGN_INS)
def test_a_name_in_any_case_is_one_name_to_the_lockout(client, apio, db, settings, kind):
    helpdesk("hd", "acme")
    username, password = SIGN_INS[kind]
    for spelling in cases_of(username, settings.AXES_FAILURE_LIMIT):
        sign_in(client, spelling, "wrong-password")

    response = sign_in(client, username, password)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def sign_in_from(client, username: str, password: str, address: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **meta
    )


STRANGER, ADMIN_DESK, PROXY = "203.0.113.7", "198.51.100.9", "10.0.0.2"


def test_a_stranger_does_not_lock_the_admin_out_from_another_address(client, db, settings):
    platform_admin("admin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, "ADMIN", "wrong-password", STRANGER)

    # The name is locked where the failures came from, whatever its case...
    assert sign_in_from(client, "admin", STAFF_PASSWORD, STRANGER).status_code == 429
    # ...and nowhere else.
    response = sign_in_from(Client(), "admin", STAFF_PASSWORD, ADMIN_DESK)
    assert (response.status_code, response.url) == (302, reverse("home"))


def test_behind_trusted_proxies_the_forwarded_client_is_the_one_locked(client, db, settings):
    from axes.models import AccessAttempt

    settings.SWITCHBOARD_TRUSTED_PROXY_COUNT = 1
    platform_admin("admin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # Whatever the stranger writes in the header, the proxy appends their address.
        sign_in_from(client, "Admin", "wrong-password", PROXY, f"{ADMIN_DESK}, {STRANGER}")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}
    assert sign_in_from(client, "admin", STAFF_PASSWORD, PROXY, STRANGER).status_code == 429
    response = sign_in_from(Client(), "admin", STAFF_PASSWORD, PROXY, ADMIN_DESK)
    assert (response.status_code, response.url) == (302, reverse("home"))


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(client, db, settings):
    assert settings.SWITCHBOARD_TRUSTED_PROXY_COUNT == 0
    platform_admin("admin")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, "admin", "wrong-password", STRANGER, f"192.0.2.{number}")

    assert sign_in_from(client, "admin", STAFF_PASSWORD, STRANGER, ADMIN_DESK).status_code == 429


# -- secrets -----------------------------------------------------------------------------------


def capture_every_logger(caplog) -> None:
    # Loggers set to WARNING in the settings (httpx, axes, the database) would hide a leak.
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def snapshots_in(html: str) -> list[str]:
    """The section forms' signed snapshots, decoded: they are signed, not encrypted."""
    return [
        json.dumps(signing.loads(value, salt=SNAPSHOT_SALT))
        for value in re.findall(r'name="_snapshot" value="([^"]+)"', html)
    ]


def assert_no_secret(html: str) -> None:
    assert SECRET not in html
    assert all(SECRET not in snapshot for snapshot in snapshots_in(html))


def save_personal_mail_server(client):
    html = client.get(ADVANCED_URL, headers=HTMX).content.decode()
    snapshot = re.search(r'name="_snapshot" value="([^"]+)"', html).group(1)
    data = {
        "_snapshot": snapshot,
        "advanced-mailServerSelection": "Personal Mail Server",
        "advanced-personalMailServerPassword": SECRET,
    }
    return client.post(ADVANCED_URL, data, headers=HTMX)


def assert_pages_hold_no_secret(client, change) -> None:
    assert_no_secret(
        client.get(reverse("changes:change_detail", args=[change.pk])).content.decode()
    )
    audit = client.get(reverse("accounts:audit_list")).content.decode()
    assert_no_secret(audit)
    assert f"Password: — → {MASK}" in strip_tags(audit)
    response = client.get(reverse("accounts:audit_export"))
    csv = b"".join(response.streaming_content).decode()
    assert SECRET not in csv
    assert MASK in csv
    page = client.get(reverse("features:feature", args=[*HQ_ARGS, "voice-messaging"]))
    assert_no_secret(page.content.decode())


@pytest.mark.integration
def test_secret_is_shown_nowhere_and_forgotten_once_applied(
    client, apio, celery_worker, people, caplog, capfd
):
    capture_every_logger(caplog)
    client.force_login(people["helpdesk"])

    response = save_personal_mail_server(client)

    assert response.status_code == 200
    assert_no_secret(response.content.decode())
    change = PendingChange.objects.get(feature="voice-messaging/advanced")
    wait_for(
        lambda: PendingChange.objects.get(pk=change.pk).status == ChangeStatus.APPLIED,
        timeout=30,
        message="the change was not applied in time",
    )
    change.refresh_from_db()
    # It did reach APIO, the one place that keeps it.
    assert apio.object(change.path)["personalMailServerPassword"] == SECRET
    assert "personalMailServerPassword" not in change.payload
    assert change.redacted_fields == ["personalMailServerPassword"]
    assert_pages_hold_no_secret(client, change)
    assert caplog.records, "the portal logs its APIO calls"
    assert all(SECRET not in record.getMessage() for record in caplog.records)
    assert SECRET not in caplog.text
    out, err = capfd.readouterr()  # the worker's own output as well
    assert SECRET not in out + err


def test_secret_is_forgotten_when_the_change_is_cancelled(client, people, caplog):
    capture_every_logger(caplog)
    client.force_login(people["helpdesk"])

    assert_no_secret(save_personal_mail_server(client).content.decode())
    change = PendingChange.objects.get(feature="voice-messaging/advanced")
    assert change.payload["personalMailServerPassword"] == SECRET  # kept only until sent

    cancel_change(change, people["helpdesk"])

    change.refresh_from_db()
    assert change.status == ChangeStatus.CANCELLED
    assert "personalMailServerPassword" not in change.payload
    assert change.redacted_fields == ["personalMailServerPassword"]
    assert_pages_hold_no_secret(client, change)
    assert caplog.records
    assert SECRET not in caplog.text
