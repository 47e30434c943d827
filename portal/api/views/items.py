"""A user's item lists — a feature's rules, their schedules, the conferences they host — through
one shape of addresses, for staff (the user's three ids) and on one's own line (/me/):

    …/lists/<list>/items/                 GET the items, POST a new one
    …/lists/<list>/items/<name>/          PUT a change (a new "name" renames), DELETE
    …/lists/<list>/items/<name>/<part>/   POST a change of one part (a conference's delegates…)

Each answer to a change is the pending change queued, as `changes/` answers it."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.item_changes import item_screen
from portal.api.item_kinds import item_kind, list_keys
from portal.api.serializers import (
    ItemPartSerializer,
    ItemSerializer,
    ItemValuesSerializer,
)
from portal.api.views.common import COMMON, QUEUED, answer, errors
from portal.api.views.users import USER_PARAMS

PLATFORM = (502, 503)
LIST_KEY = OpenApiParameter(
    "list_key", str, OpenApiParameter.PATH, enum=list_keys(),
    description="Which list: a feature's rules (its key), time-schedules, holiday-schedules, "
    "conferences.",
)  # fmt: skip
NAME = OpenApiParameter(
    "name", str, OpenApiParameter.PATH,
    description='The item\'s name; a conference\'s: "<bridge id>~<conference id>".',
)  # fmt: skip
PART = OpenApiParameter(
    "part", str, OpenApiParameter.PATH, enum=["delegates", "recordings", "greeting"],
    description="A conference's part.",
)  # fmt: skip


def values_of(request, serializer_class=ItemValuesSerializer) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data["values"]


class ItemsView(APIView):
    def get(self, request, list_key: str, **ids):
        kind = item_kind(list_key)
        return Response(kind.read(item_screen(request, ids, kind.feature_key, writing=False)))

    def post(self, request, list_key: str, **ids):
        values = values_of(request)
        kind = item_kind(list_key)
        screen = item_screen(request, ids, kind.feature_key, writing=True)
        return answer(kind.create(request, screen, values))


class ItemView(APIView):
    def put(self, request, list_key: str, name: str, **ids):
        values = values_of(request)
        kind = item_kind(list_key)
        screen = item_screen(request, ids, kind.feature_key, writing=True)
        return answer(kind.edit(request, screen, name, values))

    def delete(self, request, list_key: str, name: str, **ids):
        kind = item_kind(list_key)
        screen = item_screen(request, ids, kind.feature_key, writing=True)
        return answer(kind.delete(request, screen, name))


class ItemPartView(APIView):
    def post(self, request, list_key: str, name: str, part: str, **ids):
        values = values_of(request, ItemPartSerializer)
        kind = item_kind(list_key)
        change_part = kind.parts.get(part)
        if change_part is None:
            raise Http404("No such part.")
        screen = item_screen(request, ids, kind.feature_key, writing=True)
        return answer(change_part(request, screen, name, values))


def _schemas(own: bool) -> dict:
    user = [] if own else USER_PARAMS
    tags = ["me"] if own else ["lists"]
    whose = "your own" if own else "a user's"
    writes = errors(400, 404, 409, *COMMON, *PLATFORM)
    return {
        "items_get": extend_schema(
            tags=tags, summary=f"The items of one of {whose} lists",
            parameters=[*user, LIST_KEY],
            responses={200: ItemSerializer(many=True), **errors(404, *COMMON, *PLATFORM)},
        ),
        "items_post": extend_schema(
            tags=tags, summary=f"Add an item to one of {whose} lists",
            description="The values are checked by the same form as the item's page: the same "
            "messages, ranges and policies.",
            parameters=[*user, LIST_KEY], request=ItemValuesSerializer,
            responses={**QUEUED, **writes},
        ),
        "item_put": extend_schema(
            tags=tags, summary=f"Change an item of one of {whose} lists",
            description="Only what differs from the item as the platform holds it is sent; "
            'a new "name" renames it.',
            parameters=[*user, LIST_KEY, NAME], request=ItemValuesSerializer,
            responses={**QUEUED, **writes},
        ),
        "item_delete": extend_schema(
            tags=tags, summary=f"Delete an item of one of {whose} lists",
            parameters=[*user, LIST_KEY, NAME], request=None,
            responses={**QUEUED, **errors(404, *COMMON, *PLATFORM)},
        ),
        "part_post": extend_schema(
            tags=tags, summary=f"Change a part of an item of one of {whose} lists",
            operation_id=f"v1_{'me' if own else 'users'}_lists_items_part_create",
            parameters=[*user, LIST_KEY, NAME, PART], request=ItemPartSerializer,
            responses={**QUEUED, **writes},
        ),
    }  # fmt: skip


def _method(schema, method):
    """A method of its own, for its own description (the staff's and the own line's)."""

    def call(self, request, *args, **kwargs):
        return method(self, request, *args, **kwargs)

    call.__name__ = method.__name__
    return schema(call)


def _views(own: bool) -> tuple[type, type, type]:
    schemas = _schemas(own)
    prefix = "My" if own else "User"
    items = type(f"{prefix}ItemsView", (ItemsView,), {
        "get": _method(schemas["items_get"], ItemsView.get),
        "post": _method(schemas["items_post"], ItemsView.post),
    })  # fmt: skip
    item = type(f"{prefix}ItemView", (ItemView,), {
        "put": _method(schemas["item_put"], ItemView.put),
        "delete": _method(schemas["item_delete"], ItemView.delete),
    })  # fmt: skip
    part = type(f"{prefix}ItemPartView", (ItemPartView,), {
        "post": _method(schemas["part_post"], ItemPartView.post),
    })  # fmt: skip
    return items, item, part


UserItemsView, UserItemView, UserItemPartView = _views(own=False)
MyItemsView, MyItemView, MyItemPartView = _views(own=True)
