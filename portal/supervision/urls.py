from django.urls import path

from portal.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.call_center_list_view, name="call_center_list"),
    path("<str:call_center_id>/", views.agent_list_view, name="agent_list"),
]
