"""The pages of a host's meet-me conferences, for staff (a user in their scope) and on the
user's own portal: the list, a conference's form, its delegates, recordings and greeting.

Every edit is a pending change (contract §5.8): POST …/conferences/{bridge}/ creates,
PUT and DELETE …/conferences/{bridge}/{conference}/ change and delete; the delegates are put
whole (…/delegates/), the greeting too (…/greeting/), and recordings are deleted by naming
them (DELETE …/recordings/).
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.apio import paths
from portal.apio.errors import ApioError, ApioNotFound
from portal.changes.models import PendingChange
from portal.changes.push.items import conference_identity
from portal.features import collection_changes, item_lists
from portal.features.criteria import sign, unsign
from portal.forms import form_to_payload
from portal.forms.base import FormUrls
from portal.forms.presentation import focus_first_error
from portal.reads.users import forget_user

from . import delegates as delegate_lists
from . import forms as conference_forms
from .declaration import CONFERENCES, DELEGATES, INSTANCE, NEW_CONFERENCE, RECORDINGS
from .reading import (
    ConferenceRow,
    read_conference,
    read_greeting,
    read_listing,
    read_recordings,
)

LIST_PAGE = "features/conference_list.html"
LIST_UPDATE = "features/conference_list.html#conferences-update"
FORM_PAGE = "features/conference_form.html"
DELETE_PAGE = "features/conference_delete.html"
CHANGES = "conferences/conferences"  # the feature and section the changes are filed with

CONFERENCE_LIST = item_lists.ItemList(
    refused=gettext_lazy("The platform refused to show the conferences: %(reason)s."),
    feature_key=CONFERENCES.key,
)


def queue(request, screen, method: str, path: str, payload: dict, definition: str, snapshot=None):
    return item_lists.queue(request, screen, CHANGES, definition, method, path, payload, snapshot)


# -- the list ---------------------------------------------------------------------------------


def _pending(rows: list[ConferenceRow], changes: list[PendingChange], screen) -> list:
    """Rows as they will be: "Deleting…", "Saving…", and the conferences being added. One
    being added that the platform lists already (its change sent, its answer not yet recorded)
    is its listed row, marked as being added, not a second row."""
    adding = []
    for change in changes:
        if not change.is_open:
            continue
        for row in rows:
            if change.path == paths.meet_me_conference(
                screen.ref, row.bridge_id, row.conference_id
            ):
                row.pending = _("Deleting…") if change.method == "DELETE" else _("Saving…")
                row.queued = change.method
        if change.method == "POST":
            listed = _listed(rows, conference_identity(change.path, change.payload))
            if listed is None:
                adding.append(str(change.payload.get("title", "")))
            else:
                listed.pending = _("Adding…")
    return adding


def _listed(rows: list[ConferenceRow], identity: dict | None) -> ConferenceRow | None:
    """The listed conference a create sent (same bridge, title and start), if listed."""
    if identity is None:
        return None
    wanted = (identity["bridgeId"], identity["title"], identity["startTime"])
    return next((r for r in rows if (r.bridge_id, r.title, r.start) == wanted), None)


def describe(change: PendingChange) -> str:
    title = change.payload.get("title") or change.snapshot.get("title") or ""
    if change.path.endswith("/delegates/"):
        return _("Delegates of a conference")
    if change.path.endswith("/greeting/"):
        return _("Greeting of a conference")
    if change.path.endswith("/recordings/"):
        return _("Recording deleted")
    if change.method == "POST":
        return _("New conference “%(title)s”") % {"title": title}
    if change.method == "DELETE":
        return _("Conference “%(title)s” deleted") % {"title": title}
    return _("Conference “%(title)s” changed") % {"title": title}


def list_context(request, screen) -> dict:
    status = request.GET.get("status", "")
    kind = request.GET.get("type", "")
    context = item_lists.screen_context(screen, status=status, kind=kind, error="")
    changes = collection_changes.recent_changes(
        screen.ref, paths.user_service(screen.ref, "meet_me_confs")
    )
    try:
        listing = read_listing(screen.ref)
    except ApioError as exc:
        context.update(error=CONFERENCE_LIST.read_error(exc), listing=None, rows=[], adding=[])
    else:
        rows = [
            row
            for row in listing.conferences
            if (not status or row.status == status) and (not kind or row.type.startswith(kind))
        ]
        adding = _pending(listing.conferences, changes, screen)
        context.update(listing=listing, rows=rows, adding=adding, total=len(listing.conferences))
    context["changes"] = [(change, describe(change)) for change in changes]
    context["watch"] = ",".join(str(c.pk) for c in changes if c.is_open)
    return context


def handle_list(request: HttpRequest, screen) -> HttpResponse:
    """The list; with htmx and `watch`, its body read again once a watched change is done
    (204 while they are all on their way); with `refresh`, read afresh from the platform."""
    if "refresh" in request.GET:
        forget_user(screen.ref)
        return redirect(screen.url)
    if request.htmx and "watch" in request.GET:
        if item_lists.on_their_way(request):
            return HttpResponse(status=204)
        return render(request, LIST_UPDATE, list_context(request, screen))
    return render(request, LIST_PAGE, list_context(request, screen))


# -- one conference ---------------------------------------------------------------------------


def form_context(screen, **extra) -> dict:
    return item_lists.screen_context(screen, error="", **extra)


def urls(screen) -> FormUrls:
    block = f"{screen.url}block/"
    return FormUrls(block=block, row=block)


def handle_new(request: HttpRequest, screen) -> HttpResponse:
    """Schedule a conference on one of the host's bridges: POST …/conferences/{bridge}/."""
    context = form_context(screen, method="POST", action=request.path)
    try:
        listing = read_listing(screen.ref)
    except ApioError as exc:
        context["error"] = CONFERENCE_LIST.read_error(exc)
        return render(request, FORM_PAGE, context)
    bridges = [b for b in listing.bridges if b.active]
    if not bridges:
        context["error"] = _("There is no conference bridge to host a conference on.")
        return render(request, FORM_PAGE, context)
    zone = conference_forms.host_time_zone(screen.ref)
    data = request.POST if request.method == "POST" else None
    chooser = conference_forms.BridgeChoice(bridges, data=data)
    form = conference_forms.conference_form(
        "POST", zone, urls(screen), NEW_CONFERENCE, data, bridge=chooser.bridge
    )
    context.update(form=form, chooser=chooser, zone=zone, snapshot=sign(NEW_CONFERENCE))
    if request.method == "GET":
        return render(request, FORM_PAGE, context)
    if not all([chooser.is_valid(), form.is_valid()]):
        focus_first_error(form)
        return render(request, FORM_PAGE, context)
    bridge = chooser.bridge()
    path = paths.meet_me_new_conference(screen.ref, bridge.bridge_id)
    payload = form_to_payload(form)
    queue(request, screen, "POST", path, payload, INSTANCE)
    messages.success(
        request,
        _("The conference “%(title)s” is on its way to the platform.")
        % {"title": payload["title"]},
    )
    return redirect(screen.url)


def conference_or_404(screen, bridge_id: str, conference_id: str, context: dict):
    """The conference and its bridge as APIO holds them; None (the error in `context`) when
    the platform cannot say."""
    try:
        listing = read_listing(screen.ref)
        values = read_conference(screen.ref, bridge_id, conference_id)
    except ApioNotFound as exc:
        raise Http404("No such conference.") from exc
    except ApioError as exc:
        context["error"] = CONFERENCE_LIST.read_error(exc)
        return None
    bridge = listing.bridge(bridge_id)
    row = next(
        (
            r
            for r in listing.conferences
            if (r.bridge_id, r.conference_id) == (bridge_id, conference_id)
        ),
        None,
    )
    if bridge is None or row is None:
        raise Http404("No such conference.")
    return values, bridge, row


def handle_edit(request: HttpRequest, screen, bridge_id: str, conference_id: str) -> HttpResponse:
    """A conference's settings (PUT), with its dial-in details, delegates, recordings and
    greeting."""
    context = form_context(screen, method="PUT", action=request.path)
    found = conference_or_404(screen, bridge_id, conference_id, context)
    if found is None:
        return render(request, FORM_PAGE, context)
    values, bridge, row = found
    zone = str(values.get("hostTimeZone") or conference_forms.host_time_zone(screen.ref))
    path = paths.meet_me_conference(screen.ref, bridge_id, conference_id)
    if request.method == "POST":
        snapshot = unsign(request.POST.get("_snapshot", ""))
        if snapshot is None:
            return item_lists.expired(request)
        initial = snapshot[0]
    else:
        initial = values
    data = request.POST if request.method == "POST" else None
    form = conference_forms.conference_form(
        "PUT", zone, urls(screen), initial, data, bridge=lambda: bridge
    )
    context.update(
        form=form,
        bridge=bridge,
        row=row,
        zone=zone,
        conference=values,
        snapshot=sign(conference_forms.without_pins(initial)),
        conference_url=request.path,
        query=request.GET.get("q", ""),
        **parts_context(screen, bridge_id, conference_id, request.GET.get("q", "")),
    )
    if request.method == "GET":
        return render(request, FORM_PAGE, context)
    if not form.is_valid():
        focus_first_error(form)
        return render(request, FORM_PAGE, context)
    payload = form_to_payload(form)
    if not payload:
        messages.info(request, _("Nothing changed."))
        return redirect(screen.url)
    snapshot = conference_forms.change_snapshot(initial, payload)
    queue(request, screen, "PUT", path, payload, INSTANCE, snapshot)
    messages.success(
        request,
        _("The changes to “%(title)s” are on their way to the platform.") % {"title": row.title},
    )
    return redirect(screen.url)


def parts_context(screen, bridge_id: str, conference_id: str, query: str) -> dict:
    """The delegates (and the people found to add), recordings and greeting of a conference;
    the page says when they cannot be read, without going down."""
    out: dict = {"parts_error": "", "found": []}
    try:
        out["delegates"] = delegate_lists.shown(screen, bridge_id, conference_id)
        if query:
            taken = {d.user_id for d in out["delegates"]}
            out["found"] = delegate_lists.find(screen, query, taken)
        out["recordings"] = read_recordings(screen.ref, bridge_id, conference_id)
        out["greeting"] = read_greeting(screen.ref, bridge_id, conference_id)
        out["greeting_form"] = conference_forms.greeting_form(screen.ref, out["greeting"])
    except ApioError as exc:
        out["parts_error"] = CONFERENCE_LIST.read_error(exc)
    return out


def handle_block(request: HttpRequest, screen) -> HttpResponse:
    """One block of a conference's form, drawn again after a choice changed (htmx)."""
    method = "PUT" if request.POST.get("_method") == "PUT" else "POST"
    snapshot = unsign(request.POST.get("_snapshot", ""))
    initial = snapshot[0] if snapshot else NEW_CONFERENCE
    zone = str(initial.get("hostTimeZone") or request.POST.get("_zone") or settings.TIME_ZONE)
    form = conference_forms.conference_form(
        method, zone, urls(screen), initial, request.POST, quiet=True
    )
    return item_lists.block_answer(request, form)


def handle_delete(request: HttpRequest, screen, bridge_id: str, conference_id: str):
    context = form_context(screen, action=request.path)
    found = conference_or_404(screen, bridge_id, conference_id, context)
    if found is None:
        return render(request, DELETE_PAGE, context)
    _values, _bridge, row = found
    if request.method == "GET":
        context["row"] = row
        return render(request, DELETE_PAGE, context)
    path = paths.meet_me_conference(screen.ref, bridge_id, conference_id)
    queue(request, screen, "DELETE", path, {}, INSTANCE, {"title": row.title})
    messages.success(request, _("Deleting the conference “%(title)s”.") % {"title": row.title})
    return redirect(screen.url)


def handle_delegates(request: HttpRequest, screen, bridge_id: str, conference_id: str):
    """Add a delegate (`add`: a user id found by the search) or remove one (`remove`)."""
    back = f"{screen.url}{bridge_id}/{conference_id}/#delegates"
    if request.method == "GET":  # the search, without JavaScript: the conference's page
        return redirect(
            f"{screen.url}{bridge_id}/{conference_id}/?{request.GET.urlencode()}#delegates"
        )
    try:
        listed = delegate_lists.shown(screen, bridge_id, conference_id)
    except ApioError as exc:
        messages.error(request, CONFERENCE_LIST.read_error(exc))
        return redirect(back)
    user_ids = [d.user_id for d in listed]
    added, removed = request.POST.get("add", ""), request.POST.get("remove", "")
    if added:
        candidate = delegate_lists.candidate(screen, added)
        if candidate is None:
            messages.error(request, _("This person cannot be a delegate of the conference."))
            return redirect(back)
        if added not in user_ids:
            user_ids.append(added)
        notice = _("Adding %(name)s as a delegate.") % {"name": candidate.display_name}
    elif removed in user_ids:
        user_ids.remove(removed)
        notice = _("Removing a delegate.")
    else:
        return redirect(back)
    path = paths.meet_me_part(screen.ref, bridge_id, conference_id, "delegates")
    queue(
        request,
        screen,
        "PUT",
        path,
        {"delegates": [{"userId": u} for u in user_ids]},
        DELEGATES.name,
    )
    messages.success(request, notice)
    return redirect(back)


def handle_recordings(request: HttpRequest, screen, bridge_id: str, conference_id: str):
    """Delete a recording, named by its conference and start time."""
    back = f"{screen.url}{bridge_id}/{conference_id}/#recordings"
    start = request.POST.get("startTime", "")
    try:
        known = {r.start_time for r in read_recordings(screen.ref, bridge_id, conference_id)}
    except ApioError as exc:
        messages.error(request, CONFERENCE_LIST.read_error(exc))
        return redirect(back)
    if start not in known:
        messages.error(request, _("This recording is no longer there."))
        return redirect(back)
    item = {"bridgeId": bridge_id, "conferenceId": conference_id, "startTime": start}
    queue(
        request,
        screen,
        "DELETE",
        paths.meet_me_recordings(screen.ref),
        {"recordings": [item]},
        RECORDINGS.name,
    )
    messages.success(request, _("Deleting the recording."))
    return redirect(back)


def handle_greeting(request: HttpRequest, screen, bridge_id: str, conference_id: str):
    """The greeting participants hear when they join: one of the host's recordings."""
    back = f"{screen.url}{bridge_id}/{conference_id}/#greeting"
    try:
        current = read_greeting(screen.ref, bridge_id, conference_id)
    except ApioError as exc:
        messages.error(request, CONFERENCE_LIST.read_error(exc))
        return redirect(back)
    form = conference_forms.greeting_form(screen.ref, current, data=request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the recordings."))
        return redirect(back)
    payload = form_to_payload(form)
    if set(payload) <= {"name"} and payload.get("name") == current.get("name"):
        messages.info(request, _("Nothing changed."))
        return redirect(back)
    path = paths.meet_me_part(screen.ref, bridge_id, conference_id, "greeting")
    queue(request, screen, "PUT", path, payload, conference_forms.GREETING, current)
    messages.success(request, _("The greeting is on its way to the platform."))
    return redirect(back)


# -- the views, for staff and on the user's own portal ----------------------------------------


# The URL's name -> what answers it, and the methods it takes; its staff view and own-portal
# view (the URL's name with "my_") come from the list's declaration.
HANDLERS = {
    "conferences": (handle_list, ["GET"]),
    "conference_new": (handle_new, ["GET", "POST"]),
    "conference_block": (handle_block, ["POST"]),
    "conference": (handle_edit, ["GET", "POST"]),
    "conference_delete": (handle_delete, ["GET", "POST"]),
    "conference_delegates": (handle_delegates, ["GET", "POST"]),
    "conference_recordings": (handle_recordings, ["POST"]),
    "conference_greeting": (handle_greeting, ["POST"]),
}
VIEWS = {
    name: CONFERENCE_LIST.views(handler, methods, name)
    for name, (handler, methods) in HANDLERS.items()
}
