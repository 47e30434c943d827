"""System check: `manage.py check` fails when the object definitions are malformed."""

from __future__ import annotations

from typing import Any

from django.core import checks

from portal.definitions import loader

TAG = "definitions"


@checks.register(TAG)
def check_definitions(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """definitions.E001: the data cannot be loaded; definitions.E002: one consistency problem."""
    try:
        defs = loader.all_definitions()
    except loader.DefinitionError as exc:
        return [
            checks.Error(
                f"APIO object definitions cannot be loaded: {exc}",
                hint="Fix the YAML under portal/definitions/data/.",
                id="definitions.E001",
            )
        ]
    return [
        checks.Error(
            f"APIO object definition problem: {problem}",
            hint="Fix the YAML under portal/definitions/data/.",
            id="definitions.E002",
        )
        for problem in loader.validate_definitions((*defs, *loader.derived_definitions()))
    ]
