"""Every number and every text the platform takes is bounded in the definitions, with its source.

Nothing unbounded reaches APIO: no -1 or 10**30 rings, no megabyte password. Where the spec states
a bound the definition carries it (test_ranges.py); otherwise BroadWorks' own (its OCI schema
types), and the field's note says where the number comes from.
"""

import pytest

from portal.definitions.loader import all_definitions, get_definition, validate_definitions
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition

RANGED = (FieldType.INTEGER, FieldType.STRING_INTEGER)


def _fields(keep):
    return [
        pytest.param(f, id=f"{d.name}.{f.name}")
        for d in all_definitions()
        for f in d.fields
        if keep(f)
    ]


def _is_free_text(f: FieldDefinition) -> bool:
    scalars = f.type is FieldType.ARRAY and f.items is not None
    return (f.type is FieldType.STRING or scalars) and not f.choices


@pytest.mark.parametrize("field", _fields(lambda f: f.type in RANGED))
def test_every_number_has_a_minimum_and_a_maximum(field):
    assert field.minimum is not None and field.maximum is not None
    assert not field.accepts(-1) or field.minimum <= -1
    assert not field.accepts(10**30)
    assert "range" in f"{field.note} {field.description}".lower()  # where the bound comes from


@pytest.mark.parametrize("field", _fields(_is_free_text))
def test_every_text_has_a_maximum_length_and_says_where_it_comes_from(field):
    assert field.max_length is not None and 1 <= field.max_length <= 1024
    assert not field.accepts_length("x" * 1_000_000)
    assert "Length:" in field.note
    assert str(field.max_length) in field.note


@pytest.mark.parametrize(
    ("definition", "name", "length"),
    [
        ("user_common", "userId", 161),  # OCI UserId
        ("supervised_agent", "userId", 161),
        ("user_common", "firstName", 30),  # OCI FirstName / LastName
        ("user_common", "lastName", 30),
        ("call_forwarding", "destination", 161),  # OCI OutgoingDNorSIPURI
        ("user_voice_messaging_announcements", "greetingOnlyForwardDestination", 161),
        ("criteria_call_forwarding_selective", "forwardToPhoneNumber", 161),
        ("user_voice_messaging_basic", "transferPhoneNumber", 30),  # OCI OutgoingDN
        ("user_common", "phoneNumber", 23),  # OCI DN
        ("criteria_from_dn", "phoneNumbers", 23),  # each entry
        ("user_voice_messaging_advanced", "groupMailServerPassword", 60),  # OCI Password
        ("user_voice_messaging_advanced", "personalMailServerPassword", 60),
        ("advanced_flexible_seating_available_host", "password", 60),
        ("user_voice_messaging_basic", "voiceMessageDeliveryEmailAddress", 80),  # EmailAddress
        ("user_voice_messaging_basic", "transcribeEmailAddresses", 80),  # each entry
        ("user_voice_messaging_advanced", "personalMailServerNetAddress", 80),  # NetAddress
        ("advanced_flexible_seating_available_host", "defaultAlias", 161),  # SIPURI
        ("registrations", "URI", 1024),  # RegistrationAddressURI
        ("criteria", "name", 50),  # CriteriaName
        ("schedule", "name", 40),  # ScheduleName
        ("announcement_file_name", "name", 80),  # AnnouncementFileKey name
    ],
)
def test_broadworks_lengths(definition, name, length):
    assert get_definition(definition).field(name).max_length == length


@pytest.mark.parametrize(
    ("definition", "name", "accepted", "refused"),
    [
        ("user_voice_messaging_advanced", "mailboxLimit", [10, 100, 900], [-1, 0, 9, 901, 10**30]),
        ("location", "numberOfRings", [0, 2, 20], [-1, 1, 21, 10**30]),
        ("location", "id", [1, 5], [0, 6]),
        ("schedule_recurrence_daily", "recurInterval", [1, 999], [0, 1000]),
        ("recur_monthly_by_day", "recurInterval", [1, 99], [0, 100]),
        ("schedule_recurrence", "recurEndOccurrence", [1, 999], [0, 1000]),
        ("meet_me_conference_instance", "maxParticipants", [1, 294], [0, 295]),
        ("flexible_seating_available_host", "associationLimitHours", [1, 999], [0, 1000]),
    ],
)
def test_broadworks_ranges(definition, name, accepted, refused):
    field = get_definition(definition).field(name)
    assert all(field.accepts(n) for n in accepted)
    assert not any(field.accepts(n) for n in refused)


def test_length_in_words():
    field = get_definition("call_forwarding").field("destination")
    assert field.length_text() == "at most 161 characters"
    assert field.accepts_length("x" * 161) and not field.accepts_length("x" * 162)


def _one(*fields: FieldDefinition) -> list[ObjectDefinition]:
    return [ObjectDefinition("thing", "Thing", "", ("GET", "PUT"), fields)]


def _field(name: str, ftype: FieldType, **kwargs) -> FieldDefinition:
    return FieldDefinition(name, ftype, (("GET", "A"), ("PUT", "O")), **kwargs)


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        pytest.param(_field("n", FieldType.INTEGER), "without both minimum and maximum", id="int"),
        pytest.param(
            _field("n", FieldType.INTEGER, minimum=0), "without both minimum", id="int-half"
        ),
        pytest.param(
            _field("s", FieldType.STRING_INTEGER, choices=("useGroupSetting",)),
            "without both minimum and maximum",
            id="string-integer",
        ),
        pytest.param(_field("s", FieldType.STRING), "free text without max_length", id="text"),
        pytest.param(
            _field("a", FieldType.ARRAY, items="email"),
            "free text without max_length",
            id="scalar-array",
        ),
        pytest.param(
            _field("b", FieldType.BOOLEAN, max_length=5), "max_length on a Boolean", id="bool"
        ),
        pytest.param(
            _field("s", FieldType.STRING, max_length=0), "max_length 0 is not a length", id="zero"
        ),
    ],
)
def test_the_check_refuses_an_unbounded_field(field, problem):
    problems = validate_definitions(_one(field))
    assert any(problem in p for p in problems), problems


def test_a_text_with_choices_needs_no_length():
    choices = _field("mode", FieldType.STRING, choices=("Fixed", "Mobile"))
    assert validate_definitions(_one(choices)) == []
