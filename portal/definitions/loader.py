"""Load the YAML object definitions into frozen dataclasses and validate them.

Two layers of checking:
- shape (unknown keys, wrong value types, unknown field types): the loader raises
  `DefinitionError` at once, because nothing sensible can be built from such data;
- consistency (dangling refs, bad presence codes, conditions naming unknown fields, a number or
  a text without the platform's bounds, a count of entries on what is no list...):
  `validate_definitions` lists the problems so the system check can report them all.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from portal.definitions.model import (
    CONDITION_EFFECTS,
    FORMATS,
    ITEM_KINDS,
    METHODS,
    Condition,
    ExclusiveGroup,
    FieldDefinition,
    FieldType,
    ObjectDefinition,
    parse_codes,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_SCALAR = (str, int, bool)


class DefinitionError(ValueError):
    """The YAML data does not have the documented shape."""


# key -> (accepted Python types, required). bool is a subclass of int, hence the explicit checks.
_DEFINITION_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "name": ((str,), True),
    "title": ((str,), True),
    "description": ((str,), False),
    "note": ((str,), False),
    "methods": ((list,), True),
    "fields": ((list,), True),
    "exclusive_groups": ((list,), False),
    "conditions": ((list,), False),
}
_FIELD_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "name": ((str,), True),
    "type": ((str,), True),
    "presence": ((dict,), True),
    "description": ((str,), False),
    "note": ((str,), False),
    "choices": ((list,), False),
    "extra_choices": ((list,), False),
    "extra_choices_note": ((str,), False),
    "format": ((str,), False),
    "minimum": ((int,), False),
    "maximum": ((int,), False),
    "also_allowed": ((list,), False),
    "max_length": ((int,), False),
    "min_items": ((int,), False),
    "max_items": ((int,), False),
    "ref": ((str,), False),
    "ref_note": ((str,), False),
    "items": ((str,), False),
    "secret": ((bool,), False),
    "nullable": ((list,), False),
    "default": (_SCALAR, False),
}
_GROUP_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "fields": ((list,), True),
    "required": ((bool,), True),
    "methods": ((list,), True),
    "note": ((str,), False),
}
_CONDITION_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "field": ((str,), True),
    "when": ((str,), True),
    "equals": ((str, bool), True),
    "effect": ((str,), True),
    "methods": ((list,), True),
    "message": ((str,), True),
    "cleared_message": ((str,), False),
}


def _check_shape(
    raw: object, spec: Mapping[str, tuple[tuple[type, ...], bool]], where: str
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DefinitionError(f"{where}: expected a mapping, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(spec))
    if unknown:
        raise DefinitionError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(spec)}")
    for key, (types, required) in spec.items():
        if key not in raw:
            if required:
                raise DefinitionError(f"{where}: missing required key {key!r}")
            continue
        value = raw[key]
        wrong_bool = isinstance(value, bool) and bool not in types
        if wrong_bool or not isinstance(value, types):
            expected = " or ".join(t.__name__ for t in types)
            raise DefinitionError(
                f"{where}.{key}: expected {expected}, got {type(value).__name__} ({value!r})"
            )
    return raw


def _strings(value: list[Any], where: str) -> tuple[str, ...]:
    for item in value:
        if not isinstance(item, str):
            raise DefinitionError(f"{where}: expected a list of strings, got item {item!r}")
    return tuple(value)


def _integers(value: list[Any], where: str) -> tuple[int, ...]:
    for item in value:
        if not isinstance(item, int) or isinstance(item, bool):
            raise DefinitionError(f"{where}: expected a list of integers, got item {item!r}")
    return tuple(value)


def _field(raw: object, methods: tuple[str, ...], where: str) -> FieldDefinition:
    data = _check_shape(raw, _FIELD_KEYS, where)
    where = f"{where} ({data['name']})"
    try:
        ftype = FieldType(data["type"])
    except ValueError:
        allowed = [t.value for t in FieldType]
        raise DefinitionError(
            f"{where}.type: unknown type {data['type']!r}; allowed: {allowed}"
        ) from None
    presence_raw = data["presence"]
    for method, code in presence_raw.items():
        if not isinstance(method, str) or not isinstance(code, str):
            raise DefinitionError(
                f"{where}.presence: expected method -> code strings, got {method!r}: {code!r}"
            )
    # Definition method order first; stray methods are kept so validation can name them.
    ordered = [m for m in methods if m in presence_raw]
    ordered += [m for m in presence_raw if m not in methods]
    return FieldDefinition(
        name=data["name"],
        type=ftype,
        presence=tuple((m, presence_raw[m]) for m in ordered),
        description=data.get("description", ""),
        choices=_strings(data.get("choices", []), f"{where}.choices"),
        format=data.get("format"),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
        also_allowed=_integers(data.get("also_allowed", []), f"{where}.also_allowed"),
        max_length=data.get("max_length"),
        min_items=data.get("min_items"),
        max_items=data.get("max_items"),
        ref=data.get("ref"),
        items=data.get("items"),
        secret=data.get("secret", False),
        ref_note=data.get("ref_note", ""),
        extra_choices=_strings(data.get("extra_choices", []), f"{where}.extra_choices"),
        extra_choices_note=data.get("extra_choices_note", ""),
        default=data.get("default"),
        nullable=_strings(data.get("nullable", []), f"{where}.nullable"),
        note=data.get("note", ""),
    )


def _definition(raw: object, where: str) -> ObjectDefinition:
    data = _check_shape(raw, _DEFINITION_KEYS, where)
    where = f"{where} ({data['name']})"
    methods = _strings(data["methods"], f"{where}.methods")
    fields = tuple(_field(f, methods, f"{where}.fields[{i}]") for i, f in enumerate(data["fields"]))
    groups = []
    for i, g in enumerate(data.get("exclusive_groups", [])):
        gw = f"{where}.exclusive_groups[{i}]"
        g = _check_shape(g, _GROUP_KEYS, gw)
        groups.append(
            ExclusiveGroup(
                fields=_strings(g["fields"], f"{gw}.fields"),
                required=g["required"],
                methods=_strings(g["methods"], f"{gw}.methods"),
                note=g.get("note", ""),
            )
        )
    conditions = []
    for i, c in enumerate(data.get("conditions", [])):
        cw = f"{where}.conditions[{i}]"
        c = _check_shape(c, _CONDITION_KEYS, cw)
        conditions.append(
            Condition(
                field=c["field"],
                when=c["when"],
                equals=c["equals"],
                effect=c["effect"],
                methods=_strings(c["methods"], f"{cw}.methods"),
                message=c["message"],
                cleared_message=c.get("cleared_message", ""),
            )
        )
    return ObjectDefinition(
        name=data["name"],
        title=data["title"],
        description=data.get("description", ""),
        methods=methods,
        fields=fields,
        exclusive_groups=tuple(groups),
        conditions=tuple(conditions),
        note=data.get("note", ""),
    )


def parse_definitions(raw: object, source: str = "<data>") -> tuple[ObjectDefinition, ...]:
    """Build definitions from already-parsed YAML (a list of mappings)."""
    if not isinstance(raw, list):
        raise DefinitionError(f"{source}: expected a list of definitions, got {type(raw).__name__}")
    return tuple(_definition(item, f"{source}: definitions[{i}]") for i, item in enumerate(raw))


def load_definitions(paths: Iterable[Path]) -> tuple[ObjectDefinition, ...]:
    """Load and concatenate the definitions of several YAML files, in the given order."""
    result: list[ObjectDefinition] = []
    for path in paths:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DefinitionError(f"{path.name}: invalid YAML: {exc}") from exc
        result.extend(parse_definitions(raw, path.name))
    return tuple(result)


@functools.cache
def all_definitions() -> tuple[ObjectDefinition, ...]:
    """Every definition of the bundled data, in spec order (files sorted by name)."""
    return load_definitions(sorted(DATA_DIR.glob("*.yaml")))


@functools.cache
def _index() -> dict[str, ObjectDefinition]:
    return {d.name: d for d in all_definitions()}


# Definitions composed in code from the bundled ones (a service's rule: the generic criteria
# fields with the service's own), known to get_definition by name and checked like the rest.
_derived: dict[str, ObjectDefinition] = {}


def register_derived(definition: ObjectDefinition) -> ObjectDefinition:
    """Make a definition composed from bundled ones known by its name; the same name twice is
    a mistake unless it is the same definition."""
    known = _index().get(definition.name) or _derived.get(definition.name)
    if known is not None and known != definition:
        raise DefinitionError(f"{definition.name}: a definition of this name exists already")
    _derived[definition.name] = definition
    return definition


def derived_definitions() -> tuple[ObjectDefinition, ...]:
    return tuple(_derived.values())


def get_definition(name: str) -> ObjectDefinition:
    """The definition called `name`; KeyError naming close matches when there is none."""
    index = {**_index(), **_derived}
    try:
        return index[name]
    except KeyError:
        close = difflib.get_close_matches(name, index, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown object definition {name!r}{hint}") from None


def clear_cache() -> None:
    """Forget the loaded data (tests that swap the data use this)."""
    all_definitions.cache_clear()
    _index.cache_clear()


# --------------------------------------------------------------------------- validation

_REF_TYPES = frozenset({FieldType.OBJECT, FieldType.OBJECT_STRING, FieldType.ARRAY})
_CHOICE_TYPES = frozenset({FieldType.STRING, FieldType.STRING_INTEGER})
_RANGE_TYPES = frozenset({FieldType.INTEGER, FieldType.STRING_INTEGER})


def _in_span(f: FieldDefinition, number: int) -> bool:
    return (f.minimum is None or number >= f.minimum) and (f.maximum is None or number <= f.maximum)


def _field_problems(d: ObjectDefinition, f: FieldDefinition, names: set[str]) -> list[str]:
    where = f"{d.name}.{f.name}"
    out: list[str] = []
    if not isinstance(f.type, FieldType) and f.type not in {t.value for t in FieldType}:
        out.append(f"{where}: unknown type {f.type!r}")
    present = [m for m, _ in f.presence]
    if len(set(present)) != len(present):
        out.append(f"{where}: a method appears twice in presence")
    if set(present) != set(d.methods):
        out.append(f"{where}: presence methods {present} differ from table methods {d.methods}")
    for method, code in f.presence:
        try:
            parse_codes(code)
        except ValueError:
            out.append(f"{where}: unknown presence code {code!r} for {method}")
    if f.ref is not None:
        if f.ref not in names:
            out.append(f"{where}: ref {f.ref!r} names no definition")
        if f.type not in _REF_TYPES:
            out.append(f"{where}: ref on a {f.type} field")
    if f.items is not None:
        if f.items not in ITEM_KINDS:
            out.append(f"{where}: unknown items kind {f.items!r}")
        if f.type != FieldType.ARRAY or f.ref is not None:
            out.append(f"{where}: items is only for arrays of scalars (no ref)")
    needs_target = f.type in (FieldType.OBJECT, FieldType.OBJECT_STRING) or (
        f.type == FieldType.ARRAY and f.items is None
    )
    if needs_target and f.ref is None and not f.ref_note:
        out.append(f"{where}: {f.type} field without ref, items or ref_note")
    if f.format is not None and f.format not in FORMATS:
        out.append(f"{where}: unknown format {f.format!r}")
    if (f.minimum is not None or f.maximum is not None) and f.type not in _RANGE_TYPES:
        out.append(f"{where}: range on a {f.type} field")
    if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        out.append(f"{where}: minimum {f.minimum} > maximum {f.maximum}")
    if f.also_allowed and not f.has_range:
        out.append(f"{where}: also_allowed without minimum or maximum")
    inside = [n for n in f.also_allowed if f.has_range and _in_span(f, n)]
    if inside:
        out.append(f"{where}: also_allowed {inside} already within the range")
    out.extend(_bound_problems(f, where))
    out.extend(_count_problems(f, where))
    if (f.choices or f.extra_choices) and f.type not in _CHOICE_TYPES:
        out.append(f"{where}: choices on a {f.type} field")
    if len(set(f.choices)) != len(f.choices):
        out.append(f"{where}: duplicate choices")
    if f.default is not None and f.choices and f.default not in f.choices:
        out.append(f"{where}: default {f.default!r} is not one of the choices")
    if f.secret and f.type != FieldType.STRING:
        out.append(f"{where}: secret on a {f.type} field")
    if not set(f.nullable) <= set(d.methods):
        out.append(f"{where}: nullable methods {f.nullable} not in {d.methods}")
    return out


def _bound_problems(f: FieldDefinition, where: str) -> list[str]:
    """Every number and every free text has the platform's bounds: nothing unbounded reaches it
    (no 10**30 rings, no megabyte password)."""
    out: list[str] = []
    texts = f.type == FieldType.STRING or (f.type == FieldType.ARRAY and f.items is not None)
    if f.max_length is not None and not texts:
        out.append(f"{where}: max_length on a {f.type} field")
    if f.max_length is not None and f.max_length < 1:
        out.append(f"{where}: max_length {f.max_length} is not a length")
    if texts and f.max_length is None and not f.choices:
        out.append(f"{where}: free text without max_length")
    if f.type in _RANGE_TYPES and (f.minimum is None or f.maximum is None):
        out.append(f"{where}: {f.type} field without both minimum and maximum")
    return out


def _count_problems(f: FieldDefinition, where: str) -> list[str]:
    """How many entries a list takes: only on arrays, and a count that a list can have."""
    bounds = {"min_items": f.min_items, "max_items": f.max_items}
    given = {key: value for key, value in bounds.items() if value is not None}
    if given and f.type != FieldType.ARRAY:
        return [f"{where}: {', '.join(given)} on a {f.type} field"]
    out = [f"{where}: {key} {value} is negative" for key, value in given.items() if value < 0]
    if f.max_items == 0:
        out.append(f"{where}: max_items 0 leaves no room for an entry")
    if f.min_items is not None and f.max_items is not None and f.min_items > f.max_items:
        out.append(f"{where}: min_items {f.min_items} > max_items {f.max_items}")
    return out


def _rule_problems(d: ObjectDefinition) -> list[str]:
    out: list[str] = []
    fields = {f.name: f for f in d.fields}
    for g in d.exclusive_groups:
        unknown = [n for n in g.fields if n not in fields]
        if unknown:
            out.append(f"{d.name}: exclusive group names unknown field(s) {unknown}")
        if len(set(g.fields)) < 2:
            out.append(f"{d.name}: exclusive group {g.fields} needs two distinct fields")
        if not set(g.methods) <= set(d.methods):
            out.append(f"{d.name}: exclusive group methods {g.methods} not in {d.methods}")
    for c in d.conditions:
        label = f"{d.name}: condition on {c.field!r}"
        for attr in (c.field, c.when):
            if attr not in fields:
                out.append(f"{label} names unknown field {attr!r}")
        if c.effect not in CONDITION_EFFECTS:
            out.append(f"{label}: unknown effect {c.effect!r}")
        if not set(c.methods) <= set(d.methods):
            out.append(f"{label}: methods {c.methods} not in {d.methods}")
        when = fields.get(c.when)
        if when is None:
            continue
        if when.type == FieldType.BOOLEAN and not isinstance(c.equals, bool):
            out.append(f"{label}: {c.when} is Boolean but equals is {c.equals!r}")
        allowed = when.choices + when.extra_choices
        if allowed and c.equals not in allowed:
            out.append(f"{label}: {c.equals!r} is not a value of {c.when}")
    return out


def validate_definitions(defs: Sequence[ObjectDefinition]) -> list[str]:
    """Every consistency problem found in `defs`, as readable messages (empty when sound)."""
    problems: list[str] = []
    names = [d.name for d in defs]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"duplicate definition name {name!r}")
    known = set(names)
    for d in defs:
        if not _SNAKE.match(d.name):
            problems.append(f"{d.name}: name is not snake_case")
        if not set(d.methods) <= set(METHODS) or len(set(d.methods)) != len(d.methods):
            problems.append(f"{d.name}: bad methods {d.methods}")
        field_names = [f.name for f in d.fields]
        for name in sorted({n for n in field_names if field_names.count(n) > 1}):
            problems.append(f"{d.name}: duplicate field {name!r}")
        for f in d.fields:
            problems.extend(_field_problems(d, f, known))
        problems.extend(_rule_problems(d))
    return problems
