"""The definitions as data: one reviewed snapshot of all of them, and how they load.

What the spec's tables say (names, types, presence codes as written, choices, formats,
references, secrets, conditions, exclusive groups) is held by one golden file, the output of
`manage.py definitions --json`. A change to the YAML shows there as a diff to review;
`make golden` writes the file anew once the change is right.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.definitions.loader import all_definitions, get_definition, validate_definitions
from portal.definitions.model import FieldType, ObjectDefinition, Presence

GOLDEN = Path(__file__).with_name("definitions.golden.json")
# 55 tables of the Common Objects page, 4 objects of the one-switch service pages (§5.12),
# 1 service object of Call Forwarding Selective (§5.4), 4 of the schedules (§5.7: time and
# calendar schedules and their periods), 3 of Sequential and Simultaneous Ring (§5.6: the two
# service objects and a simultaneous ring number), 1 the spec refers to without a table (a
# conference's duration, §5.8).
SPEC_TABLE_COUNT = 55 + 4 + 1 + 4 + 3 + 1


def current() -> dict[str, dict]:
    out = io.StringIO()
    call_command("definitions", "--json", stdout=out)
    return {d["name"]: d for d in json.loads(out.getvalue())}


def golden() -> dict[str, dict]:
    return {d["name"]: d for d in json.loads(GOLDEN.read_text())}


def test_the_same_definitions_as_the_snapshot_in_the_same_order():
    assert list(current()) == list(golden()), "definitions added, removed or moved: make golden"


@pytest.mark.parametrize("name", list(golden()))
def test_each_definition_matches_the_snapshot(name):
    now, then = current()[name], golden()[name]
    for key in then:
        if key != "fields":
            assert now[key] == then[key], f"{name}.{key} changed: review, then make golden"
    assert [f["name"] for f in now["fields"]] == [f["name"] for f in then["fields"]]
    for field_now, field_then in zip(now["fields"], then["fields"], strict=True):
        assert field_now == field_then, f"{name}.{field_then['name']} changed: make golden"


def test_one_definition_per_spec_table():
    names = [d.name for d in all_definitions()]
    assert len(names) == len(set(names)) == SPEC_TABLE_COUNT


def test_real_definitions_are_sound() -> None:
    assert validate_definitions(all_definitions()) == []


def test_only_passwords_and_pins_are_secret() -> None:
    secret = [f.name for d in all_definitions() for f in d.fields if f.secret]
    assert secret and all("password" in n.lower() or n.lower().endswith("pin") for n in secret)


def test_combined_codes_parse_to_their_letters() -> None:
    skill = get_definition("call_center_instance").field("skillLevel")
    assert skill.code("PUT") == "O, C"
    assert skill.codes("PUT") == {Presence.OPTIONAL, Presence.CONDITIONAL}


def test_definitions_are_frozen() -> None:
    d = get_definition("criteria")
    assert isinstance(d, ObjectDefinition)
    with pytest.raises(AttributeError):
        d.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        d.fields[0].type = FieldType.INTEGER  # type: ignore[misc]


def test_loaded_once() -> None:
    assert all_definitions() is all_definitions()


def test_unknown_definition_names_close_matches() -> None:
    with pytest.raises(KeyError, match="criteria_from_dn"):
        get_definition("criteria_from_dm")


def test_unknown_field_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="nope"):
        get_definition("criteria").field("nope")
