"""Every API error in one JSON shape:

    {"error": {"code": "invalid", "message": "…", "fields": {"destination": ["…"]}}}

`fields` holds the messages the page's form shows, keyed by the field names of the definition
(nested fields joined with dots: "conferenceSchedule.scheduleReservationless.startTime").
"""

import logging

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from portal import reasons
from portal.apio.errors import ApioError, ApioNotFound, TransientApioError

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


class FormRejected(exceptions.APIException):
    """The section's form refused the values: the same messages a person would read."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"
    default_detail = gettext_lazy("The values were not saved: correct the fields listed.")

    def __init__(self, fields: dict[str, list[str]], message: str | None = None) -> None:
        super().__init__(message)
        self.fields = fields


class PlatformUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "platform_unavailable"
    default_detail = gettext_lazy("The platform did not answer just now. Try again in a moment.")


class PlatformRefused(exceptions.APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "platform_refused"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def form_fields(error_map: dict[str, list[str]], prefix: str) -> dict[str, list[str]]:
    """A form tree's errors (html names, "<prefix>-a-0-b") by payload path ("a.0.b")."""
    out: dict[str, list[str]] = {}
    for name, messages in error_map.items():
        if not messages:
            continue
        if prefix and name.startswith(f"{prefix}-"):
            name = name[len(prefix) + 1 :]
        path = ".".join(NON_FIELD if part == "__all__" else part for part in name.split("-"))
        out.setdefault(path, []).extend(str(message) for message in messages)
    return out


def _flatten(detail, path: str = "") -> dict[str, list[str]]:
    """A serializer's nested errors by dotted path."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in ("non_field_errors", "__all__") else str(key)
            out.update(_flatten(value, f"{path}.{name}" if path else name))
        return out
    if isinstance(detail, list) and detail and all(isinstance(d, str) for d in detail):
        return {path or NON_FIELD: [str(d) for d in detail]}
    if isinstance(detail, list):
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{path}.{index}" if path else str(index)))
        return out
    return {path or NON_FIELD: [str(detail)]}


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, ApioNotFound | Http404):
        return exceptions.NotFound(_("Not found."))
    if isinstance(exc, TransientApioError):
        return PlatformUnavailable()
    if isinstance(exc, ApioError):
        reason = reasons.shown(str(exc))
        return PlatformRefused(_("The platform refused this: %(reason)s.") % {"reason": reason})
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    exc = _translate(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a fault of ours: Django's 500, logged with its traceback
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, FormRejected):
        body = error_body("invalid", str(exc.detail), exc.fields)
    elif isinstance(exc, exceptions.ValidationError):
        message = _("The request was not valid: correct the fields listed.")
        body = error_body("invalid", message, _flatten(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        message = _("Too many requests with this key: try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)
        }
        body = error_body("throttled", message)
    else:
        body = error_body(exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code,
                          str(exc.detail))  # fmt: skip
    if isinstance(exc, PlatformUnavailable | PlatformRefused):
        logger.warning("API call %s: %s", context["request"].path, body["error"]["code"])
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)
