"""Pending changes: make one for a feature's section, read its status, list, retry, re-apply,
cancel. Every action asks access afresh, as the changes pages do."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.api.item_changes import NothingChanged
from portal.api.rules import queue_rule_change
from portal.api.sections import ApiScreen, queue_change, screen_for
from portal.api.serializers import (
    ChangeCreateSerializer,
    ChangeListQuerySerializer,
    ChangeSerializer,
    RuleChangeCreateSerializer,
)
from portal.api.views.common import COMMON, QUEUED, answer, errors
from portal.changes import services
from portal.changes.models import PendingChange

TAG = ["changes"]
# The largest id the database can hold: a bigger number is no change, not an overflow.
MAX_ID = 2**63 - 1
CHANGE_ID = OpenApiParameter("change_id", int, OpenApiParameter.PATH, description="The id.")


class NotNow(APIException):
    """An action the change's state does not allow (retry of an applied change…)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "not_allowed_now"


def change_pk(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise Http404("No such change.")
    return int(text)


def body_and_screen(request, serializer_class) -> tuple[dict, ApiScreen]:
    """The request's body, checked, and the feature it names, for the user it names."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data, screen_for(request, body.validated_data)


class ChangeListView(ListAPIView):
    serializer_class = ChangeSerializer

    def get_queryset(self):
        query = ChangeListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        changes = access.visible_changes(
            self.request.user, PendingChange.objects.select_related("created_by")
        )
        data = query.validated_data
        if data.get("status"):
            changes = changes.filter(status=data["status"])
        if data.get("user_id"):
            changes = changes.filter(user_id__iexact=data["user_id"])
        if data.get("feature"):
            changes = changes.filter(feature__startswith=data["feature"])
        return changes

    @extend_schema(
        tags=TAG,
        summary="The changes you may see, newest first",
        parameters=[ChangeListQuerySerializer],
        responses={200: ChangeSerializer(many=True), **errors(400, 404, *COMMON)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAG,
        summary="Queue a change of one section of a feature",
        description=(
            "The values are checked by the same form as the feature's page: the same "
            "messages, ranges and policies. Only what differs from the platform's values "
            "is sent. Poll the change until its status is `applied` (or `failed`, "
            "`conflict`, `cancelled`)."
        ),
        request=ChangeCreateSerializer,
        responses={**QUEUED, **errors(400, 404, 409, *COMMON, 502, 503)},
    )
    def post(self, request):
        data, screen = body_and_screen(request, ChangeCreateSerializer)
        change, new = queue_change(request, screen, screen.section(data["section"]), data["values"])
        if change is None:
            raise NothingChanged()
        return answer((change, new))


class ChangeDetailView(APIView):
    @extend_schema(
        tags=TAG,
        summary="One change and its status",
        parameters=[CHANGE_ID],
        responses={200: ChangeSerializer, **errors(404, *COMMON)},
    )
    def get(self, request, change_id: str):
        change = access.visible_change_or_404(request.user, change_pk(change_id))
        return Response(ChangeSerializer(change).data)


def action_view(name: str, summary: str, find, act) -> type[APIView]:
    """A POST that finds the change as its page's button does (`find`: 404 outside the
    person's scope) and does `act` to it; 409 when the change's state does not allow it."""

    @extend_schema(
        tags=TAG,
        summary=summary,
        request=None,
        parameters=[CHANGE_ID],
        responses={200: ChangeSerializer, **errors(404, 409, *COMMON)},
    )
    def post(self, request, change_id: str):
        change = find(request.user, change_pk(change_id))
        try:
            change = act(change, request.user)
        except ValueError as exc:
            raise NotNow(str(exc)) from None
        return Response(ChangeSerializer(change).data)

    return type(name, (APIView,), {"post": post, "__module__": __name__})


ChangeRetryView = action_view(
    "ChangeRetryView", "Send a failed change again",
    access.change_to_send_or_404, services.retry_change,
)  # fmt: skip
ChangeReapplyView = action_view(
    "ChangeReapplyView", "Keep your values over the platform's, for a change in conflict",
    access.change_to_send_or_404, services.reapply_change,
)  # fmt: skip
ChangeCancelView = action_view(
    "ChangeCancelView", "Cancel a queued change, or one in conflict",
    access.visible_change_or_404, services.cancel_change,
)  # fmt: skip


class RuleChangeView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Turn a rule on or off, or delete it (selective forwarding, rejection…)",
        description="As the buttons of the feature's list of rules. The rule is looked up first.",
        request=RuleChangeCreateSerializer,
        responses={**QUEUED, **errors(400, 404, *COMMON, 502, 503)},
    )
    def post(self, request):
        data, screen = body_and_screen(request, RuleChangeCreateSerializer)
        return answer(queue_rule_change(request, screen, data["rule"], data["action"]))
