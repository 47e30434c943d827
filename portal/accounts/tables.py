"""The audit log as a table: paginated, sortable by date, person, user, setting and outcome."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.changes import describe
from portal.changes.tables import staff_who
from portal.tables import StackTable


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

    def render_when(self, value):
        return describe.when(value)

    def render_person(self, value, record):
        return staff_who(value, self.viewer, record.acting_for)

    def render_user(self, value):
        return format_html("<bdi>{}</bdi>", value)

    def render_what(self, value, record):
        return describe.audit_summary(record.action, record.feature, record.fields)

    def value_what(self, value, record):
        return record.action

    def render_outcome(self, value, record):
        if value is None:
            return ""
        url = reverse("changes:change_detail", args=[value.pk])
        return format_html(
            '<a href="{}"><span class="status {}">{}</span></a>',
            url, value.status, value.get_status_display(),
        )  # fmt: skip
