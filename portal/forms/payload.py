"""APIO JSON <-> forms: initial values from a GET, the request body from a valid form.

The rules (what is sent, what counts as a change) are in `portal.forms.factory`'s docstring.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.http import QueryDict

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldType, ObjectDefinition
from portal.forms.base import ObjectForm
from portal.forms.factory import build_form_class
from portal.forms.plan import EDITABLE, Kind, Mode, Role
from portal.forms.table import as_data


def payload_to_initial(definition: ObjectDefinition, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The `initial` for a form of `definition`, from the JSON APIO returned for it.

    Secrets are dropped (they are write-only) and so are attributes the definition does not
    know; nested objects and rows are converted through their own definitions.
    """
    out: dict[str, Any] = {}
    for field in definition.fields:
        if field.name not in payload or field.secret:
            continue
        value = payload[field.name]
        target = get_definition(field.ref) if field.ref else None
        if target is not None and isinstance(value, Mapping):
            value = payload_to_initial(target, value)
        elif target is not None and field.type is FieldType.ARRAY and isinstance(value, list):
            value = [
                payload_to_initial(target, item) if isinstance(item, Mapping) else item
                for item in value
            ]
        else:
            value = copy.deepcopy(value)
        out[field.name] = value
    return out


def form_to_payload(form: ObjectForm) -> dict[str, Any]:
    """The JSON body for the form's method.

    POST and DELETE: every value set. PUT: R fields, and the other fields that differ from the
    form's `initial` (a changed sub-object goes whole). GET (read-only view): the values shown,
    for review; nothing is meant to be sent. Raises ValueError on a write form that is not valid.
    """
    if form.readonly:
        return form.values()
    if not form.is_valid():
        raise ValueError("form_to_payload needs a bound, valid form")
    return form.payload()


def payload_to_form_data(
    definition: ObjectDefinition,
    method: str,
    payload: Mapping[str, Any],
    *,
    prefix: str | None = None,
) -> QueryDict:
    """What a browser would post for `payload` in the `method` form (for tests and tools)."""
    data = QueryDict(mutable=True)
    _fill(build_form_class(definition, method), payload, prefix or "", data)
    return data


def _fill(
    form_class: type[ObjectForm], payload: Mapping[str, Any], prefix: str, data: QueryDict
) -> None:
    for plan in form_class.plans:
        if plan.role not in EDITABLE or plan.name not in payload:
            continue
        name = f"{prefix}-{plan.name}" if prefix else plan.name
        value = payload[plan.name]
        if plan.kind is Kind.OBJECT:
            if isinstance(value, Mapping):
                if plan.role is Role.OPTIONAL:
                    data[name] = Mode.SET.value
                _fill(plan.child, value, name, data)
            elif value is None:
                data[name] = Mode.NULL.value
            elif value == "":
                data[name] = Mode.UNASSIGN.value
        elif plan.kind is Kind.ROWS:
            rows = value if isinstance(value, list) else []
            data.setlist(name, [str(i) for i in range(len(rows))])
            for i, row in enumerate(rows):
                _fill(plan.child, row, f"{name}-{i}", data)
        else:
            data.setlist(name, as_data(form_class.base_fields[plan.name], value))
