"""End users and supervisors sign in with their own BroadWorks credentials, checked by APIO.

APIO's login (contract §2.1) answers who the credentials belong to; the portal keeps a
local account linked to that user id, with no usable local password.
"""

import logging

from django.contrib.auth.backends import BaseBackend

from portal.accounts.models import Role, User
from portal.apio.client import get_client
from portal.apio.errors import ApioError, PermanentApioError
from portal.core import UserRef
from portal.reads import get_profile

logger = logging.getLogger(__name__)

END_USER_LEVEL = 0
# Who signs in with BroadWorks credentials; staff sign in with a portal password only.
APIO_ROLES = (Role.END_USER, Role.SUPERVISOR)


class ApioUserBackend(BaseBackend):
    def authenticate(self, request, username: str | None = None, password: str | None = None):
        # BroadWorks user ids look like addresses; the portal's staff names never contain "@".
        if not username or not password or "@" not in username:
            return None
        # Nor may a staff account named like an address reach APIO: a staff password, even one
        # typed wrong, must never leave the portal.
        staff = User.objects.filter(username__iexact=username).exclude(role__in=APIO_ROLES)
        if staff.exists():
            return None
        try:
            login = get_client().authenticate(username, password)
        except PermanentApioError:
            return None
        except ApioError as exc:
            logger.warning("APIO sign-in unavailable: %s", exc.__class__.__name__)
            if request is not None:
                # Lets the sign-in form say why, instead of blaming the password.
                request.apio_sign_in_unavailable = True
            return None
        if login.user_level != END_USER_LEVEL or not login.user_id:
            return None
        # BroadWorks user ids are case-insensitive: USER1@ACME.EXAMPLE is user1@acme.example,
        # and keeps the account (and the spelling of the id) it was first linked with.
        user = linked_account(login.user_id)
        if user is None:
            # An account an admin made under the person's user id is linked, not duplicated.
            user = User.objects.filter(username__iexact=login.user_id).order_by("pk").first()
            if user is None:
                user = User(username=login.user_id, role=Role.END_USER)
                user.set_unusable_password()
            elif user.apio_user_id:
                return None  # named after this user, yet linked to another one
            user.apio_user_id = login.user_id
        if user.role not in APIO_ROLES or not user.is_active:
            return None
        user.apio_tenant_id = login.tenant_id or ""
        user.apio_group_id = login.group_id or ""
        user.save()
        return user

    def get_user(self, user_id: int):
        return User.objects.filter(pk=user_id, is_active=True).first()


def linked_account(user_id: str) -> User | None:
    """The portal account linked to this BroadWorks user, whatever the case of the id."""
    return User.objects.filter(apio_user_id__iexact=user_id).order_by("pk").first()


def take_platform_name(user: User) -> None:
    """A linked person is named as on the platform: their profile's name, read as they sign in.

    Nothing is lost when the platform cannot be read: the name stays as it was.
    """
    if user.role not in APIO_ROLES or not (user.apio_user_id and user.apio_tenant_id):
        return
    ref = UserRef(user.apio_tenant_id, user.apio_group_id, user.apio_user_id)
    try:
        profile = get_profile(ref)
    except ApioError as exc:
        logger.warning("profile of %s unreadable at sign-in: %s", user.username, exc)
        return
    name_length = User._meta.get_field("first_name").max_length
    first, last = profile.first_name[:name_length], profile.last_name[:name_length]
    if (first or last) and (first, last) != (user.first_name, user.last_name):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
