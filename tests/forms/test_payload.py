"""Payloads: PUT carries only changes, F and A never travel, secrets are write-only."""

import re

import pytest
from django.template.loader import render_to_string

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.forms import (
    build_form_class,
    form_to_payload,
    payload_to_form_data,
    payload_to_initial,
)
from portal.forms.factory import field_role
from portal.forms.plan import Role
from tests.forms.conftest import cases, posted_by_browser

BLOCK = "forms/object_form.html#object-block"

FORWARDING = {
    "active": True,
    "destination": "+3225551234",
    "ringSplashActive": False,
    "numberOfRings": 3,
}


def put_form(name, current, changes=None, data=None):
    definition = get_definition(name)
    wanted = {**current, **(changes or {})}
    form_data = data if data is not None else payload_to_form_data(definition, "PUT", wanted)
    return build_form_class(definition, "PUT")(
        form_data, initial=payload_to_initial(definition, current)
    )


def payload_of(form):
    assert form.is_valid(), form.error_map()
    return form_to_payload(form)


def test_put_sends_only_the_changed_fields():
    assert payload_of(put_form("call_forwarding", FORWARDING, {"numberOfRings": 5})) == {
        "numberOfRings": 5
    }
    assert payload_of(put_form("call_forwarding", FORWARDING)) == {}


def test_another_spelling_of_the_same_number_is_not_a_change():
    data = payload_to_form_data(get_definition("call_forwarding"), "PUT", FORWARDING)
    data["destination"] = "02 555 12 34"
    assert payload_of(put_form("call_forwarding", FORWARDING, data=data)) == {}


def test_emptying_a_text_field_clears_it_with_what_apio_returns_for_none():
    current = {**FORWARDING, "active": False}
    data = payload_to_form_data(get_definition("call_forwarding"), "PUT", current)
    data["destination"] = " "
    assert payload_of(put_form("call_forwarding", current, data=data)) == {"destination": ""}


def test_a_text_field_not_posted_at_all_is_left_alone():
    data = payload_to_form_data(get_definition("call_forwarding"), "PUT", FORWARDING)
    del data["destination"]
    assert payload_of(put_form("call_forwarding", FORWARDING, data=data)) == {}


def test_emptying_a_number_says_it_cannot_be_empty():
    data = payload_to_form_data(get_definition("call_forwarding"), "PUT", FORWARDING)
    data["numberOfRings"] = ""
    form = put_form("call_forwarding", FORWARDING, data=data)
    assert not form.is_valid()
    assert form.error_map() == {"numberOfRings": ["Number of rings cannot be left empty."]}


def test_emptying_a_field_that_may_be_null_sends_null():
    definition = ObjectDefinition(
        name="nullable_note",
        title="A note that a PUT removes with null",
        description="",
        methods=("GET", "PUT"),
        fields=(
            FieldDefinition(
                name="note",
                type=FieldType.STRING,
                presence=(("GET", "A"), ("PUT", "O")),
                nullable=("PUT",),
            ),
        ),
    )
    form = build_form_class(definition, "PUT")({"note": ""}, initial={"note": "call back"})
    assert payload_of(form) == {"note": None}


CRITERIA = {
    "name": "Boss",
    "active": True,
    "fromDnCriteria": {
        "selection": "Specified Only",
        "includeAnonymousCallers": False,
        "includeUnavailableCallers": False,
        "phoneNumbers": ["+3225551234"],
    },
    "timeSchedule": {"level": "User", "name": "Lunch"},
}


def test_put_always_sends_required_fields():
    assert payload_of(put_form("criteria", CRITERIA, {"active": False})) == {
        "name": "Boss",
        "active": False,
    }


def test_put_sends_a_changed_sub_object_whole():
    changed = {**CRITERIA["fromDnCriteria"], "includeAnonymousCallers": True}
    assert payload_of(put_form("criteria", CRITERIA, {"fromDnCriteria": changed})) == {
        "name": "Boss",
        "fromDnCriteria": changed,
    }


def test_put_sends_an_emptied_list_to_delete_it():
    changed = {**CRITERIA["fromDnCriteria"], "selection": "Any", "phoneNumbers": []}
    payload = payload_of(put_form("criteria_from_dn", CRITERIA["fromDnCriteria"], changed))
    assert payload == {"selection": "Any", "phoneNumbers": []}


def test_put_can_remove_a_nullable_sub_object():
    payload = payload_of(put_form("criteria", CRITERIA, {"timeSchedule": None}))
    assert payload == {"name": "Boss", "timeSchedule": None}
    assert "Remove" in str(build_form_class(get_definition("criteria"), "PUT")()["timeSchedule"])


def test_object_or_string_can_be_unassigned():
    current = {"busyPersonalAudioFile": {"name": "busy", "mediaType": "WAV"}}
    form = put_form("user_voice_messaging_announcements", current, {"busyPersonalAudioFile": ""})
    assert payload_of(form) == {"busyPersonalAudioFile": ""}


def test_rows_are_sent_as_a_replacement_list_when_one_changes():
    current = {"mode": "Mobile", "mobilesNumbers": [{"mobileNumber": "+32475123456"}]}
    rows = [{"mobileNumber": "+32475123456"}, {"mobileNumber": "+32476000000"}]
    assert payload_of(put_form("devices_to_ring", current, {"mobilesNumbers": rows})) == {
        "mobilesNumbers": rows
    }
    assert payload_of(put_form("devices_to_ring", current)) == {}


def test_post_sends_everything_set_and_no_unset_flag():
    definition = get_definition("criteria_from_dn")
    form = build_form_class(definition, "POST")(
        {"selection": "Any", "includeAnonymousCallers": "on"}
    )
    assert payload_of(form) == {
        "selection": "Any",
        "includeAnonymousCallers": True,
        "includeUnavailableCallers": False,
    }
    form = build_form_class(get_definition("criteria"), "POST")(
        {"name": "x", "fromDnCriteria-selection": "Any", "active": "unknown"}
    )
    assert "active" not in payload_of(form)


@pytest.mark.parametrize(("definition", "method"), cases(write=True))
def test_forbidden_and_automatic_fields_are_never_sent(definition, method):
    form_class = build_form_class(definition, method)
    banned = [
        f.name
        for f in definition.fields
        if field_role(definition, f, method) in (Role.HIDDEN, Role.READONLY)
    ]
    data = {name: "smuggled" for name in banned}
    form = form_class(data, initial={name: "old" for name in banned})
    if form.is_valid():
        assert not set(form_to_payload(form)) & set(banned)
    html = render_to_string(BLOCK, {"form": form})
    for name in banned:
        assert f'name="{name}"' not in html


def test_payload_to_initial_drops_secrets_and_unknown_keys():
    definition = get_definition("user_voice_messaging_advanced")
    initial = payload_to_initial(
        definition,
        {"groupMailServerUserId": "grp", "groupMailServerPassword": "hunter2", "bogus": 1},
    )
    assert initial == {"groupMailServerUserId": "grp"}


@pytest.mark.parametrize("through_initial", [True, False])
def test_secrets_are_never_rendered(through_initial):
    definition = get_definition("user_voice_messaging_advanced")
    current = {"groupMailServerUserId": "grp", "groupMailServerPassword": "hunter2-secret"}
    initial = payload_to_initial(definition, current) if through_initial else current
    form_class = build_form_class(definition, "PUT")
    html = render_to_string(BLOCK, {"form": form_class(initial=initial)})
    assert 'name="groupMailServerPassword"' in html
    assert "hunter2-secret" not in html
    # Nor may the browser fill in the signed-in person's own saved password.
    tag = re.search(r'<input[^>]*name="groupMailServerPassword"[^>]*>', html).group(0)
    assert 'autocomplete="new-password"' in tag
    # A typed password is not echoed back when the form comes back with errors either.
    data = {"groupMailServerPassword": "typed-secret", "groupMailServerEmailAddress": "bad"}
    form = form_class(data, initial=initial)
    assert not form.is_valid()
    assert "typed-secret" not in render_to_string(BLOCK, {"form": form})


def test_secret_is_sent_only_when_typed():
    current = {"groupMailServerUserId": "grp", "groupMailServerPassword": "hunter2"}
    data = {"groupMailServerUserId": "grp", "groupMailServerPassword": ""}
    assert payload_of(put_form("user_voice_messaging_advanced", current, data=data)) == {}
    data["groupMailServerPassword"] = "new pass "
    assert payload_of(put_form("user_voice_messaging_advanced", current, data=data)) == {
        "groupMailServerPassword": "new pass "
    }


def test_read_only_view_never_shows_a_secret():
    definition = get_definition("advanced_flexible_seating_available_host")
    form = build_form_class(definition, "GET")(initial={"name": "Desk 4", "password": "pw-123"})
    html = render_to_string(BLOCK, {"form": form})
    assert "Desk 4" in html
    assert "pw-123" not in html
    assert "password" not in form_to_payload(form)


def test_an_invalid_form_has_no_payload():
    form = build_form_class(get_definition("call_forwarding"), "PUT")({"numberOfRings": "x"})
    with pytest.raises(ValueError, match="valid"):
        form_to_payload(form)


def unset_greeting(audio_file):
    return {"name": "", "audioFile": audio_file}


GREETINGS = {
    "disableMessageDeposit": False,
    "disableMessageDepositAction": "Disconnect",
    "greetingOnlyForwardDestination": "",
    "busyAnnouncementSelection": False,
    "busyPersonalAudioFile": "",
    "noAnswerNumberOfRings": 3,
    "extendedAwayEnabled": False,
    "extendedAwayDisableMessageDeposit": False,
    "extendedAwayAudioFile": "",
    "noAnswerAnnouncementSelection": "Default",
    "noAnswerPersonalAudioFile": "",
    "noAnswerAlternateGreeting01": unset_greeting(""),
    "noAnswerAlternateGreeting02": unset_greeting(""),
    "noAnswerAlternateGreeting03": unset_greeting({"name": "", "mediaType": ""}),
}


def greetings_form(current, **typed):
    """The greetings form as a browser posts it back, with `typed` (html names) changed."""
    definition = get_definition("user_voice_messaging_announcements")
    form_class = build_form_class(definition, "PUT")
    initial = payload_to_initial(definition, current)
    data = posted_by_browser(form_class(initial=initial), **typed)
    return form_class(data, initial=initial)


def test_a_ring_count_change_leaves_untouched_greetings_out():
    form = greetings_form(GREETINGS, noAnswerNumberOfRings="5")
    assert payload_of(form) == {"noAnswerNumberOfRings": 5}


def test_an_untouched_form_sends_nothing_however_apio_spells_an_empty_greeting():
    assert payload_of(greetings_form(GREETINGS)) == {}


def test_a_greeting_goes_complete_or_not_at_all():
    form = greetings_form(GREETINGS, **{"noAnswerAlternateGreeting02-name": "Holidays"})
    assert not form.is_valid()
    assert list(form.error_map()) == ["noAnswerAlternateGreeting02-audioFile-name"]
    typed = {
        "noAnswerAlternateGreeting02-name": "Holidays",
        "noAnswerAlternateGreeting02-audioFile-name": "Greeting 1",
    }
    assert payload_of(greetings_form(GREETINGS, **typed)) == {
        "noAnswerAlternateGreeting02": {"name": "Holidays", "audioFile": {"name": "Greeting 1"}}
    }


def test_changing_only_the_audio_file_of_a_greeting_sends_the_greeting_whole():
    current = {
        **GREETINGS,
        "noAnswerAlternateGreeting01": {
            "name": "Holidays",
            "audioFile": {"name": "Greeting 1", "mediaType": "WAV"},
        },
    }
    form = greetings_form(current, **{"noAnswerAlternateGreeting01-audioFile-name": "Greeting 2"})
    assert payload_of(form) == {
        "noAnswerAlternateGreeting01": {
            "name": "Holidays",
            "audioFile": {"name": "Greeting 2", "mediaType": "WAV"},
        }
    }
