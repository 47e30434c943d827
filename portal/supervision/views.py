"""Call centers and their agents: a supervisor sees their own; the platform admin any of them.

The admin is no supervisor of anything: they choose a tenant, a group, then a call center, and
see all its agents and its supervisors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal import access
from portal.accounts.models import Role
from portal.apio.errors import ApioNotFound
from portal.directory.search import list_tenants
from portal.reads import UserSummary
from portal.supervision.agents import (
    CallCenter,
    call_center_agents,
    call_center_supervisors,
    group_call_centers,
    supervised_agents,
    supervised_call_centers,
    tenant_groups,
)
from portal.supervision.tables import (
    AgentTable,
    CallCenterTable,
    agent_rows,
    call_center_rows,
    matching,
    matching_centers,
)


def render_agents(
    request: HttpRequest,
    center: CallCenter,
    agents: list[UserSummary],
    supervisors: list[UserSummary] | None = None,
) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:200]
    found = matching(agents, query)
    table = AgentTable(agent_rows(found), link_people=access.is_staff(request.user))
    context = {
        "center": center,
        "table": table.configure(request),
        "count": len(found),
        "supervisors": supervisors,
        "query": query,
    }
    return render(request, "supervision/agent_list.html", context)


def render_centers(
    request: HttpRequest, template: str, centers: list[CallCenter], url_name: str, **context
) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:200]
    found = matching_centers(centers, query)
    rows = call_center_rows(found, url_name, by_group=url_name == "supervision:call_center")
    context.update(
        table=CallCenterTable(rows).configure(request),
        count=len(found),
        total=len(centers),
        query=query,
    )
    return render(request, template, context)


def group_call_center_or_404(tenant_id: str, group_id: str, call_center_id: str) -> CallCenter:
    try:
        centers = group_call_centers(tenant_id, group_id)
    except ApioNotFound as exc:
        raise Http404("No such group.") from exc
    center = next((c for c in centers if c.service_user_id == call_center_id), None)
    if center is None:
        raise Http404("No such call center.")
    return center


# -- a supervisor's own call centers ----------------------------------------------------------


@login_required
@access.require_roles(Role.SUPERVISOR, Role.ADMIN)
def call_center_list_view(request: HttpRequest) -> HttpResponse:
    if access.has_role(request.user, Role.ADMIN):
        return platform_call_centers(request)
    ref = access.supervisor_ref_or_404(request)
    centers = supervised_call_centers(ref)
    return render_centers(
        request, "supervision/call_center_list.html", centers, "supervision:agent_list"
    )


@login_required
@access.require_roles(Role.SUPERVISOR, Role.ADMIN)
def agent_list_view(request: HttpRequest, call_center_id: str) -> HttpResponse:
    if access.has_role(request.user, Role.ADMIN):
        # A supervisor's address names no tenant nor group: the admin chooses them.
        messages.info(
            request,
            _("Choose the tenant and group of %(call_center)s to see its agents.")
            % {"call_center": call_center_id},
        )
        return redirect("supervision:call_center_list")
    ref = access.supervisor_ref_or_404(request)
    centers = {center.service_user_id: center for center in supervised_call_centers(ref)}
    center = centers.get(call_center_id)
    if center is None:
        raise Http404("Not found.")
    try:
        agents = supervised_agents(ref, call_center_id)
    except ApioNotFound as exc:
        raise Http404("Not found.") from exc
    return render_agents(request, center, agents)


# -- any call center, for the platform admin --------------------------------------------------


def platform_call_centers(request: HttpRequest) -> HttpResponse:
    """Choose a tenant, then one of its groups (whose call centers are on the next page)."""
    tenants = list_tenants()
    tenant_id = request.GET.get("tenant", "")
    if not tenant_id and len(tenants) == 1:
        tenant_id = tenants[0].get("tenantId", "")
    groups = []
    if tenant_id:
        try:
            groups = tenant_groups(tenant_id)
        except ApioNotFound as exc:
            raise Http404("No such tenant.") from exc
    tenant_names = {t.get("tenantId"): t.get("name") or t.get("tenantId") for t in tenants}
    context = {
        "tenants": tenants,
        "tenant_id": tenant_id,
        "tenant_name": tenant_names.get(tenant_id, tenant_id),
        "groups": groups,
    }
    return render(request, "supervision/platform_call_centers.html", context)


@login_required
@access.require_roles(Role.ADMIN)
def group_call_centers_view(request: HttpRequest, tenant_id: str, group_id: str) -> HttpResponse:
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
    )


@login_required
@access.require_roles(Role.ADMIN)
def call_center_view(
    request: HttpRequest, tenant_id: str, group_id: str, call_center_id: str
) -> HttpResponse:
    center = group_call_center_or_404(tenant_id, group_id, call_center_id)
    try:
        agents = call_center_agents(center)
        supervisors = call_center_supervisors(center)
    except ApioNotFound as exc:
        raise Http404("No such call center.") from exc
    return render_agents(request, center, agents, supervisors)
