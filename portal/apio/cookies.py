"""The portal's APIO session cookies: urllib3 keeps none, so the client keeps them here."""

import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookies import CookieError, Morsel, SimpleCookie


class SessionCookies:
    """The cookies APIO set for the portal's session, name -> value; safe to share by threads."""

    # The attributes SimpleCookie knows (Python 3.11). Any other one (Priority=High,
    # Partitioned…) is left out before parsing: SimpleCookie would read it as a cookie of its
    # own, or give up on the whole header.
    _ATTRIBUTES = frozenset(
        ("expires", "path", "comment", "domain", "max-age", "secure", "httponly", "version",
         "samesite")
    )  # fmt: skip

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def update(self, set_cookie_headers: Iterable[str]) -> None:
        parsed = [cookie for header in set_cookie_headers if (cookie := self._parse(header))]
        if not parsed:
            return
        with self._lock:
            for name, value, expired in parsed:
                if expired:
                    self._values.pop(name, None)
                else:
                    self._values[name] = value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def header(self) -> str:
        """The Cookie header's value; empty when there is no cookie to send."""
        with self._lock:
            return "; ".join(f"{name}={value}" for name, value in self._values.items())

    @classmethod
    def _parse(cls, header: str) -> tuple[str, str, bool] | None:
        """(name, value as sent back, expired) of one Set-Cookie header, or None if unreadable."""
        pair, *attributes = header.split(";")
        name = pair.partition("=")[0].strip()
        known = [a for a in attributes if a.partition("=")[0].strip().lower() in cls._ATTRIBUTES]
        cookies = SimpleCookie()
        try:
            cookies.load(";".join([pair, *known]))
        except CookieError:
            return None
        morsel = cookies.get(name)
        if morsel is None:
            return None
        return name, morsel.coded_value, cls._expired(morsel)

    @staticmethod
    def _expired(morsel: Morsel) -> bool:
        max_age = morsel["max-age"]
        if max_age:  # takes precedence over Expires (RFC 6265 §5.3)
            try:
                return int(max_age) <= 0
            except ValueError:
                pass
        if morsel["expires"]:
            try:
                expires = parsedate_to_datetime(morsel["expires"])
            except (TypeError, ValueError):
                return False
            if expires.tzinfo is None:
                expires = expires.replace(tzinfo=UTC)
            return expires <= datetime.now(UTC)
        return False
