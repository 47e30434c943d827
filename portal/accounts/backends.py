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


class ApioUserBackend(BaseBackend):
    def authenticate(self, request, username: str | None = None, password: str | None = None):
        # BroadWorks user ids look like addresses; the portal's staff names never contain "@".
        if not username or not password or "@" not in username:
            return None
        try:
            login = get_client().authenticate(username, password)
        except PermanentApioError:
            return None
        except ApioError as exc:
            logger.warning("APIO sign-in unavailable: %s", exc.__class__.__name__)
            return None
        if login.user_level != END_USER_LEVEL or not login.user_id:
            return None
        user = User.objects.filter(apio_user_id=login.user_id).first()
        if user is None:
            user = User(username=login.user_id, role=Role.END_USER, apio_user_id=login.user_id)
            user.set_unusable_password()
        if user.role not in (Role.END_USER, Role.SUPERVISOR) or not user.is_active:
            return None
        user.apio_tenant_id = login.tenant_id or ""
        user.apio_group_id = login.group_id or ""
        user.save()
        return user

    def get_user(self, user_id: int):
        return User.objects.filter(pk=user_id, is_active=True).first()
