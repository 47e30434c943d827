"""Lists take as many entries as the definitions say (max_items, min_items): the help says how
many, and one too many is refused under the list in plain words, with what to do about it."""

import pytest
from django.template.loader import render_to_string

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.forms import build_form_class, form_to_payload

FROM_DN = get_definition("criteria_from_dn")
SEQUENTIAL = get_definition("user_sequential_ring")
SIMULTANEOUS = get_definition("user_simultaneous_ring_personal")
BLOCK = "forms/object_form.html#object-block"
CALLERS = {"selection": "Specified Only", "includeAnonymousCallers": "on"}


def numbers(count: int) -> list[str]:
    return [f"02 555 00 {index:02d}" for index in range(1, count + 1)]


def callers(count: int):
    return build_form_class(FROM_DN, "POST")({**CALLERS, "phoneNumbers": numbers(count)})


def locations(count: int) -> dict:
    data = {"locations": [str(k) for k in range(count)]}
    for k in range(count):
        data[f"locations-{k}-id"] = str(min(k + 1, 5))  # a location's id goes up to 5
        data[f"locations-{k}-phoneNumber"] = f"0470 11 22 3{k}"
    return data


def test_thirteen_callers_are_refused_with_how_many_to_remove():
    form = callers(13)
    assert not form.is_valid()
    assert form.error_map() == {"phoneNumbers": ["At most 12 numbers: remove 1."]}


def test_twelve_callers_are_sent():
    form = callers(12)
    assert form.is_valid(), form.error_map()
    assert len(form_to_payload(form)["phoneNumbers"]) == 12


def test_a_bad_number_among_too_many_is_told_too():
    form = build_form_class(FROM_DN, "POST")(
        {**CALLERS, "phoneNumbers": [*numbers(13), "not a number"]}
    )
    assert not form.is_valid()
    first, *rest = form.error_map()["phoneNumbers"]
    assert first == "At most 12 numbers: remove 2."
    assert rest and rest[0].startswith("Entry 14 (not a number)")


def test_six_locations_are_refused_under_the_list():
    form = build_form_class(SEQUENTIAL, "PUT")(locations(6))
    assert not form.is_valid()
    assert form.error_map() == {"locations": ["At most 5 phones: remove 1."]}
    assert build_form_class(SEQUENTIAL, "PUT")(locations(5)).is_valid()


def test_a_list_shows_its_entries_and_no_blank_one():
    five = [{"id": k, "phoneNumber": f"+3247011223{k}"} for k in range(1, 6)]
    full = build_form_class(SEQUENTIAL, "PUT")(initial={"locations": five})
    html = render_to_string(BLOCK, {"form": full})
    assert 'name="locations-4-phoneNumber"' in html
    assert 'name="locations-5-phoneNumber"' not in html
    four = build_form_class(SEQUENTIAL, "PUT")(initial={"locations": five[:4]})
    html = render_to_string(BLOCK, {"form": four})
    assert 'name="locations-3-phoneNumber"' in html
    assert 'name="locations-4-phoneNumber"' not in html


@pytest.mark.parametrize(
    ("definition", "name", "says"),
    [
        (FROM_DN, "phoneNumbers", "At most 12 numbers."),
        (SEQUENTIAL, "locations", "At most 5 phones."),
        (SIMULTANEOUS, "simultaneousRingNumber", "At most 10 phones."),
    ],
)
def test_the_help_says_how_many(definition, name, says):
    method = "POST" if "POST" in definition.methods else "PUT"
    assert build_form_class(definition, method).base_fields[name].help_text.endswith(says)


def _pair_of_numbers(name: str) -> ObjectDefinition:
    numbers_field = FieldDefinition(
        "numbers",
        FieldType.ARRAY,
        (("GET", "A"), ("PUT", "O")),
        items="phone",
        max_length=23,
        min_items=2,
        max_items=3,
    )
    return ObjectDefinition(name, "Pair", "", ("GET", "PUT"), (numbers_field,))


def test_fewer_than_the_least_is_refused_but_an_empty_list_is_not_counted():
    form_class = build_form_class(_pair_of_numbers("pair_of_numbers"), "PUT")
    assert form_class.base_fields["numbers"].help_text.endswith(" From 2 to 3 numbers.")
    form = form_class({"numbers": numbers(1)})
    assert not form.is_valid()
    assert form.error_map() == {"numbers": ["At least 2 numbers: add 1."]}
    assert form_class({"numbers": numbers(2)}).is_valid()
    assert form_class({"numbers": []}).is_valid()
