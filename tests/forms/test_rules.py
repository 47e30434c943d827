"""Every condition and exclusive group of the definitions, enforced on the field concerned."""

import pytest
from django.template.loader import render_to_string

from portal.definitions.loader import all_definitions, get_definition
from portal.forms import build_form_class, form_to_payload, payload_to_initial
from portal.forms.base import FormUrls

BLOCK = "forms/object_form.html#object-block"


def bound(name, method, data, initial=None):
    definition = get_definition(name)
    form_class = build_form_class(definition, method)
    return form_class(data, initial=payload_to_initial(definition, initial) if initial else None)


def errors_of(form):
    assert not form.is_valid()
    return form.error_map()


# --------------------------------------------------------------------------- conditions


def test_phone_numbers_required_when_selection_is_specified_only():
    message = get_definition("criteria_from_dn").conditions[0].message
    data = {"selection": "Specified Only", "includeAnonymousCallers": "on"}
    form = bound("criteria_from_dn", "POST", data)
    assert errors_of(form) == {"phoneNumbers": [message]}
    form = bound("criteria_from_dn", "POST", {**data, "phoneNumbers": ["025551234"]})
    assert form.is_valid()
    assert form_to_payload(form)["phoneNumbers"] == ["+3225551234"]
    assert bound("criteria_from_dn", "POST", {**data, "selection": "Any"}).is_valid()


def test_phone_numbers_condition_is_post_only_so_put_may_keep_the_list():
    assert bound("criteria_from_dn", "PUT", {"selection": "Specified Only"}).is_valid()


def test_condition_inside_a_nested_object_reports_on_the_nested_field():
    data = {"name": "Boss", "fromDnCriteria-selection": "Specified Only"}
    form = bound("criteria", "POST", data)
    assert "fromDnCriteria-phoneNumbers" in errors_of(form)


@pytest.mark.parametrize(("method", "ticked"), [("PUT", "true"), ("POST", "on")])
def test_max_participants_required_when_participants_are_restricted(method, ticked):
    # Required in a POST: a checkbox; optional in a PUT: yes / no / unchanged.
    form = bound("meet_me_conference_instance", method, {"restrictParticipants": ticked})
    assert "maxParticipants" in errors_of(form)


def test_max_participants_condition_counts_what_apio_already_has():
    initial = {"restrictParticipants": False, "maxParticipants": 20}
    form = bound("meet_me_conference_instance", "PUT", {"restrictParticipants": "true"}, initial)
    assert form.is_valid(), form.error_map()
    assert form_to_payload(form) == {"restrictParticipants": True}
    form = bound("meet_me_conference_instance", "PUT", {"restrictParticipants": "true"})
    message = get_definition("meet_me_conference_instance").conditions[0].message
    assert errors_of(form)["maxParticipants"] == [message]


def test_security_pin_is_forbidden_in_writes_and_never_shown():
    definition = get_definition("meet_me_conference_instance")
    assert {definition.field("securityPin").code(m) for m in ("PUT", "POST")} == {"F"}
    form = bound("meet_me_conference_instance", "PUT", {"securityPin": "4321", "title": "Sync"})
    assert "securityPin" not in form.fields
    assert form.is_valid()
    assert form_to_payload(form) == {"title": "Sync"}
    view = build_form_class(definition, "GET")(
        initial={"requireSecurityPin": True, "securityPin": "4321"}
    )
    assert "4321" not in render_to_string(BLOCK, {"form": view})


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_forward_number_required_for_forward_to_specified_number(method):
    selection = {"forwardToNumberSelection": "Forward To Specified Number"}
    form = bound("criteria_call_forwarding_selective", method, selection)
    assert "forwardToPhoneNumber" in errors_of(form)
    form = bound(
        "criteria_call_forwarding_selective", method, {**selection, "forwardToPhoneNumber": "1234"}
    )
    assert form.is_valid()
    other = {"forwardToNumberSelection": "Do not forward"}
    assert bound("criteria_call_forwarding_selective", method, other).is_valid()


def test_carbon_copy_address_required_when_carbon_copy_is_on():
    form = bound("user_voice_messaging_basic", "PUT", {"sendCarbonCopyVoiceMessage": "true"})
    assert "voiceMessageCarbonCopyEmailAddress" in errors_of(form)
    data = {"sendCarbonCopyVoiceMessage": "true", "voiceMessageCarbonCopyEmailAddress": "cc@x.be"}
    assert bound("user_voice_messaging_basic", "PUT", data).is_valid()


@pytest.mark.parametrize(("mode", "needed"), [("Mobile", True), ("Both", True), ("Fixed", False)])
def test_alerted_numbers_required_for_mobile_modes(mode, needed):
    data = {"mode": mode, "includeAnywhere": "on"}
    form = bound("devices_to_ring", "POST", data)
    assert form.is_valid() is not needed
    if needed:
        assert "mobilesNumbers" in form.error_map()
    rows = {"mobilesNumbers": ["0"], "mobilesNumbers-0-mobileNumber": "+32475123456"}
    assert bound("devices_to_ring", "POST", {**data, **rows}).is_valid()


def test_personal_fields_are_refused_with_the_group_mail_server():
    form = bound("user_voice_messaging_advanced", "PUT", {"personalMailServerUserId": "me"})
    # Not chosen: the default ("Group Mail Server") applies.
    assert "personalMailServerUserId" in errors_of(form)
    data = {"mailServerSelection": "Personal Mail Server", "groupMailServerUserId": "grp"}
    assert "groupMailServerUserId" in errors_of(bound("user_voice_messaging_advanced", "PUT", data))
    data = {"mailServerSelection": "Personal Mail Server", "personalMailServerUserId": "me"}
    assert bound("user_voice_messaging_advanced", "PUT", data).is_valid()


def test_mail_server_selection_decides_which_fields_are_rendered():
    personal = bound(
        "user_voice_messaging_advanced", "PUT", {"mailServerSelection": "Personal Mail Server"}
    )
    html = render_to_string(BLOCK, {"form": personal})
    assert 'name="personalMailServerUserId"' in html
    assert 'name="groupMailServerUserId"' not in html
    urls = FormUrls(block="/the/page/block/", row="/the/page/rows/")
    group = build_form_class(get_definition("user_voice_messaging_advanced"), "PUT")(urls=urls)
    html = render_to_string(BLOCK, {"form": group})
    assert 'name="groupMailServerUserId"' in html
    assert 'name="personalMailServerUserId"' not in html
    assert 'hx-post="/the/page/block/"' in html  # the page that drew the form answers


def test_a_form_without_endpoints_is_plain_html():
    form = build_form_class(get_definition("user_voice_messaging_advanced"), "PUT")()
    assert "hx-post" not in render_to_string(BLOCK, {"form": form})


def test_switching_mail_server_leaves_the_old_server_values_alone():
    initial = {"mailServerSelection": "Group Mail Server", "groupMailServerUserId": "grp"}
    data = {"mailServerSelection": "Personal Mail Server", "groupMailServerUserId": "grp"}
    form = bound("user_voice_messaging_advanced", "PUT", data, initial)
    assert form.is_valid(), form.error_map()
    assert form_to_payload(form) == {"mailServerSelection": "Personal Mail Server"}


# --------------------------------------------------------------------------- exclusive groups

RECURRENCE = {"recurDaily": "set", "recurDaily-recurInterval": "2"}
WEEKLY = {"recurWeekly": "set", **{f"recurWeekly-{day}": "on" for day in ("Monday", "Friday")}}


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_recurrence_kinds_are_mutually_exclusive(method):
    form = bound("schedule_recurrence", method, {**RECURRENCE, **WEEKLY})
    errors = errors_of(form)
    assert errors["recurDaily"] == errors["recurWeekly"]
    assert errors["recurDaily"][0].startswith("Choose only one of")
    assert bound("schedule_recurrence", method, WEEKLY).is_valid()


def test_a_new_recurrence_needs_one_kind():
    assert "recurDaily" in errors_of(bound("schedule_recurrence", "POST", {}))
    assert bound("schedule_recurrence", "PUT", {}).is_valid()


@pytest.mark.parametrize(
    ("end", "conflict"),
    [
        ({"recurForEver": "true", "recurEndDate": "2025-09-09"}, {"recurForEver", "recurEndDate"}),
        (
            {"recurEndDate": "2025-09-09", "recurEndOccurrence": "3"},
            {"recurEndDate", "recurEndOccurrence"},
        ),
        (
            {"recurForEver": "true", "recurEndOccurrence": "3"},
            {"recurForEver", "recurEndOccurrence"},
        ),
        ({"recurForEver": "false", "recurEndDate": "2025-09-09"}, set()),
        ({"recurEndOccurrence": "3"}, set()),
    ],
)
def test_recurrence_ends_are_mutually_exclusive(end, conflict):
    form = bound("schedule_recurrence", "POST", {**RECURRENCE, **end})
    assert form.is_valid() is not conflict
    assert set(form.error_map()) == conflict


def test_conference_schedule_kinds_are_mutually_exclusive():
    one_time = {
        "scheduleOneTime": "set",
        "scheduleOneTime-startTime": "2024-08-01T11:00:00.000+02:00",
    }
    open_ended = {
        "scheduleReservationless": "set",
        "scheduleReservationless-startTime": "2024-08-01T11:00:00.000+02:00",
    }
    form = bound("meet_me_conference_schedule", "POST", {**one_time, **open_ended})
    assert set(errors_of(form)) == {"scheduleOneTime", "scheduleReservationless"}
    assert "scheduleReservationless" in errors_of(bound("meet_me_conference_schedule", "POST", {}))
    form = bound("meet_me_conference_schedule", "POST", one_time)
    assert form.is_valid()
    assert form_to_payload(form) == {
        "scheduleOneTime": {"startTime": "2024-08-01T11:00:00.000+02:00"}
    }


def test_put_may_switch_kind_when_the_old_one_is_left_unchanged():
    initial = {"scheduleOneTime": {"startTime": "2024-08-01T11:00:00.000+02:00"}}
    data = {
        "scheduleOneTime": "set",
        "scheduleOneTime-startTime": "2024-08-01T11:00:00.000+02:00",
        "scheduleReservationless": "set",
        "scheduleReservationless-startTime": "2024-09-01T11:00:00.000+02:00",
    }
    form = bound("meet_me_conference_schedule", "PUT", data, initial)
    assert form.is_valid(), form.error_map()
    assert list(form_to_payload(form)) == ["scheduleReservationless"]


PERIOD = {"name": "Lunch", "startTime": "12:00", "stopTime": "13:00"}


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize(
    ("kind", "day", "typed", "sent"),
    [
        ("Day of the week", "dayOfWeek", "Monday", "Monday"),
        ("Day of the month", "dayOfMonth", "15", 15),
    ],
)
def test_a_period_needs_the_day_its_type_names(method, kind, day, typed, sent):
    condition = next(c for c in get_definition("time_schedule_period").conditions if c.field == day)
    form = bound("time_schedule_period", method, {**PERIOD, "type": kind})
    assert errors_of(form) == {day: [condition.message]}
    form = bound("time_schedule_period", method, {**PERIOD, "type": kind, day: typed})
    assert form.is_valid(), form.error_map()
    payload = form_to_payload(form)
    assert payload[day] == sent
    assert not {"dayOfWeek", "dayOfMonth"} - {day} & set(payload)  # the other day is not asked


def test_every_condition_and_group_of_the_definitions_is_exercised_here():
    # A new condition or group in the data must come with a test in this module.
    covered = {
        "criteria_from_dn",
        "meet_me_conference_instance",
        "criteria_call_forwarding_selective",
        "user_voice_messaging_basic",
        "devices_to_ring",
        "user_voice_messaging_advanced",
        "schedule_recurrence",
        "meet_me_conference_schedule",
        "time_schedule_period",
        "user_device_add_extra_line_result",  # no methods: conditions describe results only
    }
    ruled = {d.name for d in all_definitions() if d.conditions or d.exclusive_groups}
    assert ruled == covered
