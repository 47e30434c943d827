"""The changes pages, in two voices: end users read what changed and how it went, in plain
words; staff also get the technical details (APIO path, answers, definition), behind a toggle.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from portal.access import (
    change_to_send_or_404,
    is_staff,
    visible_change_or_404,
    visible_changes,
)
from portal.accounts.models import AuditEntry
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange
from portal.features.registry import get_feature
from portal.forms.table import humanize

PAGE_SIZE = 100


def with_acting_for(changes: QuerySet) -> QuerySet:
    """Each change with the user staff were acting for when they made it ("" if they were not).

    The first audit entry of a change is the one written with it.
    """
    made = AuditEntry.objects.filter(change=OuterRef("pk")).order_by("id")
    return changes.annotate(made_acting_for=Subquery(made.values("acting_for")[:1]))


def change_title(feature_key: str) -> str:
    """What a change is about, as the settings pages name it: "Call forwarding: Forward always"."""
    key, _, section_key = feature_key.partition("/")
    feature = get_feature(key)
    if feature is None:
        return "Settings"
    section = next((s for s in feature.sections if s.key == section_key), None)
    return f"{feature.title}: {section.title}" if section else feature.title


def changed_values(entry: AuditEntry | None) -> list[tuple[str, object, object]]:
    """(setting, before, after) as the audit entry of the change recorded them (secrets masked)."""
    fields = entry.fields if entry else {}
    return [
        (humanize(name), shown(values.get("old")), shown(values.get("new")))
        for name, values in fields.items()
        if isinstance(values, dict)
    ]


def shown(value: object) -> object:
    """A switch reads On or Off; nothing stays None (a dash on the page)."""
    if isinstance(value, bool):
        return "On" if value else "Off"
    return value


@login_required
def change_list_view(request: HttpRequest) -> HttpResponse:
    changes = visible_changes(request.user, PendingChange.objects.select_related("created_by"))
    status = request.GET.get("status", "")
    if status in ChangeStatus.values:
        changes = changes.filter(status=status)
    user_id = request.GET.get("user", "").strip() if is_staff(request.user) else ""
    if user_id:
        changes = changes.filter(user_id__icontains=user_id)
    page = list(with_acting_for(changes)[:PAGE_SIZE])
    for change in page:
        change.title = change_title(change.feature)
    context = {
        "changes": page,
        "statuses": ChangeStatus.choices,
        "status": status,
        "user_filter": user_id,
    }
    return render(request, "changes/change_list.html", context)


@login_required
def change_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    change = visible_change_or_404(request.user, pk)
    made = AuditEntry.objects.filter(change=change).order_by("id").first()
    context = {
        "change": change,
        "title": change_title(change.feature),
        "values": changed_values(made),
        "acting_for": made.acting_for if made else "",
        "attempts": change.attempts.all() if is_staff(request.user) else [],
    }
    return render(request, "changes/change_detail.html", context)


@login_required
def change_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The live status badge that a page polls through htmx until the change is done."""
    change = visible_change_or_404(request.user, pk)
    response = render(request, "changes/change_detail.html#status", {"change": change})
    if change.status == ChangeStatus.APPLIED:
        # Lets the page holding the form reload it with the value APIO now holds.
        trigger_client_event(response, f"change-applied-{change.pk}")
    return response


def _act(request: HttpRequest, change: PendingChange, action) -> HttpResponse:
    refused = ""
    try:
        change = action(change, request.user)
    except ValueError as exc:
        refused = str(exc)
        change.refresh_from_db()
    if request.htmx:
        context = {"change": change, "refused": refused}
        return render(request, "changes/change_detail.html#status", context)
    if refused:
        messages.error(request, refused)
    return redirect("changes:change_detail", pk=change.pk)


# Every action asks access afresh: a scope or a feature lost since the change was made loses
# the change too, whoever made it.


@login_required
@require_POST
def change_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, change_to_send_or_404(request.user, pk), services.retry_change)


@login_required
@require_POST
def change_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, visible_change_or_404(request.user, pk), services.cancel_change)


@login_required
@require_POST
def change_reapply_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, change_to_send_or_404(request.user, pk), services.reapply_change)
