"""validate_definitions catches inconsistent data; the loader rejects malformed YAML."""

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from portal.definitions.loader import (
    DefinitionError,
    load_definitions,
    parse_definitions,
    validate_definitions,
)
from portal.definitions.model import (
    Condition,
    ExclusiveGroup,
    FieldDefinition,
    FieldType,
    ObjectDefinition,
    Presence,
    parse_codes,
)

METHODS = ("GET", "PUT")


def field(name: str = "active", **kwargs: Any) -> FieldDefinition:
    values: dict[str, Any] = {
        "type": FieldType.BOOLEAN,
        "presence": (("GET", "A"), ("PUT", "O")),
    }
    values.update(kwargs)
    return FieldDefinition(name=name, **values)


def definition(name: str = "thing", *fields: FieldDefinition, **kwargs: Any) -> ObjectDefinition:
    return ObjectDefinition(
        name=name,
        title=name.title(),
        description="",
        methods=METHODS,
        fields=fields or (field(),),
        **kwargs,
    )


def test_sound_definitions_have_no_problem() -> None:
    target = definition("target")
    user = definition(
        "user",
        field("selection", type=FieldType.STRING, choices=("Any", "Specified Only")),
        field("numbers", type=FieldType.ARRAY, items="phone", max_length=23),
        field("child", type=FieldType.OBJECT, ref="target"),
        conditions=(
            Condition("numbers", "selection", "Specified Only", "required", ("PUT",), "needed"),
        ),
    )
    assert validate_definitions([target, user]) == []


@pytest.mark.parametrize(
    ("defs", "expected"),
    [
        pytest.param(
            [definition("a", field("x", type=FieldType.OBJECT, ref="missing"))],
            "ref 'missing' names no definition",
            id="dangling-ref",
        ),
        pytest.param(
            [definition("a", field("x", type=FieldType.OBJECT))],
            "without ref, items or ref_note",
            id="opaque-object",
        ),
        pytest.param([definition("a"), definition("a")], "duplicate definition name", id="dup"),
        pytest.param(
            [definition("a", field("x"), field("x"))], "duplicate field 'x'", id="dup-field"
        ),
        pytest.param(
            [definition("a", field(presence=(("GET", "A"), ("PUT", "X"))))],
            "unknown presence code 'X'",
            id="bad-code",
        ),
        pytest.param(
            [definition("a", field(presence=(("GET", "A"), ("PUT", "O; Q"))))],
            "unknown presence code",
            id="bad-combined-code",
        ),
        pytest.param(
            [definition("a", field(presence=(("GET", "A"),)))],
            "differ from table methods",
            id="missing-method",
        ),
        pytest.param(
            [definition("a", field(type="Strnig"))],  # type: ignore[arg-type]
            "unknown type 'Strnig'",
            id="bad-type",
        ),
        pytest.param(
            [
                definition(
                    "a",
                    field("x"),
                    conditions=(Condition("nope", "x", True, "required", ("PUT",), "m"),),
                )
            ],
            "names unknown field 'nope'",
            id="condition-unknown-field",
        ),
        pytest.param(
            [
                definition(
                    "a",
                    field("x"),
                    field("y"),
                    conditions=(Condition("y", "x", True, "forbidden", ("PUT",), "m"),),
                )
            ],
            "unknown effect 'forbidden'",
            id="condition-effect",
        ),
        pytest.param(
            [
                definition(
                    "a",
                    field("x"),
                    field("y"),
                    conditions=(Condition("y", "x", "yes", "required", ("PUT",), "m"),),
                )
            ],
            "x is Boolean but equals is 'yes'",
            id="condition-equals-type",
        ),
        pytest.param(
            [
                definition(
                    "a",
                    field("x", type=FieldType.STRING, choices=("A", "B")),
                    field("y"),
                    conditions=(Condition("y", "x", "C", "required", ("PUT",), "m"),),
                )
            ],
            "'C' is not a value of x",
            id="condition-equals-choice",
        ),
        pytest.param(
            [
                definition(
                    "a",
                    field("x"),
                    field("y"),
                    exclusive_groups=(ExclusiveGroup(("x", "z"), False, ("PUT",)),),
                )
            ],
            "exclusive group names unknown field(s) ['z']",
            id="group-unknown-field",
        ),
        pytest.param(
            [
                definition(
                    "a",
                    field("x"),
                    field("y"),
                    exclusive_groups=(ExclusiveGroup(("x", "y"), True, ("POST",)),),
                )
            ],
            "exclusive group methods",
            id="group-method",
        ),
        pytest.param(
            [definition("a", field(format="colour"))], "unknown format 'colour'", id="format"
        ),
        pytest.param(
            [definition("a", field(type=FieldType.INTEGER, minimum=31, maximum=1))],
            "minimum 31 > maximum 1",
            id="range",
        ),
        pytest.param(
            [definition("a", field(type=FieldType.INTEGER, also_allowed=(0,)))],
            "also_allowed without minimum or maximum",
            id="also-allowed-without-range",
        ),
        pytest.param(
            [definition("a", field(type=FieldType.INTEGER, minimum=2, also_allowed=(5,)))],
            "also_allowed [5] already within the range",
            id="also-allowed-inside",
        ),
        pytest.param(
            [definition("a", field(choices=("x",)))], "choices on a Boolean", id="choices-type"
        ),
        pytest.param(
            [definition("a", field(type=FieldType.ARRAY, items="uuid"))],
            "unknown items kind 'uuid'",
            id="items",
        ),
        pytest.param([definition("a", field(secret=True))], "secret on a Boolean", id="secret"),
        pytest.param([definition("BadName")], "not snake_case", id="name"),
    ],
)
def test_problems_are_reported(defs: list[ObjectDefinition], expected: str) -> None:
    problems = validate_definitions(defs)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("raw", "letters"),
    [
        ("A", {Presence.AUTOMATIC}),
        ("OC", {Presence.OPTIONAL, Presence.CONDITIONAL}),
        ("O, C", {Presence.OPTIONAL, Presence.CONDITIONAL}),
        ("", set()),
    ],
)
def test_parse_codes(raw: str, letters: set[Presence]) -> None:
    assert parse_codes(raw) == letters


def test_code_and_codes_of_a_field() -> None:
    f = field(presence=(("GET", "C"), ("PUT", "O, C")))
    assert f.code("PUT") == "O, C"
    assert f.codes("PUT") == {Presence.OPTIONAL, Presence.CONDITIONAL}
    assert f.code("POST") == ""
    assert f.codes("POST") == frozenset()


def _raw(**overrides: Any) -> list[dict[str, Any]]:
    item: dict[str, Any] = {
        "name": "thing",
        "title": "Thing",
        "methods": ["GET"],
        "fields": [{"name": "x", "type": "String", "presence": {"GET": "A"}, "max_length": 30}],
    }
    item.update(overrides)
    return [item]


def test_parse_minimal_definition() -> None:
    (d,) = parse_definitions(_raw())
    assert d.field("x").presence == (("GET", "A"),)
    assert d.field("x").max_length == 30
    assert validate_definitions([d]) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param({"name": "thing"}, "expected a list", id="not-a-list"),
        pytest.param(_raw(colour="red"), "unknown key(s) ['colour']", id="unknown-key"),
        pytest.param(_raw(methods="GET"), "methods: expected list", id="methods-type"),
        pytest.param(_raw(title=None), "title: expected str", id="title-none"),
        pytest.param(_raw(methods=["GET", 3]), "list of strings", id="methods-items"),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "String", "presence": {"GET": "A"}, "sekret": 1}]),
            "unknown key(s) ['sekret']",
            id="field-unknown-key",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "Strnig", "presence": {"GET": "A"}}]),
            "unknown type 'Strnig'",
            id="field-type",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "String", "presence": ["GET", "A"]}]),
            "presence: expected dict",
            id="presence-shape",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "String", "presence": {"GET": None}}]),
            "method -> code strings",
            id="presence-code-type",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "Integer", "presence": {}, "minimum": True}]),
            "minimum: expected int",
            id="bool-is-not-int",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "Integer", "presence": {}, "also_allowed": ["0"]}]),
            "also_allowed: expected a list of integers",
            id="also-allowed-items",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "String", "presence": {}, "max_length": "80"}]),
            "max_length: expected int",
            id="max-length-type",
        ),
        pytest.param(
            _raw(fields=[{"name": "x", "type": "String", "presence": {}, "secret": "yes"}]),
            "secret: expected bool",
            id="secret-type",
        ),
        pytest.param(
            _raw(conditions=[{"field": "x", "when": "x", "equals": True}]),
            "missing required key 'effect'",
            id="condition-missing-key",
        ),
        pytest.param(
            _raw(exclusive_groups=[{"fields": ["x"], "required": "no", "methods": []}]),
            "required: expected bool",
            id="group-required-type",
        ),
    ],
)
def test_malformed_shapes_raise(raw: object, message: str) -> None:
    with pytest.raises(DefinitionError) as excinfo:
        parse_definitions(raw, "broken.yaml")
    assert message in str(excinfo.value)
    assert "broken.yaml" in str(excinfo.value)


def test_invalid_yaml_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="broken.yaml: invalid YAML"):
        load_definitions([path])


def test_loaded_data_is_immutable() -> None:
    (d,) = parse_definitions(_raw())
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.field("x").secret = True  # type: ignore[misc]
    assert isinstance(d.fields, tuple)
    assert isinstance(d.field("x").presence, tuple)
