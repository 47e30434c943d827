"""What every API view shares: who may call at all, the error answers it documents, and the
answer to a change it queued."""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from portal import access
from portal.api.errors import error_body
from portal.api.item_changes import Queued
from portal.api.serializers import ChangeSerializer, ErrorSerializer


def require_staff(request: Request) -> None:
    """Staff only, as the staff pages: anyone else is told nothing is there (404)."""
    if not access.is_staff(request.user):
        raise Http404("Not found.")


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error answers of an operation, all in the one error shape."""
    words = {
        400: "The request or its values were refused; `fields` says why, per field.",
        401: "No valid API key or session.",
        403: "A session request without its CSRF token.",
        404: "Not found, outside your role or scope, or a page past the last.",
        409: "Not possible in the change's current state.",
        429: "Too many requests: see Retry-After.",
        502: "The platform refused the request.",
        503: "The platform did not answer; try again.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=words[code]) for code in statuses}


# What any authenticated call may answer besides its own cases.
COMMON = (401, 403, 429)

# What a call that queues a change answers, as `changes/` shows the change.
QUEUED = {
    201: OpenApiResponse(ChangeSerializer, description="Queued."),
    200: OpenApiResponse(ChangeSerializer, description="Queued already, identical."),
}


def answer(queued: Queued) -> Response:
    """The change queued (201), or the identical one queued already (200), and where it is."""
    change, new = queued
    headers = {"Location": reverse("api:change_detail", args=[change.pk])}
    code = status.HTTP_201_CREATED if new else status.HTTP_200_OK
    return Response(ChangeSerializer(change).data, status=code, headers=headers)


@csrf_exempt  # it changes nothing: a POST there is told "not found" in JSON, not refused in HTML
def not_found_view(request, *args, **kwargs):
    """An address under /api/ that is none of the API's (or a list's key that is no slug)."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)
