from django.urls import path

from portal.changes import views

app_name = "changes"

urlpatterns = [
    path("", views.change_list_view, name="change_list"),
    path("<int:pk>/", views.change_detail_view, name="change_detail"),
    path("<int:pk>/status/", views.change_status_view, name="change_status"),
    path("<int:pk>/retry/", views.change_retry_view, name="change_retry"),
    path("<int:pk>/cancel/", views.change_cancel_view, name="change_cancel"),
    path("<int:pk>/reapply/", views.change_reapply_view, name="change_reapply"),
]
