"""Which parts of a payload are secrets (passwords, PINs), from the object definitions."""

from functools import cache
from typing import Any

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldType

MASK = "••••••"


@cache  # definitions do not change while the process runs
def secret_paths(
    definition_name: str, _seen: frozenset[str] = frozenset()
) -> frozenset[tuple[str, ...]]:
    """Paths (tuples of field names) of secret fields, following nested object references."""
    if definition_name in _seen:
        return frozenset()
    definition = get_definition(definition_name)
    found: set[tuple[str, ...]] = set()
    for field in definition.fields:
        if field.secret:
            found.add((field.name,))
        elif field.ref and field.type in (FieldType.OBJECT, FieldType.OBJECT_STRING):
            for sub in secret_paths(field.ref, _seen | {definition_name}):
                found.add((field.name, *sub))
    return frozenset(found)


def _walk(payload: Any, path: tuple[str, ...], action) -> bool:
    if not isinstance(payload, dict) or not path or path[0] not in payload:
        return False
    if len(path) == 1:
        action(payload, path[0])
        return True
    return _walk(payload[path[0]], path[1:], action)


def strip_secrets(definition_name: str, payload: dict) -> tuple[dict, list[str]]:
    """A copy of the payload without its secret values, and the dotted names removed."""
    cleaned = _deep_copy(payload)
    removed = [
        ".".join(path)
        for path in sorted(secret_paths(definition_name))
        if _walk(cleaned, path, lambda parent, key: parent.pop(key))
    ]
    return cleaned, removed


def mask_secrets(definition_name: str, payload: dict) -> dict:
    masked = _deep_copy(payload)
    for path in secret_paths(definition_name):
        _walk(masked, path, lambda parent, key: parent.__setitem__(key, MASK))
    return masked


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value
