from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadsConfig(AppConfig):
    name = "portal.reads"
    label = "reads"
    verbose_name = _("Reads of APIO")

    def ready(self) -> None:
        from portal.reads import receivers  # noqa: F401 (forget what applied changes made stale)
