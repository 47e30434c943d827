"""Hypothesis strategies: APIO payloads that follow a definition, and values that break one."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

import phonenumbers
from hypothesis import strategies as st

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.forms.factory import child_method, field_role
from portal.forms.fields import format_rfc3339
from portal.forms.plan import EDITABLE, Role

_E164 = sorted(
    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    for region in ("BE", "FR", "NL", "DE", "GB", "US", "CH")
    for number in (
        phonenumbers.example_number(region),
        phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE),
    )
)

phones = st.sampled_from(_E164)
emails = st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?@[a-z]{2,10}\.(com|be|org)", fullmatch=True)
sip_uris = st.from_regex(r"sips?:[a-z0-9._]{1,10}@[a-z]{2,10}\.(com|be)", fullmatch=True)
extensions = st.from_regex(r"[1-9][0-9]{1,5}", fullmatch=True)
texts = st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=12).filter(
    lambda s: s == s.strip()
)
rfc3339 = st.builds(
    lambda moment, minutes: format_rfc3339(
        moment.replace(
            microsecond=moment.microsecond // 1000 * 1000,
            tzinfo=datetime.timezone(datetime.timedelta(minutes=minutes)),
        )
    ),
    st.datetimes(datetime.datetime(1970, 1, 1), datetime.datetime(2100, 1, 1)),
    st.integers(-(23 * 60 + 59), 23 * 60 + 59),
)
json_scalars = st.one_of(st.integers(-1000, 1000), texts, st.booleans())


def _string(field: FieldDefinition) -> st.SearchStrategy[Any]:
    if field.choices:
        return st.sampled_from(field.choices)
    return _within_length(
        field,
        {
            "email": emails,
            "phone": phones,
            "destination": st.one_of(phones, extensions, sip_uris),
            "datetime": rfc3339,
            "date": st.dates().map(datetime.date.isoformat),
            "broadworks_datetime": st.just("2010-10-01T09:30:00:000-0400"),
        }.get(field.format or "", texts),
    )


def _within_length(field: FieldDefinition, strings: st.SearchStrategy[str]):
    return strings.filter(field.accepts_length) if field.max_length is not None else strings


def _numbers(field: FieldDefinition) -> st.SearchStrategy[int]:
    low = -(10**6) if field.minimum is None else field.minimum
    high = 10**6 if field.maximum is None else field.maximum
    numbers = st.integers(low, high)
    return numbers | st.sampled_from(field.also_allowed) if field.also_allowed else numbers


def _kept(build: Callable[..., st.SearchStrategy[Any]]) -> Callable[..., st.SearchStrategy[Any]]:
    """The same strategy object each time for the same definition (or field) and arguments.

    A strategy describes values and never changes, so one built once serves every draw; built
    anew for each, Hypothesis would check and analyse it again each time, most of these tests'
    time. Keyed by identity: definitions are loaded once and kept alive by the cache itself.
    """
    built: dict[tuple, tuple[Any, st.SearchStrategy[Any]]] = {}

    @functools.wraps(build)
    def kept(subject: Any, method: str, **options: Any) -> st.SearchStrategy[Any]:
        key = (id(subject), method, tuple(sorted(options.items())))
        found = built.get(key)
        if found is None or found[0] is not subject:
            found = built[key] = (subject, build(subject, method, **options))
        return found[1]

    return kept


@_kept
def value_for(
    field: FieldDefinition, method: str, *, chosen: bool = False
) -> st.SearchStrategy[Any]:
    """A valid value for `field`; `chosen` asks for a real value (a group's pick)."""
    kind = field.type
    if kind is FieldType.BOOLEAN:
        return st.just(True) if chosen else st.booleans()
    if kind is FieldType.INTEGER:
        return _numbers(field)
    if kind is FieldType.DATE:
        return st.dates().map(datetime.date.isoformat)
    if kind is FieldType.DATETIME:
        return rfc3339
    if kind is FieldType.STRING_INTEGER:
        return st.one_of(st.sampled_from(field.choices), _numbers(field))
    if kind is FieldType.ARRAY:
        if field.ref:
            target = get_definition(field.ref)
            rows = payloads(target, child_method(target, method)).filter(bool)
            # A list of phones holds each phone once (the form refuses the same one twice).
            numbers = [f.name for f in target.fields if f.format == "phone"]
            return st.lists(
                rows,
                min_size=1,
                max_size=2,
                unique_by=lambda row: tuple(row.get(name) or id(row) for name in numbers),
            )
        if field.items:
            item = {"email": emails, "phone": phones}.get(field.items, texts)
            return st.lists(_within_length(field, item), min_size=1, max_size=3)
        return st.lists(st.dictionaries(texts, json_scalars, max_size=2), min_size=1, max_size=2)
    if kind in (FieldType.OBJECT, FieldType.OBJECT_STRING):
        if not field.ref:
            return st.dictionaries(texts, json_scalars, min_size=1, max_size=3)
        target = get_definition(field.ref)
        objects = payloads(target, child_method(target, method))
        if chosen or method == "GET":
            return objects
        extra = [st.just("")] if kind is FieldType.OBJECT_STRING else []
        if method in field.nullable:
            extra.append(st.none())
        return st.one_of(objects, *extra)
    return _string(field)


@_kept
@st.composite
def payloads(draw: st.DrawFn, definition: ObjectDefinition, method: str) -> dict[str, Any]:
    """A payload APIO would accept for `definition` and `method` (for GET: one it may return).

    Respects roles, choices, ranges, formats, conditions and exclusive groups. Secrets are left
    out of GET payloads (they are never shown).
    """
    write = method != "GET"
    roles = {f.name: field_role(definition, f, method) for f in definition.fields}
    usable = {Role.READONLY} if not write else EDITABLE
    conditions = [c for c in definition.conditions if write and method in c.methods]
    excluded: set[str] = set()
    picked: set[str] = set()
    for group in definition.exclusive_groups:
        if not write or method not in group.methods:
            continue
        members = [n for n in group.fields if roles[n] in EDITABLE]
        options = (
            st.sampled_from(members) if group.required else st.none() | st.sampled_from(members)
        )
        pick = draw(options)
        excluded |= set(members) - {pick}
        if pick:
            picked.add(pick)
    deciding = {c.when for c in conditions}
    ordered = sorted(definition.fields, key=lambda f: f.name not in deciding)
    out: dict[str, Any] = {}
    for field in ordered:
        if roles[field.name] not in usable or field.name in excluded:
            continue
        if field.secret and not write:
            continue
        current = {c.when: out.get(c.when, definition.field(c.when).default) for c in conditions}
        mine = [c for c in conditions if c.field == field.name]
        allowed = [c for c in mine if c.effect == "allowed"]
        if allowed and not any(current[c.when] == c.equals for c in allowed):
            continue
        needed = (
            roles[field.name] is Role.REQUIRED
            or field.name in picked
            or any(c.effect == "required" and current[c.when] == c.equals for c in mine)
        )
        if not needed and not draw(st.booleans()):
            continue
        out[field.name] = draw(value_for(field, method, chosen=needed))
    return out


# --------------------------------------------------------------------------- bad input


def bad_values(field: FieldDefinition) -> list[str]:
    """Inputs `field` must refuse with a field error; [] when any text is acceptable."""
    kind, fmt = field.type, field.format or ""
    if field.secret:
        return []
    if kind is FieldType.INTEGER:
        out = ["abc", "1.5", "1e3"]
        if field.maximum is not None:
            out.append(str(field.maximum + 1))
        if field.minimum is not None and field.minimum - 1 not in field.also_allowed:
            out.append(str(field.minimum - 1))
        return out
    if kind is FieldType.DATE or fmt == "date":
        return ["2025-13-01", "2025-9-9", "09/09/2025", "2025-02-30", "tomorrow"]
    if kind is FieldType.DATETIME or fmt == "datetime":
        return [
            "2024-08-01T11:00:00",
            "2024-08-01 11:00:00+02:00",
            "2024-08-01T25:00:00+02:00",
            "2024-08-01T11:00:00+24:00",
            "yesterday",
        ]
    if kind is FieldType.STRING_INTEGER:
        out = ["many", "1.5", "useGroupSettings", "1" + "0" * 30]
        if field.maximum is not None:
            out.append(str(field.maximum + 1))
        if field.minimum is not None and field.minimum - 1 not in field.also_allowed:
            out.append(str(field.minimum - 1))
        return out
    if kind is FieldType.ARRAY and field.items in ("email", "phone"):
        return ["not-an-email", "12ab"] if field.items == "email" else ["12ab", "+999"]
    if kind in (FieldType.OBJECT, FieldType.OBJECT_STRING) and not field.ref:
        return ["{not json", "[1, 2]", "42"]
    if kind is FieldType.STRING:
        if field.choices:
            return ["bogus", field.choices[0].lower() + "x"]
        too_long = [] if field.max_length is None else [_too_long(field)]
        return {
            "email": ["not-an-email", "a@", "@example.com", "a b@example.com"],
            "phone": ["12ab", "+999", "0", "sip:alice@example.com"],
            "destination": ["hello world", "sip:", "1", "+32 abc"],
        }.get(fmt, []) + too_long
    return []


def _too_long(field: FieldDefinition) -> str:
    """A value one character past the field's length, well-formed otherwise."""
    assert field.max_length is not None
    if field.format == "email":
        return "a" * (field.max_length - len("@example.com") + 1) + "@example.com"
    if field.format == "destination":
        return "sip:" + "a" * (field.max_length - len("sip:@example.com") + 1) + "@example.com"
    return "x" * (field.max_length + 1)
