from django.contrib import admin
from django.urls import include, path

from portal import health, views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("health/", health.health_view, name="health"),
    path("accounts/", include("portal.accounts.urls")),
    path("changes/", include("portal.changes.urls")),
    path("users/", include("portal.directory.urls")),
    path("", include("portal.features.urls")),
    path("agents/", include("portal.supervision.urls")),
    path("definitions/", include("portal.gallery.urls")),
    path("admin/", admin.site.urls),
    # /api/… and the keys page under /accounts/api-keys/.
    path("", include("portal.api.urls")),
]

# 404 and 403 are Django's own views, drawing the portal's 404.html and 403.html.
handler500 = views.server_error_view
