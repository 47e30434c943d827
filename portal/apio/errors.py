"""APIO failures in two kinds: transient (try again later) and permanent (tell the person)."""

from dataclasses import dataclass
from typing import Any

from portal.apio.response import ResponseLike
from portal.reasons import REJECTED


class ApioError(Exception):
    """Base of every failure the APIO client raises."""


class TransientApioError(ApioError):
    """Connection errors, timeouts, 429 and 5xx: the same request may succeed later."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass
class ApioErrorDetail:
    """One error from APIO's error body; every part is optional in the contract (§3.2)."""

    message: str
    code: int | str | None = None
    summary: str = ""
    field: str | None = None


class PermanentApioError(ApioError):
    """A 4xx answer (other than a renewable 401): retrying the same request cannot help."""

    def __init__(self, status: int, details: list[ApioErrorDetail]):
        self.status = status
        self.details = details or [ApioErrorDetail(message=f"APIO answered {status}")]
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "; ".join(detail.message for detail in self.details)

    @property
    def code(self) -> int | str | None:
        return self.details[0].code

    def field_messages(self) -> dict[str | None, list[str]]:
        grouped: dict[str | None, list[str]] = {}
        for detail in self.details:
            grouped.setdefault(detail.field, []).append(detail.message)
        return grouped


class ApioNotFound(PermanentApioError):
    """404: the object does not exist, or the service is not assigned to the user."""


def _detail_from(item: Any) -> ApioErrorDetail:
    if not isinstance(item, dict):
        return ApioErrorDetail(message=str(item))
    nested = item.get("details") if isinstance(item.get("details"), dict) else {}
    message = (
        item.get("message")
        or nested.get("summary")
        or item.get("detail")
        or item.get("summary")
        or item.get("error")
        or REJECTED
    )
    return ApioErrorDetail(
        message=str(message),
        code=item.get("code", nested.get("error_code")),
        summary=str(item.get("summary") or ""),
        field=item.get("field"),
    )


def parse_error_body(response: ResponseLike) -> list[ApioErrorDetail]:
    """Read the error shapes the contract allows: a list, {"errors"}, {"error"}, {"details"}."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return [ApioErrorDetail(message=text[:500])] if text else []
    if isinstance(body, list):
        return [_detail_from(item) for item in body]
    if isinstance(body, dict):
        if isinstance(body.get("errors"), list):
            return [_detail_from(item) for item in body["errors"]]
        if "details" in body or "error" in body:
            return [_detail_from(body)]
    return [ApioErrorDetail(message=str(body)[:500])]


def error_for(response: ResponseLike) -> ApioError:
    status = response.status_code
    if status == 429 or status >= 500:
        retry_after = response.headers.get("Retry-After")
        return TransientApioError(
            f"APIO answered {status}",
            status=status,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        )
    error_class = ApioNotFound if status == 404 else PermanentApioError
    return error_class(status, parse_error_body(response))
