"""Request validation driven by the object definitions, answering 400 the way APIO would.

One validator for every endpoint: given a definition, the HTTP method and the JSON body, it lists
every problem (unknown or forbidden field, missing required field, wrong JSON type, value outside
the choices or the range, text longer than the platform takes, a list with more entries than it
takes, malformed date, exclusive groups, conditions), each naming its field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition, Presence
from portal.sandbox.errors import Problem, invalid

# Choices that replace a definition's own for one service, keyed "definition.field": the spec
# lets Selective Call Rejection add "Forwarded" and Priority Alert use "Any External".
ChoiceOverrides = Mapping[str, tuple[str, ...]]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{1,30}$")
_DESTINATION = re.compile(r"^(\+?[0-9*#]{1,30}|[^@\s:]+@[^@\s]+)$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
_BROADWORKS_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}:\d{3}[+-]\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also takes "²", which int() refuses
_LONGEST_NUMBER = 18
_FORMATS = {"email": _EMAIL, "phone": _PHONE, "destination": _DESTINATION}
_FORMAT_LABELS = {
    "email": "an e-mail address",
    "phone": "a phone number (digits, optional leading +)",
    "destination": "a phone number, an extension or a SIP URI",
}
_TYPE_LABELS = {bool: "a boolean", int: "an integer", str: "a string", list: "an array"}


def present(value: Any) -> bool:
    """Whether a value counts as given: null, "" and [] do not."""
    return value is not None and value != "" and value != []


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    return _TYPE_LABELS.get(type(value), type(value).__name__)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_range(f: FieldDefinition, value: int, path: str) -> list[Problem]:
    if f.accepts(value):
        return []
    return [Problem(f"Field '{path}' must be {f.range_text()}, got {value}", path)]


def _check_length(f: FieldDefinition, value: str, path: str) -> list[Problem]:
    """Text longer than the platform takes; the value is not echoed (a secret, or a megabyte)."""
    if f.accepts_length(value):
        return []
    message = f"Field '{path}' must be {f.length_text()} long, got {len(value)}"
    return [Problem(message, path)]


def _check_string(
    d: ObjectDefinition, f: FieldDefinition, value: str, path: str, overrides: ChoiceOverrides
) -> list[Problem]:
    too_long = _check_length(f, value, path)
    if too_long:
        return too_long
    choices = overrides.get(f"{d.name}.{f.name}", f.choices)
    if choices and value not in choices:
        allowed = ", ".join(f'"{c}"' for c in choices)
        return [Problem(f"Field '{path}' must be one of {allowed}; got \"{value}\"", path)]
    pattern = _FORMATS.get(f.format or "")
    if pattern and value and not pattern.match(value):
        label = _FORMAT_LABELS[f.format or ""]
        return [Problem(f"Field '{path}' must be {label}; got \"{value}\"", path)]
    return []


def _valid_date(value: str) -> bool:
    try:
        return bool(_DATE.match(value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _valid_datetime(value: str, fmt: str | None) -> bool:
    try:
        if fmt == "broadworks_datetime":
            matched = _BROADWORKS_DATETIME.match(value)
            return bool(matched) and bool(datetime.strptime(value, "%Y-%m-%dT%H:%M:%S:%f%z"))
        return bool(_RFC3339.match(value)) and bool(datetime.fromisoformat(value))
    except ValueError:
        return False


def _check_value(
    d: ObjectDefinition,
    f: FieldDefinition,
    value: Any,
    method: str,
    path: str,
    overrides: ChoiceOverrides,
) -> list[Problem]:
    if value is None:
        if method in f.nullable:
            return []
        return [Problem(f"Field '{path}' must not be null", path)]

    def wrong(expected: str) -> list[Problem]:
        return [Problem(f"Field '{path}' must be {expected}, got {_json_type(value)}", path)]

    match f.type:
        case FieldType.BOOLEAN:
            return [] if isinstance(value, bool) else wrong("a boolean")
        case FieldType.INTEGER:
            return _check_range(f, value, path) if _is_int(value) else wrong("an integer")
        case FieldType.STRING:
            if not isinstance(value, str):
                return wrong("a string")
            return _check_string(d, f, value, path, overrides)
        case FieldType.DATE:
            if not isinstance(value, str) or not _valid_date(value):
                return [Problem(f"Field '{path}' must be a date like 2025-09-09", path)]
            return []
        case FieldType.DATETIME:
            if not isinstance(value, str) or not _valid_datetime(value, f.format):
                example = "2024-08-01T11:00:00.000+02:00"
                if f.format == "broadworks_datetime":
                    example = "2010-10-01T09:30:00:000-0400"
                return [Problem(f"Field '{path}' must be a date and time like {example}", path)]
            return []
        case FieldType.STRING_INTEGER:
            if _is_int(value):
                return _check_range(f, value, path)
            if isinstance(value, str) and _DIGITS.fullmatch(value):
                if len(value) > _LONGEST_NUMBER:  # no bound is that far, nor is int() quick
                    bound = f.range_text() or f"at most {_LONGEST_NUMBER} digits long"
                    return [Problem(f"Field '{path}' must be {bound}", path)]
                return _check_range(f, int(value), path)
            if isinstance(value, str) and value in f.choices:
                return []
            alternatives = " or ".join(["an integer", *(f'"{c}"' for c in f.choices)])
            return [Problem(f"Field '{path}' must be {alternatives}", path)]
        case FieldType.ARRAY:
            return _check_array(d, f, value, method, path, overrides)
        case FieldType.OBJECT:
            if not isinstance(value, dict):
                return wrong("an object")
            return _check_ref(f, value, method, path, overrides)
        case FieldType.OBJECT_STRING:
            if isinstance(value, dict):
                return _check_ref(f, value, method, path, overrides)
            if value == "":
                return []
            return wrong("an object or an empty string")
    return []


def _check_ref(
    f: FieldDefinition, value: dict, method: str, path: str, overrides: ChoiceOverrides
) -> list[Problem]:
    if f.ref is None:  # the spec names no definition: the object stays opaque
        return []
    return check(get_definition(f.ref), method, value, prefix=path, overrides=overrides)


def _check_array(
    d: ObjectDefinition,
    f: FieldDefinition,
    value: Any,
    method: str,
    path: str,
    overrides: ChoiceOverrides,
) -> list[Problem]:
    if not isinstance(value, list):
        return [Problem(f"Field '{path}' must be an array, got {_json_type(value)}", path)]
    problems: list[Problem] = []
    # An empty list is "none" (presence and conditions say whether that is allowed).
    if value and not f.accepts_count(len(value)):
        message = f"Field '{path}' takes {f.count_text()}, got {len(value)}"
        problems.append(Problem(message, path))
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if f.ref is not None:
            if not isinstance(item, dict):
                problems.append(Problem(f"Field '{item_path}' must be an object", item_path))
            else:
                problems += check(
                    get_definition(f.ref), method, item, prefix=item_path, overrides=overrides
                )
        elif f.items is not None:
            if not isinstance(item, str):
                problems.append(Problem(f"Field '{item_path}' must be a string", item_path))
                continue
            too_long = _check_length(f, item, item_path)
            if too_long:
                problems += too_long
                continue
            pattern = _FORMATS.get(f.items)
            if pattern and not pattern.match(item):
                label = _FORMAT_LABELS[f.items]
                problems.append(Problem(f"Field '{item_path}' must be {label}", item_path))
    return problems


def _check_rules(
    d: ObjectDefinition, method: str, body: dict, merged: dict, prefix: str
) -> list[Problem]:
    problems: list[Problem] = []
    fields = {f.name: f for f in d.fields}
    for group in d.exclusive_groups:
        if method not in group.methods:
            continue
        given = [name for name in group.fields if present(body.get(name))]
        names = ", ".join(group.fields)
        if len(given) > 1:
            path = _join(prefix, given[1])
            message = f"Fields '{given[0]}' and '{given[1]}' are mutually exclusive ({names})"
            problems.append(Problem(message, path))
        elif group.required and not given:
            path = _join(prefix, group.fields[0])
            problems.append(Problem(f"One of {names} is required", path))
    for condition in d.conditions:
        if method not in condition.methods:
            continue
        when = merged.get(condition.when, fields[condition.when].default)
        path = _join(prefix, condition.field)
        if condition.effect == "required":
            if when == condition.equals and not present(merged.get(condition.field)):
                problems.append(Problem(f"Field '{path}': {condition.message}", path))
        elif present(body.get(condition.field)) and when != condition.equals:
            problems.append(Problem(f"Field '{path}': {condition.message}", path))
    return problems


def check(
    definition: ObjectDefinition,
    method: str,
    body: Any,
    *,
    current: Mapping[str, Any] | None = None,
    prefix: str = "",
    overrides: ChoiceOverrides | None = None,
) -> list[Problem]:
    """Every problem of `body` sent with `method`; `current` is the stored object a PUT updates."""
    overrides = overrides or {}
    if not isinstance(body, dict):
        label = f"Field '{prefix}'" if prefix else "The request body"
        return [Problem(f"{label} must be a JSON object", prefix or None)]
    problems: list[Problem] = []
    fields = {f.name: f for f in definition.fields}
    for name, value in body.items():
        path = _join(prefix, name)
        f = fields.get(name)
        if f is None:
            problems.append(Problem(f"Unknown field '{path}' for {definition.title}", path))
            continue
        letters = f.codes(method)
        if not letters or Presence.FORBIDDEN in letters:
            problems.append(Problem(f"Field '{path}' may not be sent in a {method}", path))
            continue
        problems += _check_value(definition, f, value, method, path, overrides)
    # A field that is R but belongs to a required exclusive group is required through the group:
    # the spec marks recurDaily R in a POST while any one recurrence kind will do.
    grouped = {
        name
        for group in definition.exclusive_groups
        if group.required and method in group.methods
        for name in group.fields
    }
    for f in definition.fields:
        if f.name in grouped:
            continue
        if Presence.REQUIRED in f.codes(method) and f.name not in body:
            path = _join(prefix, f.name)
            problems.append(Problem(f"Field '{path}' is required in a {method}", path))
    if not problems:
        merged = merge(current or {}, body)
        problems += _check_rules(definition, method, body, merged, prefix)
    return problems


def validate(
    definition: ObjectDefinition,
    method: str,
    body: Any,
    *,
    current: Mapping[str, Any] | None = None,
    overrides: ChoiceOverrides | None = None,
) -> None:
    """Raise a 400 ApioError listing every problem; return quietly when the body is sound."""
    problems = check(definition, method, body, current=current, overrides=overrides)
    if problems:
        raise invalid(problems)


def merge(stored: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """A PUT's partial update: given fields replace stored ones, an explicit null removes one."""
    merged = dict(stored)
    for name, value in body.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


def readable(definition: ObjectDefinition, stored: Mapping[str, Any]) -> dict[str, Any]:
    """What a GET returns: secrets and fields that GET never or not now returns are left out."""
    fields = {f.name: f for f in definition.fields}
    hidden = {
        f.name
        for f in definition.fields
        if f.secret or Presence.FORBIDDEN in f.codes("GET") or f.code("GET") == "N"
    }
    for condition in definition.conditions:
        if condition.effect == "allowed" and "GET" in condition.methods:
            when = stored.get(condition.when, fields[condition.when].default)
            if when != condition.equals:
                hidden.add(condition.field)
    return {name: value for name, value in stored.items() if name not in hidden}


def combine(name: str, *parts: ObjectDefinition, drop: tuple[str, ...] = ()) -> ObjectDefinition:
    """One definition made of several (generic criteria + a service's own criteria fields)."""
    fields = tuple(f for part in parts for f in part.fields if f.name not in drop)
    return dataclasses.replace(
        parts[0],
        name=name,
        fields=fields,
        exclusive_groups=tuple(g for part in parts for g in part.exclusive_groups),
        conditions=tuple(
            c
            for part in parts
            for c in part.conditions
            if c.field not in drop and c.when not in drop
        ),
    )


def restrict(definition: ObjectDefinition, names: tuple[str, ...]) -> ObjectDefinition:
    """The definition limited to `names` (CFB has only active and destination, for example)."""
    return dataclasses.replace(
        definition,
        fields=tuple(f for f in definition.fields if f.name in names),
        conditions=tuple(c for c in definition.conditions if c.field in names and c.when in names),
    )
