"""The one table that maps an APIO value type to a Django form field.

`FIELD_FOR_TYPE` plays the part of Django admin's FORMFIELD_FOR_DBFIELD_DEFAULTS: each entry
builds the form field for one value type from its `FieldDefinition`. Objects and arrays of
objects are not fields but nested forms (see `portal.forms.base`); only their opaque variants
(a `ref_note` instead of a `ref`) land here, as JSON text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from portal.definitions.model import FieldDefinition, FieldType
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
        blank = ("", "Choose…" if kwargs["required"] else unset_label)
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
    message = f"{kwargs['label']} must be {fd.range_text()}."
    return RangedIntegerField(accepts=fd.accepts, message=message, bounds=(low, high), **kwargs)


def _string_integer(fd: FieldDefinition, kwargs: dict[str, Any]) -> forms.Field:
    keywords = fd.choices or fd.extra_choices
    if not fd.has_range:
        return StringIntegerField(keywords=keywords, **kwargs)
    words = " or ".join(f'"{k}"' for k in keywords)
    message = f"{kwargs['label']} must be {fd.range_text()}{' or ' + words if words else ''}."
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
    return ScalarListField(item=item, **kwargs)


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
    "date": f"Format YYYY-MM-DD, e.g. {DATE_EXAMPLE}.",
    "datetime": f"Format RFC 3339 with offset, e.g. {DATETIME_EXAMPLE}.",
    "phone": "International (+32…) or national number.",
    "destination": "Phone number, extension or SIP URI (sip:user@host).",
}


def help_text(fd: FieldDefinition) -> str:
    """The spec's description, plus how to type the value when the format is not obvious, and
    the platform's bounds (a range, a length)."""
    hint = _HINTS.get(fd.format or "", "")
    if fd.has_range:
        hint = f"A whole number, {fd.range_text()}."
    if fd.type is FieldType.ARRAY and fd.items == "phone":
        hint = _HINTS["phone"]
    if fd.secret:
        hint = "Write-only: leave empty to keep the current value."
    length = ""
    if fd.max_length is not None and not fd.choices:
        each = "each entry " if fd.type is FieldType.ARRAY else ""
        length = f"{each}{fd.length_text()}."
        length = length[:1].upper() + length[1:]
    return " ".join(part for part in (fd.description, hint, length) if part)


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
