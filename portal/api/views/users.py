"""Users in scope: search, the features one may open for them, and their settings as read
from the platform through the same access helper as the staff pages."""

import dataclasses

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.api.sections import (
    ApiScreen,
    own_request,
    own_screen,
    section_values,
    staff_screen,
)
from portal.api.serializers import (
    FeatureSerializer,
    FeatureSettingsSerializer,
    UserSearchQuerySerializer,
    UserSerializer,
)
from portal.api.views.common import COMMON, errors, require_staff
from portal.apio.errors import ApioNotFound
from portal.apio.paths import UnaddressableId
from portal.directory import search
from portal.features.base import Feature
from portal.features.sections import load_section

TAG = ["users"]
PLATFORM = (502, 503)


def user_data(summary) -> dict:
    return {field.name: getattr(summary, field.name) for field in dataclasses.fields(summary)}


class UserSearchView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Find users in your scope, as “Find a user” does",
        parameters=[UserSearchQuerySerializer],
        responses={200: UserSerializer(many=True), **errors(400, 404, *COMMON, *PLATFORM)},
    )
    def get(self, request):
        require_staff(request)
        query = UserSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text, tenant, group = (query.validated_data[k] for k in ("q", "tenant", "group"))
        try:
            found = search.search_users(request.user, text, tenant.strip(), " ".join(group.split()))
        except search.NoSuchGroup as exc:
            message = _(
                "None of the groups you look after is called “%(group)s”: choose one from the"
                " list, or leave the group empty."
            ) % {"group": exc.typed}
            raise ValidationError({"group": [message]}) from None
        except ApioNotFound:
            found = []  # a tenant or group of the scope the platform does not know: nobody there
        except UnaddressableId:
            raise ValidationError({"tenant": [_("No tenant or group has that id.")]}) from None
        return Response([user_data(summary) for summary in found])


def feature_data(screen_sections, feature: Feature) -> dict:
    return {"key": feature.key, "title": str(feature.title), "sections": screen_sections}


def settings_data(screen: ApiScreen) -> dict:
    sections = []
    for section in screen.sections:
        loaded = load_section(screen.profile.ref, section)
        sections.append(
            {
                "key": section.key,
                "title": str(section.title),
                "definition": section.definition,
                "assigned": not loaded.not_assigned,
                "values": section_values(loaded),
                "error": str(loaded.error),
            }
        )
    data = feature_data(sections, screen.feature)
    data["user"] = user_data(screen.profile)
    return data


def features_list(features: list[Feature], own: bool) -> list[dict]:
    out = []
    for feature in features:
        shown = feature.own_sections() if own else feature.sections
        keys = [section.key for section in shown if not section.own_pages]
        if keys:  # a feature drawn by pages of its own (conferences) is not edited here
            out.append(feature_data(keys, feature))
    return out


USER_PARAMS = [
    OpenApiParameter("tenant_id", str, OpenApiParameter.PATH),
    OpenApiParameter("group_id", str, OpenApiParameter.PATH),
    OpenApiParameter("user_id", str, OpenApiParameter.PATH),
]


class UserFeatureListView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The features you may change for this user",
        parameters=USER_PARAMS,
        responses={200: FeatureSerializer(many=True), **errors(404, *COMMON, *PLATFORM)},
    )
    def get(self, request, tenant_id: str, group_id: str, user_id: str):
        require_staff(request)  # a user's own features are under /me/, as their own portal
        access.backend_user_or_404(request.user, tenant_id, group_id, user_id)
        return Response(features_list(access.staff_features(request.user), own=False))


class UserFeatureView(APIView):
    @extend_schema(
        tags=TAG,
        summary="A user's settings of one feature, read from the platform",
        parameters=USER_PARAMS,
        responses={200: FeatureSettingsSerializer, **errors(404, *COMMON, *PLATFORM)},
    )
    def get(self, request, tenant_id: str, group_id: str, user_id: str, feature_key: str):
        screen = staff_screen(request, tenant_id, group_id, user_id, feature_key)
        return Response(settings_data(screen))


class MyFeatureListView(APIView):
    @extend_schema(
        tags=["me"],
        summary="The features you may change on your own line",
        responses={200: FeatureSerializer(many=True), **errors(404, *COMMON, *PLATFORM)},
    )
    def get(self, request):
        profile = access.own_profile_or_404(own_request(request))
        return Response(features_list(access.own_features(profile.ref), own=True))


class MyFeatureView(APIView):
    @extend_schema(
        tags=["me"],
        summary="Your own settings of one feature, read from the platform",
        responses={200: FeatureSettingsSerializer, **errors(404, *COMMON, *PLATFORM)},
    )
    def get(self, request, feature_key: str):
        return Response(settings_data(own_screen(request, feature_key)))
