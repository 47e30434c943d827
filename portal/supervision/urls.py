from django.urls import path

from portal.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.call_center_list_view, name="call_center_list"),
    path("<str:call_center_id>/", views.agent_list_view, name="agent_list"),
    path("<str:tenant_id>/<str:group_id>/", views.group_call_centers_view, name="group"),
    path(
        "<str:tenant_id>/<str:group_id>/<str:call_center_id>/",
        views.call_center_view,
        name="call_center",
    ),
]
