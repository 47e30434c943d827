"""The definitions cover every attribute table of the spec page, as written."""

import pytest

from portal.definitions.loader import all_definitions, get_definition, validate_definitions
from portal.definitions.model import FieldType, ObjectDefinition, Presence

# Headings of the page that introduce sections, not attribute tables.
SECTION_HEADINGS = ("Common Objects", "User Voice Messaging")

# Generated once from the spec page: (heading, attribute names in table order).
SPEC_TABLES: tuple[tuple[str, str], ...] = (
    (
        "Address Information attributes",
        "addressLine1 addressLine2 city state stateDisplayName postalCode country",
    ),
    ("Call Center DNIS List Item", "serviceUserId name"),
    ("Call Center DNIS Instance", "serviceUserId name"),
    (
        "Call Center Instance",
        "serviceUserId phoneNumber extension available logOffAllowed name type priority "
        "routingType skillLevel",
    ),
    ("Call Center List Item", "serviceUserId name"),
    (
        "User Voice Messaging Basic attributes",
        "active processing voiceMessageDeliveryEmailAddress usePhoneMessageWaitingIndicator "
        "sendVoiceMessageNotifyEmail voiceMessageNotifyEmailAddress "
        "sendCarbonCopyVoiceMessage voiceMessageCarbonCopyEmailAddress transcribe "
        "transcribeEmailAddresses transferOnZeroToPhoneNumber transferPhoneNumber "
        "alwaysRedirectToVoiceMail busyRedirectToVoiceMail noAnswerRedirectToVoiceMail "
        "outOfPrimaryZoneRedirectToVoiceMail",
    ),
    (
        "User Voice Messaging Advanced attributes",
        "mailServerSelection groupMailServerEmailAddress groupMailServerUserId "
        "groupMailServerPassword mailboxLimit personalMailServerNetAddress "
        "personalMailServerProtocol personalMailServerRealDeleteForImap "
        "personalMailServerEmailAddress personalMailServerUserId personalMailServerPassword",
    ),
    (
        "User Voice Messaging Announcements attributes",
        "disableMessageDeposit disableMessageDepositAction greetingOnlyForwardDestination "
        "busyAnnouncementSelection busyPersonalAudioFile noAnswerNumberOfRings "
        "extendedAwayEnabled extendedAwayDisableMessageDeposit extendedAwayAudioFile "
        "noAnswerAnnouncementSelection noAnswerPersonalAudioFile noAnswerAlternateGreeting01 "
        "noAnswerAlternateGreeting02 noAnswerAlternateGreeting03",
    ),
    ("Voice Messaging Alternate No Answer Greeting", "name audioFile"),
    ("Call Forwarding attributes", "active destination ringSplashActive numberOfRings"),
    ("Services Summary attributes", "userServices groupService"),
    ("Services Assignment Status attributes", "userServices groupService"),
    ("Service Assignment Status attributes", "name assigned"),
    ("Phone List attributes", "name phoneNumber"),
    (
        "Criteria in List attributes",
        "name active callsFrom fromDnCriteria doNotPerformAction timeScheduleObj timeSchedule "
        "holidaySchedule holidayScheduleObj",
    ),
    (
        "Criteria attributes",
        "name newName active fromDnCriteria doNotPerformAction timeSchedule holidaySchedule",
    ),
    (
        "Criteria attributes for Call Forwarding Selective",
        "forwardToPhoneNumber forwardToNumberSelection",
    ),
    (
        "Criteria attributes for Custom Ring Back",
        "audioSelection audioFile callWaitingAudioSelection callWaitingAudioFile",
    ),
    ("Criteria attributes for Executive and Executive Assistant", "filter"),
    ("Schedule attributes", "level name"),
    (
        "Criteria From DN attributes",
        "selection includeAnonymousCallers includeUnavailableCallers phoneNumbers",
    ),
    ("Location attributes", "id phoneNumber numberOfRings answerConfirmationRequired"),
    (
        "Registrations attributes",
        "deviceLevel deviceName order URI expiration linePort endpointType publicNetAddress "
        "publicPort PrivateNetAddress PrivatePort UserAgent LockoutStarted LockoutExpires "
        "LockoutCount",
    ),
    (
        "Criteria in list",
        "active name timeSchedule timeScheduleObj holidaySchedule holidayScheduleObj "
        "callsFrom doNotPerformAction fromDnCriteria callToNumbers",
    ),
    ("Call To Number attributes", "type number extension"),
    (
        "User Device Extra Endpoint Attributes",
        "deviceName deviceType deviceOwner deviceUsage _description extra_phone_id linePort",
    ),
    (
        "User Device Extra Line Attributes",
        "userId linePort firstName lastName phoneNumber department order",
    ),
    ("User Device Add Extra Line Result Attributes", "userId status data reason error"),
    ("Announcement File Name", "name mediaType"),
    (
        "Supervised Agent",
        "userId lastName firstName phoneNumber extension department emailAddress impId "
        "locationCode",
    ),
    (
        "Meet-Me Conferencing Bridge Instance in list",
        "bridgeId name phoneNumber extension allocatedPorts active",
    ),
    ("Schedule recurrence attributes", "recurInterval"),
    (
        "Schedule recurrence attributes",
        "recurInterval Sunday Monday Tuesday Wednesday Thursday Friday Saturday",
    ),
    ("Recur monthly by day attributes", "recurInterval dayOfMonth"),
    ("Recur monthly by week attributes", "recurInterval dayOfWeekInMonth dayOfWeek"),
    ("Recur yearly by day attributes", "recurInterval dayOfMonth month"),
    ("Recur yearly by week attributes", "recurInterval dayOfWeek dayOfWeekInMonth month"),
    (
        "Schedule recurrence attributes",
        "recurDaily recurWeekly recurMonthlyByDay recurMonthlyByWeek recurYearlyByDay "
        "recurYearlyByWeek recurForEver recurEndDate recurEndOccurrence",
    ),
    ("Meet-Me Conferencing Conference schedule reservationLess", "startTime endTime"),
    ("Meet-Me Conferencing Conference schedule one time", "startTime duration"),
    ("Meet-Me Conferencing Conference schedule recurring", "startTime duration recurrence"),
    (
        "Meet-Me Conferencing Conference Schedule",
        "scheduleReservationless scheduleOneTime scheduleRecurring",
    ),
    (
        "Meet-Me Conferencing Conference Instance in list",
        "bridgeId conferenceId title bridgeName status type startTime lastName firstName hostId",
    ),
    (
        "Meet-Me Conferencing Conference Instance",
        "title estimatedParticipants restrictParticipants maxParticipants accountCode "
        "muteAllAttendeesOnEntry endConferenceOnModeratorExit moderatorRequired "
        "requireSecurityPin securityPin allowUniqueIdentifier attendeeNotification "
        "conferenceSchedule moderatorPin hostTimeZone",
    ),
    ("Conference greeting announcement", "name mediaType"),
    ("Conference delete recording item", "bridgeId conferenceId startTime"),
    (
        "Conference Delegate item",
        "userId firstName lastName phoneNumber extension department emailAddress",
    ),
    (
        "User common object",
        "userId firstName lastName phoneNumber extension department emailAddress",
    ),
    (
        "Devices To Ring",
        "mode includeSharedCallAppearance includeAnywhere includeExecutiveAssistant mobilesNumbers",
    ),
    (
        "User identity mobile number",
        "mobileNumber description countryCode nationalPrefix primary enableAlerting",
    ),
    ("User alerted mobile number", "mobileNumber countryCode nationalPrefix"),
    (
        "Flexible seating available host attributes",
        "serviceUserId lastName firstName phoneNumber extension department emailAddress "
        "associationLimitHours enableAssociationLimit",
    ),
    (
        "Advanced Flexible seating available host attributes",
        "serviceUserId name cliLastName cliFirstName phoneNumber extension department "
        "language timeZone timeZoneDisplayName defaultAlias aliases publicUserIdentity "
        "cliPhoneNumber password endpoint networkClassOfService active guestInfo",
    ),
    ("Call Anchoring", "enableCallAnchoring timeSchedule holidaySchedule"),
    ("Feature Access Code", "name code alternateCode enabled"),
)


def test_real_definitions_are_sound() -> None:
    assert validate_definitions(all_definitions()) == []


def test_one_definition_per_spec_table_in_spec_order() -> None:
    assert [d.title for d in all_definitions()] == [title for title, _ in SPEC_TABLES]


@pytest.mark.parametrize(("index", "title", "names"), [(i, *t) for i, t in enumerate(SPEC_TABLES)])
def test_every_attribute_is_transcribed(index: int, title: str, names: str) -> None:
    definition = all_definitions()[index]
    assert definition.title == title
    assert list(definition.field_names) == names.split()


@pytest.mark.parametrize("heading", SECTION_HEADINGS)
def test_section_headings_are_not_definitions(heading: str) -> None:
    assert heading not in {d.title for d in all_definitions()}


def test_names_are_unique() -> None:
    names = [d.name for d in all_definitions()]
    assert len(names) == len(set(names)) == len(SPEC_TABLES)


@pytest.mark.parametrize(
    ("title", "names"),
    [
        (
            "Schedule recurrence attributes",
            ["schedule_recurrence_daily", "schedule_recurrence_weekly", "schedule_recurrence"],
        ),
        ("Criteria in List attributes", ["criteria_in_list"]),
        ("Criteria in list", ["criteria_in_list_call_to_numbers"]),
    ],
)
def test_reused_headings_are_kept_apart(title: str, names: list[str]) -> None:
    assert [d.name for d in all_definitions() if d.title == title] == names


def test_criteria_in_list_tables_differ() -> None:
    generic = get_definition("criteria_in_list")
    with_numbers = get_definition("criteria_in_list_call_to_numbers")
    assert "callToNumbers" in with_numbers.field_names
    assert "callToNumbers" not in generic.field_names


def test_recurrence_tables_differ() -> None:
    daily = get_definition("schedule_recurrence_daily")
    weekly = get_definition("schedule_recurrence_weekly")
    recurrence = get_definition("schedule_recurrence")
    assert "in days" in daily.field("recurInterval").description
    assert "in weeks" in weekly.field("recurInterval").description
    assert "Monday" in weekly.field_names
    assert "recurDaily" in recurrence.field_names


@pytest.mark.parametrize(
    ("definition", "field", "method", "code"),
    [
        ("user_voice_messaging_advanced", "groupMailServerEmailAddress", "GET", "C"),
        ("user_voice_messaging_advanced", "groupMailServerEmailAddress", "PUT", "OC"),
        ("user_voice_messaging_advanced", "mailServerSelection", "GET", "O"),
        ("call_center_instance", "skillLevel", "GET", "C"),
        ("call_center_instance", "skillLevel", "PUT", "O, C"),
        # A blank cell in the spec stays blank.
        ("call_center_instance", "phoneNumber", "PUT", ""),
        ("phone_list", "phoneNumber", "DELETE", "F"),
        ("phone_list", "name", "PUT", "O"),
        ("service_assignment_status", "assigned", "POST", "F"),
        ("criteria", "newName", "GET", "F"),
        ("criteria", "fromDnCriteria", "POST", "R"),
        ("location", "phoneNumber", "DELETE", "O"),
        ("schedule_recurrence", "recurDaily", "POST", "R"),
        ("schedule_recurrence", "recurWeekly", "POST", "C"),
        ("meet_me_conference_instance", "securityPin", "PUT", "F"),
        ("conference_delete_recording_item", "startTime", "DELETE", "R"),
        ("feature_access_code", "enabled", "PUT", "O"),
        # Methods the table does not have.
        ("call_forwarding", "active", "POST", ""),
        ("conference_delete_recording_item", "startTime", "GET", ""),
    ],
)
def test_presence_code_as_written(definition: str, field: str, method: str, code: str) -> None:
    assert get_definition(definition).field(field).code(method) == code


@pytest.mark.parametrize(
    ("definition", "field", "method", "letters"),
    [
        ("user_voice_messaging_advanced", "groupMailServerPassword", "PUT", {"O", "C"}),
        ("call_center_instance", "skillLevel", "PUT", {"O", "C"}),
        ("call_center_instance", "routingType", "PUT", set()),
        ("criteria", "name", "DELETE", {"R"}),
    ],
)
def test_presence_codes_parse(definition: str, field: str, method: str, letters: set[str]) -> None:
    codes = get_definition(definition).field(field).codes(method)
    assert codes == {Presence(letter) for letter in letters}


@pytest.mark.parametrize(
    ("definition", "methods"),
    [
        ("phone_list", ("GET", "POST", "PUT", "DELETE")),
        ("criteria", ("GET", "PUT", "POST", "DELETE")),
        ("location", ("GET", "POST", "PUT", "DELETE")),
        ("address_information", ("GET", "POST", "PUT")),
        ("service_assignment_status", ("GET", "POST", "DELETE")),
        ("conference_delete_recording_item", ("DELETE",)),
        # The spec's table has no method columns.
        ("user_device_add_extra_line_result", ()),
    ],
)
def test_methods_in_spec_column_order(definition: str, methods: tuple[str, ...]) -> None:
    d = get_definition(definition)
    assert d.methods == methods
    assert all(f.methods == methods for f in d.fields)


@pytest.mark.parametrize(
    ("definition", "field", "type_"),
    [
        ("user_voice_messaging_basic", "transcribeEmailAddresses", FieldType.ARRAY),  # "Arrray"
        ("location", "id", FieldType.INTEGER),  # "integer"
        ("location", "answerConfirmationRequired", FieldType.BOOLEAN),  # "boolean"
        ("supervised_agent", "userId", FieldType.STRING),  # "string"
        ("advanced_flexible_seating_available_host", "department", FieldType.OBJECT),
        ("advanced_flexible_seating_available_host", "aliases", FieldType.ARRAY),
        ("user_voice_messaging_advanced", "mailboxLimit", FieldType.STRING_INTEGER),
        ("user_voice_messaging_announcements", "busyPersonalAudioFile", FieldType.OBJECT_STRING),
        ("schedule_recurrence", "recurEndDate", FieldType.DATE),
        ("meet_me_conference_instance", "title", FieldType.STRING),
        ("meet_me_conference_schedule_reservationless", "endTime", FieldType.DATETIME),
    ],
)
def test_types_are_canonical(definition: str, field: str, type_: FieldType) -> None:
    assert get_definition(definition).field(field).type is type_


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
