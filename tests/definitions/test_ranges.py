"""Integer ranges are data: the form and the sandbox both read them from the definitions."""

import re

import pytest

from portal.definitions.loader import all_definitions, get_definition
from portal.definitions.model import FieldDefinition, FieldType

SPOKEN_RANGE = re.compile(r"range (\d+) to (\d+)")


def integer_fields():
    return [
        pytest.param(f, id=f"{d.name}.{f.name}")
        for d in all_definitions()
        for f in d.fields
        if f.type in (FieldType.INTEGER, FieldType.STRING_INTEGER)
    ]


@pytest.mark.parametrize("field", integer_fields())
def test_a_range_the_spec_states_is_carried_by_the_definition(field):
    stated = SPOKEN_RANGE.search(field.description)
    if stated:
        assert (field.minimum, field.maximum) == tuple(map(int, stated.groups()))


@pytest.mark.parametrize(
    ("definition", "name"),
    [
        ("call_forwarding", "numberOfRings"),
        ("user_voice_messaging_announcements", "noAnswerNumberOfRings"),
    ],
)
def test_rings_are_0_or_2_to_20_as_broadworks_takes_them(definition, name):
    field = get_definition(definition).field(name)
    assert [n for n in range(-2, 23) if field.accepts(n)] == [0, *range(2, 21)]
    assert field.range_text() == "0 or between 2 and 20"


def test_range_in_words():
    day = get_definition("recur_monthly_by_day").field("dayOfMonth")
    assert day.range_text() == "between 1 and 31"
    rings = get_definition("location").field("numberOfRings")
    assert rings.range_text() == "0 or between 2 and 20"
    unbounded = FieldDefinition(name="n", type=FieldType.INTEGER, presence=(("GET", "A"),))
    assert unbounded.range_text() == ""
