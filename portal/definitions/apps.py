from django.apps import AppConfig


class DefinitionsConfig(AppConfig):
    name = "portal.definitions"
    label = "definitions"
    verbose_name = "APIO object definitions"

    def ready(self) -> None:
        # Importing registers the system check that validates the YAML data.
        from portal.definitions import checks  # noqa: F401
