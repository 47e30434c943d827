from django.apps import AppConfig


class FeaturesConfig(AppConfig):
    name = "portal.features"
    label = "features"
    verbose_name = "Feature screens"

    def ready(self) -> None:
        from portal.features import checks  # noqa: F401 (registers the system check)
