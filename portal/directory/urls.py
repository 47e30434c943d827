from django.urls import path

from portal import converters  # noqa: F401 (registers <apio_id:…>)
from portal.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.user_search_view, name="user_search"),
    path(
        "<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:user_id>/",
        views.user_detail_view,
        name="user_detail",
    ),
]
