import csv

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import backend_user_or_404, require_staff
from portal.accounts.acting import start_acting, stop_acting
from portal.accounts.audit import AuditFilterForm, filtered_entries, rows_for_csv
from portal.accounts.backends import take_platform_name
from portal.accounts.forms import SignInForm
from portal.accounts.models import AuditEntry
from portal.accounts.tables import AuditTable


class SignInView(LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # Whoever signs in as a BroadWorks user is named as the platform names them.
        take_platform_name(form.get_user())
        return super().form_valid(form)


@login_required
@require_staff
@require_POST
def act_as_start_view(request: HttpRequest, tenant_id: str, group_id: str, user_id: str):
    # In scope, and living in the group the URL names, before anything is done in their name.
    profile = backend_user_or_404(request.user, tenant_id, group_id, user_id)
    start_acting(request, profile.ref)
    return redirect("features:my_home")


@login_required
@require_staff
@require_POST
def act_as_stop_view(request: HttpRequest) -> HttpResponse:
    ref = stop_acting(request)
    if ref is None:
        return redirect("home")
    return redirect("directory:user_detail", ref.tenant_id, ref.group_id, ref.user_id)


def _refused_filters(form: AuditFilterForm) -> str:
    """Why the filters cannot be applied, in words ("" when they can): a filter that cannot be
    read must not quietly become no filter, and list or export the whole log."""
    if not form.is_bound or form.is_valid():
        return ""
    return " ".join(
        _("%(filter)s: %(errors)s")
        % {
            "filter": form.fields[name].label if name in form.fields else _("Filters"),
            "errors": " ".join(errors),
        }
        for name, errors in form.errors.items()
    )


@login_required
@require_staff
def audit_list_view(request: HttpRequest) -> HttpResponse:
    filters = filter_query(request)
    form = AuditFilterForm(filters)
    query = filters.urlencode() if filters else ""
    refused = bool(_refused_filters(form))
    entries = AuditEntry.objects.none() if refused else filtered_entries(request.user, form)
    table = AuditTable(entries, viewer=request.user, request=request)
    table.configure(request)
    if refused:
        table.empty_text = _("Nothing is listed until the filters can be applied.")
    context = {"form": form, "table": table, "query": query, "refused": refused}
    return render(request, "accounts/audit_list.html", context, status=400 if refused else 200)


def filter_query(request: HttpRequest):
    """The filters a request asks for, without the page and sort of the table (None if none)."""
    query = request.GET.copy()
    for name in ("page", "sort"):
        query.pop(name, None)
    return query or None


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_staff
def audit_export_view(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = AuditFilterForm(request.GET or None)
    reason = _refused_filters(form)
    if reason:
        return HttpResponseBadRequest(
            _("Nothing was exported: the filters are not valid. %(reason)s") % {"reason": reason}
            + "\n",
            content_type="text/plain; charset=utf-8",
        )
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in rows_for_csv(filtered_entries(request.user, form)))
    response = StreamingHttpResponse(rows, content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
