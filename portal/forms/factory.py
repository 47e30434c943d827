"""build_form_class(definition, method): one Django form class per APIO object and method.

How a presence code becomes form behaviour (one rule, for every field of every definition):

- F, or a blank cell: the attribute does not exist for the method: not rendered, never sent.
- GET: the form is a read-only view of what APIO returned. Every other field is shown as text
  (secrets excepted), nothing is validated, nothing is sent.
- R: required, and always sent, also in a PUT, where R marks what identifies the object (a
  schedule's name, a criteria's name) and must travel with every change.
- O: optional. Sent when set; in a PUT only when it differs from the value APIO returned.
- C: optional like O. A `Condition` of the definition for the method turns it required
  (effect "required") or rules it out (effect "allowed") depending on another field's value.
  A C without any condition stays plain optional (the spec leaves the rule to the server).
- Combined codes ("OC", "O, C"): optional + conditional, i.e. the C behaviour above.
- A on a write method: shown read-only with APIO's value, never sent.
- Letters combine by precedence R > O/C > A.
- A member of an exclusive group is never required on its own: the group enforces at most one
  member, or exactly one when `required` (the spec marks recurDaily R in a POST only because
  some recurrence kind is needed).

Conditions and groups are checked in `ObjectForm.clean()` and reported on the field concerned.
A condition compares the value the object will have after the write: the form's value, else (PUT)
the one APIO returned, else the definition's default.

Values and payloads:

- An empty input means "not set" and is not sent. In a PUT, emptying an input that showed a value
  APIO holds clears it: null where the definition lists PUT in `nullable`, else "" for text (what
  APIO returns for an empty one). A number or a date has no empty value: emptying one is a field
  error, unless it belongs to an exclusive group (choosing another member replaces it). Selects
  keep their blank for "Unchanged", a secret left empty keeps the old one, and an input that was
  not posted at all is left alone. A PUT replaces a list, so emptying one sends [].
- A "required" condition broken by emptying a value says the condition's `cleared_message`
  when it has one ("Turn forwarding off before removing its number").
- A list takes as many entries as the definition's `min_items` / `max_items` say, refused under
  the field in words: "At most 12 numbers: remove 1.". A list of objects is drawn without a
  blank entry: "Add" asks for one, and gives way to a note ("At most 5 phones.") once the list
  is full. Entries with a phone number are phones: the same one twice in a list is refused on
  the second ("This phone is already in the list.").
- Integers follow the definition's range (`minimum`, `maximum`, `also_allowed`) and are refused
  in words: "Number of rings must be 0 or between 2 and 20." Texts follow its `max_length` (each
  entry of a list, too): "Destination can be at most 161 characters long; this one has 162."
  The help under each field says the range or the length.
- Required flags are checkboxes (always sent, unticked is false). Optional flags are tri-state
  (not set / yes / no) so that a PUT can leave a flag unchanged and a POST can leave it to the
  server's default.
- An optional sub-object offers a choice: not set (PUT: unchanged) or set, plus "remove" (null)
  where the definition lists the method in `nullable`, plus "unassign" (the empty string) for an
  Object/String. In a PUT a sub-object is sent whole when the person changed something in it,
  and never when nobody touched it, however APIO spells it (`"audioFile": ""`). A sub-object sent
  is complete: the required parts of a sub-object that goes are validated, never sent as {}.
- A sub-object follows its own definition's codes for the parent's method; a definition without
  a column for that method uses the other write method (POST <-> PUT): announcement_file_name
  has no POST column but appears in POST payloads.
- Secrets (passwords, PINs) are write-only: never in initial values, never rendered, sent only
  when the person typed one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition, Presence
from portal.forms.base import ObjectForm
from portal.forms.fields import RowKeysField
from portal.forms.plan import FieldPlan, Kind, Mode, Role
from portal.forms.table import formfield_for, help_text, humanize

WRITE_FALLBACK = {"POST": ("PUT",), "PUT": ("POST",), "DELETE": ("POST", "PUT")}

_cache: dict[tuple[str, str], tuple[ObjectDefinition, type[ObjectForm]]] = {}


def field_role(definition: ObjectDefinition, field: FieldDefinition, method: str) -> Role:
    """The role of `field` in the form for `method` (see the module docstring)."""
    codes = field.codes(method)
    if not codes or Presence.FORBIDDEN in codes:
        return Role.HIDDEN
    if method == "GET":
        return Role.READONLY
    if Presence.REQUIRED in codes:
        grouped = any(
            field.name in g.fields and method in g.methods for g in definition.exclusive_groups
        )
        return Role.OPTIONAL if grouped else Role.REQUIRED
    if codes & {Presence.OPTIONAL, Presence.CONDITIONAL}:
        return Role.OPTIONAL
    return Role.READONLY


def child_method(target: ObjectDefinition, method: str) -> str:
    """The method whose codes a sub-object follows inside a `method` form."""
    for candidate in (method, *WRITE_FALLBACK.get(method, ())):
        if candidate in target.methods:
            return candidate
    raise ValueError(f"{target.name} has no column usable inside a {method} form")


def build_form_class(definition: ObjectDefinition, method: str) -> type[ObjectForm]:
    """The form class for `definition` and `method` ("GET", "PUT", "POST", "DELETE").

    Built once per (definition name, method) and cached. Raises ValueError when the definition
    has no such method.
    """
    return _build(definition, method.upper(), ())


def _build(
    definition: ObjectDefinition, method: str, stack: tuple[tuple[str, str], ...]
) -> type[ObjectForm]:
    key = (definition.name, method)
    cached = _cache.get(key)
    if cached is not None and (cached[0] is definition or cached[0] == definition):
        return cached[1]
    if method not in definition.methods:
        raise ValueError(f"{definition.name} has no {method} column")
    if key in stack:
        raise ValueError(f"{definition.name} refers to itself through {stack}")
    plans = tuple(_plan(definition, f, method, (*stack, key)) for f in definition.fields)
    attrs: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"{definition.title} ({method}).",
        "definition": definition,
        "method": method,
        "plans": plans,
        "readonly": method == "GET",
    }
    for plan in plans:
        field = _form_field(plan, method)
        if field is not None:
            attrs[plan.name] = field
    name = "".join(part.title() for part in definition.name.split("_")) + method.title() + "Form"
    form_class = type(name, (ObjectForm,), attrs)
    _cache[key] = (definition, form_class)
    return form_class


def _plan(
    definition: ObjectDefinition,
    field: FieldDefinition,
    method: str,
    stack: tuple[tuple[str, str], ...],
) -> FieldPlan:
    role = field_role(definition, field, method)
    kind = Kind.SCALAR
    if field.ref and field.type in (FieldType.OBJECT, FieldType.OBJECT_STRING):
        kind = Kind.OBJECT
    elif field.ref and field.type is FieldType.ARRAY:
        kind = Kind.ROWS
    child = None
    if kind is not Kind.SCALAR and role is not Role.HIDDEN:
        target = get_definition(field.ref or "")
        child = _build(target, child_method(target, method), stack)
    return FieldPlan(definition=field, role=role, kind=kind, child=child)


def _form_field(plan: FieldPlan, method: str) -> forms.Field | None:
    unset = _("Unchanged") if method == "PUT" else _("Not set")
    fd = plan.definition
    if plan.role not in (Role.REQUIRED, Role.OPTIONAL):
        return None
    if plan.kind is Kind.SCALAR:
        return formfield_for(fd, required=plan.role is Role.REQUIRED, unset_label=unset)
    if plan.kind is Kind.ROWS:
        return RowKeysField(required=False, label=humanize(fd.name), help_text=help_text(fd))
    if plan.role is Role.REQUIRED:
        return None  # always filled in: nothing to choose
    choices = [(Mode.UNSET.value, unset), (Mode.SET.value, pgettext_lazy("a value", "Set"))]
    if method in fd.nullable:
        choices.append((Mode.NULL.value, _("Remove")))
    if fd.type is FieldType.OBJECT_STRING:
        choices.append((Mode.UNASSIGN.value, _("Unassign")))
    return forms.ChoiceField(
        choices=choices, required=False, label=humanize(fd.name), help_text=help_text(fd)
    )


def with_row_rules(form_class: type[ObjectForm], numbers: Mapping[str, str]) -> type[ObjectForm]:
    """`form_class` with numbered lists (see `ObjectForm.row_numbers`).

    The entries of a numbered list lose the field that holds their place: the form fills it in.
    """
    if not numbers:
        return form_class
    plans = tuple(
        dataclasses.replace(plan, child=_without(plan.child, numbers[plan.name]))
        if plan.name in numbers and plan.kind is Kind.ROWS
        else plan
        for plan in form_class.plans
    )
    attrs = {
        "__module__": __name__,
        "plans": plans,
        "row_numbers": {**form_class.row_numbers, **numbers},
    }
    ruled = type(form_class.__name__, (form_class,), attrs)
    ruled.base_fields = dict(form_class.base_fields)  # a cut class's own, not all declared
    return ruled


def _without(form_class: type[ObjectForm], name: str) -> type[ObjectForm]:
    attrs = {"__module__": __name__, "plans": tuple(p for p in form_class.plans if p.name != name)}
    cut = type(form_class.__name__, (form_class,), attrs)
    cut.base_fields = {key: f for key, f in form_class.base_fields.items() if key != name}
    return cut
