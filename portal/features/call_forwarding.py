from django.utils.translation import gettext_lazy as _

from portal.definitions.model import Condition
from portal.features.base import Feature, FieldWords, Section, SummaryRule

# APIO answers 400 to a PUT that leaves forwarding on without a number to forward to.
NUMBER_WHILE_ACTIVE = Condition(
    field="destination",
    when="active",
    equals=True,
    effect="required",
    methods=("PUT",),
    message=_("Enter the number to forward calls to, or turn forwarding off."),
    cleared_message=_("Turn forwarding off before removing its number."),
)

DESTINATION = FieldWords(
    "destination",
    _("Forward to"),
    _("For example 0470 12 34 56, or extension 1001."),
)


def forwarding(
    key: str,
    title: str,
    path: str,
    service: str,
    switch: FieldWords,
    forwarded: str,
    *more: FieldWords,
) -> Section:
    """One of the forwarding services: the same object at its own path, with its fields."""
    return Section(
        key=key,
        title=title,
        definition="call_forwarding",
        service_path=path,
        service_name=service,
        fields=("active", "destination", *(words.name for words in more)),
        destinations=("destination",),
        conditions=(NUMBER_WHILE_ACTIVE,),
        words=(switch, DESTINATION, *more),
        summary=(
            SummaryRule(forwarded, when=(("active", True),)),
            SummaryRule("", quiet=True),
        ),
    )


CALL_FORWARDING = Feature(
    key="call-forwarding",
    title=_("Call forwarding"),
    summary=_("Send calls to another number: always, when busy, unanswered or unreachable."),
    self_service=True,
    summary_none=_("Calls are not forwarded."),
    summary_otherwise=_("not forwarded otherwise"),
    sections=(
        forwarding(
            "always",
            _("Forward always"),
            "cfa",
            "Call Forwarding Always",
            FieldWords(
                "active",
                _("Forward all calls"),
                _("This phone does not ring: every call goes to the number below."),
            ),
            _("all calls forwarded to %(destination)s"),
            FieldWords(
                "ringSplashActive",
                _("Short ring for each forwarded call"),
                _("A brief ring here for each forwarded call: a reminder that forwarding is on."),
                more=True,
            ),
        ),
        forwarding(
            "busy",
            _("Forward when busy"),
            "cfb",
            "Call Forwarding Busy",
            FieldWords(
                "active",
                _("Forward calls when busy"),
                _("While you are on another call, new calls go to the number below."),
            ),
            _("forwarded to %(destination)s when busy"),
        ),
        forwarding(
            "no-answer",
            _("Forward when not answered"),
            "cfna",
            "Call Forwarding No Answer",
            FieldWords(
                "active",
                _("Forward unanswered calls"),
                _("Calls you do not pick up go to the number below."),
            ),
            _("forwarded to %(destination)s when not answered"),
            FieldWords(
                "numberOfRings",
                _("Rings before forwarding"),
                _("2 to 20, e.g. 4; 0 keeps the usual number."),
            ),
        ),
        forwarding(
            "not-reachable",
            _("Forward when not reachable"),
            "cfnr",
            "Call Forwarding Not Reachable",
            FieldWords(
                "active",
                _("Forward calls when this phone is unreachable"),
                _("When this phone is off or has no network, e.g. in a power cut."),
            ),
            _("forwarded to %(destination)s when not reachable"),
        ),
    ),
)
