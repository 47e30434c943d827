"""The people's words for a change: which setting, and its values as a person writes them.

`feature` is the key a pending change and an audit entry store: "<feature>/<section>", e.g.
"call-forwarding/busy". The words come from the feature declarations (their sections' titles
and `FieldWords`); unknown keys and fields fall back to readable forms of their names.
"""

from typing import Any

from django.utils.translation import gettext as _

from portal.forms.table import humanize


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
    return str(words.label) if words is not None else humanize(name)


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
        return ", ".join(_value_text(section, name, item, of) for item in value) or "—"
    if isinstance(value, dict):
        nested = definition.ref if definition is not None and definition.ref else ""
        parts = [_value_text(section, key, item, nested) for key, item in value.items()]
        return ", ".join(part for part in parts if part != "—") or "—"
    if words is not None and words.choices:
        labels = {choice: str(label) for choice, label in words.choices}
        if str(value) in labels:
            return labels[str(value)]
    formats = {"phone", "destination"}
    if definition is not None and (definition.format in formats or definition.items == "phone"):
        from portal.directory.phone import national

        return national(str(value))
    return str(value)
