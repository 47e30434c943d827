"""Ringing other phones too: one after another (Sequential Ring) or all at once (Simultaneous
Ring Personal), each a list of phones embedded in its service object (docs/apio-contract.md §5.6).

When each service applies is decided by its criteria, which these screens leave alone.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from portal.directory.phone import national
from portal.features.base import Feature, FieldWords, Section, SummaryRule

LOCATIONS = "locations"
NUMBERS = "simultaneousRingNumber"

CONFIRM = _("Answer with a key press")
CONFIRM_HELP = _(
    "Whoever answers there presses a key to take the call, so that a voicemail box on that "
    "phone cannot take it."
)


class _NoEntries:
    """Equal to an empty or missing list: the "no phones" state of a summary rule, whose
    values must be hashable (a declaration is a cache key)."""

    def __eq__(self, other: object) -> bool:
        return not other

    def __hash__(self) -> int:
        return 0


NO_PHONES = _NoEntries()


def phones(field: str, separator: Callable[[], str]) -> Callable[[dict], dict[str, str]]:
    """The %(phones)s of a summary: the list's numbers as people write them, in order."""

    def says(values: dict) -> dict[str, str]:
        entries = values.get(field) or []
        numbers = [national(str(entry.get("phoneNumber", ""))) for entry in entries]
        return {"phones": separator().join(number for number in numbers if number)}

    return says


def phone_words(of: str, *between: FieldWords) -> tuple[FieldWords, ...]:
    """The words of one phone of a list (`of`, its definition): its number, what else it has
    (`between`), and whether whoever answers there presses a key."""
    return (
        FieldWords("phoneNumber", _("Phone number"), _("For example 0470 12 34 56."), of=of),
        *between,
        FieldWords("answerConfirmationRequired", CONFIRM, CONFIRM_HELP, of=of),
    )


def ringing_feature(
    key: str,
    title: str,
    summary: str,
    summary_none: str,
    settings: str,
    service_name: str,
    words: tuple[FieldWords, ...],
    rules: tuple[SummaryRule, ...],
    numbered: tuple[tuple[str, str], ...] = (),
) -> Feature:
    """A feature of one section, the user's own settings of `service_name` (`settings`, its
    title; `words` its fields', `rules` its summary's), whose path and definition follow from
    the name: "Sequential Ring" is at sequential_ring/ and defined by user_sequential_ring."""
    service_path = service_name.lower().replace(" ", "_")
    return Feature(
        key=key,
        title=title,
        summary=summary,
        self_service=True,
        summary_none=summary_none,
        sections=(
            Section(
                key="settings",
                title=settings,
                definition=f"user_{service_path}",
                service_path=service_path,
                service_name=service_name,
                numbered=numbered,
                words=words,
                summary=rules,
            ),
        ),
    )


def _one_after_another() -> str:
    return pgettext("between phones rung one after another", ", then ")


def _at_once() -> str:
    return pgettext("between phones rung at once", ", ")


SEQUENTIAL_RING = ringing_feature(
    "sequential-ring",
    _("Ring other phones in turn"),
    _("When a call is not answered, other phones ring one after another."),
    _("No other phones ring in turn."),
    _("Phones rung in turn"),
    "Sequential Ring",
    numbered=((LOCATIONS, "id"),),
    words=(
        FieldWords(
            "ringBaseLocationFirst",
            _("Ring my own phone first"),
            _("Your phone rings first; if you do not answer, the phones below ring."),
        ),
        FieldWords(
            "baseLocationNumberOfRings",
            _("Rings on my own phone"),
            _("From 2 to 20, e.g. 3."),
        ),
        FieldWords(
            LOCATIONS,
            _("Phones to ring, in this order"),
            _(
                "Up to 5 phones, rung one after another until one answers. Move a "
                "phone up or down to change the order."
            ),
        ),
        FieldWords(
            "continueIfBaseLocationIsBusy",
            _("Also while I am on a call"),
            _("While you are on another call, the phones above still ring in turn."),
            more=True,
        ),
        FieldWords(
            "callerMayStopSearch",
            _("Callers may stop the ringing"),
            _("A caller can press # to stop ringing your phones, e.g. to leave a message."),
            more=True,
        ),
        *phone_words(
            "location",
            FieldWords(
                "numberOfRings",
                _("Rings"),
                _("How long this phone rings: from 2 to 20 rings, e.g. 4."),
                of="location",
                start=3,
            ),
        ),
    ),
    rules=(
        SummaryRule("", when=((LOCATIONS, NO_PHONES),), quiet=True),
        SummaryRule(
            _("rings this line first, then %(phones)s"),
            when=(("ringBaseLocationFirst", True),),
            says=phones(LOCATIONS, _one_after_another),
        ),
        SummaryRule(_("rings %(phones)s in turn"), says=phones(LOCATIONS, _one_after_another)),
    ),
)

SIMULTANEOUS_RING = ringing_feature(
    "simultaneous-ring",
    _("Ring several phones at once"),
    _("Calls also ring on other phones, such as a mobile; answer on any."),
    _("Calls ring on this line only."),
    _("Phones rung at once"),
    "Simultaneous Ring Personal",
    words=(
        FieldWords(
            "active",
            _("Ring my other phones too"),
            _(
                "Calls ring on your phone and on the phones below; the first to answer "
                "takes the call."
            ),
        ),
        FieldWords(NUMBERS, _("Other phones"), _("Up to 10 phones that ring together with yours.")),
        FieldWords(
            "doNotRingIfOnCall",
            _("Not while I am on a call"),
            _("While you are on a call, new calls do not ring on the other phones."),
        ),
        *phone_words("simultaneous_ring_number"),
    ),
    rules=(
        SummaryRule("", when=(("active", False),), quiet=True),
        SummaryRule(
            _("on, but no other phone is set up"),
            when=(("active", True), (NUMBERS, NO_PHONES)),
        ),
        SummaryRule(
            _("rings %(phones)s together with this line"),
            when=(("active", True),),
            says=phones(NUMBERS, _at_once),
        ),
    ),
)

RING_NUMBER_FEATURES = (SEQUENTIAL_RING, SIMULTANEOUS_RING)
