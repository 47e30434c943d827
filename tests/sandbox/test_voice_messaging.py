"""Voice messaging: basic and advanced settings, greetings, the user's announcements."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid, error_of, user_path

pytestmark = pytest.mark.integration

VM = f"{DEMO_USER_PATH}services/voice_messaging/"
BASIC_FIELDS = {
    "active", "processing", "voiceMessageDeliveryEmailAddress", "usePhoneMessageWaitingIndicator",
    "sendVoiceMessageNotifyEmail", "voiceMessageNotifyEmailAddress", "sendCarbonCopyVoiceMessage",
    "voiceMessageCarbonCopyEmailAddress", "transferOnZeroToPhoneNumber", "transferPhoneNumber",
    "alwaysRedirectToVoiceMail", "busyRedirectToVoiceMail", "noAnswerRedirectToVoiceMail",
    "outOfPrimaryZoneRedirectToVoiceMail",
}  # fmt: skip


def test_basic_config_get_and_put_answer_the_whole_object(admin):
    assert set(admin.get(f"{VM}basic_config/").json()) == BASIC_FIELDS
    body = {"active": False, "processing": "Address Only", "busyRedirectToVoiceMail": False}
    response = admin.put(f"{VM}basic_config/", json=body)
    assert response.status_code == 200
    assert set(response.json()) == BASIC_FIELDS
    assert response.json().items() >= body.items()
    assert admin.get(f"{VM}basic_config/").json() == response.json()


def test_carbon_copy_needs_an_address(admin):
    admin.put(f"{VM}basic_config/", json={"voiceMessageCarbonCopyEmailAddress": ""})
    response = admin.put(f"{VM}basic_config/", json={"sendCarbonCopyVoiceMessage": True})
    assert_invalid(response, "voiceMessageCarbonCopyEmailAddress")
    body = {
        "sendCarbonCopyVoiceMessage": True,
        "voiceMessageCarbonCopyEmailAddress": "a@acme.example",
    }
    assert admin.put(f"{VM}basic_config/", json=body).status_code == 200


def test_advanced_config_never_returns_passwords_but_stores_them(admin, sandbox):
    body = {
        "mailServerSelection": "Group Mail Server",
        "groupMailServerUserId": "olivia",
        "groupMailServerPassword": "s3cret-mail",
    }
    response = admin.put(f"{VM}advanced_config/", json=body)
    assert response.status_code == 200
    for answer in (response.json(), admin.get(f"{VM}advanced_config/").json()):
        assert "groupMailServerPassword" not in answer
        assert "personalMailServerPassword" not in answer
        assert answer["groupMailServerUserId"] == "olivia"
    assert sandbox.object(f"{VM}advanced_config/")["groupMailServerPassword"] == "s3cret-mail"
    sent = sandbox.requests()[-2]
    assert sent["body"]["groupMailServerPassword"] == "********"


def test_switching_mail_server_hides_the_other_servers_fields(admin):
    body = {
        "mailServerSelection": "Personal Mail Server",
        "personalMailServerNetAddress": "imap.example.net",
        "personalMailServerProtocol": "IMAP",
    }
    answer = admin.put(f"{VM}advanced_config/", json=body).json()
    assert answer["personalMailServerNetAddress"] == "imap.example.net"
    assert not any(name.startswith("groupMailServer") for name in answer)
    response = admin.put(f"{VM}advanced_config/", json={"groupMailServerUserId": "x"})
    assert_invalid(response, "groupMailServerUserId")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mailServerSelection": "Cloud"}, "mailServerSelection"),
        ({"mailboxLimit": "plenty"}, "mailboxLimit"),
        ({"groupMailServerEmailAddress": "not-an-address"}, "groupMailServerEmailAddress"),
    ],
)
def test_advanced_config_validation(admin, body, field):
    assert_invalid(admin.put(f"{VM}advanced_config/", json=body), field)


def test_mailbox_limit_is_a_number_or_use_group_setting(admin):
    for value in (100, "useGroupSetting"):
        answer = admin.put(f"{VM}advanced_config/", json={"mailboxLimit": value}).json()
        assert answer["mailboxLimit"] == value


def test_greetings_include_the_three_alternate_greetings(admin):
    answer = admin.get(f"{VM}greetings/").json()
    for k in (1, 2, 3):
        assert set(answer[f"noAnswerAlternateGreeting0{k}"]) == {"name", "audioFile"}
    greeting = {"name": "Closed", "audioFile": {"name": "Greeting 2", "mediaType": "WAV"}}
    body = {"noAnswerAlternateGreeting02": greeting, "busyPersonalAudioFile": ""}
    answer = admin.put(f"{VM}greetings/", json=body).json()
    assert answer["noAnswerAlternateGreeting02"] == greeting
    assert answer["busyPersonalAudioFile"] == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"noAnswerAlternateGreeting01": {"name": "x"}}, "noAnswerAlternateGreeting01.audioFile"),
        ({"busyPersonalAudioFile": {"name": "Nope"}}, "busyPersonalAudioFile.name"),
        ({"busyPersonalAudioFile": "Greeting 1"}, "busyPersonalAudioFile"),
        ({"noAnswerNumberOfRings": 2.5}, "noAnswerNumberOfRings"),
        ({"greetingOnlyForwardDestination": "call me maybe"}, "greetingOnlyForwardDestination"),
    ],
)
def test_greetings_validation(admin, body, field):
    assert_invalid(admin.put(f"{VM}greetings/", json=body), field)


def test_announcements_list(admin):
    answer = admin.get(f"{DEMO_USER_PATH}announcements/").json()
    assert answer["announcements"]
    assert all(set(a) == {"name", "mediaType", "level"} for a in answer["announcements"])


def test_voice_messaging_not_assigned_answers_404(admin):
    path = user_path(admin, "user00002@acme.example")
    for part in ("basic_config", "advanced_config", "greetings"):
        error = error_of(admin.get(f"{path}services/voice_messaging/{part}/"), 404)
        assert error["message"] == "Service Voice Messaging User is not assigned to the user"
