"""The log of the last /api/v1/ requests, so tests can assert what the portal sent.

Bodies are kept as parsed JSON with every password and PIN replaced by "********" (a flag
such as requireSecurityPin says whether there is one: it is kept).
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from typing import Any

from portal.definitions.loader import all_definitions

MASK = "********"
# Secret field names of the definitions, plus anything that looks like a password or a PIN.
SECRET_NAMES = frozenset(f.name for d in all_definitions() for f in d.fields if f.secret)
_SECRET_PATTERN = re.compile(r"(password|passcode|pin)$", re.IGNORECASE)


def is_secret(key: str) -> bool:
    return key in SECRET_NAMES or bool(_SECRET_PATTERN.search(key))


def mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: MASK if is_secret(k) and v not in (None, "", True, False) else mask(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask(item) for item in value]
    return value


def readable_body(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return mask(json.loads(raw))
    except ValueError:
        return raw[:1000].decode("utf-8", "replace")


class RequestJournal:
    def __init__(self, size: int) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self.count = 0

    def record(
        self,
        *,
        method: str,
        path: str,
        raw_path: str,
        status: int | None,
        body: bytes,
        ms: float,
        username: str | None,
        fault: str | None,
    ) -> None:
        self.count += 1
        entry = {
            "seq": self.count,
            "time": time.time(),
            "method": method,
            "path": path,
            "raw_path": raw_path,
            "status": status,
            "body": readable_body(body),
            "ms": round(ms, 2),
            "username": username,
        }
        if fault:
            entry["fault"] = fault
        self.entries.append(entry)

    def snapshot(self, limit: int | None = None) -> dict[str, Any]:
        entries = list(self.entries)
        if limit is not None:
            entries = entries[-limit:] if limit else []
        return {"count": self.count, "requests": entries}

    def clear(self) -> None:
        self.entries.clear()
        self.count = 0
