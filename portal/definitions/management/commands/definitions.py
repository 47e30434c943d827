"""`manage.py definitions [--json]`: list the APIO object definitions."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.definitions.loader import all_definitions
from portal.definitions.model import ObjectDefinition


def definition_as_dict(d: ObjectDefinition) -> dict[str, Any]:
    """Everything a definition holds: presence codes as written, only the table's methods."""
    data = dataclasses.asdict(d)
    for field, raw in zip(data["fields"], d.fields, strict=True):
        field["type"] = raw.type.value
        field["presence"] = dict(raw.presence)
    return data


class Command(BaseCommand):
    help = "List the APIO object definitions (use --json for the machine-readable form)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args: Any, **options: Any) -> None:
        defs = all_definitions()
        if options["json"]:
            self.stdout.write(json.dumps([definition_as_dict(d) for d in defs], indent=2))
            return
        width = max(len(d.name) for d in defs)
        for d in defs:
            methods = ",".join(d.methods) or "-"
            self.stdout.write(
                f"{d.name:<{width}}  {methods:<19} {len(d.fields):>3} fields  {d.title}"
            )
        self.stdout.write(f"{len(defs)} definitions")
