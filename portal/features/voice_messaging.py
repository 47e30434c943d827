from django.utils.translation import gettext_lazy as _

from portal.features.base import Feature, FieldWords, Lookup, Section, SummaryRule

SERVICE = "Voice Messaging User"
ANNOUNCEMENT = "announcement_file_name"
# A recording's file type, wherever a recording is chosen (greetings, ring back).
MEDIA_TYPE_WORDS = FieldWords(
    "mediaType",
    _("File type"),
    _("The kind of file the recording is; most are WAV."),
    choices=(
        ("WAV", _("WAV sound")),
        ("WMA", _("WMA sound")),
        ("3GP", _("3GP video")),
        ("MOV", _("MOV video")),
    ),
    of=ANNOUNCEMENT,
)
ALTERNATE = "voice_messaging_alternate_no_answer_greeting"

ON = (("active", True),)

SETTINGS_WORDS = (
    FieldWords("active", _("Voicemail"), _("When on, callers can leave you a message.")),
    FieldWords(
        "noAnswerRedirectToVoiceMail",
        _("Calls you do not answer"),
        _("Callers who wait without an answer reach your voicemail."),
        group=_("Which calls go to voicemail"),
    ),
    FieldWords(
        "busyRedirectToVoiceMail",
        _("Calls while you are busy"),
        _("Callers who find you on another call reach your voicemail."),
        group=_("Which calls go to voicemail"),
    ),
    FieldWords(
        "alwaysRedirectToVoiceMail",
        _("All calls"),
        _("Every call goes straight to voicemail: this phone does not ring."),
        group=_("Which calls go to voicemail"),
    ),
    FieldWords(
        "outOfPrimaryZoneRedirectToVoiceMail",
        _("Calls from outside your usual area"),
        _("Calls made from outside the area your line belongs to go to voicemail."),
        group=_("Which calls go to voicemail"),
        more=True,
    ),
    FieldWords(
        "processing",
        _("Where messages are kept"),
        _("Keep them in your voice mailbox, or only send them to your email address."),
        choices=(
            ("Unified", _("In my voice mailbox")),
            ("Address Only", _("Only sent to my email address")),
        ),
        group=_("Messages"),
    ),
    FieldWords(
        "voiceMessageDeliveryEmailAddress",
        _("Email address for messages"),
        _("Where messages go when they are sent by email, e.g. anna@example.com."),
        group=_("Messages"),
    ),
    FieldWords(
        "sendVoiceMessageNotifyEmail",
        _("Email me when a message arrives"),
        _("A short email tells you that someone left a message."),
        group=_("Messages"),
    ),
    FieldWords(
        "voiceMessageNotifyEmailAddress",
        _("Email address for these alerts"),
        _("For example anna@example.com."),
        group=_("Messages"),
    ),
    FieldWords(
        "usePhoneMessageWaitingIndicator",
        _("Message light on the phone"),
        _("The phone shows a light or an icon while a new message waits."),
        more=True,
    ),
    FieldWords(
        "sendCarbonCopyVoiceMessage",
        _("Send a copy of each message by email"),
        _("The recording is also sent to the address below, e.g. an assistant's."),
        more=True,
    ),
    FieldWords(
        "voiceMessageCarbonCopyEmailAddress",
        _("Email address for the copies"),
        _("For example assistant@example.com."),
        more=True,
    ),
    FieldWords(
        "transcribe",
        _("Written transcripts of messages"),
        _("Each message is also turned into text and sent to the addresses below."),
        more=True,
    ),
    FieldWords(
        "transcribeEmailAddresses",
        _("Email addresses for transcripts"),
        _("One address per entry, e.g. anna@example.com."),
        more=True,
    ),
    FieldWords(
        "transferOnZeroToPhoneNumber",
        _("Callers may press 0 to reach someone"),
        _("While your greeting plays, callers press 0 to be put through to the number below."),
        more=True,
    ),
    FieldWords(
        "transferPhoneNumber",
        _("Number reached by pressing 0"),
        _("For example 02 555 12 34, a colleague or the reception."),
        more=True,
    ),
)

MAIL_SERVER = _("Personal mail server")
MAIL_SERVER_WORDS = (
    FieldWords(
        "mailServerSelection",
        _("Mail server"),
        _("Where messages are stored: the group's server, or a server of the user's own."),
        choices=(
            ("Group Mail Server", _("The group's mail server")),
            ("Personal Mail Server", _("A personal mail server")),
        ),
    ),
    FieldWords(
        "groupMailServerEmailAddress",
        _("Mailbox address on the group's server"),
        _("For example anna@example.com."),
    ),
    FieldWords("groupMailServerUserId", _("User name on the group's server")),
    FieldWords(
        "groupMailServerPassword",
        _("Password on the group's server"),
        _("Leave empty to keep the current password."),
    ),
    FieldWords(
        "mailboxLimit",
        _("Mailbox size limit (MB)"),
        _("From 10 to 900 MB, or useGroupSetting to follow the group's limit."),
    ),
    FieldWords(
        "personalMailServerNetAddress",
        _("Server address"),
        _("For example mail.example.com."),
        group=MAIL_SERVER,
    ),
    FieldWords(
        "personalMailServerProtocol",
        _("Protocol"),
        _("Ask the mail server's administrator which one it uses."),
        choices=(("POP3", "POP3"), ("IMAP", "IMAP")),
        group=MAIL_SERVER,
    ),
    FieldWords(
        "personalMailServerRealDeleteForImap",
        _("Delete messages from the server for good (IMAP)"),
        _("Off: a deleted message is only marked as deleted on the server."),
        group=MAIL_SERVER,
    ),
    FieldWords(
        "personalMailServerEmailAddress",
        _("Mailbox address"),
        _("For example anna@example.com."),
        group=MAIL_SERVER,
    ),
    FieldWords("personalMailServerUserId", _("User name"), group=MAIL_SERVER),
    FieldWords(
        "personalMailServerPassword",
        _("Password"),
        _("Leave empty to keep the current password."),
        group=MAIL_SERVER,
    ),
)

RECORDING_CHOICES = (
    ("", _("Leave as it is")),
    ("set", _("Use a recording")),
    ("null", _("None")),
    ("unassign", _("None")),
)


def greeting(name: str, label: str, help_: str, group: str = "", more: bool = False):
    return FieldWords(name, label, help_, choices=RECORDING_CHOICES, group=group, more=more)


BUSY, NO_ANSWER = _("When you are busy"), _("When you do not answer")
AWAY, GREETING_ONLY = _("Away for a long time"), _("Greeting only")

GREETINGS_WORDS = (
    FieldWords(
        "busyAnnouncementSelection",
        _("Play my own greeting"),
        _("Off: callers hear the standard greeting."),
        group=BUSY,
    ),
    greeting(
        "busyPersonalAudioFile",
        _("My greeting when busy"),
        _("The recording callers hear while you are on another call."),
        group=BUSY,
    ),
    FieldWords(
        "noAnswerNumberOfRings",
        _("Rings before voicemail answers"),
        _("From 2 to 20, e.g. 4. 0 keeps the usual."),
        group=NO_ANSWER,
    ),
    FieldWords(
        "noAnswerAnnouncementSelection",
        _("Greeting callers hear"),
        _("The standard greeting, your own, or one of your alternate greetings."),
        choices=(
            ("Default", _("The standard greeting")),
            ("Personal", _("My own greeting")),
            ("Alternate01", _("Alternate greeting 1")),
            ("Alternate02", _("Alternate greeting 2")),
            ("Alternate03", _("Alternate greeting 3")),
        ),
        group=NO_ANSWER,
    ),
    greeting(
        "noAnswerPersonalAudioFile",
        _("My greeting when I do not answer"),
        _("The recording callers hear when you do not pick up."),
        group=NO_ANSWER,
    ),
    *(
        greeting(
            f"noAnswerAlternateGreeting0{n}",
            label,
            _("A greeting to switch to for a while, e.g. for holidays."),
            more=True,
        )
        for n, label in (
            (1, _("Alternate greeting 1")),
            (2, _("Alternate greeting 2")),
            (3, _("Alternate greeting 3")),
        )
    ),
    FieldWords(
        "extendedAwayEnabled",
        _("I am away for a long time"),
        _("Callers hear your away greeting instead of the usual one."),
        group=AWAY,
        more=True,
    ),
    FieldWords(
        "extendedAwayDisableMessageDeposit",
        _("No messages while I am away"),
        _("Callers hear the away greeting but cannot leave a message."),
        group=AWAY,
        more=True,
    ),
    greeting(
        "extendedAwayAudioFile",
        _("Away greeting"),
        _("The recording callers hear while you are away."),
        group=AWAY,
        more=True,
    ),
    FieldWords(
        "disableMessageDeposit",
        _("Callers cannot leave a message"),
        _("Callers hear your greeting only."),
        group=GREETING_ONLY,
        more=True,
    ),
    FieldWords(
        "disableMessageDepositAction",
        _("After the greeting"),
        _("What happens to the call once the greeting has played."),
        choices=(("Disconnect", _("Hang up")), ("Forward", _("Forward the call"))),
        group=GREETING_ONLY,
        more=True,
    ),
    FieldWords(
        "greetingOnlyForwardDestination",
        _("Forward to"),
        _("A phone number, e.g. 0470 12 34 56, or an extension, e.g. 1001."),
        group=GREETING_ONLY,
        more=True,
    ),
    # The objects inside a greeting.
    FieldWords(
        "name",
        _("Recording"),
        _("One of the recordings made for this line."),
        widget="select",
        of=ANNOUNCEMENT,
    ),
    MEDIA_TYPE_WORDS,
    FieldWords("name", _("Name of the greeting"), _("For example Holidays."), of=ALTERNATE),
    FieldWords(
        "audioFile",
        _("Recording"),
        _("The recording this greeting plays."),
        of=ALTERNATE,
    ),
)

VOICE_MESSAGING = Feature(
    key="voice-messaging",
    title=_("Voice messaging"),
    summary=_("Voicemail, where messages go, and the greetings callers hear."),
    self_service=True,
    sections=(
        Section(
            key="basic",
            title=_("Voicemail"),
            definition="user_voice_messaging_basic",
            service_path="voice_messaging/basic_config",
            service_name=SERVICE,
            words=SETTINGS_WORDS,
            summary=(
                SummaryRule(_("Voicemail off"), when=(("active", False),)),
                SummaryRule(
                    _("Voicemail on: all calls go to voicemail"),
                    when=(*ON, ("alwaysRedirectToVoiceMail", True)),
                ),
                SummaryRule(
                    _("Voicemail on: unanswered and busy calls go to voicemail"),
                    when=(
                        *ON,
                        ("noAnswerRedirectToVoiceMail", True),
                        ("busyRedirectToVoiceMail", True),
                    ),
                ),
                SummaryRule(
                    _("Voicemail on: unanswered calls go to voicemail"),
                    when=(*ON, ("noAnswerRedirectToVoiceMail", True)),
                ),
                SummaryRule(
                    _("Voicemail on: busy calls go to voicemail"),
                    when=(*ON, ("busyRedirectToVoiceMail", True)),
                ),
                SummaryRule(_("Voicemail on, but no calls are sent to it"), when=ON),
            ),
        ),
        Section(
            key="advanced",
            title=_("Mail server"),
            definition="user_voice_messaging_advanced",
            service_path="voice_messaging/advanced_config",
            service_name=SERVICE,
            words=MAIL_SERVER_WORDS,
            staff_only=True,
        ),
        Section(
            key="greetings",
            title=_("Greetings"),
            definition="user_voice_messaging_announcements",
            service_path="voice_messaging/greetings",
            service_name=SERVICE,
            lookups=(Lookup(ANNOUNCEMENT, "name", "user_announcements"),),
            destinations=("greetingOnlyForwardDestination",),
            words=GREETINGS_WORDS,
        ),
    ),
)
