import pytest

from portal.definitions.loader import all_definitions


def cases(*, write: bool | None = None) -> list:
    """(definition, method) for every definition and method, as pytest params."""
    return [
        pytest.param(d, m, id=f"{d.name}-{m}")
        for d in all_definitions()
        for m in d.methods
        if write is None or (m != "GET") == write
    ]
