"""Frozen, typed view of APIO object definitions.

Everything downstream (form factory, views, checks) works with these classes only;
the raw YAML never leaves the loader.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

METHODS: tuple[str, ...] = ("GET", "PUT", "POST", "DELETE")

# Value formats named by `FieldDefinition.format`, with what each one means.
FORMATS: dict[str, str] = {
    "date": "%Y-%m-%d, e.g. 2025-09-09",
    "datetime": "RFC 3339, e.g. 2024-08-01T11:00:00.000+02:00",
    # Used by one read-only listing; not RFC 3339 (colon before millis, offset without colon).
    "broadworks_datetime": "yyyy-MM-dd'T'HH:mm:ss:SSSZ, e.g. 2010-10-01T09:30:00:000-0400",
    "email": "an e-mail address",
    "phone": "a directory number (digits, optional leading +); no SIP URI",
    "destination": "a phone number, an extension or a SIP URI",
}

# Element kinds of arrays of scalars (`FieldDefinition.items`); arrays of objects use `ref`.
ITEM_KINDS: frozenset[str] = frozenset({"string", "email", "phone"})


class FieldType(enum.StrEnum):
    STRING = "String"
    BOOLEAN = "Boolean"
    INTEGER = "Integer"
    ARRAY = "Array"
    OBJECT = "Object"
    DATE = "Date"
    DATETIME = "DateTime"
    STRING_INTEGER = "String Integer"
    OBJECT_STRING = "Object/String"


class Presence(enum.StrEnum):
    """Single-letter presence codes used by the APIO documentation.

    A: set by the server (read only), O: optional, R: required,
    C: conditional (see the description / definition conditions), F: forbidden.
    The spec sometimes combines them ("OC", "O, C"); see `parse_codes`.
    """

    AUTOMATIC = "A"
    OPTIONAL = "O"
    REQUIRED = "R"
    CONDITIONAL = "C"
    FORBIDDEN = "F"


# The spec writes combined codes as "OC" or "O, C"; commas, slashes and blanks are ignored.
_CODE_SEPARATORS = re.compile(r"[\s,/]+")


def parse_codes(raw: str) -> frozenset[Presence]:
    """Parse a presence cell as written in the spec into its letters.

    "O, C" and "OC" both give {O, C}; "" gives the empty set.
    Raises ValueError on any letter that is not a known presence code.
    """
    letters = _CODE_SEPARATORS.sub("", raw)
    return frozenset(Presence(letter) for letter in letters)


@dataclass(frozen=True)
class Condition:
    """`field` is required (effect="required") or only allowed (effect="allowed")
    when the value of `when` equals `equals`, for the listed HTTP methods."""

    field: str
    when: str
    equals: str | bool
    effect: str
    methods: tuple[str, ...]
    message: str
    # Said instead of `message` when the person emptied a value the object holds.
    cleared_message: str = ""


CONDITION_EFFECTS: frozenset[str] = frozenset({"required", "allowed"})


@dataclass(frozen=True)
class ExclusiveGroup:
    """At most one of `fields` may be set; exactly one when `required` is True."""

    fields: tuple[str, ...]
    required: bool
    methods: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class FieldDefinition:
    name: str
    type: FieldType
    presence: tuple[tuple[str, str], ...]  # (method, code as written in the spec)
    description: str = ""
    choices: tuple[str, ...] = ()
    format: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    # Integers accepted besides minimum..maximum: BroadWorks takes 0 or 2 to 20 rings.
    also_allowed: tuple[int, ...] = ()
    # Longest string the platform takes, in characters: the value of a String, or each entry
    # of an array of scalars. An empty string is not a length but "unset" (presence says).
    max_length: int | None = None
    # The fewest and most entries an Array takes when it has any (BroadWorks keeps 12 numbers
    # in a criteria); whether it may be empty is for presence and conditions to say.
    min_items: int | None = None
    max_items: int | None = None
    ref: str | None = None
    items: str | None = None
    secret: bool = False
    # Why `ref` is null although the description names an object (target absent from the spec).
    ref_note: str = ""
    # Values the description lists for contexts other than this object (kept, not enforced).
    extra_choices: tuple[str, ...] = ()
    extra_choices_note: str = ""
    default: str | int | bool | None = None
    # Methods in which an explicit null is meaningful (e.g. "In a PUT, Null to remove").
    nullable: tuple[str, ...] = ()
    note: str = ""

    def code(self, method: str) -> str:
        """Raw presence code as written in the spec ("O, C"); "" when the method is absent."""
        for m, raw in self.presence:
            if m == method:
                return raw
        return ""

    def codes(self, method: str) -> frozenset[Presence]:
        """Parsed presence letters for `method`: "O, C" and "OC" both give {O, C}."""
        return parse_codes(self.code(method))

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(m for m, _ in self.presence)

    @property
    def has_range(self) -> bool:
        return self.minimum is not None or self.maximum is not None

    def accepts(self, number: int) -> bool:
        """Whether `number` is within the field's range (always, when it has none)."""
        if number in self.also_allowed:
            return True
        low_ok = self.minimum is None or number >= self.minimum
        return low_ok and (self.maximum is None or number <= self.maximum)

    def accepts_length(self, text: str) -> bool:
        """Whether `text` is no longer than the field's maximum length (always, without one)."""
        return self.max_length is None or len(text) <= self.max_length

    def length_text(self) -> str:
        """The maximum length in words: "at most 161 characters"; "" without one."""
        return "" if self.max_length is None else f"at most {self.max_length} characters"

    def accepts_count(self, count: int) -> bool:
        """Whether a list of `count` entries fits the field's bounds (always, without them)."""
        low_ok = self.min_items is None or count >= self.min_items
        return low_ok and (self.max_items is None or count <= self.max_items)

    def count_text(self) -> str:
        """The bounds of a list in words: "at most 12 entries", "between 1 and 5 entries"."""
        low, high = self.min_items, self.max_items
        if low is not None and high is not None:
            return f"between {low} and {high} entries"
        if low is not None:
            return f"at least {low} entries"
        return "" if high is None else f"at most {high} entries"

    def range_text(self) -> str:
        """The range in words: "between 1 and 31", "0 or between 2 and 20", "at least 1"."""
        if self.minimum is not None and self.maximum is not None:
            span = f"between {self.minimum} and {self.maximum}"
        elif self.minimum is not None:
            span = f"at least {self.minimum}"
        elif self.maximum is not None:
            span = f"at most {self.maximum}"
        else:
            return ""
        extra = ", ".join(str(n) for n in self.also_allowed)
        return f"{extra} or {span}" if extra else span


@dataclass(frozen=True)
class ObjectDefinition:
    name: str
    title: str
    description: str
    methods: tuple[str, ...]
    fields: tuple[FieldDefinition, ...]
    exclusive_groups: tuple[ExclusiveGroup, ...] = ()
    conditions: tuple[Condition, ...] = ()
    note: str = ""

    def field(self, name: str) -> FieldDefinition:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"definition {self.name!r} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)
