"""Sign-in and sessions: the portal's system account and every demo user.

Sessions live in memory only: a restarted APIO forgets them too, and the portal signs in again
on the 401 it then receives.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

SYSTEM_LEVEL = 16
END_USER_LEVEL = 0


def hash_password(user_id: str, password: str) -> str:
    """Demo users' stored password digests (salted by user id; the sandbox is no vault)."""
    return hashlib.sha256(f"{user_id}\x00{password}".encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    token: str
    username: str
    user_level: int
    ids: dict[str, str]
    expires_at: float

    def owns(self, tenant_id: str, group_id: str, user_id: str) -> bool:
        """Whether an end user's session may touch this user's paths (only their own)."""
        return self.ids == {"tenant_id": tenant_id, "group_id": group_id, "user_id": user_id}

    def login_body(self) -> dict[str, Any]:
        return {
            "ids": dict(self.ids),
            "profile": {"user_level": self.user_level, "is_first_login": False},
        }


@dataclass
class SessionStore:
    ttl_seconds: float
    sessions: dict[str, Session] = field(default_factory=dict)

    def open(self, username: str, user_level: int, ids: dict[str, str]) -> Session:
        self._forget_expired()
        session = Session(
            token=secrets.token_urlsafe(32),
            username=username,
            user_level=user_level,
            ids=ids,
            expires_at=time.monotonic() + self.ttl_seconds,
        )
        self.sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        session = self.sessions.get(token or "")
        if session is None:
            return None
        if session.expires_at <= time.monotonic():
            del self.sessions[session.token]
            return None
        return session

    def expire_all(self) -> int:
        count = len(self.sessions)
        self.sessions.clear()
        return count

    def _forget_expired(self) -> None:
        now = time.monotonic()
        for token in [t for t, s in self.sessions.items() if s.expires_at <= now]:
            del self.sessions[token]


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
