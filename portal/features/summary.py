"""The one line that says a feature's state, from its sections' summary rules (see SummaryRule).

"Forwarded to 0470 99 88 77 when busy; not forwarded otherwise." Each section in a state that
says something adds its sentence; those in a quiet state (forwarding off) are said together
at the end, or alone when all are quiet ("Calls are not forwarded.").
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portal.features.base import Feature, Section, SummaryRule
from portal.features.sections import LoadedSection
from portal.features.wording import value_text


class _Shown(dict):
    """A section's values as people write them, for a sentence's %(field)s placeholders."""

    def __init__(self, feature_key: str, values: dict) -> None:
        super().__init__()
        self.feature_key, self.values = feature_key, values

    def __missing__(self, name: str) -> str:
        return value_text(self.feature_key, name, self.values.get(name))


RULES = "criteria"  # the service object's list of rules


def rules_state(none_on: str) -> SummaryRule:
    """The state of a service that acts by rules alone: the rules that are on, by name ("2 rules
    on: Boss, Evenings"), or `none_on` when none is ("no calls are rejected")."""

    def says(values: dict) -> dict[str, str]:
        names = [
            str(rule.get("name", "")) for rule in values.get(RULES) or [] if rule.get("active")
        ]
        if not names:
            return {"rules": _("no rule is on: %(none_on)s") % {"none_on": none_on}}
        listed = pgettext("between the names of rules", ", ").join(names)
        on = ngettext("%(count)d rule on: %(names)s", "%(count)d rules on: %(names)s", len(names))
        return {"rules": on % {"count": len(names), "names": listed}}

    return SummaryRule("%(rules)s", says=says)


def section_state(feature: Feature, section: Section, values: dict) -> tuple[str, bool] | None:
    """The section's sentence and whether its state is a quiet one; None when no rule holds."""
    for rule in section.summary:
        if rule.holds(values):
            if rule.quiet:
                return "", True
            shown = _Shown(f"{feature.key}/{section.key}", values)
            if rule.says is not None:
                shown.update(rule.says(values))
            return str(rule.text) % shown, False
    return None


def feature_state(feature: Feature, loaded: list[LoadedSection]) -> str:
    """The feature's state in one line; "" when none of its sections could say anything."""
    said, quiet = [], False
    for section in loaded:
        if not section.available or not section.section.summary:
            continue
        state = section_state(feature, section.section, section.values)
        if state is None:
            continue
        text, is_quiet = state
        quiet = quiet or is_quiet
        if text:
            said.append(text)
    if not said:
        return str(feature.summary_none) if quiet else ""
    # Translated: French puts a narrow no-break space before the semicolon.
    separator = pgettext("between the states of a summary", "; ")
    line = separator.join(said)
    if quiet and feature.summary_otherwise:
        line = f"{line}{separator}{feature.summary_otherwise}"
    return f"{capfirst(line)}."
