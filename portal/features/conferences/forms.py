"""A conference's form, generated from the spec's definitions in the declared words, with the
checks the platform would make when the change is sent: participants within the bridge's
ports, an end after the start.

The bridge a new conference is hosted on is part of its path, not of the object: it is chosen
on a small form of its own (`BridgeChoice`).
"""

import dataclasses
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.apio import paths
from portal.apio.errors import ApioError
from portal.core import UserRef
from portal.definitions import loader
from portal.forms import build_form_class
from portal.forms.base import FormUrls, ObjectForm
from portal.forms.fields import parse_rfc3339
from portal.forms.plan import MISSING
from portal.forms.presentation import FieldWords, Presentation, apply_presentation, forms_in
from portal.reads import read_settings, user_announcements

from .declaration import INSTANCE, presentation
from .reading import Bridge

PINS = ("moderatorPin", "securityPin")
RESERVATIONLESS = "meet_me_conference_schedule_reservationless"
RECURRING = "meet_me_conference_schedule_recurring"
KINDS = (RESERVATIONLESS, "meet_me_conference_schedule_one_time", RECURRING)


def zone_or_default(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return settings.TIME_ZONE
    return zone


def host_time_zone(ref: UserRef) -> str:
    """The host's time zone, as the platform has it (a new conference is theirs)."""
    try:
        return read_settings(paths.user(ref)).get("timeZone") or settings.TIME_ZONE
    except ApioError:
        return settings.TIME_ZONE


def without_pins(values: dict) -> dict:
    """What a form may carry in the page: never a PIN."""
    return {key: value for key, value in values.items() if key not in PINS}


def change_snapshot(initial: dict, payload: dict) -> dict:
    """What a change of a conference's settings was made over: the values it changes, and the
    title, which names the conference while the change is on its way."""
    snapshot = {key: initial.get(key) for key in payload if key in initial}
    snapshot.setdefault("title", initial.get("title"))
    return snapshot


def conference_form(
    method: str,
    zone: str,
    urls: FormUrls,
    initial: dict,
    data=None,
    *,
    quiet: bool = False,
    bridge: Callable[[], Bridge | None] = lambda: None,
) -> ObjectForm:
    form_class = build_form_class(loader.get_definition(INSTANCE), method)
    form = form_class(
        data, initial=without_pins(initial), prefix="conference", urls=urls, quiet=quiet
    )
    apply_presentation(form, presentation(zone_or_default(zone)))
    form.extra_checks.append(lambda form: within_ports(form, bridge()))
    for nested in forms_in(form):
        if nested.definition.name in KINDS:
            nested.extra_checks.append(has_a_start)
        if nested.definition.name == RESERVATIONLESS:
            nested.extra_checks.append(ends_after_start)
        if nested.definition.name == RECURRING and "recurrence" in nested.children:
            stops = nested.children["recurrence"]
            stops.extra_checks.append(
                lambda form, schedule=nested: stops_after_start(form, schedule)
            )
    return form


def _value(form: ObjectForm, name: str):
    try:
        value = form.value_of(form.plan_named(name))
    except KeyError:
        return None
    return None if value is MISSING else value


def _moment(value):
    try:
        return parse_rfc3339(value) if isinstance(value, str) else None
    except ValueError:
        return None


def within_ports(form: ObjectForm, bridge: Bridge | None) -> Iterable[tuple[str, str]]:
    if bridge is None or bridge.ports is None:
        return
    for name in ("estimatedParticipants", "maxParticipants"):
        value = _value(form, name)
        if isinstance(value, int) and value > bridge.ports:
            yield (
                name,
                _("At most %(ports)d: the bridge “%(bridge)s” has %(ports)d ports.")
                % {
                    "ports": bridge.ports,
                    "bridge": bridge.name,
                },
            )


def has_a_start(form: ObjectForm) -> Iterable[tuple[str, str]]:
    """A schedule is sent whole (it replaces the one the platform holds): with its start, also
    in a change, where the spec makes the start optional."""
    if _value(form, "startTime") is None and "startTime" not in form.errors:
        yield "startTime", _("Enter when the conference starts.")


def ends_after_start(form: ObjectForm) -> Iterable[tuple[str, str]]:
    start, end = _moment(_value(form, "startTime")), _moment(_value(form, "endTime"))
    if start and end and end <= start:
        yield "endTime", _("The end must come after the start.")


def stops_after_start(form: ObjectForm, schedule: ObjectForm) -> Iterable[tuple[str, str]]:
    start = _moment(_value(schedule, "startTime"))
    last = _value(form, "recurEndDate")
    if start and isinstance(last, str) and last < start.date().isoformat():
        yield "recurEndDate", _("The last date cannot be before the first conference.")


class BridgeChoice(forms.Form):
    """The bridge a new conference is hosted on."""

    bridge_id = forms.ChoiceField(label=gettext_lazy("Bridge"))

    def __init__(self, bridges: list[Bridge], *args, **kwargs) -> None:
        super().__init__(*args, prefix="host", **kwargs)
        self.bridges = {bridge.bridge_id: bridge for bridge in bridges}
        field = self.fields["bridge_id"]
        field.choices = [(b.bridge_id, self.describe(b)) for b in bridges]
        field.help_text = _("Participants dial the bridge's number to join.")
        if len(bridges) == 1:
            field.initial = bridges[0].bridge_id

    @staticmethod
    def describe(bridge: Bridge) -> str:
        ports = (
            _("unlimited ports")
            if bridge.ports is None
            else _("%(count)d ports") % {"count": bridge.ports}
        )
        number = bridge.number or bridge.extension
        return f"{bridge.name} — {number}, {ports}" if number else f"{bridge.name} — {ports}"

    def bridge(self) -> Bridge | None:
        value = self.data.get(self.add_prefix("bridge_id")) if self.is_bound else None
        return self.bridges.get(value or "")


# -- the greeting -----------------------------------------------------------------------------


def _greeting_definition():
    spec = loader.get_definition("conference_greeting_announcement")
    fields = tuple(f for f in spec.fields if f.name == "name")
    chosen = dataclasses.replace(spec, name="conference_greeting_choice", fields=fields)
    return loader.register_derived(chosen)


GREETING = _greeting_definition().name


def greeting_form(ref: UserRef, current: dict, data=None) -> ObjectForm:
    """The greeting as a choice among the host's recordings (its name, in the spec)."""
    form_class = build_form_class(loader.get_definition(GREETING), "PUT")
    form = form_class(data, initial=current, prefix="greeting")
    names = user_announcements(ref)
    words = FieldWords(
        "name",
        gettext_lazy("Greeting"),
        gettext_lazy("What participants hear when they join: one of the recordings."),
        choices=tuple((name, name) for name in names),
        widget="select",
    )
    apply_presentation(form, Presentation(definition=GREETING, words=(words,)))
    if not current.get("name"):  # none yet: not one of them, as a select would suggest
        field = form.fields["name"]
        field.choices = [("", _("None yet: choose one")), *field.choices]
        field.widget.choices = field.choices
    return form
