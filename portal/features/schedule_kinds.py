"""A user's schedules, declared: which definitions, in which words, edited as which lines.

A schedule is a name and its periods (contract §5.7). Its page is derived from the definitions
(`portal.features.schedule_forms`): the name from the schedule's own, each line from the
period's fields a person fills in, renamed for the page ("start" is the period's startTime),
with the words and widgets below. A line need not be a period: a person says "weekdays, from
18:00 until 08:00", which is ten periods. Each kind declares how its lines become periods and
back (`to_periods`, `from_periods`: None when a schedule's periods say more than lines can).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.features.schedule_periods import (
    DAY_NAMES,
    DAYS,
    WEEKLY,
    across_midnight,
    holiday_summary,
    plain,
    time_summary,
    weekly_periods,
    windows,
)
from portal.forms.presentation import FieldWords

Line = dict[str, Any]  # one line as the page has it: {"days": [...], "start": "18:00", ...}


@dataclass(frozen=True)
class Lines:
    """How a schedule's periods are edited: lines of a few inputs, each one period field."""

    parts: tuple[tuple[str, str], ...]  # (the page's name, the period definition's field)
    to_periods: Callable[[list[Line]], list[dict]]
    from_periods: Callable[[list[dict]], list[Line] | None]
    optional: tuple[str, ...] = ()  # parts a line may leave empty
    first_required: bool = False  # a schedule of this kind has at least one line
    spare: int = 1  # empty lines drawn besides the schedule's own
    # Checks in people's words: of one line ((part, message) pairs), of all lines (a message).
    line_checks: tuple[Callable[[Line], list[tuple[str, str]]], ...] = ()
    checks: tuple[Callable[[list[Line]], str], ...] = ()
    # What a part says when it is left empty or is not what it should be.
    messages: tuple[tuple[str, str, str], ...] = ()  # (part, "required" or "invalid", words)


@dataclass(frozen=True, eq=False)  # each declared once: known by itself, in any language
class ScheduleKind:
    slug: str  # in the portal's URLs
    collection: str  # the contract's list path segment
    definition: str  # the schedule
    period_definition: str  # one of its periods
    title: str
    noun: str
    words: tuple[FieldWords, ...]  # the schedule's own (of ""), its lines' (of "line")
    lines: Lines
    summary: Callable[[list[dict]], str]

    @property
    def line_definition(self) -> str:
        return f"{self.definition}_line"

    @property
    def head_definition(self) -> str:
        return f"{self.definition}_head"


# -- a time schedule: "these days, from HH:MM until HH:MM" -------------------------------------


def time_periods(lines: list[Line]) -> list[dict]:
    """The periods of every line, one after the other."""
    return [p for line in lines for p in weekly_periods(line["days"], line["start"], line["stop"])]


def time_lines(periods: list[dict]) -> list[Line] | None:
    """The lines that make exactly these periods again; None when no lines do (a day of the
    month, or times that lines cannot say)."""
    if any(p.get("type") != WEEKLY for p in periods):
        return None
    lines = [
        {"days": [d for d in DAYS if d in days], "start": start, "stop": stop}
        for start, stop, days in across_midnight(windows(periods))
    ]
    lines.sort(key=lambda line: (DAYS.index(line["days"][0]), line["start"]))
    return lines if plain(time_periods(lines)) == plain(periods) else None


def start_differs_from_end(line: Line) -> list[tuple[str, str]]:
    if line.get("start") and line.get("start") == line.get("stop"):
        return [("stop", _("The end must differ from the start."))]
    return []


def no_two_lines_start_alike(lines: list[Line]) -> str:
    names = [p["name"] for p in time_periods(lines)]
    if len(names) != len(set(names)):
        return _("Two lines start at the same time on the same day: join them into one.")
    return ""


TIME_HELP = gettext_lazy("24-hour clock, e.g. 18:00.")
TIME_LINES = Lines(
    parts=(("days", "dayOfWeek"), ("start", "startTime"), ("stop", "stopTime")),
    to_periods=time_periods,
    from_periods=time_lines,
    first_required=True,
    line_checks=(start_differs_from_end,),
    checks=(no_two_lines_start_alike,),
    messages=(
        ("days", "required", gettext_lazy("Choose at least one day.")),
        ("start", "required", gettext_lazy("Enter a time of day, e.g. 18:00.")),
        ("start", "invalid", gettext_lazy("Enter a time of day, e.g. 18:00.")),
        ("stop", "required", gettext_lazy("Enter a time of day, e.g. 08:00.")),
        ("stop", "invalid", gettext_lazy("Enter a time of day, e.g. 08:00.")),
    ),
)


# -- a holiday schedule: dated holidays --------------------------------------------------------


def holiday_periods(lines: list[Line]) -> list[dict]:
    """One period a holiday; a holiday without a last day is a single day."""
    return [
        {
            "name": line["name"],
            "startDate": line["first"],
            "stopDate": line.get("last") or line["first"],
        }
        for line in lines
    ]


def holiday_lines(periods: list[dict]) -> list[Line]:
    return [
        {"name": p.get("name", ""), "first": p.get("startDate", ""), "last": p.get("stopDate", "")}
        for p in periods
    ]


def last_not_before_first(line: Line) -> list[tuple[str, str]]:
    if line.get("first") and line.get("last") and line["last"] < line["first"]:
        return [("last", _("The last day cannot be before the first."))]
    return []


def each_holiday_its_own_name(lines: list[Line]) -> str:
    names = [line["name"] for line in lines]
    return _("Give each holiday its own name.") if len(names) != len(set(names)) else ""


HOLIDAY_LINES = Lines(
    parts=(("name", "name"), ("first", "startDate"), ("last", "stopDate")),
    to_periods=holiday_periods,
    from_periods=holiday_lines,
    optional=("last",),
    spare=3,
    line_checks=(last_not_before_first,),
    checks=(each_holiday_its_own_name,),
    messages=(
        ("name", "required", gettext_lazy("Name this holiday.")),
        ("first", "required", gettext_lazy("Enter the holiday's first day.")),
    ),
)


# -- the declarations --------------------------------------------------------------------------

NAME_WORDS = FieldWords(
    "name",
    gettext_lazy("Name"),
    gettext_lazy("Up to 40 characters. Rules name their schedule by it."),
)

TIME = ScheduleKind(
    slug="time",
    collection="time_schedules",
    definition="user_time_schedule",
    period_definition="time_schedule_period",
    title=gettext_lazy("Time schedules"),
    noun=gettext_lazy("time schedule"),
    words=(
        NAME_WORDS,
        FieldWords(
            "days",
            gettext_lazy("Days"),
            widget="checkboxes",
            choices=tuple((day, DAY_NAMES[day]) for day in DAYS),
            of="line",
        ),
        FieldWords(
            "start", pgettext_lazy("time of day", "From"), TIME_HELP, widget="time", of="line"
        ),
        FieldWords(
            "stop",
            gettext_lazy("Until"),
            gettext_lazy(
                "Earlier than the start, e.g. 08:00: each chosen day, from the start until "
                "midnight and from midnight until then."
            ),
            widget="time",
            of="line",
        ),
    ),
    lines=TIME_LINES,
    summary=time_summary,
)

HOLIDAY = ScheduleKind(
    slug="holiday",
    collection="calendar_schedules",
    definition="user_calendar_schedule",
    period_definition="calendar_schedule_period",
    title=gettext_lazy("Holiday schedules"),
    noun=gettext_lazy("holiday schedule"),
    words=(
        NAME_WORDS,
        FieldWords("name", gettext_lazy("Holiday"), of="line"),
        FieldWords("first", gettext_lazy("First day"), widget="date", of="line"),
        FieldWords(
            "last",
            gettext_lazy("Last day"),
            gettext_lazy("Empty for a single day."),
            widget="date",
            of="line",
        ),
    ),
    lines=HOLIDAY_LINES,
    summary=holiday_summary,
)

KINDS = {kind.slug: kind for kind in (TIME, HOLIDAY)}
