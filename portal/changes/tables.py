"""The changes list as a table (portal.tables.StackTable): paginated, sortable by date, status,
user and setting, in words."""

import json
from datetime import datetime, timedelta

import django_filters
import django_tables2 as tables
from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.utils import dateformat, formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import AuditEntry, User
from portal.changes import describe
from portal.changes.models import ChangeStatus, PendingChange
from portal.tables import StackTable, path_maker

# Final states whose badge says everything: no form, no note, nothing to poll.
DONE_QUIETLY = (ChangeStatus.APPLIED, ChangeStatus.CANCELLED)


def with_first_entry(changes: QuerySet) -> QuerySet:
    """Each change with what its first audit entry (the one written with it) recorded: the user
    staff were acting for ("" if they were not) and the values it changed (secrets masked)."""
    made = AuditEntry.objects.filter(change=OuterRef("pk")).order_by("id")
    return changes.annotate(
        made_acting_for=Subquery(made.values("acting_for")[:1]),
        made_fields=Subquery(made.values("fields")[:1], output_field=JSONField()),
    )


class ChangeFilter(django_filters.FilterSet):
    """The list's filters: status for everyone, the user's id for staff."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ChangeStatus.choices, empty_label=_("Any")
    )
    user = django_filters.CharFilter(label=_("User"), field_name="user_id", lookup_expr="icontains")

    class Meta:
        model = PendingChange
        fields: list[str] = []

    def __init__(self, *args, staff: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not staff:
            del self.filters["user"]
        self.form.label_suffix = ""
        if staff:
            self.form.fields["user"].widget.attrs.update(
                {"placeholder": _("user id"), "autocomplete": "off"}
            )


class ChangeTable(StackTable):
    number = tables.Column(verbose_name=_("Change"), accessor="pk", order_by=("id",))
    when = tables.Column(
        verbose_name=_("When"), accessor="created_at", order_by=("created_at", "id")
    )
    user = tables.Column(verbose_name=_("User"), accessor="user_id", order_by=("user_id", "id"))
    what = tables.Column(verbose_name=_("What"), accessor="feature", order_by=("feature", "id"))
    by = tables.Column(
        verbose_name=_("Made by"), accessor="created_by", order_by=("created_by__username", "id")
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        accessor="status",
        order_by=("status", "id"),
        template_code=(
            '{% with change=record %}{% include "changes/change_detail.html#status" %}{% endwith %}'
        ),
    )

    css_class = "stack changes"

    class Meta:
        order_by = ("-when",)
        empty_text = _("No changes.")

    def __init__(self, *args, viewer: User, staff: bool, **kwargs) -> None:
        self.viewer, self.staff = viewer, staff
        if not staff:
            kwargs["exclude"] = ("user",)
        super().__init__(*args, **kwargs)
        self.caption = _("Changes")

    def counted(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of %(total)s change",
            "Showing %(first)s–%(last)s of %(total)s changes",
            total,
        )

    def counted_more(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of more than %(total)s change",
            "Showing %(first)s–%(last)s of more than %(total)s changes",
            total,
        )

    @cached_property
    def change_path(self):
        return path_maker("changes:change_detail")

    def render_number(self, value, record):
        return format_html('<a href="{}">#{}</a>', self.change_path(record.pk), record.pk)

    @cached_property
    def moments(self) -> "Moments":
        return Moments()

    def render_when(self, value):
        return self.moments(value)

    def render_user(self, value):
        # User ids come from the platform: in <bdi>, so a right-to-left override in one
        # cannot reverse what follows it.
        return format_html("<bdi>{}</bdi>", value)

    def render_status(self, value, record, bound_column, **kwargs):
        # Most rows of a long list are done: their badge is all the "status" partial draws,
        # written here without a template per row. Any other row gets the whole partial.
        # (`value` is the status's label: django-tables2 shows a field's choices by name.)
        if record.status in DONE_QUIETLY and not record.message and not record.field_errors:
            return format_html(
                '<div class="change-status" id="change-{}" aria-live="polite">'
                '<span class="status {}">{}</span></div>',
                record.pk, record.status, value,
            )  # fmt: skip
        return bound_column.column.render(
            value=value, record=record, bound_column=bound_column, **kwargs
        )

    def render_what(self, value, record):
        fields = record.made_fields
        return self.once(
            ("what", value, fields_key(fields)), lambda: describe.change_summary(value, fields)
        )

    def render_by(self, value, record):
        if not self.staff:
            return self.once(
                ("by", value.pk), lambda: describe.who(value, self.viewer, staff_view=False)
            )
        acting_for = record.made_acting_for
        return self.once(
            ("by", value.pk, acting_for), lambda: staff_who(value, self.viewer, acting_for)
        )


class Moments:
    """describe.when for the rows of one page, each text made once: formatting a date and
    saying how long ago took half the time of a page of 50 rows.

    The date is the same for every instant of a minute unless the format shows seconds (or
    finer); "5 minutes ago" the same for every age of the same whole minutes, as timesince
    counts them below RELATIVE_FOR.
    """

    def __init__(self) -> None:
        self.now = timezone.now()
        self.format = formats.get_format("DATETIME_FORMAT")
        self.by_minute = not set(self.format) & set("crsuUv")
        self.shown: dict = {}
        self.ago: dict = {}

    def __call__(self, moment: datetime | None) -> SafeString | str:
        if moment is None:
            return "—"
        local = timezone.localtime(moment)
        key = local.replace(second=0, microsecond=0) if self.by_minute else local
        shown = self.shown.get(key)
        if shown is None:
            shown = self.shown[key] = dateformat.format(local, self.format)
        age = self.now - moment
        ago = ""
        if timedelta(0) <= age <= describe.RELATIVE_FOR:
            minutes = int(age.total_seconds() // 60)
            ago = self.ago.get(minutes)
            if ago is None:
                ago = self.ago[minutes] = describe.relative(moment, self.now)
        if ago:
            return format_html(
                '<time datetime="{}">{}</time> <small>({})</small>', local.isoformat(), shown, ago,
            )  # fmt: skip
        return format_html('<time datetime="{}">{}</time>', local.isoformat(), shown)


def fields_key(fields) -> str:
    """The values an audit entry recorded, as a key: rows that changed the same values the same
    way read the same."""
    return json.dumps(fields, sort_keys=True, default=str)


def staff_who(actor: User, viewer: User, acting_for_id: str = "") -> SafeString:
    """Who did it, for staff: "You", or "Helpdesk Hanna Desk (hanna)", and for whom they acted."""
    who = format_html("<bdi>{}</bdi>", describe.who(actor, viewer, staff_view=True))
    if actor.pk != viewer.pk and describe.person_name(actor) != actor.username:
        who = format_html("{} <small>(<bdi>{}</bdi>)</small>", who, actor.username)
    if acting_for_id:
        acting = format_html(
            gettext("acting for {user}"), user=format_html("<bdi>{}</bdi>", acting_for_id)
        )
        who = format_html("{}, <small>{}</small>", who, acting)
    return who
