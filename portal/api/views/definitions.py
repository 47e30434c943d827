"""The object definitions as JSON, as `manage.py definitions --json` prints them: for the
platform admin, as the definitions gallery."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.api.views.common import COMMON, errors
from portal.definitions.loader import all_definitions
from portal.definitions.management.commands.definitions import definition_as_dict

TAG = ["definitions"]


def require_gallery(request) -> None:
    if not access.Permissions(request).definitions_gallery:
        raise Http404("Not found.")


class DefinitionListView(APIView):
    @extend_schema(
        tags=TAG,
        operation_id="definitions_list",
        summary="Every object definition (fields, types, presence per method, choices)",
        responses={200: {"type": "array", "items": {"type": "object"}}, **errors(404, *COMMON)},
    )
    def get(self, request):
        require_gallery(request)
        return Response([definition_as_dict(d) for d in all_definitions()])


class DefinitionDetailView(APIView):
    @extend_schema(
        tags=TAG,
        operation_id="definitions_read",
        summary="One object definition, by name",
        responses={200: {"type": "object"}, **errors(404, *COMMON)},
    )
    def get(self, request, name: str):
        require_gallery(request)
        found = next((d for d in all_definitions() if d.name == name), None)
        if found is None:
            raise Http404("Not found.")
        return Response(definition_as_dict(found))
