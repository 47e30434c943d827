"""The REST API under /api/ (version 1), its OpenAPI description and its documentation page;
and the page where people manage their keys, next to their preferences under /accounts/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import converters  # noqa: F401 (registers <apio_id:…>)
from portal.api import key_views
from portal.api.views import agent, audit, changes, definitions, items, users
from portal.api.views.common import not_found_view

app_name = "api"

USER = "api/v1/users/<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:user_id>"
CHANGE = "api/v1/changes/<str:change_id>"
ITEMS = "lists/<slug:list_key>/items"  # a user's rules, schedules, conferences (views/items.py)
ITEM = f"{ITEMS}/<apio_id:name>"
AVAILABILITY = "call-centers/<apio_id:call_center_id>/availability"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    path("api/v1/definitions/", definitions.DefinitionListView.as_view(), name="definition_list"),
    path(
        "api/v1/definitions/<str:name>/",
        definitions.DefinitionDetailView.as_view(),
        name="definition_detail",
    ),
    path("api/v1/users/", users.UserSearchView.as_view(), name="user_search"),
    path(f"{USER}/features/", users.UserFeatureListView.as_view(), name="user_features"),
    path(
        f"{USER}/features/<slug:feature_key>/",
        users.UserFeatureView.as_view(),
        name="user_feature",
    ),
    path("api/v1/me/features/", users.MyFeatureListView.as_view(), name="my_features"),
    path(
        "api/v1/me/features/<slug:feature_key>/", users.MyFeatureView.as_view(), name="my_feature"
    ),
    path(f"{USER}/{ITEMS}/", items.UserItemsView.as_view(), name="user_items"),
    path(f"{USER}/{ITEM}/", items.UserItemView.as_view(), name="user_item"),
    path(f"{USER}/{ITEM}/<slug:part>/", items.UserItemPartView.as_view(), name="user_item_part"),
    path(f"api/v1/me/{ITEMS}/", items.MyItemsView.as_view(), name="my_items"),
    path(f"api/v1/me/{ITEM}/", items.MyItemView.as_view(), name="my_item"),
    path(f"api/v1/me/{ITEM}/<slug:part>/", items.MyItemPartView.as_view(), name="my_item_part"),
    path(f"{USER}/call-centers/", agent.UserCallCentersView.as_view(), name="user_call_centers"),
    path(f"{USER}/{AVAILABILITY}/", agent.UserAvailabilityView.as_view(), name="user_availability"),
    path("api/v1/me/call-centers/", agent.MyCallCentersView.as_view(), name="my_call_centers"),
    path(f"api/v1/me/{AVAILABILITY}/", agent.MyAvailabilityView.as_view(), name="my_availability"),
    path("api/v1/changes/", changes.ChangeListView.as_view(), name="change_list"),
    path("api/v1/rule-changes/", changes.RuleChangeView.as_view(), name="rule_change"),
    path(f"{CHANGE}/", changes.ChangeDetailView.as_view(), name="change_detail"),
    path(f"{CHANGE}/retry/", changes.ChangeRetryView.as_view(), name="change_retry"),
    path(f"{CHANGE}/reapply/", changes.ChangeReapplyView.as_view(), name="change_reapply"),
    path(f"{CHANGE}/cancel/", changes.ChangeCancelView.as_view(), name="change_cancel"),
    path("api/v1/audit/", audit.AuditEntryListView.as_view(), name="audit_list"),
    # Anything else under /api/ is answered in the API's own error shape, not an HTML page.
    re_path(r"^api/", not_found_view),
    path("accounts/api-keys/", key_views.key_list_view, name="keys"),
    path("accounts/api-keys/<int:pk>/revoke/", key_views.key_revoke_view, name="key_revoke"),
]
