"""What the factory decided for each attribute of a form: its role, its kind, its nested form."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import Any

from portal.definitions.model import FieldDefinition, FieldType
from portal.forms.fields import format_rfc3339


class Role(enum.Enum):
    HIDDEN = "hidden"  # F or a blank cell: not rendered, never sent
    READONLY = "readonly"  # GET, or A on a write method: shown, never sent
    REQUIRED = "required"
    OPTIONAL = "optional"


EDITABLE = frozenset({Role.REQUIRED, Role.OPTIONAL})


class Kind(enum.Enum):
    SCALAR = "scalar"  # one Django field (lists of scalars and opaque JSON included)
    OBJECT = "object"  # a nested form (Object, Object/String with a ref)
    ROWS = "rows"  # a list of nested forms (Array with a ref)


class Mode(enum.StrEnum):
    """The choice an optional nested object offers: leave it out, fill it in, null it, unassign."""

    UNSET = ""
    SET = "set"
    NULL = "null"
    UNASSIGN = "unassign"


@dataclass(frozen=True)
class FieldPlan:
    definition: FieldDefinition
    role: Role
    kind: Kind
    child: Any = None  # the nested ObjectForm class, for OBJECT and ROWS

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def is_array(self) -> bool:
        return self.definition.type is FieldType.ARRAY


class _Missing:
    """Not set at all, as opposed to an explicit null."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def is_empty(value: Any) -> bool:
    """An empty input means "not set": None, "", [] and {} (but not False or 0)."""
    return value is None or (isinstance(value, str | list | tuple | dict) and len(value) == 0)


def to_json(value: Any) -> Any:
    """A cleaned Python value as APIO wants it in JSON."""
    if isinstance(value, datetime.datetime):
        return format_rfc3339(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def pick_name(first_member: str) -> str:
    """The posted name of the one choice among an exclusive group's members, after its first
    (see `ObjectForm.picked`)."""
    return f"_pick_{first_member}"
