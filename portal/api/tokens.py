"""Making, checking and revoking personal API keys.

A key reads "sb_<prefix>_<secret>": the prefix finds the row, the digest of the whole key is
compared in constant time. The key itself is shown once, when it is made, and never logged.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import AuditEntry, User
from portal.api.models import ApiToken

KEY_START = "sb_"
PREFIX_BYTES = 6  # 12 hex characters: enough to find the row, not enough to guess the key
SECRET_BYTES = 32
# Writing "last used" at every call would make each call a write: once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once to its owner, then forgotten


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(owner: User, name: str) -> NewToken:
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    with transaction.atomic():
        digest = digest_of(key)
        token = ApiToken.objects.create(owner=owner, name=name, prefix=prefix, digest=digest)
        _audit(owner, f"api key created: {name} ({prefix})")
    return NewToken(token, key)


def revoke_token(token: ApiToken, actor: User) -> bool:
    """Revoke the key; False if it was revoked already."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            _audit(actor, f"api key revoked: {token.name} ({token.prefix})")
    return bool(revoked)


def find_token(key: str) -> ApiToken | None:
    """The active key this is, or None (unknown, revoked, or its owner may no longer sign in)."""
    if not key.startswith(KEY_START) or key.count("_") < 2:
        return None
    prefix = key[len(KEY_START) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(key)):
        return None
    if not token.is_active or not token.owner.is_active:
        return None
    return token


def note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _audit(actor: User, action: str) -> None:
    AuditEntry.objects.create(actor=actor, action=action[:120])
