"""End users and supervisors sign in with their own BroadWorks credentials, checked by APIO.

APIO's login (contract §2.1) answers who the credentials belong to; the portal keeps a
local account linked to that user id, with no usable local password.
"""

import logging

from django.contrib.auth.backends import BaseBackend

from portal.accounts.models import Role, User
from portal.apio.client import get_client
from portal.apio.errors import ApioError, PermanentApioError

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
        user = User.objects.filter(apio_user_id=login.user_id).first()
        if user is None:
            # An account an admin made under the person's user id is linked, not duplicated.
            user = User.objects.filter(username=login.user_id).first()
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
