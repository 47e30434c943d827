"""Who a BroadWorks sign-in is: the person the platform names, whatever the case of their id."""

import pytest
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.apio.client import ApioClient, LoginResult
from portal.core import UserRef
from portal.reads import get_profile
from tests.accounts.people import HQ_USER, STAFF_PASSWORD, SUPERVISOR_ID
from tests.accounts.test_sign_in_apio import sign_in, signed_in_user
from tests.sandbox_process import USER_PASSWORD

# In acme-hq in the tests' sandbox data, like user00001, yet another person.
OTHER_HQ_USER_ID = "user00003@acme.example"


def header_of(client) -> str:
    html = client.get(reverse("home"), follow=True).content.decode()
    start = html.index('<span class="who">')
    who = html[start : html.index("</span>", start)].removeprefix('<span class="who">')
    return who.replace("<bdi>", "").replace("</bdi>", "")  # the name is isolated from the role


def platform_name(user_id: str) -> str:
    return get_profile(UserRef(HQ_USER.tenant_id, HQ_USER.group_id, user_id)).display_name


def test_a_broadworks_sign_in_is_named_as_on_the_platform(client, apio, db):
    sign_in(client, HQ_USER.user_id, USER_PASSWORD)

    name = platform_name(HQ_USER.user_id)
    assert name != HQ_USER.user_id  # the demo data gives every user a name
    assert header_of(client) == f"{name} · End user"
    user = signed_in_user(client)
    assert user.get_full_name() == name


def test_a_portal_account_linked_to_a_broadworks_user_takes_their_name(client, apio, db):
    # As the demo's "enduser": a portal password, linked to a BroadWorks user of its own.
    user = User.objects.create_user(
        "enduser", password=STAFF_PASSWORD, role=Role.END_USER, first_name="Eve",
        last_name="User", apio_user_id=OTHER_HQ_USER_ID, apio_tenant_id="acme",
        apio_group_id="acme-hq",
    )  # fmt: skip

    sign_in(client, "enduser", STAFF_PASSWORD)

    assert signed_in_user(client) == user
    assert header_of(client) == f"{platform_name(OTHER_HQ_USER_ID)} · End user"


def test_the_name_stays_as_it_was_when_the_platform_cannot_be_read(
    client, apio, db, settings, caplog
):
    User.objects.create_user(
        "enduser", password=STAFF_PASSWORD, role=Role.END_USER, first_name="Eve",
        last_name="User", apio_user_id=OTHER_HQ_USER_ID, apio_tenant_id="acme",
        apio_group_id="acme-hq",
    )  # fmt: skip
    settings.APIO_BASE_URL = "http://127.0.0.1:9"  # the discard port: nothing answers there

    response = sign_in(client, "enduser", STAFF_PASSWORD)

    assert response.url == reverse("home")
    assert header_of(client) == "Eve User · End user"
    assert "unreadable at sign-in" in caplog.text


@pytest.fixture
def apio_answers_the_id_as_typed(monkeypatch):
    """APIO's sign-in, answering the user id in the case it was typed (BroadWorks ids are
    case-insensitive); the sandbox itself only knows the ids as its data spells them."""
    real = ApioClient.authenticate

    def authenticate(self, username: str, password: str) -> LoginResult:
        login = real(self, username.lower(), password)
        return LoginResult(login.user_level, login.tenant_id, login.group_id, username)

    monkeypatch.setattr(ApioClient, "authenticate", authenticate)


def test_a_sign_in_in_another_case_is_the_same_person(
    client, apio, db, apio_answers_the_id_as_typed
):
    sign_in(client, HQ_USER.user_id, USER_PASSWORD)
    first = signed_in_user(client)
    client.logout()

    response = sign_in(client, HQ_USER.user_id.upper(), USER_PASSWORD)

    assert response.url == reverse("home")
    assert signed_in_user(client) == first
    assert User.objects.filter(apio_user_id__iexact=HQ_USER.user_id).count() == 1
    first.refresh_from_db()
    assert first.apio_user_id == HQ_USER.user_id  # linked as first spelled
    assert header_of(client) == f"{platform_name(HQ_USER.user_id)} · End user"


def test_an_account_named_after_the_user_in_another_case_is_linked(client, apio, db):
    # As ``portal_user add Supervisor1@Acme.Example --role supervisor`` makes it, unlinked.
    made = User.objects.create_user(
        "Supervisor1@Acme.Example", password=STAFF_PASSWORD, role=Role.SUPERVISOR
    )

    sign_in(client, SUPERVISOR_ID, USER_PASSWORD)

    assert signed_in_user(client) == made
    assert User.objects.count() == 1
    made.refresh_from_db()
    assert (made.role, made.apio_user_id) == (Role.SUPERVISOR, SUPERVISOR_ID)


def test_an_end_user_sees_changes_for_their_id_whatever_its_case(db, monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)
    from portal.access import covers_backend_user, visible_changes
    from portal.changes.services import submit_change
    from tests.accounts.people import forwarding_request, helpdesk

    staff = helpdesk("hd-case", "acme")
    upper = UserRef(HQ_USER.tenant_id, HQ_USER.group_id, HQ_USER.user_id.upper())
    change = submit_change(staff, forwarding_request(upper))
    person = User.objects.create_user(
        "case-person", password=STAFF_PASSWORD, role=Role.END_USER,
        apio_tenant_id=HQ_USER.tenant_id, apio_group_id=HQ_USER.group_id,
        apio_user_id=HQ_USER.user_id,
    )  # fmt: skip
    assert covers_backend_user(person, *vars(upper).values())
    assert list(visible_changes(person)) == [change]
