from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeaturesConfig(AppConfig):
    name = "portal.features"
    label = "features"
    verbose_name = _("Feature screens")

    def ready(self) -> None:
        from portal.features import checks  # noqa: F401 (registers the system check)
