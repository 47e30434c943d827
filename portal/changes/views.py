from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from portal.access import visible_change_or_404, visible_changes
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange

PAGE_SIZE = 100


@login_required
def change_list_view(request: HttpRequest) -> HttpResponse:
    changes = visible_changes(request.user, PendingChange.objects.select_related("created_by"))
    status = request.GET.get("status", "")
    if status in ChangeStatus.values:
        changes = changes.filter(status=status)
    user_id = request.GET.get("user", "").strip()
    if user_id:
        changes = changes.filter(user_id__icontains=user_id)
    context = {
        "changes": changes[:PAGE_SIZE],
        "statuses": ChangeStatus.choices,
        "status": status,
        "user_filter": user_id,
    }
    return render(request, "changes/change_list.html", context)


@login_required
def change_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    change = visible_change_or_404(request.user, pk)
    return render(
        request,
        "changes/change_detail.html",
        {"change": change, "attempts": change.attempts.all()},
    )


@login_required
def change_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The live status badge that a page polls through htmx until the change is done."""
    change = visible_change_or_404(request.user, pk)
    response = render(request, "changes/change_detail.html#status", {"change": change})
    if change.status == ChangeStatus.APPLIED:
        # Lets the page holding the form reload it with the value APIO now holds.
        trigger_client_event(response, f"change-applied-{change.pk}")
    return response


def _act(request: HttpRequest, pk: int, action) -> HttpResponse:
    change = visible_change_or_404(request.user, pk)
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


@login_required
@require_POST
def change_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.retry_change)


@login_required
@require_POST
def change_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.cancel_change)


@login_required
@require_POST
def change_reapply_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.reapply_change)
