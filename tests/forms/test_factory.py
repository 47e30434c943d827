"""build_form_class: every definition and method builds and renders; one rule maps the codes."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.forms import build_form_class, form_to_payload, payload_to_initial
from portal.forms.factory import child_method, field_role
from portal.forms.fields import (
    DestinationField,
    JSONValueField,
    PhoneField,
    RangedIntegerField,
    RFC3339Field,
    ScalarListField,
    StrictDateField,
    StringIntegerField,
)
from portal.forms.plan import EDITABLE, Kind, Role
from portal.forms.table import formfield_for
from tests.forms.conftest import cases

BLOCK = "forms/object_form.html#object-block"


def render(form) -> str:
    return render_to_string(BLOCK, {"form": form})


@pytest.mark.parametrize(("definition", "method"), cases())
def test_form_builds_once_and_renders_unbound(definition, method):
    form_class = build_form_class(definition, method)
    assert build_form_class(definition, method) is form_class
    html = render(form_class())
    assert f'id="{form_class().block_id}"' in html
    # Every visible control has a label pointing at it.
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    assert set(ids) <= labelled


@pytest.mark.parametrize(("definition", "method"), cases(write=True))
def test_hidden_fields_are_neither_rendered_nor_fields(definition, method):
    form_class = build_form_class(definition, method)
    html = render(form_class())
    for plan in form_class.plans:
        # A required sub-object has no field of its own: there is nothing to choose.
        has_field = plan.role in EDITABLE and not (
            plan.kind is Kind.OBJECT and plan.role is Role.REQUIRED
        )
        assert (plan.name in form_class.base_fields) == has_field
        if plan.role is Role.HIDDEN:
            assert f'name="{plan.name}"' not in html


def _definition(*fields: FieldDefinition, methods=("GET", "PUT", "POST"), groups=()):
    return ObjectDefinition(
        name="synthetic_thing",
        title="Synthetic",
        description="",
        methods=methods,
        fields=fields,
        exclusive_groups=groups,
    )


def _field(name="thing", code="O", method="PUT", **kwargs) -> FieldDefinition:
    values = {"type": FieldType.STRING, "presence": (("GET", "A"), (method, code))}
    return FieldDefinition(name=name, **(values | kwargs))


@pytest.mark.parametrize(
    ("code", "method", "role"),
    [
        ("R", "PUT", Role.REQUIRED),
        ("R", "POST", Role.REQUIRED),
        ("O", "PUT", Role.OPTIONAL),
        ("C", "PUT", Role.OPTIONAL),
        ("OC", "PUT", Role.OPTIONAL),
        ("O, C", "POST", Role.OPTIONAL),
        ("A", "PUT", Role.READONLY),
        ("F", "PUT", Role.HIDDEN),
        ("F", "GET", Role.HIDDEN),
        ("", "PUT", Role.HIDDEN),
        ("R", "GET", Role.READONLY),
        ("C", "GET", Role.READONLY),
    ],
)
def test_presence_codes_map_by_one_rule(code, method, role):
    field = FieldDefinition(name="thing", type=FieldType.STRING, presence=((method, code),))
    assert field_role(_definition(field, methods=(method,)), field, method) is role


def test_exclusive_group_member_marked_r_is_optional_on_its_own():
    recurrence = get_definition("schedule_recurrence")
    assert recurrence.field("recurDaily").code("POST") == "R"
    assert field_role(recurrence, recurrence.field("recurDaily"), "POST") is Role.OPTIONAL


def test_automatic_field_on_a_write_is_shown_read_only_and_never_sent():
    definition = _definition(
        _field("serverStamp", "A", description="Set by the server."), _field("label", "O")
    )
    form_class = build_form_class(definition, "PUT")
    initial = {"serverStamp": "stamp-42", "label": "old"}
    html = render(form_class(initial=initial))
    assert "stamp-42" in html
    assert 'name="serverStamp"' not in html
    form = form_class({"serverStamp": "forged", "label": "new"}, initial=initial)
    assert form.is_valid()
    assert form_to_payload(form) == {"label": "new"}


def test_cache_is_keyed_by_name_but_notices_a_changed_definition():
    first = build_form_class(_definition(_field("a")), "PUT")
    second = build_form_class(_definition(_field("b")), "PUT")
    assert first is not second
    assert "b" in second.base_fields


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="no DELETE"):
        build_form_class(get_definition("call_forwarding"), "DELETE")


def test_sub_object_without_the_method_follows_the_other_write_method():
    target = get_definition("announcement_file_name")
    assert "POST" not in target.methods
    assert child_method(target, "POST") == "PUT"
    form_class = build_form_class(get_definition("criteria_custom_ring_back"), "POST")
    form = form_class({"audioFile": "set", "audioFile-name": "welcome"})
    assert form.is_valid(), form.error_map()
    assert form_to_payload(form) == {"audioFile": {"name": "welcome"}}


def test_nested_prefixes_follow_the_refs():
    form_class = build_form_class(get_definition("meet_me_conference_instance"), "PUT")
    data = {
        "conferenceSchedule": "set",
        "conferenceSchedule-scheduleRecurring": "set",
        "conferenceSchedule-scheduleRecurring-recurrence": "set",
        "conferenceSchedule-scheduleRecurring-recurrence-recurWeekly": "set",
    }
    html = render(form_class(data))
    name = "conferenceSchedule-scheduleRecurring-recurrence-recurWeekly-Monday"
    assert f'name="{name}"' in html
    assert 'id="block-conferenceSchedule-scheduleRecurring-recurrence"' in html
    assert "<legend>Recur weekly" in html


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"type": FieldType.STRING}, forms.CharField),
        ({"type": FieldType.STRING, "choices": ("A", "B")}, forms.ChoiceField),
        ({"type": FieldType.STRING, "format": "email"}, forms.EmailField),
        ({"type": FieldType.STRING, "format": "phone"}, PhoneField),
        ({"type": FieldType.STRING, "format": "destination"}, DestinationField),
        ({"type": FieldType.BOOLEAN}, forms.NullBooleanField),
        ({"type": FieldType.INTEGER}, forms.IntegerField),
        ({"type": FieldType.INTEGER, "minimum": 1, "maximum": 31}, RangedIntegerField),
        ({"type": FieldType.DATE}, StrictDateField),
        ({"type": FieldType.DATETIME}, RFC3339Field),
        ({"type": FieldType.STRING_INTEGER, "choices": ("useGroupSetting",)}, StringIntegerField),
        ({"type": FieldType.ARRAY, "items": "email"}, ScalarListField),
        ({"type": FieldType.ARRAY, "ref_note": "opaque"}, JSONValueField),
        ({"type": FieldType.OBJECT, "ref_note": "opaque"}, JSONValueField),
    ],
)
def test_type_table(kwargs, expected):
    field = formfield_for(
        FieldDefinition(name="x", presence=(), **kwargs), required=False, unset_label="Not set"
    )
    assert type(field) is expected


def test_required_boolean_is_a_checkbox_that_sends_false():
    definition = get_definition("schedule_recurrence_weekly")
    form_class = build_form_class(definition, "POST")
    assert isinstance(form_class.base_fields["Monday"].widget, forms.CheckboxInput)
    form = form_class({"Monday": "on"})
    assert form.is_valid()
    payload = form_to_payload(form)
    assert payload["Monday"] is True
    assert payload["Sunday"] is False


def test_optional_boolean_is_tri_state_so_put_can_leave_it_unchanged():
    definition = get_definition("call_forwarding")
    form_class = build_form_class(definition, "PUT")
    widget_html = str(form_class()["active"])
    assert "Unchanged" in widget_html
    initial = payload_to_initial(definition, {"active": True})
    form = form_class({"active": "unknown"}, initial=initial)
    assert form.is_valid()
    assert form_to_payload(form) == {}
    form = form_class({"active": "false"}, initial=initial)
    assert form.is_valid()
    assert form_to_payload(form) == {"active": False}


def test_read_only_view_shows_values_as_text():
    definition = get_definition("registrations")
    form = build_form_class(definition, "GET")(
        initial=payload_to_initial(definition, {"deviceName": "desk-phone-7", "order": "1"})
    )
    html = render(form)
    assert "desk-phone-7" in html
    assert "<input" not in html
