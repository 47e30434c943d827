"""End users sign in with their BroadWorks credentials, checked by APIO; staff never reach APIO.

Also the ``portal_user`` command that creates staff accounts.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.accounts.models import Role, Scope, User
from portal.apio import paths
from tests.accounts.people import HQ_USER, STAFF_PASSWORD, SUPERVISOR_ID, helpdesk
from tests.sandbox_process import USER_PASSWORD

WRONG_LOGIN = "Wrong user name or password"


def sign_in(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def apio_sign_ins(sandbox, username: str) -> list[dict]:
    """The sign-ins APIO received for this name."""
    return [
        r
        for r in sandbox.requests()
        if r["path"] == paths.LOGIN and (r["body"] or {}).get("username") == username
    ]


def signed_in_user(client) -> User | None:
    user_pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_pk) if user_pk else None


def test_end_user_signs_in_with_apio_credentials(client, apio, db):
    response = sign_in(client, HQ_USER.user_id, USER_PASSWORD)

    assert (response.status_code, response.url) == (302, reverse("home"))
    user = signed_in_user(client)
    assert user.role == Role.END_USER
    ids = (user.apio_tenant_id, user.apio_group_id, user.apio_user_id)
    assert ids == (HQ_USER.tenant_id, HQ_USER.group_id, HQ_USER.user_id)
    # The portal keeps no password of theirs: APIO alone checks it.
    assert not user.has_usable_password()
    assert [r["status"] for r in apio_sign_ins(apio, HQ_USER.user_id)] == [200]
    # An end user lands on the page of their own calls.
    home = client.get(reverse("home"))
    assert (home.status_code, home.url) == (302, reverse("features:my_home"))


def test_next_sign_in_uses_the_same_account(client, apio, db):
    sign_in(client, HQ_USER.user_id, USER_PASSWORD)
    first = signed_in_user(client)
    client.logout()

    sign_in(client, HQ_USER.user_id, USER_PASSWORD)

    assert signed_in_user(client) == first
    assert User.objects.filter(apio_user_id=HQ_USER.user_id).count() == 1


def test_supervisor_account_made_by_an_admin_keeps_its_role(client, apio, db):
    made = User.objects.create(
        username="sue", role=Role.SUPERVISOR, apio_user_id=SUPERVISOR_ID, apio_tenant_id="acme"
    )

    response = sign_in(client, SUPERVISOR_ID, USER_PASSWORD)

    assert response.status_code == 302
    user = signed_in_user(client)
    assert (user.pk, user.role, user.apio_group_id) == (made.pk, Role.SUPERVISOR, "acme-hq")
    assert client.get(reverse("supervision:call_center_list"), follow=True).status_code == 200


def test_account_named_by_its_broadworks_id_is_linked_at_first_sign_in(client, apio, db):
    # As ``portal_user add supervisor1@acme.example --role supervisor`` makes it, unlinked.
    made = User.objects.create_user(SUPERVISOR_ID, password=STAFF_PASSWORD, role=Role.SUPERVISOR)

    response = sign_in(client, SUPERVISOR_ID, USER_PASSWORD)

    assert response.status_code == 302
    made.refresh_from_db()
    assert signed_in_user(client) == made
    assert (made.apio_user_id, made.apio_group_id) == (SUPERVISOR_ID, "acme-hq")


@pytest.mark.parametrize(
    ("username", "password"),
    [
        pytest.param(HQ_USER.user_id, "not-the-password", id="wrong-password"),
        pytest.param("nobody@acme.example", USER_PASSWORD, id="unknown-user"),
    ],
)
def test_wrong_apio_credentials_give_the_same_clear_error(client, apio, db, username, password):
    response = sign_in(client, username, password)

    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG_LOGIN in html
    assert password not in html
    assert signed_in_user(client) is None
    assert not User.objects.filter(username=username).exists()
    # APIO did check them, and said no.
    assert [r["status"] for r in apio_sign_ins(apio, username)] == [401]


@pytest.mark.parametrize(
    ("username", "password"),
    [
        pytest.param("hd", STAFF_PASSWORD, id="right-password"),
        pytest.param("hd", "typed-wrong", id="wrong-password"),
        pytest.param("hd@msp.example", "typed-wrong", id="name-with-at-sign"),
        pytest.param("HD@msp.example", "typed-wrong", id="name-in-other-case"),
    ],
)
def test_staff_sign_in_never_reaches_apio(client, apio, db, username, password):
    helpdesk("hd", "acme")
    helpdesk("hd@msp.example", "acme")

    sign_in(client, username, password)

    assert apio_sign_ins(apio, username) == []


def test_staff_account_cannot_use_the_apio_credentials_it_is_linked_to(client, apio, db):
    staff = helpdesk("hd", "acme")
    staff.apio_user_id = HQ_USER.user_id
    staff.save()

    response = sign_in(client, HQ_USER.user_id, USER_PASSWORD)

    assert WRONG_LOGIN in response.content.decode()
    assert signed_in_user(client) is None


def test_deactivated_end_user_cannot_sign_in(client, apio, db):
    sign_in(client, HQ_USER.user_id, USER_PASSWORD)
    User.objects.filter(apio_user_id=HQ_USER.user_id).update(is_active=False)
    client.logout()

    response = sign_in(client, HQ_USER.user_id, USER_PASSWORD)

    assert WRONG_LOGIN in response.content.decode()
    assert signed_in_user(client) is None


def test_apio_down_answers_the_sign_in_page_not_an_error(client, apio, db, settings, caplog):
    settings.APIO_BASE_URL = "http://127.0.0.1:9"  # the discard port: nothing answers there

    response = sign_in(client, HQ_USER.user_id, USER_PASSWORD)

    assert response.status_code == 200
    assert signed_in_user(client) is None
    assert "APIO sign-in unavailable" in caplog.text


# -- the portal_user command ------------------------------------------------------------------


def run_portal_user(monkeypatch, password: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    out = io.StringIO()
    call_command("portal_user", "add", *args, stdout=out)
    return out.getvalue()


def test_portal_user_creates_a_helpdesk_with_a_scope(client, db, monkeypatch):
    out = run_portal_user(
        monkeypatch, "long-enough-pw", "harry", "--role", "helpdesk", "--tenant", "acme",
        "--group", "acme-hq",
    )  # fmt: skip

    assert out.strip() == "Created harry (Helpdesk)."
    user = User.objects.get(username="harry")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.HELPDESK, False, False)
    assert list(Scope.objects.filter(user=user).values_list("tenant_id", "group_id")) == [
        ("acme", "acme-hq")
    ]
    assert "long-enough-pw" not in out
    assert sign_in(client, "harry", "long-enough-pw").url == reverse("home")


def test_portal_user_admin_may_use_the_admin_site(db, monkeypatch):
    run_portal_user(monkeypatch, "long-enough-pw", "ada", "--role", "admin")

    user = User.objects.get(username="ada")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.ADMIN, True, True)


def test_portal_user_refuses_a_short_password(db, monkeypatch):
    with pytest.raises(CommandError, match="at least 8 characters"):
        run_portal_user(monkeypatch, "short", "harry", "--role", "helpdesk", "--tenant", "acme")

    assert not User.objects.filter(username="harry").exists()


def test_portal_user_refuses_a_group_without_its_tenant(db, monkeypatch):
    with pytest.raises(CommandError, match="--group needs --tenant"):
        run_portal_user(monkeypatch, "long-enough-pw", "harry", "--role", "helpdesk",
                        "--group", "acme-hq")  # fmt: skip

    assert not User.objects.filter(username="harry").exists()


def test_an_apio_outage_is_not_blamed_on_the_password(client, apio, db):
    apio.set_faults(error_rate=1.0)
    response = sign_in(client, HQ_USER.user_id, USER_PASSWORD)
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be checked right now" in page
    assert WRONG_LOGIN not in page
    assert signed_in_user(client) is None
