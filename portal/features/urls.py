from django.urls import path

from portal.features import views

app_name = "features"

USER = "users/<str:tenant_id>/<str:group_id>/<str:user_id>"

urlpatterns = [
    path(f"{USER}/<slug:feature_key>/", views.feature_view, name="feature"),
    path(f"{USER}/<slug:feature_key>/<slug:section_key>/", views.section_view, name="section"),
    path("me/", views.my_home_view, name="my_home"),
    path("me/<slug:feature_key>/", views.my_feature_view, name="my_feature"),
    path("me/<slug:feature_key>/<slug:section_key>/", views.my_section_view, name="my_section"),
]
