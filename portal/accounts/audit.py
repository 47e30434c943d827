"""Reading the audit log: filters and CSV rows. Entries are only ever written, never edited."""

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access import scope_filter
from portal.accounts.models import AuditEntry, Role, User
from portal.changes.models import ChangeStatus

# The export's column names, in the language of the person exporting.
CSV_HEADER = [
    _("when"), _("person"), _("acting for"), _("tenant"), _("group"), _("user"), _("feature"),
    _("action"), _("fields"), _("outcome"),
]  # fmt: skip


class AuditFilterForm(forms.Form):
    person = forms.CharField(required=False, label=_("Person"))
    user = forms.CharField(required=False, label=_("User"))
    feature = forms.CharField(required=False, label=_("Feature"))
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput({"type": "date"})
    )
    outcome = forms.ChoiceField(
        required=False, label=_("Outcome"), choices=[("", _("Any")), *ChangeStatus.choices]
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def visible_entries(user: User) -> QuerySet:
    entries = AuditEntry.objects.select_related("actor", "change")
    if user.role == Role.ADMIN:
        return entries
    return entries.filter(scope_filter(user))


def filtered_entries(user: User, form: AuditFilterForm) -> QuerySet:
    entries = visible_entries(user)
    if not form.is_bound or not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["person"]:
        entries = entries.filter(actor__username__icontains=data["person"])
    if data["user"]:
        entries = entries.filter(target_user_id__icontains=data["user"])
    if data["feature"]:
        entries = entries.filter(feature__icontains=data["feature"])
    # From the start of the first day to the start of the day after the last, in the current
    # time zone, as `created_at__date` would say, but a range the index on `created_at` serves.
    if data["date_from"]:
        entries = entries.filter(created_at__gte=_day_start(data["date_from"]))
    if data["date_to"]:
        entries = entries.filter(created_at__lt=_day_start(data["date_to"] + timedelta(days=1)))
    if data["outcome"]:
        entries = entries.filter(change__status=data["outcome"])
    return entries


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def rows_for_csv(entries: QuerySet) -> Iterator[list[str]]:
    # Named now, while the request's language is active: the rows are written after the view.
    return _rows([str(name) for name in CSV_HEADER], entries)


def _rows(header: list[str], entries: QuerySet) -> Iterator[list[str]]:
    yield header
    for entry in entries.iterator(chunk_size=500):
        yield [
            entry.created_at.isoformat(),
            entry.actor.username,
            entry.acting_for,
            entry.tenant_id,
            entry.group_id,
            entry.target_user_id,
            entry.feature,
            entry.action,
            json.dumps(entry.fields, ensure_ascii=False, sort_keys=True),
            entry.change.status if entry.change_id else "",
        ]
