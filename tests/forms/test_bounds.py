"""Forms take the platform's bounds from the definitions: the help says them, the errors refuse
in plain words (no -1 or 10**30 rings, no megabyte password, no 300-character destination)."""

import pytest

from portal.definitions.loader import get_definition
from portal.forms import build_form_class

CFNA = get_definition("call_forwarding")
ADVANCED = get_definition("user_voice_messaging_advanced")
BASIC = get_definition("user_voice_messaging_basic")
GROUP_SERVER = {"mailServerSelection": "Group Mail Server"}


def errors(definition, data: dict) -> dict[str, list[str]]:
    form = build_form_class(definition, "PUT")(data)
    assert not form.is_valid()
    return form.error_map()


@pytest.mark.parametrize("rings", ["-1", "1", "21", "1" + "0" * 30])
def test_rings_outside_what_broadworks_takes_are_refused_in_words(rings):
    assert errors(CFNA, {"numberOfRings": rings})["numberOfRings"] == [
        "Number of rings must be 0 or between 2 and 20."
    ]


@pytest.mark.parametrize("limit", ["-1", "0", "9", "901", "1" + "0" * 30])
def test_a_mailbox_limit_outside_broadworks_minutes_is_refused(limit):
    (message,) = errors(ADVANCED, {**GROUP_SERVER, "mailboxLimit": limit})["mailboxLimit"]
    assert message == 'Mailbox limit must be between 10 and 900 or "useGroupSetting".'


@pytest.mark.parametrize("limit", ["10", "900", "useGroupSetting"])
def test_a_mailbox_limit_broadworks_takes_is_sent(limit):
    form = build_form_class(ADVANCED, "PUT")({**GROUP_SERVER, "mailboxLimit": limit})
    assert form.is_valid(), form.error_map()


def test_a_megabyte_password_is_refused_in_words():
    data = {**GROUP_SERVER, "groupMailServerPassword": "x" * 1_000_000}
    assert errors(ADVANCED, data)["groupMailServerPassword"] == [
        "Group mail server password can be at most 60 characters long; this one has 1000000."
    ]


def test_a_password_broadworks_takes_is_sent():
    form = build_form_class(ADVANCED, "PUT")({**GROUP_SERVER, "groupMailServerPassword": "x" * 60})
    assert form.is_valid(), form.error_map()


def test_a_destination_longer_than_broadworks_takes_is_refused():
    uri = "sip:" + "a" * 145 + "@example.com"
    assert len(uri) == 161
    assert build_form_class(CFNA, "PUT")({"destination": uri}).is_valid()
    longer = "sip:a" + uri.removeprefix("sip:")
    assert errors(CFNA, {"destination": longer})["destination"] == [
        "Destination can be at most 161 characters long; this one has 162."
    ]


def test_an_email_address_longer_than_broadworks_takes_is_refused():
    address = "a" * 69 + "@example.com"
    assert len(address) == 81
    (message,) = errors(BASIC, {"voiceMessageNotifyEmailAddress": address})[
        "voiceMessageNotifyEmailAddress"
    ]
    assert message.endswith("can be at most 80 characters long; this one has 81.")


def test_each_entry_of_a_list_is_held_to_the_length():
    address = "a" * 69 + "@example.com"
    (message,) = errors(BASIC, {"transcribeEmailAddresses": ["ok@example.com", address]})[
        "transcribeEmailAddresses"
    ]
    assert message.startswith("Entry 2 (")
    assert message.endswith("An entry can be at most 80 characters long; this one has 81.")


@pytest.mark.parametrize(
    ("definition", "name", "says", "maxlength"),
    [
        (ADVANCED, "groupMailServerPassword", "At most 60 characters.", "60"),
        (ADVANCED, "groupMailServerUserId", "At most 80 characters.", "80"),
        (CFNA, "destination", "At most 161 characters.", None),  # typed may be longer than sent
        (BASIC, "transcribeEmailAddresses", "Each entry at most 80 characters.", None),
        (CFNA, "numberOfRings", "A whole number, 0 or between 2 and 20.", None),
        (ADVANCED, "mailboxLimit", "A whole number, between 10 and 900.", None),
    ],
)
def test_the_help_says_the_limit(definition, name, says, maxlength):
    field = build_form_class(definition, "PUT").base_fields[name]
    assert says in field.help_text
    assert field.widget.attrs.get("maxlength") == maxlength
