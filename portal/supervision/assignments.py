"""Who a supervisor supervises, changed by staff: the helpdesk of the call center's group and
the platform admin.

One page per supervisor of a call center: the agents they supervise, each with "Remove", and
the call center's other agents to add, found by name or number. Each add or remove is a
pending change of its own (POST or DELETE of one Supervised Agent to the supervisor's agents,
contract §5.9 and §6 #39), shown with its status on the page until it is done; while one is on
its way the page asks every few seconds, and reads the lists again once it is.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import access
from portal.accounts.models import Role
from portal.apio import paths
from portal.apio.errors import ApioNotFound
from portal.changes import services as change_services
from portal.changes.models import PendingChange
from portal.core import UserRef
from portal.directory.matching import Needle, Searchable
from portal.features import collection_changes
from portal.reads import UserSummary
from portal.supervision.agents import (
    CallCenter,
    call_center_agents,
    call_center_supervisors,
    supervised_agents,
)
from portal.supervision.views import group_call_center_or_404

# What a change says it is about (the changes pages name it so) and what it sends.
FEATURE = access.SUPERVISED_AGENTS
DEFINITION = "supervised_agent"
# The most agents offered to add at once: a search finds the others.
MAX_CANDIDATES = 50
TEMPLATE = "supervision/supervisor_agents.html"


@dataclass(frozen=True)
class Screen:
    """The supervisor of a call center whose agents the page shows and changes."""

    center: CallCenter
    supervisor: UserSummary
    path: str  # the supervisor's agents, where their changes go

    @property
    def url(self) -> str:
        center = self.center
        args = [center.tenant_id, center.group_id, center.service_user_id]
        return reverse("supervision:supervisor_agents", args=[*args, self.supervisor.user_id])


def screen_or_404(
    request: HttpRequest, tenant_id: str, group_id: str, call_center_id: str, supervisor_id: str
) -> Screen:
    """The page's call center and supervisor: 404 out of the person's scope, or when the group
    has no such call center or the user is not one of its supervisors."""
    if not access.covers_backend_user(request.user, tenant_id, group_id, supervisor_id):
        raise Http404("Not found.")
    center = group_call_center_or_404(tenant_id, group_id, call_center_id)
    try:
        supervisors = call_center_supervisors(center)
    except ApioNotFound as exc:
        raise Http404("No such call center.") from exc
    wanted = supervisor_id.lower()  # BroadWorks user ids are not case-sensitive
    supervisor = next((s for s in supervisors if s.user_id.lower() == wanted), None)
    if supervisor is None:
        raise Http404("No such supervisor.")
    path = paths.supervised_agents(tenant_id, group_id, call_center_id, supervisor.user_id)
    return Screen(center, supervisor, path)


# -- pending changes --------------------------------------------------------------------------


def agent_of(change: PendingChange) -> str:
    """The user id of the agent a change adds or removes."""
    entries = change.payload.get("agents") or [{}]
    return str(entries[0].get("userId", "")) if isinstance(entries[0], dict) else ""


def describe(change: PendingChange, names: dict[str, str]) -> str:
    agent = agent_of(change)
    name = names.get(agent.lower(), agent)
    if change.method == "DELETE":
        return _("%(name)s no longer supervised") % {"name": name}
    return _("%(name)s supervised") % {"name": name}


def target(screen: Screen) -> UserRef:
    """Whom a change to the supervisor's agents is filed for: the supervisor, in the call
    center's group."""
    return UserRef(screen.center.tenant_id, screen.center.group_id, screen.supervisor.user_id)


def queue(request: HttpRequest, screen: Screen, method: str, agent_id: str) -> PendingChange:
    change = change_services.ChangeRequest(
        target=target(screen),
        feature=FEATURE,
        definition=DEFINITION,
        method=method,
        path=screen.path,
        payload={"agents": [{"userId": agent_id}]},
        snapshot={},
    )
    return collection_changes.submit(request, change, own_portal=False)


# -- the page ---------------------------------------------------------------------------------


def searchable(person: UserSummary) -> Searchable:
    return Searchable.of(
        person.first_name, person.last_name, person.user_id, person.phone_number, person.extension
    )


def page_context(request: HttpRequest, screen: Screen, query: str) -> dict:
    """The supervised agents (with those on their way in or out), the agents to add that the
    query finds, and the recent changes with their status."""
    agents = call_center_agents(screen.center)
    supervised = supervised_agents(screen.supervisor.ref, screen.center.service_user_id)
    changes = collection_changes.recent_changes(target(screen), screen.path)
    open_changes = [change for change in changes if change.is_open]
    adding = {agent_of(c).lower() for c in open_changes if c.method == "POST"}
    removing = {agent_of(c).lower() for c in open_changes if c.method == "DELETE"}
    supervised_ids = {person.user_id.lower() for person in supervised}
    names = {person.user_id.lower(): person.display_name for person in [*agents, *supervised]}

    rows = [(person, person.user_id.lower() in removing) for person in supervised]
    arriving = [
        person
        for person in agents
        if person.user_id.lower() in adding and person.user_id.lower() not in supervised_ids
    ]
    needle = Needle.parse(query)
    candidates = [
        person
        for person in agents
        if person.user_id.lower() not in supervised_ids | adding
        and (not needle or needle.matches(searchable(person)))
    ]
    return {
        "center": screen.center,
        "supervisor": screen.supervisor,
        "page_url": screen.url,
        "query": query,
        "rows": rows,
        "arriving": arriving,
        "candidates": candidates[:MAX_CANDIDATES],
        "candidate_count": len(candidates),
        "changes": [(change, describe(change, names)) for change in changes],
        "watch": ",".join(str(change.pk) for change in open_changes),
    }


def clean_query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", request.POST.get("q", "")).split())[:200]


@login_required
@access.require_roles(Role.ADMIN, Role.HELPDESK)
def supervisor_agents_view(
    request: HttpRequest, tenant_id: str, group_id: str, call_center_id: str, supervisor_id: str
) -> HttpResponse:
    screen = screen_or_404(request, tenant_id, group_id, call_center_id, supervisor_id)
    query = clean_query(request)
    if request.method == "POST":
        return change_view(request, screen, query)
    if request.htmx and "watch" in request.GET:
        # Asked every few seconds while changes are on their way: 204 (nothing to draw) until
        # one of them is done, then the lists as the platform has them now.
        watched = [int(pk) for pk in request.GET["watch"].split(",") if pk.isdigit()]
        waiting = PendingChange.objects.filter(pk__in=watched, path=screen.path)
        if watched and all(change.is_open for change in waiting):
            return HttpResponse(status=204)
        return render(request, f"{TEMPLATE}#body", page_context(request, screen, query))
    return render(request, TEMPLATE, page_context(request, screen, query))


def change_view(request: HttpRequest, screen: Screen, query: str) -> HttpResponse:
    """Add (`add`) or remove (`remove`) one agent: checked against the platform's lists, then
    queued."""
    add, remove = request.POST.get("add", "").strip(), request.POST.get("remove", "").strip()
    if add and not remove:
        agents = {a.user_id.lower(): a for a in call_center_agents(screen.center)}
        supervised = supervised_agents(screen.supervisor.ref, screen.center.service_user_id)
        if add.lower() not in agents:
            messages.error(request, _("This person is not an agent of this call center."))
        elif add.lower() in {person.user_id.lower() for person in supervised}:
            messages.info(request, _("This agent is supervised already."))
        else:
            queue(request, screen, "POST", agents[add.lower()].user_id)
    elif remove and not add:
        supervised = supervised_agents(screen.supervisor.ref, screen.center.service_user_id)
        found = next((p for p in supervised if p.user_id.lower() == remove.lower()), None)
        if found is None:
            messages.info(request, _("This agent is not supervised by this supervisor."))
        else:
            queue(request, screen, "DELETE", found.user_id)
    else:
        messages.error(request, _("Choose an agent to add or remove."))
    if request.htmx:
        return render(request, f"{TEMPLATE}#body", page_context(request, screen, query))
    return redirect(f"{screen.url}?{urlencode({'q': query})}" if query else screen.url)
