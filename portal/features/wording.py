"""The people's words for a change: which setting, and its values as a person writes them.

`feature` is the key a pending change and an audit entry store: "<feature>/<section>", e.g.
"call-forwarding/busy". Unknown keys and fields fall back to readable forms of their names.
"""

from typing import Any

from portal.forms.table import humanize


def section_title(feature: str) -> str:
    """ "call-forwarding/busy" -> "Forward when busy"."""
    return humanize(feature.rsplit("/", 1)[-1].replace("-", " "))


def field_label(feature: str, name: str) -> str:
    """The label the feature's form shows for `name`."""
    return humanize(name)


def value_text(feature: str, name: str, value: Any) -> str:
    """`value` of `name` as the person would write it ("On", "0470 99 88 77")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "On" if value else "Off"
    return str(value)
