"""The people's words for a change: which setting, and its values as a person writes them.

`feature` is the key a pending change and an audit entry store: "<feature>/<section>", e.g.
"call-forwarding/busy". The words come from the feature declarations (their sections' titles
and `FieldWords`); unknown keys and fields fall back to readable forms of their names.

A list of objects reads one entry a line, each with its fields in words: "0475 00 00 01 (4
rings)", then, on the next line for a list whose order counts (a section's `numbered` list),
"then 0476 00 00 02 (3 rings)". A schedule's periods read as its list does: "Weekdays
18:00–08:00".
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.features.schedule_periods import holiday_summary, time_summary
from portal.forms.table import humanize

PHONE_FORMATS = frozenset({"phone", "destination"})
# Counts said with their unit: "4 rings" rather than "Rings: 4".
COUNTED = {
    "numberOfRings": lambda count: ngettext("%(count)s ring", "%(count)s rings", int(count)),
}
# Fields a change may carry that no form labels: a schedule's periods and its new name.
UNLABELLED = {"periods": gettext_lazy("When"), "newName": gettext_lazy("New name")}


def _section(feature: str):
    from portal.features.registry import get_feature  # the declarations import this module

    feature_key, _sep, section_key = feature.partition("/")
    declared = get_feature(feature_key)
    if declared is None:
        return None, None
    try:
        return declared, declared.section(section_key) if section_key else None
    except KeyError:
        return declared, None


def _field(section, name: str, of: str = ""):
    """The section's words for `name` and the definition's field, either may be None."""
    if section is None:
        return None, None
    from portal.definitions.loader import get_definition

    definition_name = of or section.definition
    presentation = section.presentation
    words = presentation.words_for(definition_name, name) if presentation else None
    try:
        definition = get_definition(definition_name)
    except KeyError:
        return words, None
    return words, next((f for f in definition.fields if f.name == name), None)


def section_title(feature: str) -> str:
    """ "call-forwarding/busy" -> "Forward when busy"."""
    declared, section = _section(feature)
    if section is not None:
        return str(section.title)
    if declared is not None and "/" not in feature:
        return str(declared.title)
    return humanize(feature.rsplit("/", 1)[-1].replace("-", " "))


def field_label(feature: str, name: str) -> str:
    """The label the feature's form shows for `name`."""
    words, _definition = _field(_section(feature)[1], name)
    if words is not None:
        return str(words.label)
    return str(UNLABELLED.get(name) or humanize(name))


def value_text(feature: str, name: str, value: Any) -> str:
    """`value` of `name` as the person would write it ("On", "0470 99 88 77")."""
    return _value_text(_section(feature)[1], name, value)


def _value_text(section, name: str, value: Any, of: str = "") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("On") if value else _("Off")
    words, definition = _field(section, name, of)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return _entries_text(section, name, value, definition)
        return ", ".join(_value_text(section, name, item, of) for item in value) or "—"
    if isinstance(value, dict):
        nested = definition.ref if definition is not None and definition.ref else ""
        parts = [_value_text(section, key, item, nested) for key, item in value.items()]
        return ", ".join(part for part in parts if part != "—") or "—"
    if words is not None and words.choices:
        labels = {choice: str(label) for choice, label in words.choices}
        if str(value) in labels:
            return labels[str(value)]
    if _is_phone(definition):
        from portal.directory.phone import national

        return national(str(value))
    return str(value)


def _is_phone(definition) -> bool:
    return definition is not None and (
        definition.format in PHONE_FORMATS or definition.items == "phone"
    )


def _entries_text(section, name: str, entries: list[dict], definition) -> str:
    """A list of objects, one entry a line; "then" before each next one where order counts."""
    periods = _periods_text(entries)
    if periods:
        return periods
    nested = definition.ref if definition is not None and definition.ref else ""
    position = dict(section.numbered).get(name, "") if section is not None else ""
    lines = [_entry_text(section, entry, nested, position) for entry in entries]
    if position:
        lines[1:] = [_("then %(entry)s") % {"entry": line} for line in lines[1:]]
    return "\n".join(lines)


def _periods_text(entries: list[dict]) -> str:
    """A schedule's periods as its list says them; "" for entries that are no periods."""
    if all("startTime" in entry for entry in entries):
        return time_summary(entries)
    if all("startDate" in entry for entry in entries):
        return holiday_summary(entries)
    return ""


def _entry_text(section, entry: dict, of: str, position: str) -> str:
    """ "0475 00 00 01 (4 rings, Answer with a key press)": the entry's number or name, then
    its other fields in words; a flag that is off and the entry's place in the list unsaid."""
    main, details = "", []
    for key, item in entry.items():
        if key == position or item is None or item == "" or item is False:
            continue
        words, definition = _field(section, key, of)
        label = str(words.label) if words is not None else humanize(key)
        text = _value_text(section, key, item, of)
        if not main and (_is_phone(definition) or key == "name"):
            main = text
        elif item is True:
            details.append(label)
        elif key in COUNTED and str(item).isdigit():
            details.append(COUNTED[key](item) % {"count": item})
        else:
            details.append(_("%(setting)s: %(value)s") % {"setting": label, "value": text})
    if not main:
        return ", ".join(details) or "—"
    return f"{main} ({', '.join(details)})" if details else main
