"""The changes pages, in two voices: end users read what changed and how it went, in plain
words; staff also get the technical details (APIO path, answers, definition), behind a toggle.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from portal.access import (
    Permissions,
    change_to_send_or_404,
    is_staff,
    visible_change_or_404,
    visible_changes,
)
from portal.accounts.models import AuditEntry
from portal.changes import describe, services
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.secrets import mask_secrets
from portal.changes.tables import ChangeFilter, ChangeTable, staff_who, with_first_entry

# What the list and its status badges read of a change and of who made it: the rest (what a
# change sends, what its form started from) is not loaded for 50 rows. A column reading
# another field would read it with one query per row: tests/changes/test_lists.py counts them.
LISTED_FIELDS = (
    "id", "created_at", "user_id", "feature", "status", "message", "field_errors", "conflict",
    "redacted_fields", "attempt_count", "maybe_sent", "lease_expires_at",
    "created_by__id", "created_by__username", "created_by__first_name",
    "created_by__last_name", "created_by__role",
)  # fmt: skip


@login_required
def change_list_view(request: HttpRequest) -> HttpResponse:
    staff = is_staff(request.user)
    listed = PendingChange.objects.select_related("created_by").only(*LISTED_FIELDS)
    listed = listed.filter(created_at__isnull=False)  # what lets the list use its own index
    changes = visible_changes(request.user, listed)
    filters = ChangeFilter(request.GET, queryset=changes, staff=staff)
    table = ChangeTable(
        with_first_entry(filters.qs), viewer=request.user, staff=staff, request=request
    )
    table.configure(request)
    context = {"table": table, "filters": filters}
    return render(request, "changes/change_list.html", context)


@login_required
def change_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    change = visible_change_or_404(request.user, pk)
    staff = Permissions(request).technical_details
    made = AuditEntry.objects.filter(change=change).order_by("id").first()
    fields = made.fields if made else {}
    context = {
        "change": change,
        "title": describe.section_title(change.feature),
        "summary": describe.what_changed(change.feature, fields),
        "values": describe.changed_values(change.feature, fields),
        "who": (
            staff_who(change.created_by, request.user, made.acting_for if made else "")
            if staff
            else describe.who(change.created_by, request.user, staff_view=False)
        ),
        "when": describe.when(change.created_at),
        "finished": describe.when(change.finished_at) if change.finished_at else "",
    }
    if staff:
        payload = mask_secrets(change.definition, change.payload)
        context |= {
            "attempts": change.attempts.all(),
            "payload_json": json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True),
            "field_errors_json": (
                json.dumps(change.field_errors, indent=2, ensure_ascii=False)
                if change.field_errors
                else ""
            ),
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
