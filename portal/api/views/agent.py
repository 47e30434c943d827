"""An agent's call centers, and their availability in each: as the call centers page shows them
and as its switch sets it (one pending PUT, the changes on their way folded in), for staff in
scope and for the agent on their own line."""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.errors import FormRejected
from portal.api.item_changes import NothingChanged, item_screen
from portal.api.sections import submit
from portal.api.serializers import AvailabilitySerializer, CallCenterSerializer
from portal.api.views.common import COMMON, QUEUED, answer, errors
from portal.api.views.users import USER_PARAMS
from portal.features import agent_call_centers as agent

PLATFORM = (502, 503)
CALL_CENTER = OpenApiParameter("call_center_id", str, OpenApiParameter.PATH)
FIELDS = set(CallCenterSerializer().fields)


def call_centers(screen) -> list[dict]:
    """The call centers, each with the state a change on its way asks for."""
    ref = screen.profile.ref
    rows = agent.read_rows(ref) if agent.is_agent(ref) else []
    wanted = agent.asked(agent.recent_changes(ref))
    out = []
    for row in rows:
        asks = wanted.get(row.call_center_id)
        row.becoming = asks if asks is not None and asks != row.available else None
        out.append({name: value for name, value in asdict(row).items() if name in FIELDS})
    return out


class CallCentersView(APIView):
    def get(self, request, **ids):
        screen = item_screen(request, ids, agent.AGENT_CALL_CENTERS.key, writing=False)
        return Response(call_centers(screen))


class AvailabilityView(APIView):
    def put(self, request, call_center_id: str, **ids):
        body = AvailabilitySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        screen = item_screen(request, ids, agent.AGENT_CALL_CENTERS.key, writing=True)
        available = body.validated_data["available"]
        try:
            _row, change = agent.availability_change(screen.profile.ref, call_center_id, available)
        except agent.StaysAvailable as refused:
            said = agent.stays_available_said(refused.row, screen.own_portal)
            raise FormRejected({"available": [said]}, message=said) from None
        if change is None:
            raise NothingChanged()
        return answer(submit(request, screen, change))


def _schemas(own: bool):
    user = [] if own else USER_PARAMS
    tags = ["me"] if own else ["call centers"]
    whose = "your" if own else "a user's"
    listed = extend_schema(
        tags=tags, summary=f"The call centers {whose} line answers for, and its availability",
        parameters=user,
        responses={200: CallCenterSerializer(many=True), **errors(404, *COMMON, *PLATFORM)},
    )  # fmt: skip
    set_availability = extend_schema(
        tags=tags, summary=f"Set {whose} availability in one call center",
        description="Refused, on `available`, by a call center that lets no agent log off.",
        parameters=[*user, CALL_CENTER], request=AvailabilitySerializer,
        responses={**QUEUED, **errors(400, 404, 409, *COMMON, *PLATFORM)},
    )  # fmt: skip
    return listed, set_availability


def _views(own: bool) -> tuple[type, type]:
    listed, set_availability = _schemas(own)
    prefix = "My" if own else "User"

    def get(self, request, **ids):
        return CallCentersView.get(self, request, **ids)

    def put(self, request, call_center_id: str, **ids):
        return AvailabilityView.put(self, request, call_center_id, **ids)

    centers = type(f"{prefix}CallCentersView", (CallCentersView,), {"get": listed(get)})
    switch = type(f"{prefix}AvailabilityView", (AvailabilityView,), {"put": set_availability(put)})
    return centers, switch


UserCallCentersView, UserAvailabilityView = _views(own=False)
MyCallCentersView, MyAvailabilityView = _views(own=True)
