"""Portal accounts for the access tests, one per kind of person, and the data they act on.

Every person is a portal account as the portal makes it: staff with a local password and
scopes, end users and supervisors linked to their BroadWorks user the way sign-in links them.
"""

import re
from functools import cache

from django.utils import timezone

from portal.accounts.models import Role, Scope, User
from portal.apio.client import ApioClient, ApioSettings, LoginResult
from portal.apio.paths import user_service
from portal.changes.services import ChangeRequest
from portal.core import UserRef
from portal.features.registry import get_feature
from portal.features.sections import LoadedSection, section_path
from tests.sandbox_process import USER_PASSWORD

STAFF_PASSWORD = "staff-test-password"

# user00001 has every service; the other ids are landmarks of the sandbox's demo data.
HQ_USER = UserRef("acme", "acme-hq", "user00001@acme.example")
OTHER_USER_ID = "user00002@acme.example"
SUPERVISOR_ID = "supervisor1@acme.example"  # supervises cc-helpdesk, in acme-hq
OTHER_SUPERVISOR_ID = "supervisor2@acme.example"  # supervises cc-sales, in acme-sales
OWN_CALL_CENTER = "cc-helpdesk@acme.example"
HQ_ARGS = (HQ_USER.tenant_id, HQ_USER.group_id, HQ_USER.user_id)


@cache
def _login(base_url: str, user_id: str) -> LoginResult:
    # What APIO answers a user's own sign-in: where the user lives. It never changes for a
    # demo user, so one sign-in per user and test run is enough.
    client = ApioClient(ApioSettings(base_url=base_url, username="", password=""))
    try:
        return client.authenticate(user_id, USER_PASSWORD)
    finally:
        client.close()


def linked_user(sandbox, user_id: str, role: str = Role.END_USER, username: str = "") -> User:
    """An end user or supervisor linked to a demo user, as APIO sign-in links them."""
    login = _login(sandbox.url, user_id)
    user = User(
        username=username or user_id,
        role=role,
        apio_user_id=login.user_id,
        apio_tenant_id=login.tenant_id,
        apio_group_id=login.group_id,
    )
    user.set_unusable_password()
    user.save()
    return user


def helpdesk(username: str, tenant_id: str, group_id: str = "") -> User:
    user = User.objects.create_user(username, password=STAFF_PASSWORD, role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id=tenant_id, group_id=group_id)
    return user


def platform_admin(username: str = "ada") -> User:
    # As ``portal_user add --role admin`` makes it: Django staff and superuser as well.
    return User.objects.create_user(
        username, password=STAFF_PASSWORD, role=Role.ADMIN, is_staff=True, is_superuser=True
    )


def forwarding_request(ref: UserRef = HQ_USER, destination: str = "+3225550199") -> ChangeRequest:
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/always",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfa"),
        payload={"destination": destination},
        snapshot={"destination": ""},
    )


def voice_messaging_request(ref: UserRef = HQ_USER) -> ChangeRequest:
    """A change of voice messaging: a feature end users may change when their tenant allows."""
    return ChangeRequest(
        target=ref,
        feature="voice-messaging/basic",
        definition="user_voice_messaging_basic",
        method="PUT",
        path=user_service(ref, "voice_messaging/basic_config"),
        payload={"isActive": True},
        snapshot={"isActive": False},
    )


def signed_snapshot(feature_key: str, section_key: str, values: dict, ref: UserRef = HQ_USER):
    """The ``_snapshot`` a section's form carries, as if loaded with these values."""
    section = get_feature(feature_key).section(section_key)
    loaded = LoadedSection(section, section_path(ref, section), values, loaded_at=timezone.now())
    return loaded.signed_snapshot()


def forward_always_form(destination: str = "+3225550199") -> dict:
    """A valid post of the "Forward always" section that changes the destination."""
    snapshot = {"active": False, "destination": "", "ringSplashActive": False}
    return {
        "_snapshot": signed_snapshot("call-forwarding", "always", snapshot),
        "always-active": "false",
        "always-destination": destination,
        "always-ringSplashActive": "false",
    }


def sign_in_in_browser(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the sign-in page, as a person would, and wait for the home page."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def mail_server_request(ref: UserRef = HQ_USER) -> ChangeRequest:
    """A change of the voice mail server: a section only staff change, even for a user."""
    return ChangeRequest(
        target=ref,
        feature="voice-messaging/advanced",
        definition="user_voice_messaging_advanced",
        method="PUT",
        path=user_service(ref, "voice_messaging/advanced_config"),
        payload={"mailServerSelection": "Group Mail Server"},
        snapshot={"mailServerSelection": "Personal Mail Server"},
    )
