from django.urls import path

from portal.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.user_search_view, name="user_search"),
    path(
        "<str:tenant_id>/<str:group_id>/<str:user_id>/", views.user_detail_view, name="user_detail"
    ),
]
