from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "portal.api"
    label = "api"
    verbose_name = _("API keys")

    def ready(self) -> None:
        # Teaches drf-spectacular how the Bearer key authenticates, for the OpenAPI description.
        from portal.api import schema  # noqa: F401
