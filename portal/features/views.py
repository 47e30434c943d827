"""The generic feature views: every feature screen is a declaration rendered by these.

The same page serves staff (a user in their scope, by URL) and a user's own portal
(``/me/``, the signed-in user or the user staff act for). Each section answers its own htmx
calls (block re-render, new list entry) through the declaration that drew the page.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import access
from portal.accounts.acting import acting_for_user_id
from portal.changes import services as change_services
from portal.core import UserRef
from portal.features import criteria, home_page, item_lists
from portal.features.base import Feature, Section
from portal.features.forms import build_section_form, section_form_class, section_urls
from portal.features.lookups import apply_lookups
from portal.features.sections import (
    LoadedSection,
    change_request,
    describe_change,
    latest_change,
    latest_changes,
    load_section,
    load_sections,
    read_snapshot,
    section_path,
)
from portal.features.summary import feature_state
from portal.forms import form_to_payload
from portal.forms.layout import RowEntry
from portal.forms.presentation import apply_presentation, focus_first_error
from portal.reads import UserSummary, forget_user

PAGE = "features/feature_page.html"
SECTION = f"{PAGE}#section-update"  # an htmx answer: the section's body, its status out of band


@dataclass(frozen=True)
class Screen:
    """A feature page for one user: whose, which feature, where it lives, for whom."""

    profile: UserSummary  # read when access was checked
    feature: Feature
    url: str
    own_portal: bool  # the user's own portal (``/me/``), not a staff page

    @property
    def ref(self) -> UserRef:
        return self.profile.ref

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections this page shows: on a user's own portal, not the staff-only ones."""
        return self.feature.own_sections() if self.own_portal else self.feature.sections

    def section(self, key: str) -> Section:
        section = next((s for s in self.sections if s.key == key), None)
        if section is None or section.own_pages:
            raise Http404("Not found.")
        return section

    def section_url(self, section: Section) -> str:
        return f"{self.url}{section.key}/"

    def form(self, section: Section, **kwargs):
        url = self.section_url(section)
        return build_section_form(section, self.ref, url, profile=self.profile, **kwargs)


def saving(request: HttpRequest) -> bool:
    """A save is queued even when the platform cannot be read: it needs only the ids."""
    return request.method == "POST"


def staff_screen(request: HttpRequest, tenant_id, group_id, user_id, feature_key) -> Screen:
    profile, feature = access.staff_feature_or_404(
        request.user, tenant_id, group_id, user_id, feature_key, saving(request)
    )
    url = reverse("features:feature", args=[tenant_id, group_id, user_id, feature_key])
    return Screen(profile, feature, url, own_portal=False)


def own_screen(request: HttpRequest, feature_key: str) -> Screen:
    profile, feature = access.own_feature_or_404(request, feature_key, saving(request))
    return Screen(profile, feature, reverse("features:my_feature", args=[feature_key]), True)


# -- what the views do, for staff and own portal alike ----------------------------------------


def section_context(screen: Screen, loaded: LoadedSection, form=None, change=False) -> dict:
    """`change`: the section's latest change when the page looked it up already."""
    if form is None and loaded.available:
        form = screen.form(loaded.section, initial_values=loaded.values)
    if change is False:
        change = latest_change(loaded.path)
    return {
        "ref": screen.ref,
        "feature": screen.feature,
        "feature_url": screen.url,
        "own_portal": screen.own_portal,
        "loaded": loaded,
        "section": loaded.section,
        "form": form,
        "change": change,
        "change_what": describe_change(change),
        "notice": "",
        "saved": False,  # a save went through: the focus stays on Save
        "state_oob": False,  # the page's state line goes with the section
    }


def render_page(request: HttpRequest, screen: Screen, replace: dict | None = None):
    """The whole feature page; ``replace`` is a section context to show instead of a fresh one."""
    shown = [s for s in screen.sections if not (replace and replace["section"] == s)]
    loaded = load_sections(screen.ref, shown, lookups=True)
    changes = latest_changes([read.path for read in loaded.values()])
    sections = [
        replace
        if section not in loaded
        else section_context(screen, loaded[section], change=changes[loaded[section].path])
        for section in screen.sections
    ]
    context = {
        "ref": screen.ref,
        "feature": screen.feature,
        "feature_url": screen.url,
        "own_portal": screen.own_portal,
        "sections": sections,
        "profile": screen.profile,
        "state": feature_state(screen.feature, [s["loaded"] for s in sections]),
    }
    rules = criteria.page_context(screen, sections)  # a feature with a list of rules
    context.update(rules)
    return render(request, criteria.PAGE if rules else PAGE, context)


def with_state(screen: Screen, context: dict) -> dict:
    """A section drawn alone also redraws the page's summary, which it may have changed."""
    loaded = context["loaded"]
    summarized = [s for s in screen.sections if s.summary and s != loaded.section]
    read = load_sections(screen.ref, summarized)
    others = [
        loaded if section == loaded.section else read[section]
        for section in screen.sections
        if section.summary
    ]
    if loaded.section.summary:
        context["state"] = feature_state(screen.feature, others)
        context["state_oob"] = True
    return context


def handle_section(request: HttpRequest, screen: Screen, key: str) -> HttpResponse:
    """GET: the section with fresh values from APIO. POST: queue the edit as a pending change."""
    section = screen.section(key)
    if request.method == "GET":
        if not request.htmx:  # the section alone is a part of its page, not a page
            return redirect(f"{screen.url}#section-{section.key}")
        context = section_context(screen, load_section(screen.ref, section))
        return render(request, SECTION, with_state(screen, context))
    context, saved = save_section(request, screen, section)
    if request.htmx:
        return render(request, SECTION, context)
    if saved:
        return redirect(screen.url)
    return render_page(request, screen, replace=context)


def save_section(request: HttpRequest, screen: Screen, section: Section) -> tuple[dict, bool]:
    ref = screen.ref
    snapshot = read_snapshot(request.POST.get("_snapshot", ""))
    if snapshot is None:
        context = section_context(screen, load_section(ref, section))
        context["notice"] = _("The form had expired: these are the current values. Edit again.")
        return context, False
    initial, loaded_at = snapshot
    loaded = LoadedSection(section, section_path(ref, section), initial, loaded_at=loaded_at)
    form = screen.form(section, data=request.POST, initial_values=initial)
    context = section_context(screen, loaded, form=form)
    if not form.is_valid():
        focus_first_error(form)
        return context, False
    payload = form_to_payload(form)  # a PUT: only what the person changed
    if not payload:
        context["notice"] = _("Nothing changed.")
        context["saved"] = True  # nothing in error: the focus stays on Save
        return context, False
    change = change_request(ref, screen.feature, section, payload, initial, loaded_at)
    # Staff pages are the staff member's own work, even while they act for someone else.
    acting_for = acting_for_user_id(request) if screen.own_portal else ""
    try:
        context["change"] = change_services.submit_change(
            request.user, change, acting_for=acting_for
        )
    except change_services.AlreadyQueued as queued:
        context["change"] = queued.change
        context["notice"] = _("This change is queued already: it will be sent once.")
    context["change_what"] = describe_change(context["change"])
    context["saved"] = True
    # The form goes on showing what was typed; it reloads from APIO once the change is applied.
    return context, True


def handle_block(request: HttpRequest, screen: Screen, key: str) -> HttpResponse:
    """One block of the section's form, drawn again after a deciding field changed."""
    section = screen.section(key)
    snapshot = read_snapshot(request.POST.get("_snapshot", ""))
    initial = snapshot[0] if snapshot else {}
    form = screen.form(section, data=request.POST, initial_values=initial, quiet=True)
    return item_lists.block_answer(request, form)


def handle_rows(request: HttpRequest, screen: Screen, key: str) -> HttpResponse:
    """GET: a new entry for one of the section's lists. DELETE: nothing (htmx drops the row)."""
    section = screen.section(key)

    def prepare(entry) -> None:
        if isinstance(entry, RowEntry):
            apply_lookups(entry.form, section, screen.ref)
            apply_presentation(entry.form, section.presentation)

    urls = section_urls(screen.section_url(section))
    return item_lists.row_answer(request, section_form_class(section), urls, prepare)


# -- staff pages ------------------------------------------------------------------------------


def page_or_refresh(request: HttpRequest, screen: Screen) -> HttpResponse:
    """The page; with ``?refresh``, everything kept of the user is forgotten first, and the
    page shown at its own address, read afresh from the platform."""
    if "refresh" in request.GET:
        forget_user(screen.ref)
        return redirect(screen.url)
    return render_page(request, screen)


@login_required
def feature_view(request, tenant_id: str, group_id: str, user_id: str, feature_key: str):
    screen = staff_screen(request, tenant_id, group_id, user_id, feature_key)
    return page_or_refresh(request, screen)


@login_required
@require_http_methods(["GET", "POST"])
def section_view(request, tenant_id, group_id, user_id, feature_key, section_key):
    screen = staff_screen(request, tenant_id, group_id, user_id, feature_key)
    return handle_section(request, screen, section_key)


@login_required
@require_POST
def section_block_view(request, tenant_id, group_id, user_id, feature_key, section_key):
    screen = staff_screen(request, tenant_id, group_id, user_id, feature_key)
    return handle_block(request, screen, section_key)


@login_required
@require_http_methods(["GET", "DELETE"])
def section_rows_view(request, tenant_id, group_id, user_id, feature_key, section_key):
    screen = staff_screen(request, tenant_id, group_id, user_id, feature_key)
    return handle_rows(request, screen, section_key)


# -- the user's own portal --------------------------------------------------------------------


@login_required
def my_home_view(request: HttpRequest) -> HttpResponse:
    """Where the user's calls go now, switches for the common cases, and links to the rest."""
    profile = access.own_profile_or_404(request)
    context = {"ref": profile.ref, "profile": profile}
    context.update(home_page.home_context(profile.ref, access.own_features(profile.ref)))
    if request.htmx:  # a switch's change was made: the sentence, read again
        return render(request, "features/my_home.html#now-update", context)
    return render(request, "features/my_home.html", context)


@login_required
def my_feature_view(request: HttpRequest, feature_key: str) -> HttpResponse:
    return page_or_refresh(request, own_screen(request, feature_key))


@login_required
@require_http_methods(["GET", "POST"])
def my_section_view(request: HttpRequest, feature_key: str, section_key: str) -> HttpResponse:
    return handle_section(request, own_screen(request, feature_key), section_key)


@login_required
@require_POST
def my_section_block_view(request: HttpRequest, feature_key: str, section_key: str):
    return handle_block(request, own_screen(request, feature_key), section_key)


@login_required
@require_http_methods(["GET", "DELETE"])
def my_section_rows_view(request: HttpRequest, feature_key: str, section_key: str):
    return handle_rows(request, own_screen(request, feature_key), section_key)
