"""A host's meet-me conferences through the API: scheduled, changed, deleted, and their
delegates, recordings and greeting, each checked by the conference pages' own forms and checks
(`conference_form`, `BridgeChoice`, `greeting_form`) and queued as those pages queue it
(contract §5.8).

A conference is named in the API's addresses by its bridge and its id, "<bridge>~<conference>":
conference ids are numbers, unique on their bridge only.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from portal.api.errors import FormRejected, form_fields
from portal.api.item_changes import (
    NothingChanged,
    Queued,
    form_data,
    queue,
    refuse_invalid,
    refuse_non_text,
    refuse_unknown,
    refuse_wrong_shapes,
)
from portal.api.sections import ApiScreen
from portal.apio import paths
from portal.apio.errors import ApioNotFound
from portal.definitions.loader import get_definition
from portal.features.conferences import delegates as delegate_lists
from portal.features.conferences import forms as conference_forms
from portal.features.conferences.declaration import DELEGATES, INSTANCE, NEW_CONFERENCE, RECORDINGS
from portal.features.conferences.reading import (
    read_conference,
    read_greeting,
    read_listing,
    read_recordings,
)
from portal.forms import build_form_class, form_to_payload, payload_to_form_data

CHANGES = "conferences/conferences"  # the feature and section the pages file the changes with
PREFIX = "conference"
SEPARATOR = "~"


def item_name(bridge_id: str, conference_id: str) -> str:
    return f"{bridge_id}{SEPARATOR}{conference_id}"


def split_name(name: str) -> tuple[str, str]:
    bridge_id, separator, conference_id = name.rpartition(SEPARATOR)
    if not (separator and bridge_id and conference_id):
        raise Http404("No such conference.")
    return bridge_id, conference_id


def read_conferences(screen: ApiScreen) -> list[dict]:
    listing = read_listing(screen.profile.ref)
    return [
        {
            "name": item_name(row.bridge_id, row.conference_id),
            "title": row.title,
            "values": {
                "bridgeId": row.bridge_id,
                "conferenceId": row.conference_id,
                "title": row.title,
                "bridgeName": row.bridge_name,
                "status": row.status,
                "type": row.type,
                "startTime": row.start.isoformat() if row.start else None,
            },
        }  # fmt: skip
        for row in listing.conferences
    ]


def _fields() -> set[str]:
    return {plan.name for plan in build_form_class(get_definition(INSTANCE), "PUT").plans}


def _posted(method: str, values: dict):
    return form_data(payload_to_form_data, get_definition(INSTANCE), method, values, prefix=PREFIX)


def create_conference(request, screen: ApiScreen, values: dict) -> Queued:
    """POST …/conferences/{bridge}/: `bridgeId` chooses the bridge, as the page's chooser."""
    values = dict(values)
    bridge_id = values.pop("bridgeId", "")
    refuse_non_text({"bridgeId": bridge_id})
    refuse_unknown(values, _fields())
    refuse_wrong_shapes(get_definition(INSTANCE), values)
    ref = screen.profile.ref
    listing = read_listing(ref)
    bridges = [b for b in listing.bridges if b.active]
    if not bridges:
        message = _("There is no conference bridge to host a conference on.")
        raise FormRejected({"bridgeId": [message]})
    chooser = conference_forms.BridgeChoice(bridges, data={"host-bridge_id": str(bridge_id)})
    form = conference_forms.conference_form(
        "POST",
        conference_forms.host_time_zone(screen.ref),
        None,
        NEW_CONFERENCE,
        _posted("POST", {**NEW_CONFERENCE, **values}),
        bridge=chooser.bridge,
    )
    problems = {} if chooser.is_valid() else {"bridgeId": list(chooser.errors["bridge_id"])}
    if not form.is_valid() or problems:
        raise FormRejected({**problems, **form_fields(form.error_map(), PREFIX)})
    bridge = chooser.bridge()
    path = paths.meet_me_new_conference(ref, bridge.bridge_id)
    return queue(request, screen, CHANGES, INSTANCE, "POST", path, form_to_payload(form))


def existing(screen: ApiScreen, name: str):
    """The conference as APIO holds it, its bridge and its row in the host's list."""
    ids = bridge_id, conference_id = split_name(name)
    ref = screen.profile.ref
    try:
        listing = read_listing(ref)
        values = read_conference(ref, bridge_id, conference_id)
    except ApioNotFound as exc:
        raise Http404("No such conference.") from exc
    bridge = listing.bridge(bridge_id)
    row = next(
        (r for r in listing.conferences if (r.bridge_id, r.conference_id) == ids),
        None,
    )
    if bridge is None or row is None:
        raise Http404("No such conference.")
    return values, bridge, row


def edit_conference(request, screen: ApiScreen, name: str, values: dict) -> Queued:
    """PUT …/conferences/{bridge}/{conference}/: only what differs from the conference."""
    refuse_unknown(values, _fields())
    refuse_wrong_shapes(get_definition(INSTANCE), values)
    current, bridge, row = existing(screen, name)
    zone = str(current.get("hostTimeZone") or conference_forms.host_time_zone(screen.ref))
    initial = conference_forms.without_pins(current)
    data = _posted("PUT", {**initial, **values})
    form = conference_forms.conference_form("PUT", zone, None, initial, data, bridge=lambda: bridge)
    refuse_invalid(form, PREFIX)
    payload = form_to_payload(form)
    if not payload:
        raise NothingChanged()
    snapshot = conference_forms.change_snapshot(initial, payload)
    path = paths.meet_me_conference(screen.profile.ref, row.bridge_id, row.conference_id)
    return queue(request, screen, CHANGES, INSTANCE, "PUT", path, payload, snapshot)


def delete_conference(request, screen: ApiScreen, name: str) -> Queued:
    _current, _bridge, row = existing(screen, name)
    path = paths.meet_me_conference(screen.profile.ref, row.bridge_id, row.conference_id)
    return queue(request, screen, CHANGES, INSTANCE, "DELETE", path, {}, {"title": row.title})


# -- its parts --------------------------------------------------------------------------------


def change_delegates(request, screen: ApiScreen, name: str, values: dict) -> Queued:
    """{"add": "<user id>"} or {"remove": "<user id>"}: the list put whole, as it will be."""
    refuse_unknown(values, {"add", "remove"})
    refuse_non_text(values)
    _current, _bridge, row = existing(screen, name)
    bridge_id, conference_id = row.bridge_id, row.conference_id
    user_ids = [d.user_id for d in delegate_lists.shown(screen, bridge_id, conference_id)]
    added, removed = str(values.get("add") or ""), str(values.get("remove") or "")
    if added:
        if delegate_lists.candidate(screen, added) is None:
            message = _("This person cannot be a delegate of the conference.")
            raise FormRejected({"add": [message]})
        if added in user_ids:
            raise NothingChanged()
        user_ids.append(added)
    elif removed in user_ids:
        user_ids.remove(removed)
    elif removed:
        raise NothingChanged()
    else:
        raise FormRejected({"add": [_("Name the person to add or to remove.")]})
    path = paths.meet_me_part(screen.profile.ref, bridge_id, conference_id, "delegates")
    payload = {"delegates": [{"userId": u} for u in user_ids]}
    return queue(request, screen, CHANGES, DELEGATES.name, "PUT", path, payload)


def delete_recording(request, screen: ApiScreen, name: str, values: dict) -> Queued:
    """{"startTime": "…"}: the recording of this conference that started then, deleted."""
    refuse_unknown(values, {"startTime"})
    refuse_non_text(values)
    _current, _bridge, row = existing(screen, name)
    start = str(values.get("startTime") or "")
    recordings = read_recordings(screen.profile.ref, row.bridge_id, row.conference_id)
    known = {recording.start_time for recording in recordings}
    if start not in known:
        raise FormRejected({"startTime": [_("This recording is no longer there.")]})
    item = {"bridgeId": row.bridge_id, "conferenceId": row.conference_id, "startTime": start}
    path = paths.meet_me_recordings(screen.profile.ref)
    payload = {"recordings": [item]}
    return queue(request, screen, CHANGES, RECORDINGS.name, "DELETE", path, payload)


def set_greeting(request, screen: ApiScreen, name: str, values: dict) -> Queued:
    """{"name": "<recording>"}: one of the host's recordings, as the page's choice."""
    refuse_unknown(values, {"name"})
    refuse_non_text(values)
    _current, _bridge, row = existing(screen, name)
    ref = screen.profile.ref
    current = read_greeting(ref, row.bridge_id, row.conference_id)
    data = {"greeting-name": str(values.get("name") or "")}
    form = conference_forms.greeting_form(ref, current, data=data)
    refuse_invalid(form, "greeting")
    payload = form_to_payload(form)
    if set(payload) <= {"name"} and payload.get("name") == current.get("name"):
        raise NothingChanged()
    path = paths.meet_me_part(ref, row.bridge_id, row.conference_id, "greeting")
    return queue(request, screen, CHANGES, conference_forms.GREETING, "PUT", path, payload, current)
