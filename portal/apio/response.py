"""An APIO answer as the portal reads it: status, headers and the body, already read in full."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class ResponseLike(Protocol):
    """What reading an answer needs; ApioResponse has it, and so has an httpx.Response."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


@dataclass(frozen=True)
class ApioResponse:
    status_code: int
    headers: Mapping[str, str]  # case-insensitive when it comes from urllib3
    content: bytes = b""

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The decoded body; ValueError when it is not JSON (an empty body included)."""
        return json.loads(self.content)
