from django.apps import AppConfig


class ReadsConfig(AppConfig):
    name = "portal.reads"
    label = "reads"
    verbose_name = "Reads of APIO"

    def ready(self) -> None:
        from portal.reads import receivers  # noqa: F401 (forget what applied changes made stale)
