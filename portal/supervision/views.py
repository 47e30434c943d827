"""Call centers and their agents: a supervisor sees their own; staff any of them in scope.

Staff (the platform admin, and the helpdesk for the tenants and groups they look after) are
no supervisors of anything: they choose a tenant, a group, then a call center, and see all its
agents and its supervisors. A supervisor's address names no tenant nor group: staff who open
one are led to that choice.

Every agent page is one table: sortable by each column, searched as one types, paged, and
exported whole (every matching agent, in the same order) as CSV. What APIO answered is kept a
minute (portal.supervision.agents); "Refresh" reads it again.
"""

import csv
from urllib.parse import urlencode

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from portal import access
from portal.accounts.models import Role
from portal.apio.errors import ApioError, ApioNotFound
from portal.core import UserRef
from portal.directory.search import group_name, list_tenants
from portal.reads import UserSummary, get_profile, side_by_side
from portal.supervision.agents import (
    CallCenter,
    Listing,
    cached_supervised_call_centers,
    call_center_listing,
    forget_listing,
    group_call_centers,
    supervised_listing,
    tenant_groups,
)
from portal.supervision.tables import (
    AgentTable,
    CallCenterTable,
    call_center_rows,
    csv_filename,
    csv_lines,
    matching_centers,
    matching_rows,
    prepared_rows,
)

STAFF = (Role.ADMIN, Role.HELPDESK)
MAX_QUERY = 200


def typed_query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY]


def staff_covers(user, tenant_id: str, group_id: str = "") -> bool:
    """May this staff person see the call centers of that group (or, without a group, of some
    group of that tenant)?"""
    if access.has_role(user, Role.ADMIN):
        return True
    if not access.has_role(user, Role.HELPDESK):
        return False
    scopes = user.scopes.all()
    if not group_id:
        return any(scope.tenant_id == tenant_id for scope in scopes)
    return any(scope.covers(tenant_id, group_id) for scope in scopes)


def kept_query(request: HttpRequest, *names: str) -> str:
    """ "?q=…&sort=…" of the request's parameters among `names` that have a value ("" if none)."""
    kept = [(name, request.GET[name]) for name in names if request.GET.get(name)]
    return f"?{urlencode(kept)}" if kept else ""


# -- an agent page, and its CSV ---------------------------------------------------------------


def agent_table(
    request: HttpRequest, center: CallCenter, listing: Listing, *, paged: bool
) -> tuple[AgentTable, str]:
    query = typed_query(request)
    rows = matching_rows(prepared_rows(center, listing.agents, listing.token), query)
    table = AgentTable(rows, link_people=access.is_staff(request.user))
    if paged:
        table.configure(request)
    else:
        tables.RequestConfig(request, paginate=False).configure(table)
    return table, query


def render_agents(
    request: HttpRequest,
    center: CallCenter,
    listing: Listing,
    *,
    export_url: str,
    supervisor_name: str = "",
    several_centers: bool = False,
) -> HttpResponse:
    table, query = agent_table(request, center, listing, paged=True)
    supervisors = None
    if listing.supervisors is not None:
        supervisors = [
            UserSummary.from_apio(entry, center.tenant_id, center.group_id)
            for entry in listing.supervisors
        ]
    context = {
        "center": center,
        "table": table,
        "count": table.paginator.count,
        "total": len(listing.agents),
        "query": query,
        "sort": request.GET.get("sort", "")[:40],
        "supervisors": supervisors,
        "supervisor_name": supervisor_name,
        "several_centers": several_centers,
        "read_at": listing.read_at,
        "export_url": export_url + kept_query(request, "q", "sort"),
    }
    template = "supervision/agent_list.html"
    if request.htmx and request.htmx.target == "agents":
        template += "#agents"
    response = render(request, template, context)
    # The same address answers the whole page or, to the search box, the table alone.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def agents_csv(request: HttpRequest, center: CallCenter, listing: Listing) -> HttpResponse:
    """Every agent the page's search finds, all pages, in the page's order."""
    table, _query = agent_table(request, center, listing, paged=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(center)}"'
    # A byte order mark, so that spreadsheets read names with accents as they are written.
    response.write("\ufeff")
    csv.writer(response).writerows(csv_lines(table))
    return response


def refreshed(request: HttpRequest, center: CallCenter, supervisor: UserRef | None):
    """With ?refresh: drop what was read and show the page again at its own address."""
    if "refresh" not in request.GET:
        return None
    forget_listing(center, supervisor)
    return redirect(request.path + kept_query(request, "q", "sort"))


def group_call_center_or_404(tenant_id: str, group_id: str, call_center_id: str) -> CallCenter:
    try:
        centers = group_call_centers(tenant_id, group_id)
    except ApioNotFound as exc:
        raise Http404("No such group.") from exc
    center = next((c for c in centers if c.service_user_id == call_center_id), None)
    if center is None:
        raise Http404("No such call center.")
    return center


def render_centers(
    request: HttpRequest, template: str, centers: list[CallCenter], url_name: str, **context
) -> HttpResponse:
    query = typed_query(request)
    found = matching_centers(centers, query)
    rows = call_center_rows(found, url_name, by_group=url_name == "supervision:call_center")
    context.update(
        table=CallCenterTable(rows).configure(request),
        count=len(found),
        total=len(centers),
        query=query,
    )
    return render(request, template, context)


# -- a supervisor's own call centers ----------------------------------------------------------


def supervisor_name(ref: UserRef) -> str:
    """The supervisor as the platform names them (not the portal account's name)."""
    try:
        return get_profile(ref).display_name
    except ApioError:
        return ref.user_id


def own_center_or_404(centers: list[CallCenter], call_center_id: str) -> CallCenter:
    """Of the call centers a supervisor supervises, the one asked for."""
    center = next((c for c in centers if c.service_user_id == call_center_id), None)
    if center is None:
        raise Http404("Not found.")
    return center


def own_listing_or_404(ref: UserRef, center: CallCenter) -> Listing:
    try:
        return supervised_listing(ref, center)
    except ApioNotFound as exc:
        raise Http404("Not found.") from exc


def lead_staff_to_choose(request: HttpRequest, call_center_id: str) -> HttpResponse:
    # A supervisor's address names no tenant nor group: staff choose them.
    messages.info(
        request,
        _("Choose the tenant and group of %(call_center)s to see its agents.")
        % {"call_center": call_center_id},
    )
    return redirect("supervision:call_center_list")


@login_required
@access.require_roles(Role.SUPERVISOR, *STAFF)
def call_center_list_view(request: HttpRequest) -> HttpResponse:
    if access.is_staff(request.user):
        return platform_call_centers(request)
    ref = access.supervisor_ref_or_404(request)
    centers = cached_supervised_call_centers(ref)
    if len(centers) == 1 and not request.GET:
        # Nothing to choose: straight to the agents.
        return redirect("supervision:agent_list", centers[0].service_user_id)
    return render_centers(
        request,
        "supervision/call_center_list.html",
        centers,
        "supervision:agent_list",
        supervisor_name=supervisor_name(ref),
    )


@login_required
@access.require_roles(Role.SUPERVISOR, *STAFF)
def agent_list_view(request: HttpRequest, call_center_id: str) -> HttpResponse:
    if access.is_staff(request.user):
        return lead_staff_to_choose(request, call_center_id)
    ref = access.supervisor_ref_or_404(request)
    centers = cached_supervised_call_centers(ref)
    center = own_center_or_404(centers, call_center_id)
    if response := refreshed(request, center, ref):
        return response
    listing, name = side_by_side(
        [lambda: own_listing_or_404(ref, center), lambda: supervisor_name(ref)]
    )
    return render_agents(
        request,
        center,
        listing,
        export_url=reverse("supervision:agent_export", args=[call_center_id]),
        supervisor_name=name,
        several_centers=len(centers) > 1,
    )


@login_required
@access.require_roles(Role.SUPERVISOR, *STAFF)
def agent_export_view(request: HttpRequest, call_center_id: str) -> HttpResponse:
    if access.is_staff(request.user):
        return lead_staff_to_choose(request, call_center_id)
    ref = access.supervisor_ref_or_404(request)
    center = own_center_or_404(cached_supervised_call_centers(ref), call_center_id)
    return agents_csv(request, center, own_listing_or_404(ref, center))


# -- any call center in scope, for staff ------------------------------------------------------


def platform_call_centers(request: HttpRequest) -> HttpResponse:
    """Choose a tenant, then one of its groups (whose call centers are on the next page)."""
    user = request.user
    tenants = [t for t in list_tenants() if staff_covers(user, t.get("tenantId", ""))]
    tenant_id = request.GET.get("tenant", "")
    if not tenant_id and len(tenants) == 1:
        tenant_id = tenants[0].get("tenantId", "")
    groups = []
    if tenant_id:
        if not staff_covers(user, tenant_id):
            raise Http404("No such tenant.")
        try:
            groups = tenant_groups(tenant_id)
        except ApioNotFound as exc:
            raise Http404("No such tenant.") from exc
        groups = [group for group in groups if staff_covers(user, tenant_id, group.group_id)]
    tenant_names = {t.get("tenantId"): t.get("name") or t.get("tenantId") for t in tenants}
    context = {
        "tenants": tenants,
        "tenant_id": tenant_id,
        "tenant_name": tenant_names.get(tenant_id, tenant_id),
        "groups": groups,
    }
    return render(request, "supervision/platform_call_centers.html", context)


def covered_center_or_404(
    request: HttpRequest, tenant_id: str, group_id: str, call_center_id: str
) -> CallCenter:
    if not staff_covers(request.user, tenant_id, group_id):
        raise Http404("No such call center.")
    return group_call_center_or_404(tenant_id, group_id, call_center_id)


def center_listing_or_404(center: CallCenter) -> Listing:
    try:
        return call_center_listing(center)
    except ApioNotFound as exc:
        raise Http404("No such call center.") from exc


@login_required
@access.require_roles(*STAFF)
def group_call_centers_view(request: HttpRequest, tenant_id: str, group_id: str) -> HttpResponse:
    if not staff_covers(request.user, tenant_id, group_id):
        raise Http404("No such group.")
    try:
        centers = group_call_centers(tenant_id, group_id)
    except ApioNotFound as exc:
        raise Http404("No such group.") from exc
    return render_centers(
        request,
        "supervision/group_call_centers.html",
        centers,
        "supervision:call_center",
        tenant_id=tenant_id,
        group_id=group_id,
        group_label=group_name(tenant_id, group_id),
    )


@login_required
@access.require_roles(*STAFF)
def call_center_view(
    request: HttpRequest, tenant_id: str, group_id: str, call_center_id: str
) -> HttpResponse:
    center = covered_center_or_404(request, tenant_id, group_id, call_center_id)
    if response := refreshed(request, center, None):
        return response
    listing = center_listing_or_404(center)
    export_url = reverse(
        "supervision:call_center_export", args=[tenant_id, group_id, call_center_id]
    )
    return render_agents(request, center, listing, export_url=export_url)


@login_required
@access.require_roles(*STAFF)
def call_center_export_view(
    request: HttpRequest, tenant_id: str, group_id: str, call_center_id: str
) -> HttpResponse:
    center = covered_center_or_404(request, tenant_id, group_id, call_center_id)
    return agents_csv(request, center, center_listing_or_404(center))
