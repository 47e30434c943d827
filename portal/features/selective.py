"""Selective forwarding: the service's settings, and its rules (criteria) as a list.

The rules are edited by the generic criteria editor (portal.features.criteria); the other
criteria-based services (portal.features.screening) are declarations like this one.
"""

from django.utils.translation import gettext_lazy as _

from portal.features.base import Feature, FieldWords, Section, SummaryRule
from portal.features.criteria import CriteriaList, forward_text, register

SERVICE = "Call Forwarding Selective"
SERVICE_PATH = "call_forwarding_selective"

SETTINGS = Section(
    key="settings",
    title=_("Selective forwarding"),
    definition="call_forwarding_selective",
    service_path=SERVICE_PATH,
    service_name=SERVICE,
    fields=("active", "defaultForwardToPhoneNumber", "playRingReminder"),
    destinations=("defaultForwardToPhoneNumber",),
    words=(
        FieldWords(
            "active",
            _("Forward calls by the rules below"),
            _("Calls that match an active rule are forwarded; other calls ring here."),
        ),
        FieldWords(
            "defaultForwardToPhoneNumber",
            _("Default number to forward to"),
            _("Used by the rules that forward to the default number. E.g. 0470 12 34 56."),
        ),
        FieldWords(
            "playRingReminder",
            _("Short ring for each forwarded call"),
            _("A brief ring here for each forwarded call: a reminder that forwarding is on."),
        ),
    ),
    summary=(
        SummaryRule(_("forwarded by rules"), when=(("active", True),)),
        SummaryRule("", quiet=True),
    ),
)

SELECTIVE_FORWARDING = Feature(
    key="selective-forwarding",
    title=_("Selective forwarding"),
    summary=_("Forward some calls by rules: who calls, and when."),
    self_service=True,
    summary_none=_("Calls are not forwarded by rules."),
    summary_otherwise=_("not forwarded otherwise"),
    sections=(SETTINGS,),
)

RULES = register(
    CriteriaList(
        feature=SELECTIVE_FORWARDING.key,
        section=SETTINGS.key,
        title=_("Rules"),
        service_path=SERVICE_PATH,
        service_name=SERVICE,
        definition="criteria_call_forwarding_selective",
        drop=("doNotPerformAction",),
        destinations=("forwardToPhoneNumber",),
        new_values=(("forwardToNumberSelection", "Forward To Default Number"),),
        outcome_title=_("Forward to"),
        outcome=forward_text,
        empty_text=_("No rules yet: no call is forwarded by rules."),
        words=(
            FieldWords("active", _("Active"), _("Only an active rule forwards calls.")),
            FieldWords(
                "forwardToNumberSelection",
                _("Forward to"),
                choices=(
                    ("Forward To Default Number", _("The default number")),
                    ("Forward To Specified Number", _("Another number")),
                    ("Do not forward", _("Do not forward")),
                ),
                widget="radios",
            ),
            FieldWords(
                "forwardToPhoneNumber",
                _("Other number"),
                _("For example 0470 12 34 56, or extension 1001."),
            ),
        ),
    )
)
