"""An agent's call centers: the call centers a user takes calls for, and whether they are
available in each (contract §5.9, user level).

One page, for staff (a user in their scope) and on the user's own portal: each call center with
its name, kind, the agent's priority and skill level where it has one, and the agent's state. A
call center that lets its agents log off has a switch; each tap is a pending change, a PUT of
…/users/{user_id}/services/call_centers/ with `call_centers` entries naming the call center and
`available`. The changes still on their way are folded into each new one, so that the push,
which merges the PUTs of one line into one request, never drops an earlier tap (contract §6).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal import reasons
from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioError, TransientApioError
from portal.changes import services as change_services
from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from portal.definitions import loader
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.features import collection_changes
from portal.features.base import Feature, FieldWords, Section, SummaryRule
from portal.reads import get_services

SERVICE_PATH = "call_centers"
# An agent has one of these; the section names the one the sandbox assigns.
SERVICES = frozenset({"Call Center - Basic", "Call Center - Standard", "Call Center - Premium"})
ENTRY = "call_center_instance"
PAGE = "features/agent_call_centers.html"
UPDATE = f"{PAGE}#agent-update"  # htmx: the list drawn again, its news out of band

# The body of a PUT: the call center entries only (the spec has no object for the settings).
SETTINGS = loader.register_derived(
    ObjectDefinition(
        name="agent_call_centers",
        title="Agent call center settings",
        description="A user's own call center settings (contract §5.9, user level).",
        methods=("GET", "PUT"),
        fields=(
            FieldDefinition(
                name="call_centers",
                type=FieldType.ARRAY,
                presence=(("GET", "A"), ("PUT", "O")),
                description="The call centers the user is an agent of.",
                ref=ENTRY,
            ),
        ),
    )
)

TYPE_WORDS = {
    "Basic": gettext_lazy("Basic"),
    "Standard": gettext_lazy("Standard"),
    "Premium": gettext_lazy("Premium"),
}

WORDS = (
    FieldWords("call_centers", gettext_lazy("Call centers")),
    FieldWords("serviceUserId", gettext_lazy("Call center"), of=ENTRY),
    FieldWords(
        "available",
        gettext_lazy("Available"),
        gettext_lazy("Calls of this call center reach you only while you are available."),
        of=ENTRY,
    ),
    FieldWords(
        "skillLevel",
        gettext_lazy("Skill level"),
        gettext_lazy("From 1, the most skilled, to 20: calls go to the most skilled first."),
        of=ENTRY,
    ),
)


def _state_said(values: dict) -> dict[str, str]:
    entries = [e for e in values.get("call_centers") or [] if isinstance(e, dict)]
    if not entries:
        return {"state": _("not an agent of any call center")}
    available = sum(1 for e in entries if e.get("available"))
    said = ngettext(
        "available in %(available)d of %(count)d call center",
        "available in %(available)d of %(count)d call centers",
        len(entries),
    )
    return {"state": said % {"available": available, "count": len(entries)}}


SECTION = Section(
    key="agent",
    title=gettext_lazy("Availability in call centers"),
    definition=SETTINGS.name,
    service_path=SERVICE_PATH,
    service_name="Call Center - Standard",
    words=WORDS,
    summary=(SummaryRule("%(state)s", says=_state_said),),
    own_pages=True,
)

AGENT_CALL_CENTERS = Feature(
    key="call-centers",
    title=gettext_lazy("Call centers"),
    summary=gettext_lazy("The call centers you answer for, and whether their calls reach you."),
    self_service=True,
    sections=(SECTION,),
)
CHANGES = f"{AGENT_CALL_CENTERS.key}/{SECTION.key}"  # the feature the changes are filed with


# -- what is read -----------------------------------------------------------------------------


@dataclass
class Row:
    """One call center of the agent, as the page shows it."""

    call_center_id: str
    name: str
    type: str
    priority: str
    skill_level: str
    available: bool
    log_off_allowed: bool
    becoming: bool | None = None  # the state a change on its way asks for

    @classmethod
    def from_apio(cls, entry: dict) -> "Row":
        priority = str(entry.get("priority") or "")
        return cls(
            call_center_id=str(entry.get("serviceUserId", "")),
            name=str(entry.get("name") or entry.get("serviceUserId", "")),
            type=str(entry.get("type") or ""),
            priority=priority.removesuffix(".0"),
            skill_level=str(entry.get("skillLevel") or ""),
            available=entry.get("available") is True,
            log_off_allowed=entry.get("logOffAllowed") is not False,
        )

    @property
    def type_text(self) -> str:
        return str(TYPE_WORDS.get(self.type, self.type))

    @property
    def pending(self) -> str:
        if self.becoming is None:
            return ""
        return _("Becoming available…") if self.becoming else _("Becoming unavailable…")


def settings_path(ref: UserRef) -> str:
    return paths.user_service(ref, SERVICE_PATH)


def read_rows(ref: UserRef) -> list[Row]:
    """The agent's call centers, with their names (`enrichCcInfo`)."""
    data = get_client().get(settings_path(ref), {"enrichCcInfo": True}) or {}
    entries = data.get("call_centers") if isinstance(data, dict) else None
    return [Row.from_apio(e) for e in entries or [] if isinstance(e, dict)]


def is_agent(ref: UserRef) -> bool:
    return any(state.assigned and state.name in SERVICES for state in get_services(ref))


def read_error(exc: ApioError) -> str:
    if isinstance(exc, TransientApioError):
        return _("The platform did not answer just now. Reload the page to try again.")
    return _("The platform refused to show the call centers: %(reason)s.") % {
        "reason": reasons.shown(str(exc))
    }


# -- the changes ------------------------------------------------------------------------------


def recent_changes(ref: UserRef) -> list[PendingChange]:
    return [
        c for c in collection_changes.recent_changes(ref, settings_path(ref)) if c.method == "PUT"
    ]


def asked(changes: list[PendingChange]) -> dict[str, bool]:
    """What the changes on their way ask, by call center: the newest change's word wins."""
    wanted: dict[str, bool] = {}
    for change in reversed(changes):  # oldest first
        if change.is_open:
            for entry in change.payload.get("call_centers") or []:
                if "available" in entry:
                    wanted[str(entry.get("serviceUserId"))] = bool(entry["available"])
    return wanted


def describe(change: PendingChange, names: dict[str, str]) -> str:
    """ "Helpdesk: unavailable" for each call center the change names."""
    parts = []
    for entry in change.payload.get("call_centers") or []:
        cc_id = str(entry.get("serviceUserId", ""))
        name = names.get(cc_id, cc_id)
        if entry.get("available"):
            parts.append(_("%(name)s: available") % {"name": name})
        else:
            parts.append(_("%(name)s: unavailable") % {"name": name})
    return "; ".join(parts)


def page_context(screen, notice: str = "") -> dict:
    context = {
        "feature": screen.feature,
        "feature_url": screen.url,
        "profile": screen.profile,
        "ref": screen.ref,
        "own_portal": screen.own_portal,
        "notice": notice,
        "error": "",
        "rows": [],
        "agent": True,
    }
    changes = recent_changes(screen.ref)
    names: dict[str, str] = {}
    try:
        context["agent"] = is_agent(screen.ref)
        rows = read_rows(screen.ref) if context["agent"] else []
    except ApioError as exc:
        context["error"] = read_error(exc)
    else:
        wanted = asked(changes)
        for row in rows:
            names[row.call_center_id] = row.name
            if row.call_center_id in wanted and wanted[row.call_center_id] != row.available:
                row.becoming = wanted[row.call_center_id]
        context["rows"] = rows
        context["fixed"] = [row for row in rows if not row.log_off_allowed]
    context["changes"] = [
        (change, describe(change, names), change.status == ChangeStatus.FAILED)
        for change in changes
    ]
    context["watch"] = ",".join(str(c.pk) for c in changes if c.is_open)
    return context


def handle_page(request: HttpRequest, screen) -> HttpResponse:
    """The page; with htmx and `watch`, its list read again once a watched change is done
    (204 while they are all on their way)."""
    if request.htmx and "watch" in request.GET:
        watched = [int(pk) for pk in request.GET["watch"].split(",") if pk.isdigit()]
        if watched and all(c.is_open for c in PendingChange.objects.filter(pk__in=watched)):
            return HttpResponse(status=204)
        return render(request, UPDATE, page_context(screen))
    return render(request, PAGE, page_context(screen))


def _answer(request: HttpRequest, screen, notice: str, ok: bool) -> HttpResponse:
    if request.htmx:
        return render(request, UPDATE, page_context(screen, notice))
    (messages.success if ok else messages.error)(request, notice)
    return redirect(screen.url)


class StaysAvailable(Exception):  # noqa: N818 (a refusal, said to the person)
    """The call center does not let its agents log off."""

    def __init__(self, row: Row) -> None:
        super().__init__(row.call_center_id)
        self.row = row


def stays_available_said(row: Row, own_portal: bool) -> str:
    if own_portal:
        said = _("%(name)s does not let its agents log off: you stay available.")
    else:
        said = _("%(name)s does not let its agents log off: this person stays available.")
    return said % {"name": row.name}


def availability_change(
    ref: UserRef, call_center_id: str, available: bool
) -> tuple[Row, change_services.ChangeRequest | None]:
    """The change that sets the agent available or unavailable in one call center, with the
    changes still on their way folded in; None when nothing would change. Raises ApioError
    (the call centers unreadable), Http404 (no agent of that call center) and StaysAvailable.
    The pages and the REST API both ask here."""
    rows = read_rows(ref) if is_agent(ref) else []
    row = next((r for r in rows if r.call_center_id == call_center_id), None)
    if row is None:
        raise Http404("Not an agent of this call center.")
    if not row.log_off_allowed:
        raise StaysAvailable(row)
    open_asks = asked(recent_changes(ref))
    if open_asks.get(call_center_id, row.available) == available:
        return row, None
    open_asks[call_center_id] = available
    entries = [
        {"serviceUserId": cc_id, "available": state}
        for cc_id, state in open_asks.items()
        if cc_id in {r.call_center_id for r in rows if r.log_off_allowed}
    ]
    change = change_services.ChangeRequest(
        target=ref,
        feature=CHANGES,
        definition=SETTINGS.name,
        method="PUT",
        path=settings_path(ref),
        payload={"call_centers": entries},
        snapshot={},  # the list is the agent's to set: last word wins, no conflict to find
    )
    return row, change


def handle_availability(request: HttpRequest, screen, call_center_id: str) -> HttpResponse:
    """Set the agent available or unavailable in one call center: a pending PUT."""
    wanted = request.POST.get("available")
    if wanted not in ("true", "false"):
        return HttpResponse(_("Say whether to be available."), status=400)
    available = wanted == "true"
    try:
        row, change = availability_change(screen.ref, call_center_id, available)
    except ApioError as exc:
        return _answer(request, screen, read_error(exc), ok=False)
    except StaysAvailable as refused:
        notice = stays_available_said(refused.row, screen.own_portal)
        return _answer(request, screen, notice, ok=False)
    if change is None:
        return _answer(request, screen, _("Nothing changed."), ok=True)
    collection_changes.submit(request, change, screen.own_portal)
    if screen.own_portal:
        said = (
            _("Making you available in %(name)s.")
            if available
            else _("Making you unavailable in %(name)s.")
        )
    else:
        said = (
            _("Making this person available in %(name)s.")
            if available
            else _("Making this person unavailable in %(name)s.")
        )
    notice = said % {"name": row.name}
    return _answer(request, screen, notice, ok=True)


# -- the views, for staff and on the user's own portal ----------------------------------------


def _screens():
    from portal.features import views  # the feature views check who may see what

    return views


@login_required
@require_http_methods(["GET"])
def agent_call_centers_view(request, tenant_id, group_id, user_id):
    screen = _screens().staff_screen(request, tenant_id, group_id, user_id, AGENT_CALL_CENTERS.key)
    return handle_page(request, screen)


@login_required
@require_POST
def agent_availability_view(request, tenant_id, group_id, user_id, call_center_id):
    screen = _screens().staff_screen(request, tenant_id, group_id, user_id, AGENT_CALL_CENTERS.key)
    return handle_availability(request, screen, call_center_id)


@login_required
@require_http_methods(["GET"])
def my_agent_call_centers_view(request):
    return handle_page(request, _screens().own_screen(request, AGENT_CALL_CENTERS.key))


@login_required
@require_POST
def my_agent_availability_view(request, call_center_id):
    screen = _screens().own_screen(request, AGENT_CALL_CENTERS.key)
    return handle_availability(request, screen, call_center_id)
