"""The one table that maps an APIO value type to a Django form field.

`FIELD_FOR_TYPE` plays the part of Django admin's FORMFIELD_FOR_DBFIELD_DEFAULTS: each entry
builds the form field for one value type from its `FieldDefinition`. Objects and arrays of
objects are not fields but nested forms (see `portal.forms.base`); only their opaque variants
(a `ref_note` instead of a `ref`) land here, as JSON text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from portal.definitions.model import FieldDefinition, FieldType
from portal.forms.counts import count_problem, count_words
from portal.forms.fields import (
    DATE_EXAMPLE,
    DATETIME_EXAMPLE,
    DestinationField,
    JSONValueField,
    PhoneField,
    RangedIntegerField,
    RFC3339Field,
    ScalarListField,
    StrictDateField,
    StringIntegerField,
    TriStateSelect,
    limit_length,
)


def _string(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    unset_label = kwargs.pop("unset_label")
    if fd.choices:
        blank = ("", gettext_lazy("Choose…") if kwargs["required"] else unset_label)
        return forms.ChoiceField(choices=[blank, *((c, c) for c in fd.choices)], **kwargs)
    field = _text_field(fd, kwargs)
    if fd.max_length is None:
        return field
    # A number is checked as sent (E.164), which may be shorter than what was typed.
    typed_as_sent = fd.format not in ("phone", "destination")
    return limit_length(field, fd.max_length, kwargs["label"], html=typed_as_sent)


def _text_field(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    if fd.secret:
        # Write-only: never echoed back, and whitespace may belong to the secret.
        # "new-password": browsers must not fill in the signed-in person's own password here.
        widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
        return forms.CharField(strip=False, widget=widget, **kwargs)
    if fd.format == "email":
        # Django's own 320-character cap would say it first and differently.
        return forms.EmailField(max_length=None, **kwargs)
    if fd.format == "phone":
        return PhoneField(**kwargs)
    if fd.format == "destination":
        return DestinationField(**kwargs)
    if fd.format == "datetime":
        return RFC3339Field(**kwargs)
    if fd.format == "date":
        return StrictDateField(**kwargs)
    if fd.format == "broadworks_datetime":
        pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}:\d{3}[+-]\d{4}$"
        return forms.CharField(validators=[RegexValidator(pattern)], **kwargs)
    return forms.CharField(**kwargs)


def _boolean(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    unset_label = kwargs.pop("unset_label")
    if kwargs.pop("required"):
        # A required flag is always sent: unticked means false, not "missing".
        return forms.BooleanField(required=False, **kwargs)
    return forms.NullBooleanField(widget=TriStateSelect(unset_label), **kwargs)


def _integer(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    if not fd.has_range:
        return forms.IntegerField(**kwargs)
    ends = [n for n in (fd.minimum, fd.maximum, *fd.also_allowed) if n is not None]
    low = min(ends) if fd.minimum is not None else None
    high = max(ends) if fd.maximum is not None else None
    message = _range_message_lazy(kwargs["label"], fd, ())
    return RangedIntegerField(accepts=fd.accepts, message=message, bounds=(low, high), **kwargs)


def _string_integer(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    keywords = fd.choices or fd.extra_choices
    if not fd.has_range:
        return StringIntegerField(keywords=keywords, **kwargs)
    message = _range_message_lazy(kwargs["label"], fd, tuple(keywords))
    return StringIntegerField(keywords=keywords, accepts=fd.accepts, message=message, **kwargs)


def _array(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    if fd.items is None:
        return JSONValueField(expect=list, widget=forms.Textarea(attrs={"rows": 3}), **kwargs)
    item: forms.Field = {
        "email": lambda: forms.EmailField(max_length=None),
        "phone": PhoneField,
    }.get(fd.items, forms.CharField)()
    if fd.max_length is not None:
        limit_length(item, fd.max_length, "An entry", html=False)
    counted = fd.min_items is not None or fd.max_items is not None
    problem = functools.partial(count_problem, fd) if counted else None
    return ScalarListField(item=item, count_problem=problem, **kwargs)


def _object(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    return JSONValueField(expect=dict, widget=forms.Textarea(attrs={"rows": 3}), **kwargs)


FieldFactory = Callable[[FieldDefinition, dict[str, Any]], forms.Field]

FIELD_FOR_TYPE: dict[FieldType, FieldFactory] = {
    FieldType.STRING: _string,
    FieldType.BOOLEAN: _boolean,
    FieldType.INTEGER: _integer,
    FieldType.DATE: lambda fd, kw: StrictDateField(**kw),
    FieldType.DATETIME: lambda fd, kw: RFC3339Field(**kw),
    FieldType.STRING_INTEGER: _string_integer,
    FieldType.ARRAY: _array,
    FieldType.OBJECT: _object,
    FieldType.OBJECT_STRING: _object,
}


def formfield_for(fd: FieldDefinition, *, required: bool, unset_label: str) -> forms.Field:
    """The form field for one scalar (or opaque) attribute, from `FIELD_FOR_TYPE`."""
    kwargs: dict[str, Any] = {
        "required": required,
        "label": humanize(fd.name),
        "help_text": help_text(fd),
        "unset_label": unset_label,
    }
    if fd.type not in (FieldType.BOOLEAN, FieldType.STRING):
        kwargs.pop("unset_label")
    return FIELD_FOR_TYPE[fd.type](fd, kwargs)


_HINTS = {
    "date": gettext_noop("Format YYYY-MM-DD, e.g. %(example)s."),
    "datetime": gettext_noop("Format RFC 3339 with offset, e.g. %(example)s."),
    "phone": gettext_noop("International (+32…) or national number."),
    "destination": gettext_noop("Phone number, extension or SIP URI (sip:user@host)."),
}
_EXAMPLES = {"date": DATE_EXAMPLE, "datetime": DATETIME_EXAMPLE}


def _hint(format_: str) -> str:
    hint = _HINTS.get(format_, "")
    return (
        _(hint) % {"example": _EXAMPLES[format_]}
        if format_ in _EXAMPLES
        else _(hint)
        if hint
        else ""
    )


def help_text(fd: FieldDefinition) -> str:
    """The spec's description, plus how to type the value when the format is not obvious, and
    the platform's bounds (a range, a length, how many entries). Lazy: form classes are built
    once and kept."""
    return _help_text_lazy(fd)


def _help_text(fd: FieldDefinition) -> str:
    hint = _hint(fd.format or "")
    if fd.has_range:
        hint = _("A whole number, %(range)s.") % {"range": range_words(fd)}
    if fd.type is FieldType.ARRAY and fd.items == "phone":
        hint = _hint("phone")
    if fd.secret:
        hint = _("Write-only: leave empty to keep the current value.")
    length = ""
    if fd.max_length is not None and not fd.choices:
        length = length_words(fd.max_length, each=fd.type is FieldType.ARRAY)
    return " ".join(part for part in (fd.description, hint, length, count_words(fd)) if part)


_help_text_lazy = lazy(_help_text, str)


def range_words(fd: FieldDefinition) -> str:
    """The range in the reader's words: "between 1 and 31", "0 or between 2 and 20"."""
    if fd.minimum is not None and fd.maximum is not None:
        span = _("between %(low)s and %(high)s") % {"low": fd.minimum, "high": fd.maximum}
    elif fd.minimum is not None:
        span = _("at least %(low)s") % {"low": fd.minimum}
    elif fd.maximum is not None:
        span = _("at most %(high)s") % {"high": fd.maximum}
    else:
        return ""
    if not fd.also_allowed:
        return span
    values = ", ".join(str(n) for n in fd.also_allowed)
    return _("%(values)s or %(range)s") % {"values": values, "range": span}


def length_words(limit: int, each: bool = False) -> str:
    if each:
        return ngettext(
            "Each entry at most %(count)d character.",
            "Each entry at most %(count)d characters.",
            limit,
        ) % {"count": limit}
    return ngettext("At most %(count)d character.", "At most %(count)d characters.", limit) % {
        "count": limit
    }


def _range_message(label: str, fd: FieldDefinition, keywords: tuple[str, ...]) -> str:
    if keywords:
        return _("%(label)s must be %(range)s or %(words)s.") % {
            "label": label,
            "range": range_words(fd),
            "words": ", ".join(f'"{k}"' for k in keywords),
        }
    return _("%(label)s must be %(range)s.") % {"label": label, "range": range_words(fd)}


# Lazy: form classes are built once and kept, and speak the language of each request.
_range_message_lazy = lazy(_range_message, str)


_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def humanize(name: str) -> str:
    """voiceMessageDeliveryEmailAddress -> "Voice message delivery email address"."""
    words = _WORDS.findall(name) or [name]
    out = [w if w.isupper() and len(w) > 1 else w.lower() for w in words]
    return " ".join(out)[:1].upper() + " ".join(out)[1:]


def as_data(field: forms.Field, value: Any) -> list[str]:
    """What a browser would post for `value` (a payload value) in `field`."""
    if isinstance(field, forms.NullBooleanField):
        return [] if value is None else ["true" if value else "false"]
    if isinstance(field, forms.BooleanField):
        return ["on"] if value else []
    if isinstance(field, ScalarListField):
        return [str(v) for v in value]
    if isinstance(field, forms.JSONField):
        return [json.dumps(value)]
    return [str(value)]
