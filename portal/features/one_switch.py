"""The one-switch services: a service a person turns on or off, with at most one option.

Each is its own APIO object at its own path (docs/apio-contract.md §5.12): Do Not Disturb,
Call Waiting, Anonymous Call Rejection and Calling Line ID Delivery Blocking.
"""

from django.utils.translation import gettext_lazy as _

from portal.features.base import Feature, FieldWords, Section, SummaryRule

ON = (("active", True),)


def one_switch(
    key: str,
    title: str,
    summary: str,
    definition: str,
    path: str,
    service: str,
    words: tuple[FieldWords, ...],
    on: str,
    off: str,
) -> Feature:
    """A feature of one section, whose state line says whether the service is on."""
    return Feature(
        key=key,
        title=title,
        summary=summary,
        self_service=True,
        sections=(
            Section(
                key="settings",
                title=title,
                definition=definition,
                service_path=path,
                service_name=service,
                words=words,
                summary=(SummaryRule(on, when=ON), SummaryRule(off)),
            ),
        ),
    )


DO_NOT_DISTURB = one_switch(
    "do-not-disturb",
    _("Do not disturb"),
    _("Stop the phone ringing: calls go to voicemail or get a busy signal."),
    "user_do_not_disturb",
    "dnd",
    "Do Not Disturb",
    (
        FieldWords(
            "active",
            _("Do not disturb"),
            _("Calls go straight to voicemail or get a busy signal; your phone does not ring."),
        ),
        FieldWords(
            "ringSplash",
            _("Short ring for each blocked call"),
            _("Your phone rings briefly once to tell you a call was sent elsewhere."),
            more=True,
        ),
    ),
    _("Do not disturb is on"),
    _("Do not disturb is off"),
)

CALL_WAITING = one_switch(
    "call-waiting",
    _("Call waiting"),
    _("Hear of a second call during a call, and answer it."),
    "user_call_waiting",
    "call_waiting",
    "Call Waiting",
    (
        FieldWords(
            "active",
            _("Call waiting"),
            _("While you are on a call, a tone tells you someone else is calling."),
        ),
        FieldWords(
            "disableCallingLineIdDelivery",
            _("Hide the number of the waiting caller"),
            _("While you are on a call, your phone does not show who else is calling."),
            more=True,
        ),
    ),
    _("Call waiting is on"),
    _("Call waiting is off"),
)

ANONYMOUS_CALL_REJECTION = one_switch(
    "anonymous-call-rejection",
    _("Reject calls from hidden numbers"),
    _("Turn away callers who hide their number."),
    "user_anonymous_call_rejection",
    "acr",
    "Anonymous Call Rejection",
    (
        FieldWords(
            "active",
            _("Reject calls from hidden numbers"),
            _("Callers who hide their number hear that you do not take such calls."),
        ),
    ),
    _("Calls from hidden numbers are rejected"),
    _("Calls from hidden numbers are accepted"),
)

HIDE_MY_NUMBER = one_switch(
    "hide-my-number",
    _("Hide my number"),
    _("Hide this line's number from the people it calls."),
    "user_calling_line_id_delivery_blocking",
    "clir",
    "Calling Line ID Delivery Blocking",
    (
        FieldWords(
            "active",
            _("Hide my number when I call"),
            _("The people you call do not see your number."),
        ),
    ),
    _("The number is hidden on calls made from this line"),
    _("The number is shown on calls made from this line"),
)

ONE_SWITCH_FEATURES = (DO_NOT_DISTURB, CALL_WAITING, ANONYMOUS_CALL_REJECTION, HIDE_MY_NUMBER)
