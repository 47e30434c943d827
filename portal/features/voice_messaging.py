from portal.features.base import Feature, Lookup, Section

SERVICE = "Voice Messaging User"

VOICE_MESSAGING = Feature(
    key="voice-messaging",
    title="Voice messaging",
    summary="Mailbox settings, mail server, announcements and greetings.",
    sections=(
        Section(
            key="basic",
            title="Settings",
            definition="user_voice_messaging_basic",
            service_path="voice_messaging/basic_config",
            service_name=SERVICE,
        ),
        Section(
            key="advanced",
            title="Mail server",
            definition="user_voice_messaging_advanced",
            service_path="voice_messaging/advanced_config",
            service_name=SERVICE,
        ),
        Section(
            key="greetings",
            title="Announcements and greetings",
            definition="user_voice_messaging_announcements",
            service_path="voice_messaging/greetings",
            service_name=SERVICE,
            lookups=(Lookup("announcement_file_name", "name", "user_announcements"),),
            destinations=("greetingOnlyForwardDestination",),
        ),
    ),
)
