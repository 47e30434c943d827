from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal.accounts.access import backend_user_or_404, require_roles
from portal.accounts.models import Role
from portal.apio.errors import ApioError, ApioNotFound
from portal.directory import search, users
from portal.features.registry import features_for

STAFF = (Role.ADMIN, Role.HELPDESK)


@login_required
@require_roles(*STAFF)
def user_search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    tenant_id = request.GET.get("tenant", "")
    group_id = request.GET.get("group", "")
    context = {
        "query": query,
        "tenant": tenant_id,
        "group": group_id,
        "areas": search.search_areas(request.user),
        "results": [],
        "error": "",
    }
    try:
        context["results"] = search.search_users(request.user, query, tenant_id, group_id)
    except ApioError as exc:
        context["error"] = f"The platform could not be searched just now ({exc}). Try again."
    template = "directory/user_search.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


@login_required
@require_roles(*STAFF)
def user_detail_view(request: HttpRequest, tenant_id: str, group_id: str, user_id: str):
    ref = backend_user_or_404(request.user, tenant_id, group_id, user_id)
    try:
        profile = users.get_profile(ref)
        services = users.get_services(ref)
    except ApioNotFound as exc:
        raise Http404("No such user.") from exc
    assigned = {state.name for state in services if state.assigned}
    context = {
        "ref": ref,
        "profile": profile,
        "services": services,
        "features": [
            (feature, feature.is_assigned(assigned)) for feature in features_for(request.user)
        ],
    }
    return render(request, "directory/user_detail.html", context)
