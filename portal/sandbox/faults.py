"""Fault injection on /api/v1/: latency, 5xx answers, hanging requests, dropped connections.

Set at start-up from the environment (SANDBOX_LATENCY_MS, SANDBOX_ERROR_RATE,
SANDBOX_TIMEOUT_RATE, SANDBOX_TIMEOUT_SECONDS, SANDBOX_DROP_RATE, SANDBOX_SEED) and changed at run
time through GET/PUT /sandbox/faults/. Draws come from one seeded generator so a run with the same
seed and the same request order injects the same faults.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.sandbox.errors import ApioError, Problem

# The 5xx statuses an injected error answers with, drawn at random among them.
ERROR_STATUSES = (500, 502, 503, 504)
_RATES = ("error_rate", "timeout_rate", "drop_rate")


@dataclass(frozen=True)
class FaultSettings:
    latency_ms: float = 0.0
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    timeout_seconds: float = 60.0
    drop_rate: float = 0.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> FaultSettings:
        raw = {
            "latency_ms": environ.get("SANDBOX_LATENCY_MS"),
            "error_rate": environ.get("SANDBOX_ERROR_RATE"),
            "timeout_rate": environ.get("SANDBOX_TIMEOUT_RATE"),
            "timeout_seconds": environ.get("SANDBOX_TIMEOUT_SECONDS"),
            "drop_rate": environ.get("SANDBOX_DROP_RATE"),
        }
        values: dict[str, Any] = {}
        for name, text in raw.items():
            if text not in (None, ""):
                try:
                    values[name] = float(text)
                except ValueError:
                    message = f"SANDBOX_{name.upper()} must be a number, got {text!r}"
                    raise SystemExit(message) from None
        try:
            return cls().updated(values)
        except ApioError as error:
            raise SystemExit(error.problems[0].message) from None

    def updated(self, changes: Mapping[str, Any]) -> FaultSettings:
        """A copy with `changes` applied; a 400 ApioError names any bad key or value."""
        problems = []
        known = {f.name for f in dataclasses.fields(self)}
        for name, value in changes.items():
            if name not in known:
                problems.append(Problem(f"Unknown fault setting '{name}'", name))
            elif isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(Problem(f"Fault setting '{name}' must be a number", name))
            elif value < 0 or (name in _RATES and value > 1):
                limit = "between 0 and 1" if name in _RATES else "at least 0"
                problems.append(Problem(f"Fault setting '{name}' must be {limit}", name))
        if problems:
            raise ApioError(400, problems)
        return dataclasses.replace(self, **{k: float(v) for k, v in changes.items()})

    def as_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)


class Faults:
    def __init__(self, initial: FaultSettings, seed: int) -> None:
        self.initial = initial
        self.seed = seed
        self.settings = initial
        self.rng = random.Random(seed)  # noqa: S311 (reproducible fault draws, not secrets)

    def restore(self) -> None:
        """Back to the start-up settings and random sequence (a reset makes tests independent)."""
        self.settings = self.initial
        self.rng = random.Random(self.seed)  # noqa: S311 (as above)

    def draw(self) -> tuple[str | None, int]:
        """Which fault, if any, the next request gets: ("drop"|"timeout"|"error"|None, status)."""
        s = self.settings
        if s.drop_rate and self.rng.random() < s.drop_rate:
            return "drop", 0
        if s.timeout_rate and self.rng.random() < s.timeout_rate:
            return "timeout", 0
        if s.error_rate and self.rng.random() < s.error_rate:
            return "error", self.rng.choice(ERROR_STATUSES)
        return None, 0

    async def delay(self, fault: str | None) -> None:
        if self.settings.latency_ms:
            await asyncio.sleep(self.settings.latency_ms / 1000)
        if fault == "timeout":
            await asyncio.sleep(self.settings.timeout_seconds)
