"""The generic feature views: every feature screen is a declaration rendered by these.

The same page serves staff (a user in their scope, by URL) and a user's own portal
(``/me/``, the signed-in user or the user staff act for).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal.accounts.acting import acting_for_user_id
from portal.apio.errors import ApioNotFound
from portal.apio.paths import UserRef
from portal.changes import services as change_services
from portal.directory.users import get_profile
from portal.features.access import (
    self_feature_or_404,
    self_ref_or_404,
    self_service_features,
    staff_feature_or_404,
)
from portal.features.base import Feature, Section
from portal.features.forms import build_section_form
from portal.features.sections import (
    LoadedSection,
    change_request,
    latest_change,
    load_section,
    read_snapshot,
    section_path,
)
from portal.forms import form_to_payload

PAGE = "features/feature_page.html"
SECTION = f"{PAGE}#section"


def section_context(ref: UserRef, feature: Feature, url: str, loaded: LoadedSection, form=None):
    if form is None and loaded.available:
        form = build_section_form(loaded.section, ref, initial_values=loaded.values)
    return {
        "ref": ref,
        "feature": feature,
        "feature_url": url,
        "loaded": loaded,
        "section": loaded.section,
        "form": form,
        "change": latest_change(loaded.path),
    }


def profile_or_404(ref: UserRef):
    """The user's profile; 404 when APIO does not know the user where the URL says."""
    try:
        return get_profile(ref)
    except ApioNotFound as exc:
        raise Http404("No such user.") from exc


def render_page(request: HttpRequest, ref: UserRef, feature: Feature, url: str, replace=None):
    """The whole feature page; ``replace`` is a section context to show instead of a fresh one."""
    sections = []
    for section in feature.sections:
        if replace and replace["section"] == section:
            sections.append(replace)
        else:
            sections.append(section_context(ref, feature, url, load_section(ref, section)))
    context = {"ref": ref, "feature": feature, "feature_url": url, "sections": sections}
    return render(request, PAGE, {**context, "profile": profile_or_404(ref)})


def handle_section(request: HttpRequest, ref: UserRef, feature: Feature, url: str, key: str):
    """GET: the section with fresh values from APIO. POST: queue the edit as a pending change."""
    try:
        section = feature.section(key)
    except KeyError as exc:
        raise Http404("Not found.") from exc
    if request.method == "GET":
        context = section_context(ref, feature, url, load_section(ref, section))
        return render(request, SECTION, context)
    context, saved = save_section(request, ref, feature, url, section)
    if request.htmx:
        return render(request, SECTION, context)
    if saved:
        return redirect(url)
    return render_page(request, ref, feature, url, replace=context)


def save_section(request, ref: UserRef, feature: Feature, url: str, section: Section):
    snapshot = read_snapshot(request.POST.get("_snapshot", ""))
    if snapshot is None:
        context = section_context(ref, feature, url, load_section(ref, section))
        context["notice"] = "The form had expired: these are the current values. Edit again."
        return context, False
    initial, loaded_at = snapshot
    loaded = LoadedSection(section, section_path(ref, section), initial, loaded_at=loaded_at)
    form = build_section_form(section, ref, data=request.POST, initial_values=initial)
    context = section_context(ref, feature, url, loaded, form=form)
    if not form.is_valid():
        return context, False
    payload = form_to_payload(form)  # a PUT: only what the person changed
    if not payload:
        context["notice"] = "Nothing changed."
        return context, False
    change = change_request(ref, feature, section, payload, initial, loaded_at)
    context["change"] = change_services.submit_change(
        request.user, change, acting_for=acting_for_user_id(request)
    )
    # The form goes on showing what was typed; it reloads from APIO once the change is applied.
    return context, True


@login_required
def feature_view(request, tenant_id: str, group_id: str, user_id: str, feature_key: str):
    ref, feature, url = staff_feature_or_404(
        request.user, tenant_id, group_id, user_id, feature_key
    )
    return render_page(request, ref, feature, url)


@login_required
@require_http_methods(["GET", "POST"])
def section_view(
    request, tenant_id: str, group_id: str, user_id: str, feature_key: str, section_key: str
) -> HttpResponse:
    ref, feature, url = staff_feature_or_404(
        request.user, tenant_id, group_id, user_id, feature_key
    )
    profile_or_404(ref)  # the user must live in the tenant and group the URL names
    return handle_section(request, ref, feature, url, section_key)


@login_required
def my_home_view(request: HttpRequest) -> HttpResponse:
    ref = self_ref_or_404(request)
    context = {"ref": ref, "features": self_service_features(ref), "profile": profile_or_404(ref)}
    return render(request, "features/my_home.html", context)


@login_required
def my_feature_view(request: HttpRequest, feature_key: str) -> HttpResponse:
    ref, feature, url = self_feature_or_404(request, feature_key)
    return render_page(request, ref, feature, url)


@login_required
@require_http_methods(["GET", "POST"])
def my_section_view(request: HttpRequest, feature_key: str, section_key: str) -> HttpResponse:
    ref, feature, url = self_feature_or_404(request, feature_key)
    profile_or_404(ref)
    return handle_section(request, ref, feature, url, section_key)
