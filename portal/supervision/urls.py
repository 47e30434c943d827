from django.urls import path

from portal import converters  # noqa: F401 (registers <apio_id:…>)
from portal.supervision import assignments, views

app_name = "supervision"

urlpatterns = [
    path("", views.call_center_list_view, name="call_center_list"),
    path("<apio_id:call_center_id>/", views.agent_list_view, name="agent_list"),
    path("<apio_id:call_center_id>/agents.csv", views.agent_export_view, name="agent_export"),
    path("<apio_id:tenant_id>/<apio_id:group_id>/", views.group_call_centers_view, name="group"),
    path(
        "<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:call_center_id>/",
        views.call_center_view,
        name="call_center",
    ),
    path(
        "<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:call_center_id>/supervisors/"
        "<apio_id:supervisor_id>/",
        assignments.supervisor_agents_view,
        name="supervisor_agents",
    ),
    path(
        "<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:call_center_id>/agents.csv",
        views.call_center_export_view,
        name="call_center_export",
    ),
]
