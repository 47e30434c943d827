from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portal import access
from portal.apio.errors import ApioError, TransientApioError
from portal.apio.paths import UnaddressableId
from portal.directory import search
from portal.reads import forget_user, get_services


@login_required
@access.require_staff
def user_search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    tenant_id = request.GET.get("tenant", "")
    group_id = request.GET.get("group", "")
    context = {
        "query": query,
        "tenant": tenant_id,
        "group": group_id,
        "areas": [],
        "results": [],
        "error": "",
    }
    try:
        context["areas"] = search.search_areas(request.user)
        context["results"] = search.search_users(request.user, query, tenant_id, group_id)
    except UnaddressableId:
        # "." or ".." typed as a tenant or group: nothing is called so, and APIO is not asked.
        context["error"] = "No tenant or group has that id: check the filters."
    except TransientApioError:
        context["error"] = "The platform did not answer just now. Try again in a moment."
        context["retry"] = True
    except ApioError as exc:
        # Trying again cannot help: the platform refused this search itself.
        context["error"] = f"The platform refused this search: {exc}."
    template = "directory/user_search.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


@login_required
@access.require_staff
def user_detail_view(request: HttpRequest, tenant_id: str, group_id: str, user_id: str):
    if "refresh" in request.GET:
        # Read everything afresh, then show the page at its own address.
        forget_user(access.covered_ref_or_404(request.user, tenant_id, group_id, user_id))
        return redirect("directory:user_detail", tenant_id, group_id, user_id)
    profile = access.backend_user_or_404(request.user, tenant_id, group_id, user_id)
    ref = profile.ref
    services = get_services(ref)
    assigned = {state.name for state in services if state.assigned}
    context = {
        "ref": ref,
        "profile": profile,
        "services": services,
        "features": [
            (feature, feature.is_assigned(assigned))
            for feature in access.staff_features(request.user)
        ],
    }
    return render(request, "directory/user_detail.html", context)
