from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal import access
from portal.accounts.models import Role
from portal.apio.errors import ApioNotFound
from portal.supervision.agents import supervised_agents, supervised_call_centers


@login_required
@access.require_roles(Role.SUPERVISOR)
def call_center_list_view(request: HttpRequest) -> HttpResponse:
    ref = access.supervisor_ref_or_404(request)
    centers = supervised_call_centers(ref)
    return render(request, "supervision/call_center_list.html", {"centers": centers})


@login_required
@access.require_roles(Role.SUPERVISOR)
def agent_list_view(request: HttpRequest, call_center_id: str) -> HttpResponse:
    ref = access.supervisor_ref_or_404(request)
    centers = {center.service_user_id: center for center in supervised_call_centers(ref)}
    center = centers.get(call_center_id)
    if center is None:
        raise Http404("Not found.")
    try:
        agents = supervised_agents(ref, call_center_id)
    except ApioNotFound as exc:
        raise Http404("Not found.") from exc
    query = request.GET.get("q", "").strip().lower()
    if query:
        agents = [
            a
            for a in agents
            if query in a.display_name.lower() or query in a.user_id or query in a.extension
        ]
    context = {"center": center, "agents": agents, "query": query}
    return render(request, "supervision/agent_list.html", context)
