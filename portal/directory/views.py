from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal import access, reasons
from portal.accounts.models import Role
from portal.apio.errors import ApioError, TransientApioError
from portal.apio.paths import UnaddressableId
from portal.directory import search
from portal.directory.tables import UserResultTable, user_result_rows
from portal.features.base import Feature
from portal.features.sections import load_sections
from portal.features.summary import feature_state
from portal.reads import forget_user, get_services, side_by_side

GROUP_SUGGESTIONS = 300


def _tenant_choices(user) -> list[tuple[str, str]]:
    """(tenant id, name) of the tenants this person may search."""
    names = {t.get("tenantId"): t.get("name") or t.get("tenantId") for t in search.list_tenants()}
    if user.role == Role.ADMIN:
        ids = [tenant_id for tenant_id in names if tenant_id]
    else:
        ids = sorted({scope.tenant_id for scope in user.scopes.all()})
    return [(tenant_id, names.get(tenant_id) or tenant_id) for tenant_id in ids]


@login_required
@access.require_staff
def user_search_view(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:200]
    tenant_id = request.GET.get("tenant", "").strip()
    group = " ".join(request.GET.get("group", "").split())[:200]
    context = {
        "query": query,
        "tenant": tenant_id,
        "group": group,
        "sort": request.GET.get("sort", "")[:40],
        "tenants": [],
        "groups": [],
        "table": None,
        "searched": len(query) >= search.MIN_QUERY_LENGTH,
        "error": "",
    }
    try:
        context["tenants"] = _tenant_choices(request.user)
        if tenant_id or len(context["tenants"]) == 1 or request.user.role != Role.ADMIN:
            context["groups"] = search.group_choices(request.user, tenant_id)[:GROUP_SUGGESTIONS]
        if context["searched"]:
            found = search.search_users(request.user, query, tenant_id, group)
            names = search.group_names({person.tenant_id for person in found})
            table = UserResultTable(user_result_rows(found, names))
            context["table"] = table.configure(request)
    except search.NoSuchGroup as exc:
        context["error"] = _(
            "None of the groups you look after is called “%(group)s”: choose one from the list,"
            " or leave the group empty."
        ) % {"group": exc.typed}
    except UnaddressableId:
        # "." or ".." typed as a tenant or group: nothing is called so, and APIO is not asked.
        context["error"] = _("No tenant or group has that id: check the filters.")
    except TransientApioError:
        context["error"] = _("The platform did not answer just now. Try again in a moment.")
        context["retry"] = True
    except ApioError as exc:
        # Trying again cannot help: the platform refused this search itself.
        context["error"] = _("The platform refused this search: %(reason)s.") % {
            "reason": reasons.shown(str(exc))
        }
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
    ref = access.covered_ref_or_404(request.user, tenant_id, group_id, user_id)
    access.lives_there_or_404(request.user, ref)
    # Once APIO lists the user there, their profile and their services are read side by side;
    # the profile's failure (404: no such user) is the one raised when both fail.
    profile, services = side_by_side(
        [lambda: access.existing_profile_or_404(ref), lambda: get_services(ref)]
    )
    ref = profile.ref
    assigned = {state.name for state in services if state.assigned}
    features = access.staff_features(request.user)
    # Each feature's line of state reads its sections: all at once.
    loaded = load_sections(
        ref, [s for f in features if f.is_assigned(assigned) for s in f.sections if s.summary]
    )

    def state_line(feature: Feature) -> str:
        said = feature_state(feature, [loaded[s] for s in feature.sections if s in loaded])
        return said or str(feature.summary)  # what it does, when its state cannot be read

    context = {
        "ref": ref,
        "profile": profile,
        "services": services,
        "assigned_services": assigned,
        "features": [
            (feature, True, state_line(feature))
            if feature.is_assigned(assigned)
            else (feature, False, "")
            for feature in features
        ],  # fmt: skip
    }
    return render(request, "directory/user_detail.html", context)
