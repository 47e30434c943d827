"""What the spec's descriptions state is available as data, not prose."""

import pytest

from portal.definitions.loader import get_definition
from portal.definitions.model import Condition, ExclusiveGroup

DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
WEEKS = ("First", "Second", "Third", "Fourth", "Last")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.mark.parametrize(
    ("definition", "field", "choices"),
    [
        (
            "criteria_call_forwarding_selective",
            "forwardToNumberSelection",
            ("Forward To Specified Number", "Forward To Default Number", "Do not forward"),
        ),
        ("criteria_from_dn", "selection", ("Any", "Specified Only")),
        ("devices_to_ring", "mode", ("Fixed", "Mobile", "Both")),
        ("recur_monthly_by_week", "dayOfWeek", DAYS),
        ("recur_monthly_by_week", "dayOfWeekInMonth", WEEKS),
        ("recur_yearly_by_day", "month", MONTHS),
        ("recur_yearly_by_week", "dayOfWeek", DAYS),
        ("recur_yearly_by_week", "dayOfWeekInMonth", WEEKS),
        ("recur_yearly_by_week", "month", MONTHS),
        (
            "meet_me_conference_instance",
            "attendeeNotification",
            ("Play Tone", "Play Recorded Name", "No Notification"),
        ),
        (
            "call_to_number",
            "type",
            ("Primary", *(f"Alternate{i}" for i in range(1, 11)), "BroadWorks Mobility"),
        ),
        ("schedule", "level", ("Tenant", "Group", "User")),
        ("meet_me_conference_in_list", "status", ("active", "inactive", "expired")),
        (
            "meet_me_conference_in_list",
            "type",
            (
                "Reservationless",
                "One Time",
                "Recurring Daily",
                "Recurring Weekly",
                "Recurring Monthly",
                "Recurring Yearly",
            ),
        ),
        (
            "user_voice_messaging_advanced",
            "mailServerSelection",
            ("Group Mail Server", "Personal Mail Server"),
        ),
        ("user_device_extra_endpoint", "deviceUsage", ("APP", "PHONE")),
        ("user_device_add_extra_line_result", "status", ("SUCCESS", "FAILED")),
    ],
)
def test_choices(definition: str, field: str, choices: tuple[str, ...]) -> None:
    assert get_definition(definition).field(field).choices == choices


def test_selection_keeps_other_services_values() -> None:
    selection = get_definition("criteria_from_dn").field("selection")
    assert set(selection.extra_choices) == {"Forwarded", "Any External"}
    assert "Priority Alerting" in selection.extra_choices_note


def test_mail_server_default() -> None:
    field = get_definition("user_voice_messaging_advanced").field("mailServerSelection")
    assert field.default == "Group Mail Server"


@pytest.mark.parametrize(
    ("definition", "field", "format_"),
    [
        ("schedule_recurrence", "recurEndDate", "date"),
        ("meet_me_conference_schedule_reservationless", "startTime", "datetime"),
        ("meet_me_conference_schedule_reservationless", "endTime", "datetime"),
        ("meet_me_conference_schedule_recurring", "startTime", "datetime"),
        ("conference_delete_recording_item", "startTime", "datetime"),
        ("meet_me_conference_in_list", "startTime", "broadworks_datetime"),
        ("user_voice_messaging_basic", "voiceMessageCarbonCopyEmailAddress", "email"),
        ("user_voice_messaging_advanced", "personalMailServerEmailAddress", "email"),
        ("user_common", "emailAddress", "email"),
        ("location", "phoneNumber", "phone"),
        ("user_alerted_mobile_number", "mobileNumber", "phone"),
        ("call_forwarding", "destination", "destination"),
        ("user_voice_messaging_announcements", "greetingOnlyForwardDestination", "destination"),
        ("criteria_call_forwarding_selective", "forwardToPhoneNumber", "destination"),
    ],
)
def test_formats(definition: str, field: str, format_: str) -> None:
    assert get_definition(definition).field(field).format == format_


@pytest.mark.parametrize("definition", ["recur_monthly_by_day", "recur_yearly_by_day"])
def test_day_of_month_range(definition: str) -> None:
    field = get_definition(definition).field("dayOfMonth")
    assert (field.minimum, field.maximum) == (1, 31)


@pytest.mark.parametrize(
    ("definition", "field", "ref"),
    [
        ("user_voice_messaging_announcements", "busyPersonalAudioFile", "announcement_file_name"),
        (
            "user_voice_messaging_announcements",
            "noAnswerAlternateGreeting02",
            "voice_messaging_alternate_no_answer_greeting",
        ),
        ("voice_messaging_alternate_no_answer_greeting", "audioFile", "announcement_file_name"),
        ("criteria_custom_ring_back", "callWaitingAudioFile", "announcement_file_name"),
        ("criteria", "fromDnCriteria", "criteria_from_dn"),
        ("criteria", "timeSchedule", "schedule"),
        ("criteria_in_list", "timeScheduleObj", "schedule"),
        ("call_anchoring", "holidaySchedule", "schedule"),
        ("devices_to_ring", "mobilesNumbers", "user_alerted_mobile_number"),
        ("criteria_in_list_call_to_numbers", "callToNumbers", "call_to_number"),
        ("services_assignment_status", "userServices", "service_assignment_status"),
        ("schedule_recurrence", "recurDaily", "schedule_recurrence_daily"),
        ("schedule_recurrence", "recurWeekly", "schedule_recurrence_weekly"),
        ("schedule_recurrence", "recurYearlyByWeek", "recur_yearly_by_week"),
        ("meet_me_conference_schedule_recurring", "recurrence", "schedule_recurrence"),
        ("meet_me_conference_schedule", "scheduleOneTime", "meet_me_conference_schedule_one_time"),
        ("meet_me_conference_instance", "conferenceSchedule", "meet_me_conference_schedule"),
    ],
)
def test_refs(definition: str, field: str, ref: str) -> None:
    assert get_definition(definition).field(field).ref == ref
    get_definition(ref)  # resolves


@pytest.mark.parametrize(
    ("definition", "field", "missing"),
    [
        ("services_summary", "userServices", "Service Summary attributes"),
        ("user_common", "department", "Group department key attributes"),
        ("supervised_agent", "department", "Group department key attributes"),
        ("advanced_flexible_seating_available_host", "endpoint", "Access Device Endpoint"),
        ("meet_me_conference_schedule_one_time", "duration", "Conference duration"),
        ("meet_me_bridge_in_list", "allocatedPorts", "meet me conferencing ports"),
        ("location", "phoneNumber", "Phone Number"),
    ],
)
def test_absent_targets_have_null_ref_and_a_note(definition: str, field: str, missing: str) -> None:
    f = get_definition(definition).field(field)
    assert f.ref is None
    assert missing in f.ref_note


@pytest.mark.parametrize(
    ("definition", "field", "items"),
    [
        ("user_voice_messaging_basic", "transcribeEmailAddresses", "email"),
        ("criteria_from_dn", "phoneNumbers", "phone"),
        ("advanced_flexible_seating_available_host", "aliases", "string"),
        ("devices_to_ring", "mobilesNumbers", None),  # array of objects: ref instead
    ],
)
def test_array_items(definition: str, field: str, items: str | None) -> None:
    assert get_definition(definition).field(field).items == items


@pytest.mark.parametrize(
    ("definition", "field"),
    [
        ("user_voice_messaging_advanced", "groupMailServerPassword"),
        ("user_voice_messaging_advanced", "personalMailServerPassword"),
        ("meet_me_conference_instance", "securityPin"),
        ("meet_me_conference_instance", "moderatorPin"),
        ("advanced_flexible_seating_available_host", "password"),
    ],
)
def test_secrets(definition: str, field: str) -> None:
    assert get_definition(definition).field(field).secret is True


def test_only_passwords_and_pins_are_secret() -> None:
    d = get_definition("user_voice_messaging_advanced")
    assert [f.name for f in d.fields if f.secret] == [
        "groupMailServerPassword",
        "personalMailServerPassword",
    ]


@pytest.mark.parametrize(
    ("definition", "group"),
    [
        (
            "schedule_recurrence",
            ExclusiveGroup(
                fields=(
                    "recurDaily",
                    "recurWeekly",
                    "recurMonthlyByDay",
                    "recurMonthlyByWeek",
                    "recurYearlyByDay",
                    "recurYearlyByWeek",
                ),
                required=True,
                methods=("POST",),
            ),
        ),
        (
            "schedule_recurrence",
            ExclusiveGroup(
                fields=("recurForEver", "recurEndDate", "recurEndOccurrence"),
                required=False,
                methods=("GET", "PUT", "POST"),
            ),
        ),
        (
            "meet_me_conference_schedule",
            ExclusiveGroup(
                fields=("scheduleReservationless", "scheduleOneTime", "scheduleRecurring"),
                required=True,
                methods=("POST",),
            ),
        ),
    ],
)
def test_exclusive_groups(definition: str, group: ExclusiveGroup) -> None:
    groups = get_definition(definition).exclusive_groups
    assert (group.fields, group.required, group.methods) in {
        (g.fields, g.required, g.methods) for g in groups
    }


def _condition(definition: str, field: str, when: str) -> Condition:
    matches = [
        c for c in get_definition(definition).conditions if c.field == field and c.when == when
    ]
    assert len(matches) >= 1, f"no condition on {field} by {when}"
    return matches[0]


@pytest.mark.parametrize(
    ("definition", "field", "when", "equals", "effect", "methods"),
    [
        ("criteria_from_dn", "phoneNumbers", "selection", "Specified Only", "required", ("POST",)),
        (
            "meet_me_conference_instance",
            "maxParticipants",
            "restrictParticipants",
            True,
            "required",
            ("PUT", "POST"),
        ),
        (
            "meet_me_conference_instance",
            "securityPin",
            "requireSecurityPin",
            True,
            "allowed",
            ("GET",),
        ),
        (
            "user_voice_messaging_basic",
            "voiceMessageCarbonCopyEmailAddress",
            "sendCarbonCopyVoiceMessage",
            True,
            "required",
            ("PUT",),
        ),
        (
            "criteria_call_forwarding_selective",
            "forwardToPhoneNumber",
            "forwardToNumberSelection",
            "Forward To Specified Number",
            "required",
            ("PUT", "POST"),
        ),
        (
            "user_voice_messaging_advanced",
            "groupMailServerPassword",
            "mailServerSelection",
            "Group Mail Server",
            "allowed",
            ("GET", "PUT"),
        ),
        (
            "user_voice_messaging_advanced",
            "personalMailServerNetAddress",
            "mailServerSelection",
            "Personal Mail Server",
            "allowed",
            ("GET", "PUT"),
        ),
        ("user_device_add_extra_line_result", "error", "status", "FAILED", "allowed", ()),
    ],
)
def test_conditions(
    definition: str,
    field: str,
    when: str,
    equals: str | bool,
    effect: str,
    methods: tuple[str, ...],
) -> None:
    c = _condition(definition, field, when)
    assert (c.equals, c.effect, c.methods) == (equals, effect, methods)
    assert c.message


def test_phone_numbers_condition_does_not_apply_to_put() -> None:
    c = _condition("criteria_from_dn", "phoneNumbers", "selection")
    assert "PUT" not in c.methods


@pytest.mark.parametrize(
    "field",
    [
        "groupMailServerEmailAddress",
        "groupMailServerUserId",
        "groupMailServerPassword",
        "mailboxLimit",
        "personalMailServerNetAddress",
        "personalMailServerProtocol",
        "personalMailServerRealDeleteForImap",
        "personalMailServerEmailAddress",
        "personalMailServerUserId",
        "personalMailServerPassword",
    ],
)
def test_every_mail_server_field_depends_on_selection(field: str) -> None:
    assert _condition("user_voice_messaging_advanced", field, "mailServerSelection")


def test_criteria_schedules_can_be_removed_with_null_in_put() -> None:
    d = get_definition("criteria")
    assert d.field("timeSchedule").nullable == ("PUT",)
    assert d.field("holidaySchedule").nullable == ("PUT",)
