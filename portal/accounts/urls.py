from django.contrib.auth import views as auth_views
from django.urls import path

from portal import converters  # noqa: F401 (registers <apio_id:…>)
from portal.accounts import preferences, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("preferences/", preferences.preferences_view, name="preferences"),
    path(
        "act-as/<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:user_id>/",
        views.act_as_start_view,
        name="act_as_start",
    ),
    path("act-as/stop/", views.act_as_stop_view, name="act_as_stop"),
    path("audit/", views.audit_list_view, name="audit_list"),
    path("audit/export.csv", views.audit_export_view, name="audit_export"),
]
