from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "portal.changes"
    label = "changes"
    verbose_name = _("Pending changes")

    def ready(self) -> None:
        from portal.changes import tasks  # noqa: F401 (connects the push to `change_due`)
