from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "portal.supervision"
    label = "supervision"
    verbose_name = _("Call center supervision")

    def ready(self) -> None:
        from portal.supervision import receivers  # noqa: F401 (forget agent lists made stale)
