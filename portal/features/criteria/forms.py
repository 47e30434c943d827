"""A rule's form: the generated form of a service's rule, with the editor's checks in people's
words, the callers the service accepts, and the schedules and recordings the user may name."""

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioError
from portal.features.criteria.declaration import ALWAYS_SHOWN, FROM_DN, HIDDEN, CriteriaList
from portal.features.forms import not_own_line
from portal.features.lookups import apply_lookups
from portal.forms import build_form_class, form_to_payload, payload_to_initial
from portal.forms.base import FormUrls, ObjectForm
from portal.forms.plan import Role
from portal.forms.presentation import apply_presentation

SNAPSHOT_SALT = "features.criteria.snapshot"


@cache
def entry_form_class(criteria_list: CriteriaList, method: str) -> type[ObjectForm]:
    base = build_form_class(criteria_list.entry_definition, method)
    plans = tuple(
        dataclasses.replace(plan, role=Role.REQUIRED) if plan.name in ALWAYS_SHOWN else plan
        for plan in base.plans
        if plan.name not in HIDDEN
    )
    form_class = type(
        f"{base.__name__}Rule{method.title()}", (base,), {"__module__": __name__, "plans": plans}
    )
    # What the required parts had of their own: the choice to leave them out.
    form_class.base_fields = {
        name: field
        for name, field in base.base_fields.items()
        if name not in HIDDEN and name not in ALWAYS_SHOWN
    }
    return form_class


def plan_of(form: ObjectForm, name: str):
    return next((plan for plan in form.plans if plan.name == name), None)


def numbers_when_specified(form: ObjectForm) -> Iterator[tuple[str, str]]:
    """ "Only these callers" needs at least one number (the spec says so for a POST; a PUT that
    empties the list is refused by the platform too)."""
    selection, numbers = plan_of(form, "selection"), plan_of(form, "phoneNumbers")
    if selection is None or numbers is None:
        return
    if form.value_of(selection) == "Specified Only" and not form.value_of(numbers):
        yield numbers.name, _("Enter at least one number, or choose any caller.")


def number_when_another(form: ObjectForm) -> Iterator[tuple[str, str]]:
    selection = plan_of(form, "forwardToNumberSelection")
    number = plan_of(form, "forwardToPhoneNumber")
    if selection is None or number is None:
        return
    if form.value_of(selection) == "Forward To Specified Number" and not form.value_of(number):
        yield number.name, _("Enter the number to forward these calls to.")


def accepted_callers(form: ObjectForm, criteria_list: CriteriaList) -> None:
    """ "Which callers" offers what this service accepts: another value is refused as an
    unknown choice, and one the platform holds stays shown."""
    for child in form.children.values():
        field = child.fields.get("selection") if child.definition.name == FROM_DN else None
        if not isinstance(field, forms.ChoiceField):
            continue
        blank = [(value, label) for value, label in field.choices if value == ""]
        accepted = [value for value, _label in criteria_list.selection_choices]
        current = child.initial.get("selection")
        if isinstance(current, str) and current and current not in accepted:
            accepted.append(current)
        field.choices = [*blank, *((value, value) for value in accepted)]


def flags_as_choices(form: ObjectForm, criteria_list: CriteriaList) -> None:
    """A yes/no field the service words as two actions ("Reject these calls", "Let these calls
    ring") is a choice between them: its words' choices are keyed "True" and "False"."""
    presentation = criteria_list.presentation
    for name, field in form.fields.items():
        words = presentation.words_for(form.definition.name, name)
        if words is None or not words.choices or not isinstance(field, forms.NullBooleanField):
            continue
        choices = [(str(value), label) for value, label in words.choices]
        field.widget = forms.RadioSelect(attrs=dict(field.widget.attrs), choices=choices)


def build_entry_form(
    criteria_list: CriteriaList,
    method: str,
    profile,
    data=None,
    initial_values=None,
    rules_url: str = "",
    quiet: bool = False,
    ref=None,
    own_portal: bool = False,
) -> ObjectForm:
    definition = criteria_list.entry_definition
    initial = payload_to_initial(definition, initial_values or {})
    urls = FormUrls(block=f"{rules_url}block/", row=f"{rules_url}rows/") if rules_url else None
    form = entry_form_class(criteria_list, method)(
        data, initial=initial, prefix="rule", urls=urls, quiet=quiet
    )
    accepted_callers(form, criteria_list)
    if ref is not None and criteria_list.lookups:
        apply_lookups(form, criteria_list, ref)
    apply_presentation(form, criteria_list.presentation)
    flags_as_choices(form, criteria_list)
    if ref is not None:
        offer_schedules(form, ref, own_portal)
    form.extra_checks.append(number_when_another)
    form.extra_checks.extend(criteria_list.checks)
    for child in form.children.values():
        if child.definition.name == FROM_DN:
            child.extra_checks.append(numbers_when_specified)
    if criteria_list.destinations:
        form.extra_checks.append(not_own_line(profile, criteria_list.destinations))
    return form


# Where the schedules a rule may name are listed (contract §5.7): the user's lists, with
# {"allLevels": true} for the group's and the tenant's as well, each with its level.
SCHEDULE_LISTS = {"timeSchedule": "time_schedules", "holidaySchedule": "calendar_schedules"}
LEVELS = ("User", "Group", "Tenant")  # the user's own first
# One choice per schedule says whose it is, and sends its level with its name: "Group|Weekend"
# (a level never holds the separator; a name may, after it).
SEPARATOR = "|"


def whose(level: str, name: str, own_portal: bool) -> str:
    """A schedule as the rule's form offers it: "Evenings — yours"."""
    if level == "Group":
        return _("%(name)s — the group's") % {"name": name}
    if level == "Tenant":
        return _("%(name)s — the organisation's") % {"name": name}
    if own_portal:
        return _("%(name)s — yours") % {"name": name}
    return _("%(name)s — this person's") % {"name": name}


def available_schedules(ref, kind: str) -> list[tuple[str, str]] | None:
    """(level, name) of the schedules of that kind the user may name; None when unreadable."""
    try:
        data = get_client().get(paths.user_schedules(ref, kind), {"allLevels": True}) or {}
    except ApioError:
        return None
    found = data.get("schedules") if isinstance(data, dict) else None
    return [
        (str(item.get("level") or "User"), str(item["name"]))
        for item in found or []
        if isinstance(item, dict) and item.get("name")
    ]


def offer_schedules(form: ObjectForm, ref, own_portal: bool = False) -> None:
    """A rule's schedules chosen among those APIO lists, each choice with its level (the
    platform refuses a schedule named at another level); a typed name and a level when it
    cannot say which there are."""
    for field_name, kind in SCHEDULE_LISTS.items():
        child = form.children.get(field_name)
        if child is None or "name" not in child.fields:
            continue
        listed = available_schedules(ref, kind)
        if not listed:
            continue
        ordered = sorted(set(listed), key=lambda item: (LEVELS.index(item[0]), item[1].lower()))
        current = child.initial.get("name")
        if current:
            at = str(child.initial.get("level") or "User")
            if (at, current) not in ordered:  # held now, yet not listed: stays until changed
                ordered.insert(0, (at, current))
            child.initial["name"] = f"{at}{SEPARATOR}{current}"
        old = child.fields["name"]
        child.fields["name"] = forms.ChoiceField(
            choices=[
                ("", _("Choose…")),
                *((f"{at}{SEPARATOR}{n}", whose(at, n, own_portal)) for at, n in ordered),
            ],
            required=old.required,
            label=old.label,
            help_text=old.help_text,
        )
        # The level is said by the choice: no field of its own, and nothing drawn for it.
        child.fields.pop("level", None)
        child.plans = tuple(
            dataclasses.replace(plan, role=Role.HIDDEN) if plan.name == "level" else plan
            for plan in child.plans
        )


def schedules_in_payload(payload: dict, initial: dict) -> None:
    """A chosen schedule as the platform takes it, {"name", "level"}; in a change, left out
    when it is the one the rule has."""
    for key in SCHEDULE_LISTS:
        value = payload.get(key)
        if not isinstance(value, dict) or SEPARATOR not in str(value.get("name", "")):
            continue
        level, _sep, name = str(value["name"]).partition(SEPARATOR)
        payload[key] = {**value, "name": name, "level": level}
        was = initial.get(key)
        if isinstance(was, dict) and (was.get("name"), was.get("level") or "User") == (
            name,
            level,
        ):
            del payload[key]


def rule_payload(form: ObjectForm, initial: dict, name: str | None) -> dict:
    """What a valid rule form sends: for a new rule (no `name`), its payload; for a change of
    the rule `name`, the parts always shown only when they changed, and a name typed other than
    `name` as `newName`. A change of nothing is {"name"} alone."""
    payload = form_to_payload(form)
    schedules_in_payload(payload, initial)
    if name is None:
        return payload
    for key in ALWAYS_SHOWN:  # sent whole by the form: only when it changed
        was, sent = initial.get(key), payload.get(key)
        same = isinstance(sent, dict) and isinstance(was, dict)
        if same and all(was.get(part) == value for part, value in sent.items()):
            del payload[key]
    typed = payload.get("name") or name
    payload["name"] = name
    if typed != name:
        payload["newName"] = typed
    return payload


def sign(values: dict) -> str:
    data = {"values": values, "loaded_at": timezone.now().isoformat()}
    return signing.dumps(data, salt=SNAPSHOT_SALT)


def unsign(signed: str) -> tuple[dict, Any] | None:
    try:
        data = signing.loads(signed, salt=SNAPSHOT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    return data["values"], datetime.fromisoformat(data["loaded_at"])
