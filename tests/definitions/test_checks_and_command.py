"""The system check and the `definitions` management command."""

import io
import json

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from portal.definitions import loader
from portal.definitions.checks import check_definitions
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition

BROKEN = (
    ObjectDefinition(
        name="broken",
        title="Broken",
        description="",
        methods=("GET",),
        fields=(
            FieldDefinition(
                name="child", type=FieldType.OBJECT, presence=(("GET", "A"),), ref="nowhere"
            ),
            FieldDefinition(name="flag", type=FieldType.BOOLEAN, presence=(("GET", "Z"),)),
        ),
    ),
)


def test_real_definitions_pass_the_check() -> None:
    assert check_definitions() == []


def test_check_is_registered_under_its_tag() -> None:
    assert "definitions" in checks.registry.registry.tags_available()
    assert checks.run_checks(tags=["definitions"]) == []


def test_broken_definitions_fail_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "all_definitions", lambda: BROKEN)
    monkeypatch.setattr(loader, "derived_definitions", lambda: ())  # they refer to the real data
    errors = check_definitions()
    assert len(errors) == 2
    assert all(isinstance(e, checks.Error) and e.id == "definitions.E002" for e in errors)
    assert any("nowhere" in e.msg for e in errors)
    assert any("'Z'" in e.msg for e in errors)


def test_manage_py_check_fails_on_broken_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "all_definitions", lambda: BROKEN)
    with pytest.raises(SystemCheckError, match="definitions.E002"):
        call_command("check", tag=["definitions"])


def test_unloadable_data_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode() -> tuple[ObjectDefinition, ...]:
        raise loader.DefinitionError("common_objects.yaml: unknown key(s) ['colour']")

    monkeypatch.setattr(loader, "all_definitions", explode)
    (error,) = check_definitions()
    assert error.id == "definitions.E001"
    assert "colour" in error.msg


def test_json_output_shape() -> None:
    out = io.StringIO()
    call_command("definitions", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert isinstance(data, list)
    assert [d["name"] for d in data] == [d.name for d in loader.all_definitions()]
    for item in data:
        assert {"name", "title", "methods", "fields", "conditions", "exclusive_groups"} <= set(item)
        for f in item["fields"]:
            assert {"name", "type", "presence", "choices", "ref", "secret", "format"} <= set(f)
            assert isinstance(f["choices"], list)
            assert f["ref"] is None or isinstance(f["ref"], str)


def test_json_presence_has_only_the_table_methods_in_order() -> None:
    out = io.StringIO()
    call_command("definitions", "--json", stdout=out)
    by_name = {d["name"]: d for d in json.loads(out.getvalue())}
    skill = next(f for f in by_name["call_center_instance"]["fields"] if f["name"] == "skillLevel")
    assert skill["presence"] == {"GET": "C", "PUT": "O, C"}
    phone = by_name["phone_list"]["fields"][1]
    assert list(phone["presence"]) == ["GET", "POST", "PUT", "DELETE"]
    assert by_name["user_device_add_extra_line_result"]["fields"][0]["presence"] == {}
    selection = next(
        f for f in by_name["devices_to_ring"]["fields"] if f["name"] == "mobilesNumbers"
    )
    assert selection["ref"] == "user_alerted_mobile_number"


def test_readable_summary() -> None:
    out = io.StringIO()
    call_command("definitions", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == f"{len(loader.all_definitions())} definitions"
    phone_list = next(line for line in lines if line.startswith("phone_list "))
    assert "GET,POST,PUT,DELETE" in phone_list
    assert "2 fields" in phone_list
    assert "Phone List attributes" in phone_list
