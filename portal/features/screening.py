"""Services that treat some calls their own way, by rules: rejection, acceptance, priority ring,
ring back tone, and an executive's filtering. Each is a feature whose page is its list of
rules, edited by the generic criteria editor (portal.features.criteria), like selective
forwarding's.
"""

import dataclasses
from collections.abc import Iterator

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.features.base import Feature, FieldWords, Lookup
from portal.features.criteria import (
    ANY_OR_LISTED,
    NEW_RULE,
    CriteriaList,
    action_outcome,
    register,
    rules_only_section,
)
from portal.features.summary import rules_state
from portal.features.voice_messaging import ANNOUNCEMENT, MEDIA_TYPE_WORDS

SECTION = "service"  # not "rules" nor "rule": those are the rule pages' URLs
ONLY_LISTED = ("Specified Only", _("Only these callers"))


def rules_feature(
    key: str, title, summary, service_path: str, service_name: str, none_on, **kwargs
):
    """`none_on`: what the state line says when no rule is on ("no calls are rejected")."""
    section = rules_only_section(SECTION, title, service_path, service_name)
    return Feature(
        key=key,
        title=title,
        summary=summary,
        sections=(dataclasses.replace(section, summary=(rules_state(none_on),)),),
        **kwargs,
    )


def action_words(applied, excepted, help_text) -> FieldWords:
    """doNotPerformAction as the choice between the service's action and an exception to it."""
    return FieldWords(
        "doNotPerformAction",
        _("What happens to these calls"),
        help_text,
        widget="radios",
        choices=(("False", applied), ("True", excepted)),
    )


def action_rules(
    feature: Feature,
    outcome: tuple[str, str],
    choices: tuple[str, str],
    choice_help: str,
    active_help: str,
    empty_text: str,
    new_values: tuple[tuple[str, object], ...] = (),
    **kwargs,
) -> CriteriaList:
    """The rules of a service that a rule either applies to its calls or makes an exception
    from (doNotPerformAction): `outcome`, the list's words for each; `choices`, the form's. A
    new rule applies the service."""
    return rules_of(
        feature,
        new_values=(("doNotPerformAction", False), *new_values),
        outcome_title=_("These calls"),
        outcome=action_outcome(*outcome),
        empty_text=empty_text,
        words=(
            FieldWords("active", _("Active"), active_help),
            action_words(*choices, choice_help),
        ),
        **kwargs,
    )


def rules_of(feature: Feature, **kwargs) -> CriteriaList:
    section = feature.sections[0]
    return register(
        CriteriaList(
            feature=feature.key,
            section=section.key,
            title=_("Rules"),
            service_path=section.service_path,
            service_name=section.service_name,
            forwarding=False,
            rules_only=True,
            **kwargs,
        )
    )


# -- selective call rejection -----------------------------------------------------------------

REJECT, LET_RING = _("Reject these calls"), _("Let these calls ring (an exception)")
SELECTIVE_CALL_REJECTION = rules_feature(
    "selective-call-rejection",
    _("Reject some calls"),
    _("Reject calls by rules: who calls, and when."),
    "selective_call_rejection",
    "Selective Call Rejection",
    _("no calls are rejected"),
    self_service=True,
)
REJECTION_RULES = action_rules(
    SELECTIVE_CALL_REJECTION,
    outcome=(pgettext_lazy("calls", "Rejected"), _("Ring (an exception)")),
    choices=(REJECT, LET_RING),
    choice_help=_(
        "Let these calls ring even when another rule rejects them: for example, "
        "always let your boss through."
    ),
    active_help=_("Only an active rule rejects calls."),
    empty_text=_("No rules yet: no call is rejected by rules."),
    selection_choices=(*ANY_OR_LISTED, ("Forwarded", _("Calls forwarded to this line"))),
)

# -- selective call acceptance ----------------------------------------------------------------

SELECTIVE_CALL_ACCEPTANCE = rules_feature(
    "selective-call-acceptance",
    _("Accept only some calls"),
    _("Only the calls the rules accept ring; the others are refused."),
    "selective_call_acceptance",
    "Selective Call Acceptance",
    _("every call rings"),
    self_service=True,
)
ACCEPTANCE_RULES = action_rules(
    SELECTIVE_CALL_ACCEPTANCE,
    outcome=(_("Ring"), _("Refused (an exception)")),
    choices=(_("Let these calls ring"), _("Refuse these calls (an exception)")),
    choice_help=_("Refuse these calls even when another rule lets them ring."),
    active_help=_("Only an active rule accepts calls."),
    empty_text=_("No rules yet: every call rings."),
)

# -- priority alert ---------------------------------------------------------------------------

PRIORITY_ALERT = rules_feature(
    "priority-alert",
    _("Priority ring"),
    _("A distinctive ring for some calls: who calls, and when."),
    "priority_alert",
    "Priority Alert",
    _("every call rings as usual"),
    self_service=True,
)
PRIORITY_RULES = action_rules(
    PRIORITY_ALERT,
    outcome=(_("Priority ring"), _("Usual ring (an exception)")),
    choices=(_("Ring them with the priority ring"), _("Ring them as usual (an exception)")),
    choice_help=_("Ring these calls as usual even when another rule gives them the priority ring."),
    active_help=_("Only an active rule changes the ring."),
    empty_text=_("No rules yet: every call rings as usual."),
    # The platform says "Any External" where the others say "Any".
    selection_choices=(("Any External", _("Any caller from outside")), ONLY_LISTED),
    new_values=(("fromDnCriteria", {**NEW_RULE["fromDnCriteria"], "selection": "Any External"}),),
)

# -- custom ring back -------------------------------------------------------------------------

RING_BACK_CHOICES = (("Default", _("The usual ring back")), ("File", _("A recording")))


def ring_back_text(entry: dict) -> str:
    if entry.get("audioSelection") == "File":
        name = (entry.get("audioFile") or {}).get("name") or "—"
        return gettext("Recording: %(name)s") % {"name": name}
    return gettext("The usual ring back")


def recording_when_chosen(form) -> Iterator[tuple[str, str]]:
    """ "A recording" needs one: the platform has nothing to play otherwise."""
    pairs = (("audioSelection", "audioFile"), ("callWaitingAudioSelection", "callWaitingAudioFile"))
    for selection_name, file_name in pairs:
        selection = next((p for p in form.plans if p.name == selection_name), None)
        if selection is None or form.value_of(selection) != "File":
            continue
        chosen = form.children.get(file_name)
        name = chosen.value_of(next(p for p in chosen.plans if p.name == "name")) if chosen else ""
        if not name:
            yield file_name, gettext("Choose the recording callers hear.")


CUSTOM_RING_BACK = rules_feature(
    "custom-ring-back",
    _("Ring back tone"),
    _("What callers hear while the phone rings, by rules: who calls, and when."),
    "custom_ringback",
    "Custom Ringback User",
    _("callers hear the usual ring back"),
    self_service=True,
)
RING_BACK_RULES = rules_of(
    CUSTOM_RING_BACK,
    definition="criteria_custom_ring_back",
    drop=("doNotPerformAction",),
    new_values=(("audioSelection", "Default"), ("callWaitingAudioSelection", "Default")),
    lookups=(Lookup(ANNOUNCEMENT, "name", "user_announcements"),),
    checks=(recording_when_chosen,),
    outcome_title=_("Callers hear"),
    outcome=ring_back_text,
    empty_text=_("No rules yet: callers hear the usual ring back."),
    words=(
        FieldWords("active", _("Active"), _("Only an active rule changes what callers hear.")),
        FieldWords("audioSelection", _("Callers hear"), widget="radios", choices=RING_BACK_CHOICES),
        FieldWords(
            "audioFile",
            _("Recording"),
            _("One of the recordings made for this line."),
            choices=(("set", _("Choose a recording")),),
        ),
        FieldWords(
            "callWaitingAudioSelection",
            _("While you are on another call, callers hear"),
            widget="radios",
            choices=RING_BACK_CHOICES,
        ),
        FieldWords(
            "callWaitingAudioFile",
            _("Recording while you are on another call"),
            _("One of the recordings made for this line."),
            choices=(("set", _("Choose a recording")),),
        ),
        FieldWords("name", _("Recording"), widget="select", of=ANNOUNCEMENT),
        MEDIA_TYPE_WORDS,
    ),
)

TO_ASSISTANTS, TO_EXECUTIVE = _("To the assistants"), _("To the executive")


# -- executive: which calls go to the assistants (staff only) ---------------------------------

# The path is assumed (contract §6): the docs give the criteria's fields, not where they live.
EXECUTIVE = rules_feature(
    "executive-filtering",
    _("Executive call filtering"),
    _("Which of an executive's calls their assistants handle first, by rules."),
    "executive",
    "Executive",
    _("no call is filtered by rules"),
)
EXECUTIVE_RULES = rules_of(
    EXECUTIVE,
    definition="criteria_executive",
    drop=("doNotPerformAction",),
    new_values=(("filter", True),),
    outcome_title=_("These calls"),
    outcome=lambda entry: str(TO_ASSISTANTS if entry.get("filter") else TO_EXECUTIVE),
    empty_text=_("No rules yet: no call is filtered by rules."),
    words=(
        FieldWords("active", _("Active"), _("Only an active rule filters calls.")),
        FieldWords(
            "filter",
            _("What happens to these calls"),
            widget="radios",
            choices=(
                ("True", _("Send them to the assistants")),
                ("False", _("Ring the executive")),
            ),
        ),
    ),
)

SCREENING_FEATURES = (
    SELECTIVE_CALL_REJECTION,
    SELECTIVE_CALL_ACCEPTANCE,
    PRIORITY_ALERT,
    CUSTOM_RING_BACK,
    EXECUTIVE,
)
