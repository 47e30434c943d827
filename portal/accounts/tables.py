"""The audit log as a table: paginated, sortable by date, person, user, setting and outcome."""

import django_tables2 as tables
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.changes import describe
from portal.changes.models import ChangeStatus
from portal.changes.tables import Moments, fields_key, staff_who
from portal.tables import StackTable, path_maker


class AuditTable(StackTable):
    when = tables.Column(
        verbose_name=_("When"), accessor="created_at", order_by=("created_at", "id")
    )
    person = tables.Column(
        verbose_name=_("Person"), accessor="actor", order_by=("actor__username", "id")
    )
    user = tables.Column(
        verbose_name=_("User"), accessor="target_user_id", order_by=("target_user_id", "id")
    )
    what = tables.Column(
        verbose_name=_("What"), accessor="feature", order_by=("feature", "id"), empty_values=()
    )
    outcome = tables.Column(
        verbose_name=_("Outcome"),
        accessor="change",
        order_by=("change__status", "id"),
        default="",
    )

    css_class = "stack audit"

    class Meta:
        order_by = ("-when",)
        empty_text = _("No entries.")

    def __init__(self, *args, viewer: User, **kwargs) -> None:
        self.viewer = viewer
        super().__init__(*args, **kwargs)
        self.caption = _("Audit log")

    def counted(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of %(total)s entry",
            "Showing %(first)s–%(last)s of %(total)s entries",
            total,
        )

    def counted_more(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of more than %(total)s entry",
            "Showing %(first)s–%(last)s of more than %(total)s entries",
            total,
        )

    @cached_property
    def moments(self) -> Moments:
        return Moments()

    def render_when(self, value):
        return self.moments(value)

    def render_person(self, value, record):
        acting_for = record.acting_for
        return self.once(
            ("person", value.pk, acting_for), lambda: staff_who(value, self.viewer, acting_for)
        )

    def render_user(self, value):
        return format_html("<bdi>{}</bdi>", value)

    def render_what(self, value, record):
        action, feature, fields = record.action, record.feature, record.fields
        return self.once(
            ("what", action, feature, fields_key(fields)),
            lambda: describe.audit_summary(action, feature, fields),
        )

    def value_what(self, value, record):
        return record.action

    def render_outcome(self, value, record):
        if value is None:
            return ""
        status = value.status
        return format_html(
            '<a href="{}"><span class="status {}">{}</span></a>',
            self.change_path(value.pk), status, self.status_names.get(status, status),
        )  # fmt: skip

    @cached_property
    def change_path(self):
        return path_maker("changes:change_detail")

    @cached_property
    def status_names(self) -> dict:
        """Each status by name, translated once per page rather than once per row."""
        return {status: str(label) for status, label in ChangeStatus.choices}
