"""How many entries a list takes (`FieldDefinition.min_items` / `max_items`), in people's words.

A list says what its entries are: numbers, addresses, phones (objects with a phone number, like
the phones rung in turn), or entries for anything else. An empty list is not counted: whether a
list may be left empty is for presence and conditions to say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition

if TYPE_CHECKING:
    from portal.forms.base import ObjectForm


def phone_fields(form_class: type[ObjectForm]) -> list[str]:
    """The fields of a list entry that hold its phone number (the entry *is* a phone)."""
    return [
        plan.name
        for plan in form_class.plans
        if plan.definition.format == "phone" and plan.name in form_class.base_fields
    ]


def entries_are_phones(fd: FieldDefinition) -> bool:
    """Whether the entries of a list of objects each have a phone number."""
    if not fd.ref or fd.items is not None:
        return False
    try:
        target = get_definition(fd.ref)
    except (KeyError, LookupError):
        return False
    return any(field.format == "phone" for field in target.fields)


def _noun(fd: FieldDefinition) -> str:
    if entries_are_phones(fd):
        return "phones"
    return {"phone": "numbers", "email": "addresses"}.get(fd.items or "", "entries")


def count_problem(fd: FieldDefinition, count: int) -> str:
    """What is wrong with a list of `count` entries: "At most 12 numbers: remove 1."; "" when
    the count fits."""
    if count == 0 or fd.accepts_count(count):
        return ""
    if fd.max_items is not None and count > fd.max_items:
        return _too_many(_noun(fd), fd.max_items) % {
            "limit": fd.max_items,
            "extra": count - fd.max_items,
        }
    low = fd.min_items or 0
    return _too_few(_noun(fd), low) % {"limit": low, "missing": low - count}


def count_words(fd: FieldDefinition) -> str:
    """The bounds for the help under the field: "At most 12 numbers."; "" without any."""
    if fd.max_items is None and not fd.min_items:
        return ""
    noun, low, high = _noun(fd), fd.min_items or 0, fd.max_items
    if high is None:
        return _at_least(noun, low) % {"count": low}
    if not low:
        return _at_most(noun, high) % {"count": high}
    return _between(noun) % {"low": low, "high": high}


def _too_many(noun: str, limit: int) -> str:
    if noun == "phones":
        return ngettext(
            "At most %(limit)d phone: remove %(extra)d.",
            "At most %(limit)d phones: remove %(extra)d.",
            limit,
        )
    if noun == "numbers":
        return ngettext(
            "At most %(limit)d number: remove %(extra)d.",
            "At most %(limit)d numbers: remove %(extra)d.",
            limit,
        )
    if noun == "addresses":
        return ngettext(
            "At most %(limit)d address: remove %(extra)d.",
            "At most %(limit)d addresses: remove %(extra)d.",
            limit,
        )
    return ngettext(
        "At most %(limit)d entry: remove %(extra)d.",
        "At most %(limit)d entries: remove %(extra)d.",
        limit,
    )


def _too_few(noun: str, limit: int) -> str:
    if noun == "phones":
        return ngettext(
            "At least %(limit)d phone: add %(missing)d.",
            "At least %(limit)d phones: add %(missing)d.",
            limit,
        )
    if noun == "numbers":
        return ngettext(
            "At least %(limit)d number: add %(missing)d.",
            "At least %(limit)d numbers: add %(missing)d.",
            limit,
        )
    if noun == "addresses":
        return ngettext(
            "At least %(limit)d address: add %(missing)d.",
            "At least %(limit)d addresses: add %(missing)d.",
            limit,
        )
    return ngettext(
        "At least %(limit)d entry: add %(missing)d.",
        "At least %(limit)d entries: add %(missing)d.",
        limit,
    )


def _at_most(noun: str, count: int) -> str:
    if noun == "phones":
        return ngettext("At most %(count)d phone.", "At most %(count)d phones.", count)
    if noun == "numbers":
        return ngettext("At most %(count)d number.", "At most %(count)d numbers.", count)
    if noun == "addresses":
        return ngettext("At most %(count)d address.", "At most %(count)d addresses.", count)
    return ngettext("At most %(count)d entry.", "At most %(count)d entries.", count)


def _at_least(noun: str, count: int) -> str:
    if noun == "phones":
        return ngettext("At least %(count)d phone.", "At least %(count)d phones.", count)
    if noun == "numbers":
        return ngettext("At least %(count)d number.", "At least %(count)d numbers.", count)
    if noun == "addresses":
        return ngettext("At least %(count)d address.", "At least %(count)d addresses.", count)
    return ngettext("At least %(count)d entry.", "At least %(count)d entries.", count)


def _between(noun: str) -> str:
    if noun == "phones":
        return _("From %(low)d to %(high)d phones.")
    if noun == "numbers":
        return _("From %(low)d to %(high)d numbers.")
    if noun == "addresses":
        return _("From %(low)d to %(high)d addresses.")
    return _("From %(low)d to %(high)d entries.")
