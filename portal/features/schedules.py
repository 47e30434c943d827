"""A user's own schedules: "Evenings" (weekdays 18:00–08:00), "My holidays" (dated days off).

The schedules a rule (criteria) can use at the level "This user". They are listed from the
user's time and calendar schedule lists and read one by one with their periods (contract §5.7);
every create, change or delete is a pending change in the schedule list's line of the outbox
(POST …/time_schedules/, PUT or DELETE …/time_schedules/{name}/; `newName` renames).

Who may: whoever may change the user's selective forwarding, staff in scope and the user on
their own portal alike: the schedules exist for its rules.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal import access, reasons
from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioError, ApioNotFound
from portal.changes import services as change_services
from portal.changes.models import PendingChange
from portal.changes.paths import item_path
from portal.core import UserRef
from portal.features import collection_changes
from portal.features.collection_changes import ItemWords
from portal.features.criteria import LISTS
from portal.features.item_names import free_name, taken_names
from portal.features.registry import FEATURES
from portal.features.schedule_forms import ScheduleEditor
from portal.features.schedule_kinds import KINDS, ScheduleKind
from portal.features.selective import SELECTIVE_FORWARDING
from portal.reads import UserSummary

LIST_PAGE = "features/schedule_list.html"
FORM_PAGE = "features/schedule_form.html"
DELETE_PAGE = "features/schedule_delete.html"
# Changes are filed with the selective forwarding settings: shown and allowed alike.
FEATURE = f"{SELECTIVE_FORWARDING.key}/settings"


@dataclass(frozen=True)
class Place:
    """Whose schedules, seen by whom, and where their pages are."""

    profile: UserSummary
    own_portal: bool
    url: str  # the list page
    # The rules page the schedules were opened from (a feature's key), to lead back to; "":
    # back to the person's home.
    origin: str = ""

    @property
    def ref(self) -> UserRef:
        return self.profile.ref

    def collection(self, kind: ScheduleKind) -> str:
        return paths.user_schedules(self.ref, kind.collection)

    def item(self, kind: ScheduleKind, name: str) -> str:
        return item_path(self.collection(kind), name)

    @property
    def origin_query(self) -> str:
        """Carried by every link between the schedules' pages: where to lead back to."""
        return f"?{urlencode({'from': self.origin})}" if self.origin else ""

    @property
    def back_url(self) -> str:
        ref = self.ref
        if self.origin:
            if self.own_portal:
                return reverse("features:my_feature", args=[self.origin])
            args = [ref.tenant_id, ref.group_id, ref.user_id, self.origin]
            return reverse("features:feature", args=args)
        if self.own_portal:
            return reverse("home")
        return reverse("directory:user_detail", args=[ref.tenant_id, ref.group_id, ref.user_id])

    @property
    def back_title(self) -> str:
        if self.origin:
            return str(FEATURES[self.origin].title)
        return _("My settings") if self.own_portal else self.profile.display_name


def origin_of(request: HttpRequest) -> str:
    """The `from` of the query when it names a feature with rules, which can use schedules."""
    key = request.GET.get("from", "")
    return key if key in LISTS and key in FEATURES else ""


def staff_place(request: HttpRequest, tenant_id: str, group_id: str, user_id: str) -> Place:
    profile, _feature = access.staff_feature_or_404(
        request.user, tenant_id, group_id, user_id, SELECTIVE_FORWARDING.key,
        request.method == "POST",
    )  # fmt: skip
    url = reverse("features:schedules", args=[tenant_id, group_id, user_id])
    return Place(profile, False, url, origin_of(request))


def own_place(request: HttpRequest) -> Place:
    profile, _feature = access.own_feature_or_404(
        request, SELECTIVE_FORWARDING.key, request.method == "POST"
    )
    return Place(profile, True, reverse("features:my_schedules"), origin_of(request))


def kind_or_404(slug: str) -> ScheduleKind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("Not found.")
    return kind


# -- reading ----------------------------------------------------------------------------------


def read_names(place: Place, kind: ScheduleKind) -> list[str]:
    """The user's own schedules of that kind (the list without allLevels: this level only)."""
    data = get_client().get(place.collection(kind)) or {}
    found = data.get("schedules") if isinstance(data, dict) else None
    return [str(s["name"]) for s in found or [] if isinstance(s, dict) and s.get("name")]


def read_schedule(place: Place, kind: ScheduleKind, name: str) -> dict:
    """One schedule with its periods' details ({"full_list": true}, contract §5.7)."""
    data = get_client().get(place.item(kind, name), {"full_list": True}) or {}
    periods = data.get("periods") if isinstance(data, dict) else None
    return {"name": name, "periods": [p for p in periods or [] if isinstance(p, dict)]}


def summary(kind: ScheduleKind, periods: list[dict]) -> str:
    return kind.summary(periods) or _("No times yet")


@dataclass
class Listed:
    kind: ScheduleKind
    name: str
    summary: str
    change: PendingChange | None = None


def recent_changes(place: Place) -> list[PendingChange]:
    """The schedule changes worth showing: on their way or refused, or applied just now."""
    collections = (place.collection(kind) for kind in KINDS.values())
    return collection_changes.recent_changes(place.ref, *collections)


SCHEDULE_WORDS = ItemWords(
    created=gettext_lazy("New schedule %(name)s"),
    deleted=gettext_lazy("Schedule %(name)s deleted"),
    renamed=gettext_lazy("Schedule %(name)s renamed %(new)s"),
    changed=gettext_lazy("Schedule %(name)s changed"),
)


def describe(change: PendingChange) -> str:
    """What a schedule change does, in words: "New schedule Evenings"."""
    return collection_changes.describe(change, SCHEDULE_WORDS)


# -- what the pages do, for staff and the user alike ------------------------------------------


def queue(request: HttpRequest, place: Place, change: change_services.ChangeRequest) -> None:
    collection_changes.submit(request, change, place.own_portal)


def base_context(place: Place) -> dict:
    return {
        "profile": place.profile,
        "ref": place.ref,
        "own_portal": place.own_portal,
        "schedules_url": place.url,
        "origin_query": place.origin_query,
        "back_url": place.back_url,
        "back_title": place.back_title,
    }


def read_error(exc: ApioError) -> str:
    return _("The platform did not show the schedules: %(reason)s.") % {
        "reason": reasons.shown(str(exc))
    }


def show_list(request: HttpRequest, place: Place) -> HttpResponse:
    changes = recent_changes(place)
    groups, error = [], ""
    for kind in KINDS.values():
        listed = []
        try:
            for name in read_names(place, kind):
                schedule = read_schedule(place, kind, name)
                listed.append(Listed(kind, name, summary(kind, schedule["periods"])))
        except ApioError as exc:
            error = read_error(exc)
        for entry in listed:
            path = place.item(kind, entry.name)
            entry.change = next((c for c in changes if c.path == path), None)
        groups.append((kind, listed))
    context = {
        **base_context(place),
        "groups": groups,
        "error": error,
        "schedule_changes": [(change, describe(change)) for change in changes],
    }
    return render(request, LIST_PAGE, context)


def name_is_free(place: Place, kind: ScheduleKind, current: str | None):
    """No second schedule of the same name in its list: the platform would refuse it late."""
    try:
        listed = read_names(place, kind)
    except ApioError:
        listed = []  # the platform judges it when the change is sent
    taken = taken_names(listed, place.collection(kind))
    return free_name(taken, _("There is already a schedule called “%(name)s”."), current)


def handle_form(
    request: HttpRequest, place: Place, kind: ScheduleKind, name: str | None
) -> HttpResponse:
    """Add a schedule (POST to its list) or change one (PUT to it, renamed with newName)."""
    context = {**base_context(place), "kind": kind, "schedule_name": name, "error": ""}
    values: dict = {}
    if name is not None:
        try:
            values = read_schedule(place, kind, name)
        except ApioNotFound as exc:
            raise Http404("No such schedule.") from exc
        except ApioError as exc:
            context["error"] = read_error(exc)
            return render(request, FORM_PAGE, context)
    form = ScheduleEditor(kind, request.POST if request.method == "POST" else None, values)
    context["form"] = form
    if request.method == "POST":
        form.head.extra_checks.append(name_is_free(place, kind, name))
    if request.method == "GET" or not form.is_valid():
        return render(request, FORM_PAGE, context)
    typed, periods = form.name, form.periods()
    collection = place.collection(kind)
    if name is None:
        change = change_services.create_item(
            place.ref, FEATURE, kind.definition, collection, {"name": typed, "periods": periods}
        )
        queue(request, place, change)
        messages.success(request, _("The new schedule is on its way to the platform."))
        return redirect(place.url + place.origin_query)
    if typed == name and periods == values["periods"]:
        messages.info(request, _("Nothing changed."))
        return redirect(place.url + place.origin_query)
    # No snapshot of the periods: a schedule's periods are not checked for conflicts (the read
    # before a push asks them in full, full_list, only to tell a resend that got through).
    change = change_services.update_item(
        place.ref, FEATURE, kind.definition, collection, name, {"periods": periods}, new_name=typed
    )
    queue(request, place, change)
    messages.success(request, _("The schedule's changes are on their way to the platform."))
    return redirect(place.url + place.origin_query)


def handle_delete(
    request: HttpRequest, place: Place, kind: ScheduleKind, name: str
) -> HttpResponse:
    if request.method == "GET":
        context = {**base_context(place), "kind": kind, "schedule_name": name}
        return render(request, DELETE_PAGE, context)
    change = change_services.delete_item(
        place.ref, FEATURE, kind.definition, place.collection(kind), name
    )
    queue(request, place, change)
    messages.success(request, _("Deleting the schedule “%(name)s”.") % {"name": name})
    return redirect(place.url + place.origin_query)


# -- staff pages ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def schedules_view(request, tenant_id, group_id, user_id):
    return show_list(request, staff_place(request, tenant_id, group_id, user_id))


@login_required
@require_http_methods(["GET", "POST"])
def schedule_new_view(request, tenant_id, group_id, user_id, kind):
    place = staff_place(request, tenant_id, group_id, user_id)
    return handle_form(request, place, kind_or_404(kind), None)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_view(request, tenant_id, group_id, user_id, kind, name):
    place = staff_place(request, tenant_id, group_id, user_id)
    return handle_form(request, place, kind_or_404(kind), name)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_delete_view(request, tenant_id, group_id, user_id, kind, name):
    place = staff_place(request, tenant_id, group_id, user_id)
    return handle_delete(request, place, kind_or_404(kind), name)


# -- the user's own portal --------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def my_schedules_view(request):
    return show_list(request, own_place(request))


@login_required
@require_http_methods(["GET", "POST"])
def my_schedule_new_view(request, kind):
    return handle_form(request, own_place(request), kind_or_404(kind), None)


@login_required
@require_http_methods(["GET", "POST"])
def my_schedule_view(request, kind, name):
    return handle_form(request, own_place(request), kind_or_404(kind), name)


@login_required
@require_http_methods(["GET", "POST"])
def my_schedule_delete_view(request, kind, name):
    return handle_delete(request, own_place(request), kind_or_404(kind), name)
