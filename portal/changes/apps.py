from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "portal.changes"
    label = "changes"
    verbose_name = "Pending changes"

    def ready(self) -> None:
        from portal.changes import tasks  # noqa: F401 (connects the push to `change_due`)
