from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefinitionsConfig(AppConfig):
    name = "portal.definitions"
    label = "definitions"
    verbose_name = _("APIO object definitions")

    def ready(self) -> None:
        # Importing registers the system check that validates the YAML data.
        from portal.definitions import checks  # noqa: F401
