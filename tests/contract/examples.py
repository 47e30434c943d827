"""The request examples of docs/apio-contract.md, read strictly, and the shape comparison.

An example is a fenced block whose info string is ``http`` (replayed against the sandbox) or
``http-reference`` (reference material, only parsed):

    ```http
    METHOD /path
    {"optional": "JSON body on one line"}
    ```
    → expected: `200`, response: `{"json": "on one line"}`

The expectation line may also be ``→ expected: `204`, no body`` or ``→ expected: `200` ``.
Anything that looks like an example but breaks this layout raises ExampleFormatError instead of
being skipped, so a formatting slip in the document cannot drop an example unnoticed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "apio-contract.md"

REPLAYED, REFERENCE = "http", "http-reference"
# Any fence whose info string starts like "http", in any case or spacing: each must be exact.
_FENCE_START = re.compile(r"^\s*```\s*http", re.IGNORECASE)
_FENCE_END = "```"
_REQUEST_LINE = re.compile(r"^(GET|POST|PUT|DELETE) (/\S*)$")
_EXPECTATION = re.compile(r"^→ expected: `(\d{3})`(?:, response: `(.+)`|, (no body))?$")


class ExampleFormatError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    line: int  # of the opening fence, 1-based
    kind: str  # REPLAYED or REFERENCE
    method: str
    path: str
    body: Any  # the parsed JSON body, or None
    status: int
    response: Any  # the parsed JSON of the documented answer, or None
    no_body: bool  # the document says the answer has no body

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} line {self.line}"


def _json(text: str, line: int, what: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ExampleFormatError(f"line {line}: the {what} is not valid JSON ({exc})") from None
    if not isinstance(value, dict | list):
        raise ExampleFormatError(f"line {line}: the {what} must be a JSON object or array")
    return value


def parse(text: str) -> list[Example]:
    """Every example of the document, in document order."""
    lines = text.splitlines()
    examples = []
    expectation_lines = set()
    index = 0
    while index < len(lines):
        if not _FENCE_START.match(lines[index]):
            index += 1
            continue
        start = index + 1  # 1-based line of the fence
        kind = lines[index][3:]
        if lines[index] not in (f"```{REPLAYED}", f"```{REFERENCE}"):
            raise ExampleFormatError(f"line {start}: unknown example fence {lines[index]!r}")
        try:
            end = lines.index(_FENCE_END, index + 1)
        except ValueError:
            raise ExampleFormatError(f"line {start}: the example's fence is never closed") from None
        content = lines[index + 1 : end]
        if not 1 <= len(content) <= 2:
            raise ExampleFormatError(f"line {start}: an example holds a request line and a body")
        request = _REQUEST_LINE.match(content[0])
        if request is None:
            message = f"line {start + 1}: expected 'METHOD /path', got {content[0]!r}"
            raise ExampleFormatError(message)
        body = _json(content[1], start + 2, "request body") if len(content) == 2 else None
        if end + 1 >= len(lines):
            raise ExampleFormatError(f"line {end + 1}: the example has no expectation line")
        expectation = _EXPECTATION.match(lines[end + 1])
        if expectation is None:
            raise ExampleFormatError(
                f"line {end + 2}: expected '→ expected: `STATUS`…', got {lines[end + 1]!r}"
            )
        expectation_lines.add(end + 1)
        status, response, no_body = expectation.groups()
        examples.append(
            Example(
                line=start,
                kind=kind,
                method=request.group(1),
                path=request.group(2),
                body=body,
                status=int(status),
                response=_json(response, end + 2, "response") if response else None,
                no_body=no_body is not None,
            )
        )
        index = end + 2
    # An expectation under a fence that is not an example fence would otherwise go unnoticed.
    for number, line in enumerate(lines):
        if line.startswith("→ expected") and number not in expectation_lines:
            raise ExampleFormatError(f"line {number + 1}: an expectation without an example")
    return examples


def contract_examples() -> list[Example]:
    return parse(CONTRACT.read_text(encoding="utf-8"))


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: in Python a boolean is an int
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {value!r}")


def shape_mismatches(documented: Any, actual: Any, where: str = "response") -> list[str]:
    """How `actual` differs from the shape `documented` shows: every documented key present,
    every value of the same JSON type, the first entry of an array standing for all of them."""
    expected_type, actual_type = json_type(documented), json_type(actual)
    if expected_type != actual_type:
        return [f"{where}: documented as {expected_type}, got {actual_type} ({actual!r:.80})"]
    problems: list[str] = []
    if expected_type == "object":
        for key, value in documented.items():
            if key not in actual:
                problems.append(f"{where}: documented key {key!r} is missing")
            else:
                problems += shape_mismatches(value, actual[key], f"{where}.{key}")
    elif expected_type == "array" and documented:
        if not actual:
            problems.append(f"{where}: documented with entries, got an empty array")
        else:
            problems += shape_mismatches(documented[0], actual[0], f"{where}[0]")
    return problems
