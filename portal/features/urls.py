from django.urls import path

from portal import converters  # noqa: F401 (registers <apio_id:…>)
from portal.features import views

app_name = "features"

USER = "users/<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:user_id>"
SECTION = f"{USER}/<slug:feature_key>/<slug:section_key>"
MY_SECTION = "me/<slug:feature_key>/<slug:section_key>"

urlpatterns = [
    path(f"{USER}/<slug:feature_key>/", views.feature_view, name="feature"),
    path(f"{SECTION}/", views.section_view, name="section"),
    path(f"{SECTION}/block/", views.section_block_view, name="section_block"),
    path(f"{SECTION}/rows/", views.section_rows_view, name="section_rows"),
    path("me/", views.my_home_view, name="my_home"),
    path("me/<slug:feature_key>/", views.my_feature_view, name="my_feature"),
    path(f"{MY_SECTION}/", views.my_section_view, name="my_section"),
    path(f"{MY_SECTION}/block/", views.my_section_block_view, name="my_section_block"),
    path(f"{MY_SECTION}/rows/", views.my_section_rows_view, name="my_section_rows"),
]
