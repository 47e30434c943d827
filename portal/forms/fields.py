"""Django form fields for APIO value types (see `portal.forms.table` for which type gets which).

Every field turns bad input into a `ValidationError` (a field error), never another exception.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def _interpolate(message: str, params: dict[str, Any]) -> str:
    return str(message) % {
        name: value if isinstance(value, int) else str(value) for name, value in params.items()
    }


# `message % params` once the string is needed, in the language active then: form classes are
# built once and kept, so their words are lazy.
interpolate_lazy = lazy(_interpolate, str)

# Directory numbers: digits with the usual separators and an optional leading +. Letters are
# refused outright, although phonenumbers would read them as a vanity number.
_PHONE_CHARS = re.compile(r"\+?[\d\s()./\-]{2,40}")
_EXTENSION = re.compile(r"\d{2,10}")
_SIP_URI = re.compile(r"sips?:(?:[^\s@:;]+(?::[^\s@;]*)?@)?[A-Za-z0-9.\-]+(?::\d{1,5})?(?:;\S*)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ROW_KEY = re.compile(r"\d{1,4}")
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})"
)
_INTEGER = re.compile(r"[+-]?\d{1,18}")
_INTEGER_TEXT = re.compile(r"[+-]?\d+")

DATE_EXAMPLE = "2025-09-09"
DATETIME_EXAMPLE = "2024-08-01T11:00:00.000+02:00"


def phone_region() -> str:
    """Region used to read national numbers (settings.PHONE_DEFAULT_REGION)."""
    return settings.PHONE_DEFAULT_REGION


def normalize_phone(value: str) -> str:
    """`value` as an E.164 number; ValidationError unless it is a valid E.164 or national number."""
    message = _("Enter a valid phone number, e.g. +3225551234 or a national number.")
    if not _PHONE_CHARS.fullmatch(value):
        raise ValidationError(message, code="phone")
    try:
        number = phonenumbers.parse(value, phone_region())
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_rfc3339(value: datetime.datetime) -> str:
    """APIO's own spelling: milliseconds and a +HH:MM offset, e.g. 2024-08-01T11:00:00.000+02:00."""
    offset = value.utcoffset() or datetime.timedelta(0)
    sign = "-" if offset < datetime.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T"
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}"
        f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    )


def parse_rfc3339(value: str) -> datetime.datetime:
    """An aware datetime; ValueError for anything but a full RFC 3339 date-time with an offset."""
    match = _RFC3339.fullmatch(value)
    if not match:
        raise ValueError(value)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone in ("Z", "z"):
        tz = datetime.UTC
    else:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            raise ValueError(value)
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        tz = datetime.timezone(-delta if zone[0] == "-" else delta)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    parts = (year, month, day, hour, minute, second)
    return datetime.datetime(*map(int, parts), micro, tzinfo=tz)


class PhoneField(forms.CharField):
    """A directory number, sent as E.164 whatever national spelling was typed."""

    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return normalize_phone(value) if value else ""


class DestinationField(forms.CharField):
    """Where a call can go: a phone number (sent as E.164), an extension or a SIP URI."""

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except ValidationError:
            pass
        if _EXTENSION.fullmatch(value) or _SIP_URI.fullmatch(value):
            return value
        raise ValidationError(
            _("Enter a phone number, an extension (2 to 10 digits) or a SIP URI (sip:user@host)."),
            code="destination",
        )


class StrictDateField(forms.DateField):
    """Exactly %Y-%m-%d: strptime alone would also take 2025-9-9."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": interpolate_lazy(
            _("Enter a date as YYYY-MM-DD, e.g. %(example)s."), {"example": DATE_EXAMPLE}
        )
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            if not _DATE.fullmatch(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class RFC3339Field(forms.Field):
    """A date-time with its offset; naive or loosely written values are refused."""

    widget = forms.TextInput(attrs={"placeholder": DATETIME_EXAMPLE, "autocomplete": "off"})
    default_error_messages = {
        "invalid": interpolate_lazy(
            _("Enter a date and time with its offset, e.g. %(example)s."),
            {"example": DATETIME_EXAMPLE},
        )
    }

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value
        try:
            return parse_rfc3339(str(value).strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        return format_rfc3339(value) if isinstance(value, datetime.datetime) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        """The same instant, however written (APIO's text, the form's own), is no change."""
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class LocalDateTimeField(RFC3339Field):
    """A date and time as people pick them (the browser's date-time input), in a time zone.

    "2026-12-07T09:30" in Europe/Brussels is sent as 2026-12-07T09:30:00.000+01:00: the
    zone's offset on that day. A value with its own offset (APIO's) is taken as it is and
    shown in the zone.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    default_error_messages = {"invalid": _("Enter a date and a time, e.g. 07/12/2026 09:30.")}

    def __init__(self, *, zone: str, **kwargs: Any) -> None:
        self.zone = ZoneInfo(zone)
        super().__init__(**kwargs)

    @classmethod
    def like(cls, other: forms.Field, zone: str) -> LocalDateTimeField:
        return cls(zone=zone, required=other.required, label=other.label, help_text=other.help_text)

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value
        text = str(value).strip()
        try:
            return parse_rfc3339(text)
        except ValueError:
            pass
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=self.zone)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = parse_rfc3339(value.strip())
            except ValueError:
                return value  # as typed: the error under the field says what is wrong
        if isinstance(value, datetime.datetime):
            moment = value.astimezone(self.zone) if value.tzinfo else value
            return moment.strftime("%Y-%m-%dT%H:%M")
        return value


class RangedIntegerField(forms.IntegerField):
    """A whole number the platform accepts, refused in the person's words when it does not.

    `accepts` may leave gaps (BroadWorks takes 0 or 2 to 20 rings), which Django's min_value and
    max_value cannot say; the input still carries the outer bounds as min and max.
    """

    def __init__(
        self,
        *,
        accepts: Callable[[int], bool],
        message: str,
        bounds: tuple[int | None, int | None] = (None, None),
        **kwargs: Any,
    ) -> None:
        self.accepts, self.range_message, self.bounds = accepts, message, bounds
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not self.accepts(value):
            raise ValidationError(self.range_message, code="range")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        low, high = self.bounds
        if low is not None:
            attrs["min"] = low
        if high is not None:
            attrs["max"] = high
        return attrs


class StringIntegerField(forms.Field):
    """APIO's "String Integer": a whole number, or one of a few keywords (e.g. useGroupSetting).

    `accepts` and `message` say which numbers the platform takes, as for `RangedIntegerField`.
    """

    def __init__(
        self,
        *,
        keywords: tuple[str, ...] = (),
        accepts: Callable[[int], bool] | None = None,
        message: str = "",
        **kwargs: Any,
    ) -> None:
        self.keywords, self.accepts, self.range_message = keywords, accepts, message
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | str | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text in self.keywords:
            return text
        if self.keywords:
            message = _("Enter a whole number or %(words)s.") % {
                "words": _(" or ").join(self.keywords)
            }
        else:
            message = _("Enter a whole number.")
        if not _INTEGER_TEXT.fullmatch(text):
            raise ValidationError(message, code="invalid")
        # Past 18 digits no bound of the platform's is near: say the range, not "not a number".
        number = int(text) if _INTEGER.fullmatch(text) else None
        if self.accepts is not None and (number is None or not self.accepts(number)):
            raise ValidationError(self.range_message, code="range")
        if number is None:
            raise ValidationError(message, code="invalid")
        return number


def limit_length(field: forms.Field, limit: int, label: str, *, html: bool = True) -> forms.Field:
    """Refuse a value longer than `limit` characters in the person's words.

    The check runs on the cleaned value (a phone number as sent, in E.164). `html` also sets the
    input's maxlength, which is left out where the typed text may be longer than what is sent
    (a number typed with spaces and dots).
    """
    message = interpolate_lazy(
        _("%(label)s can be at most %(limit)d characters long; this one has %%(show_value)d."),
        {"label": label, "limit": limit},
    )
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit, message=message))
    if html and not isinstance(field.widget, forms.HiddenInput):
        field.widget.attrs["maxlength"] = str(limit)
    return field


class ListWidget(forms.Textarea):
    """Several inputs sharing one name; one entry per line when rendered as a plain textarea.

    The form templates draw one input per entry with add/remove buttons; this fallback keeps
    `{{ form }}` usable and lets a person without JavaScript type one entry per line.
    """

    # How an entry is shown (a phone number as people write it); set by the page that draws it.
    spell: Callable[[str], str] | None = None

    def format_value(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return "\n".join(self.spell(str(v)) if self.spell else str(v) for v in value)
        return super().format_value(value) or ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        lines = (line for value in raw for line in str(value).splitlines())
        return [line.strip() for line in lines if line.strip()]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # An empty list is a value in its own right ("delete the list" in a PUT).
        return False


class ScalarListField(forms.Field):
    """An editable list of strings, e-mail addresses or phone numbers."""

    widget = ListWidget

    def __init__(
        self, *, item: forms.Field, count_problem: Callable[[int], str] | None = None, **kwargs: Any
    ) -> None:
        self.item = item
        # What is wrong with a list of so many entries ("" when nothing): see portal.forms.counts.
        self.count_problem = count_problem
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Any]:
        if value in self.empty_values:
            return []
        if isinstance(value, str):
            value = value.splitlines()
        if not isinstance(value, list | tuple):
            raise ValidationError(_("Enter a list of values."), code="invalid")
        return [str(v).strip() for v in value if str(v).strip()]

    def validate(self, value: list[Any]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value: Any) -> list[Any]:
        items = self.to_python(value)
        self.validate(items)
        cleaned, errors = [], []
        if self.count_problem is not None and (problem := self.count_problem(len(items))):
            errors.append(problem)
        for number, item in enumerate(items, start=1):
            try:
                cleaned.append(self.item.clean(item))
            except ValidationError as exc:
                errors.extend(
                    _("Entry %(number)d (%(item)s): %(message)s")
                    % {"number": number, "item": item, "message": m}
                    for m in exc.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial) != self.to_python(data)


class JSONValueField(forms.JSONField):
    """An object or list the spec does not describe (a `ref_note`), edited as JSON text."""

    def __init__(self, *, expect: type, **kwargs: Any) -> None:
        self.expect = expect
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else super().prepare_value(value)  # not the text "null"

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value not in self.empty_values and not isinstance(value, self.expect):
            if self.expect is dict:
                message = _("Enter an object ({...}) in JSON.")
            else:
                message = _("Enter a list ([...]) in JSON.")
            raise ValidationError(message, code="invalid")


class TriStateSelect(forms.NullBooleanSelect):
    """Yes / No / neither: "neither" is what lets a PUT leave a flag unchanged."""

    def __init__(
        self,
        unset_label: str,
        attrs: dict[str, Any] | None = None,
        yes: str = "",
        no: str = "",
    ) -> None:
        super().__init__(attrs)
        if not yes:
            yes, no = _("Yes"), no or _("No")
        no = no or _("Off")
        self.choices = [("unknown", unset_label), ("true", yes), ("false", no)]


class SwitchInput(forms.CheckboxInput):
    """An on/off switch for a flag whose current value is known: a checkbox with role="switch".

    A hidden "off" goes before it, so that an unticked switch still says "off", while a form
    that did not show the switch at all leaves the flag alone (None, as the tri-state select).
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**(attrs or {}), "role": "switch"})

    def format_value(self, value: Any) -> str | None:
        return None  # the checkbox's value is "on"; `checked` says the state

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["value"] = "on"
        return context

    def render(self, name: str, value: Any, attrs=None, renderer=None) -> str:
        switch = super().render(name, value, attrs, renderer)
        return format_html('<input type="hidden" name="{}" value="off">{}', name, switch)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        if name not in data:
            return None
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        words = {str(value).lower() for value in raw}
        if words & {"on", "true", "1"}:
            return True
        if words & {"off", "false", "0"}:
            return False
        return None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


class NationalNumberInput(forms.TextInput):
    """A number shown as people of the region write it ("0470 99 88 77"), sent as E.164.

    `spell` turns an E.164 number into that spelling; the page that draws the form gives it.
    """

    input_type = "tel"

    def __init__(
        self, attrs: dict[str, Any] | None = None, spell: Callable[[str], str] = str
    ) -> None:
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.spell = spell

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        return self.spell(text) if text else text


class RowKeysField(forms.Field):
    """The keys of the rows of an array of objects, one hidden input per row.

    Rows are sub-forms prefixed "<name>-<key>"; posting the keys (rather than a count, as Django
    formsets do) lets htmx add and remove rows without renumbering anything.
    """

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        keys = value if isinstance(value, list | tuple) else []
        return list(dict.fromkeys(k for k in map(str, keys) if ROW_KEY.fullmatch(k)))

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False  # keys alone are not content: an empty row stays empty
