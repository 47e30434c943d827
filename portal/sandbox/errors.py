"""APIO-style error bodies: the one place that builds them.

APIO documents only some sub-error numbers (42 INVALID_PARAMETERS, 18 INVALID_OPERATION, and the
404 "not assigned" example). The others below are the sandbox's own, chosen to be stable so tests
and the portal can rely on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp import web

# status -> (sub-error code, summary) used when a caller gives no more specific pair.
DEFAULT_CODES: dict[int, tuple[int, str]] = {
    400: (42, "INVALID_PARAMETERS"),
    401: (1, "UNAUTHORIZED"),
    403: (3, "FORBIDDEN"),
    404: (4, "NOT_FOUND"),
    405: (5, "METHOD_NOT_ALLOWED"),
    409: (9, "ALREADY_EXISTS"),
    416: (16, "BAD_MEDIA_TYPE"),
    500: (50, "INTERNAL_ERROR"),
    502: (52, "BAD_GATEWAY"),
    503: (53, "SERVICE_UNAVAILABLE"),
    504: (54, "GATEWAY_TIMEOUT"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request; `field` is a dotted path ("fromDnCriteria.selection")."""

    message: str
    field: str | None = None


class ApioError(Exception):
    """Raised anywhere in a handler; the error middleware turns it into the JSON answer."""

    def __init__(
        self,
        status: int,
        problems: Iterable[Problem] | str,
        *,
        code: int | None = None,
        summary: str | None = None,
    ) -> None:
        self.status = status
        self.problems = (Problem(problems),) if isinstance(problems, str) else tuple(problems)
        default_code, default_summary = DEFAULT_CODES.get(status, (status, "ERROR"))
        self.code = default_code if code is None else code
        self.summary = summary or default_summary
        super().__init__(f"{status} {self.summary}: {self.problems[0].message}")


def error_body(error: ApioError) -> dict:
    return {
        "errors": [
            {
                "code": error.code,
                "summary": error.summary,
                "message": problem.message,
                "field": problem.field,
            }
            for problem in error.problems
        ]
    }


def error_response(error: ApioError) -> web.Response:
    return web.json_response(error_body(error), status=error.status)


def invalid(problems: Iterable[Problem]) -> ApioError:
    return ApioError(400, problems)


def not_found(message: str) -> ApioError:
    return ApioError(404, message)


def not_assigned(service_name: str) -> ApioError:
    return ApioError(404, f"Service {service_name} is not assigned to the user")
