"""A user's schedules in people's words, and the periods a person's choices make.

A time schedule's periods (contract §5.7) each fall on one day of the week, from a start to a
stop time on that day (§6 #33). A person says "weekdays, 18:00 until 08:00": that is, on each of
those days, from midnight to 08:00 and from 18:00 to the end of the day (23:59). The list shows
such a pair again as "Weekdays 18:00–08:00".
"""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WEEKLY = "Day of the week"
MONTHLY = "Day of the month"
END_OF_DAY, MIDNIGHT = "23:59", "00:00"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_NAMES = {
    "Monday": gettext_lazy("Monday"),
    "Tuesday": gettext_lazy("Tuesday"),
    "Wednesday": gettext_lazy("Wednesday"),
    "Thursday": gettext_lazy("Thursday"),
    "Friday": gettext_lazy("Friday"),
    "Saturday": gettext_lazy("Saturday"),
    "Sunday": gettext_lazy("Sunday"),
}
SHORT_DAY_NAMES = {
    "Monday": gettext_lazy("Mon"),
    "Tuesday": gettext_lazy("Tue"),
    "Wednesday": gettext_lazy("Wed"),
    "Thursday": gettext_lazy("Thu"),
    "Friday": gettext_lazy("Fri"),
    "Saturday": gettext_lazy("Sat"),
    "Sunday": gettext_lazy("Sun"),
}
WEEKDAYS = frozenset(DAYS[:5])
WEEKEND = frozenset(DAYS[5:])


def weekly_periods(days: list[str], start: str, stop: str) -> list[dict]:
    """The periods for "these days, from `start` until `stop`" (a stop before the start runs
    past midnight: the day's early hours and its evening)."""
    periods = []
    for day in (d for d in DAYS if d in days):
        spans = [(start, stop)] if start < stop else [(MIDNIGHT, stop), (start, END_OF_DAY)]
        for begin, end in spans:
            if begin == end:  # "until 00:00": nothing before midnight to add
                continue
            periods.append(
                {
                    "name": f"{day} {begin}",
                    "type": WEEKLY,
                    "dayOfWeek": day,
                    "startTime": begin,
                    "stopTime": end,
                }
            )
    return periods


def windows(periods: list[dict]) -> dict[tuple[str, str], set[str]]:
    """(start, stop) -> the days of the week with that period."""
    found: dict[tuple[str, str], set[str]] = {}
    for period in periods:
        if period.get("type") == WEEKLY and period.get("dayOfWeek") in DAYS:
            key = (str(period.get("startTime", "")), str(period.get("stopTime", "")))
            found.setdefault(key, set()).add(period["dayOfWeek"])
    return found


def plain(periods: list[dict]) -> list[dict]:
    """Weekly periods as they compare: in order, without their names."""
    keys = ("type", "dayOfWeek", "startTime", "stopTime")  # names are the periods' own
    kept = [{k: p[k] for k in keys if k in p} for p in periods]
    return sorted(kept, key=lambda p: (DAYS.index(p["dayOfWeek"]), p["startTime"]))


def days_text(days: set[str]) -> str:
    if days == set(DAYS):
        return _("Every day")
    if days == WEEKDAYS:
        return _("Weekdays")
    if days == WEEKEND:
        return _("Weekends")
    ordered = [d for d in DAYS if d in days]
    first, last = DAYS.index(ordered[0]), DAYS.index(ordered[-1])
    if len(ordered) >= 3 and last - first + 1 == len(ordered):
        return f"{SHORT_DAY_NAMES[ordered[0]]}–{SHORT_DAY_NAMES[ordered[-1]]}"
    return ", ".join(str(SHORT_DAY_NAMES[d]) for d in ordered)


def across_midnight(windows: dict[tuple[str, str], set[str]]) -> list[tuple[str, str, set]]:
    """(start, stop, days), an evening and the same days' early hours said as one window."""
    said, found = set(), []
    for (start, stop), days in sorted(windows.items()):
        if (start, stop) in said:
            continue
        if stop == END_OF_DAY and start != MIDNIGHT:
            early = next(
                (k for k, d in windows.items() if k[0] == MIDNIGHT and d == days and k[1] < start),
                None,
            )
            if early is not None:
                said.add(early)
                stop = early[1]
        found.append((start, stop, days))
    return [window for window in found if window[:2] not in said]


def time_summary(periods: list[dict]) -> str:
    """ "Weekdays 18:00–08:00"; "" for a schedule without periods."""
    weekly = sorted(
        across_midnight(windows(periods)),
        key=lambda w: (min(DAYS.index(d) for d in w[2]), w[0]),
    )
    parts = [f"{days_text(days)} {start}–{stop}" for start, stop, days in weekly]
    parts += [
        _("Day %(day)s of the month %(start)s–%(stop)s")
        % {"day": p.get("dayOfMonth"), "start": p.get("startTime"), "stop": p.get("stopTime")}
        for p in periods
        if p.get("type") == MONTHLY
    ]
    return "; ".join(parts)


def _day(value: str) -> str:
    try:
        return formats.date_format(date.fromisoformat(value), "j M Y")
    except (TypeError, ValueError):
        return value


def holiday_summary(periods: list[dict]) -> str:
    """ "Summer: 20 Jul 2026 – 7 Aug 2026; Christmas: …"; "" for a schedule without any."""
    parts = []
    for period in periods:
        first, last = period.get("startDate", ""), period.get("stopDate", "")
        when = _day(first) if first == last else f"{_day(first)} – {_day(last)}"
        parts.append(f"{period.get('name', '')}: {when}")
    return "; ".join(parts)
