"""How many entries a list takes (min_items, max_items): read from the YAML, checked for sense,
and set where BroadWorks keeps no more, with the note saying where the number comes from."""

import pytest

from portal.definitions.loader import (
    DefinitionError,
    all_definitions,
    get_definition,
    parse_definitions,
    validate_definitions,
)
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition


@pytest.mark.parametrize(
    ("definition", "name", "most"),
    [
        ("criteria_from_dn", "phoneNumbers", 12),  # OCI CriteriaFromDn phoneNumber list
        ("user_sequential_ring", "locations", 5),  # OCI location01 to location05
        ("user_simultaneous_ring_personal", "simultaneousRingNumber", 10),
    ],
)
def test_broadworks_list_sizes(definition, name, most):
    field = get_definition(definition).field(name)
    assert field.max_items == most
    assert field.accepts_count(most) and not field.accepts_count(most + 1)
    assert f"At most {most} entries: BroadWorks OCI schema" in field.note


def test_every_bounded_list_says_where_its_bound_comes_from():
    bounded = [f for d in all_definitions() for f in d.fields if f.max_items or f.min_items]
    assert bounded
    for field in bounded:
        assert f"At most {field.max_items} entries" in field.note, field.name


def test_count_in_words():
    assert get_definition("criteria_from_dn").field("phoneNumbers").count_text() == (
        "at most 12 entries"
    )
    both = _field("a", FieldType.ARRAY, items="phone", max_length=23, min_items=1, max_items=5)
    assert both.count_text() == "between 1 and 5 entries"
    assert not both.accepts_count(0) and both.accepts_count(1) and not both.accepts_count(6)


def _field(name: str, ftype: FieldType, **kwargs) -> FieldDefinition:
    return FieldDefinition(name, ftype, (("GET", "A"), ("PUT", "O")), **kwargs)


def _one(field: FieldDefinition) -> list[ObjectDefinition]:
    return [ObjectDefinition("thing", "Thing", "", ("GET", "PUT"), (field,))]


PHONES = {"items": "phone", "max_length": 23}


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        pytest.param(
            _field("b", FieldType.BOOLEAN, max_items=3), "max_items on a Boolean", id="bool"
        ),
        pytest.param(
            _field("s", FieldType.STRING, max_length=5, min_items=1),
            "min_items on a String",
            id="text",
        ),
        pytest.param(
            _field("a", FieldType.ARRAY, **PHONES, max_items=0), "leaves no room", id="zero"
        ),
        pytest.param(
            _field("a", FieldType.ARRAY, **PHONES, min_items=-1), "is negative", id="negative"
        ),
        pytest.param(
            _field("a", FieldType.ARRAY, **PHONES, min_items=4, max_items=3),
            "min_items 4 > max_items 3",
            id="crossed",
        ),
    ],
)
def test_the_check_refuses_a_count_that_makes_no_sense(field, problem):
    problems = validate_definitions(_one(field))
    assert any(problem in p for p in problems), problems


def test_a_sound_count_is_no_problem():
    field = _field("a", FieldType.ARRAY, **PHONES, min_items=1, max_items=12)
    assert validate_definitions(_one(field)) == []


def _raw(**counts) -> list[dict]:
    numbers = {"name": "numbers", "type": "Array", "presence": {"GET": "A", "PUT": "O"}}
    return [
        {
            "name": "thing",
            "title": "Thing",
            "methods": ["GET", "PUT"],
            "fields": [{**numbers, "items": "phone", "max_length": 23, **counts}],
        }
    ]


def test_the_loader_reads_the_counts():
    (thing,) = parse_definitions(_raw(min_items=1, max_items=12))
    assert (thing.field("numbers").min_items, thing.field("numbers").max_items) == (1, 12)
    (plain,) = parse_definitions(_raw())
    assert (plain.field("numbers").min_items, plain.field("numbers").max_items) == (None, None)


@pytest.mark.parametrize("count", ["12", 1.5, True])
def test_the_loader_refuses_a_count_that_is_no_integer(count):
    with pytest.raises(DefinitionError, match="max_items: expected int"):
        parse_definitions(_raw(max_items=count))
