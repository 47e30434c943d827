"""Whether a selective forwarding rule applies at a moment, from its schedules' periods.

As in BroadWorks, a rule applies only when all its criteria hold: when it has no time schedule
or one of its time schedule's periods holds the moment, and it has no holiday schedule or one of
the holiday schedule's periods holds the day. A holiday schedule names the days a rule works
("to voicemail on public holidays"), not days it rests. Periods are read as the contract has
them (§5.7): a time period by day of the week (or of the month) with "HH:MM" start and stop, a
holiday period by start and stop date, both days included. The moment is in the user's own
time zone. A schedule whose periods could not be read leaves the answer unknown (None).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_IN_A_DAY = 24 * 60
LAST_MINUTE = MINUTES_IN_A_DAY - 1  # a period that stops at 23:59 runs to midnight


@dataclass(frozen=True)
class Schedule:
    """A schedule a rule names, with its periods; `periods` None: they could not be read."""

    name: str
    level: str = "User"
    periods: tuple[dict, ...] | None = None


def minutes(text) -> int | None:
    """ "18:30" as minutes after midnight; None when it is no time of day."""
    try:
        hours, mins = (int(part) for part in str(text).split(":"))
    except ValueError:
        return None
    if not (0 <= hours < 24 and 0 <= mins < 60):
        return None
    return hours * 60 + mins


def falls_on(period: dict, day: date) -> bool:
    """Does the period name this day (its weekday, or its day of the month)?"""
    if str(period.get("type", "")).lower() == "day of the month":
        return str(period.get("dayOfMonth", "")).strip() == str(day.day)
    named = period.get("dayOfWeek")
    names = named if isinstance(named, list) else [named]
    return WEEKDAYS[day.weekday()] in {str(name).strip().lower() for name in names}


def in_time_period(period: dict, moment: datetime) -> bool:
    if period.get("active") is False:
        return False
    start, stop = minutes(period.get("startTime")), minutes(period.get("stopTime"))
    if start is None or stop is None:
        return False
    if stop == LAST_MINUTE:
        stop = MINUTES_IN_A_DAY
    now = moment.hour * 60 + moment.minute
    today = moment.date()
    if start < stop:
        return falls_on(period, today) and start <= now < stop
    # A stop at or before its start runs past midnight, into the next day.
    yesterday = today - timedelta(days=1)
    return (falls_on(period, today) and now >= start) or (
        falls_on(period, yesterday) and now < stop
    )


def as_date(text) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def in_holiday(period: dict, day: date) -> bool:
    start = as_date(period.get("startDate"))
    stop = as_date(period.get("stopDate") or period.get("endDate")) or start
    return start is not None and start <= day <= stop


def applies_at(
    moment: datetime, time: Schedule | None = None, holiday: Schedule | None = None
) -> bool | None:
    """True or False when the schedules say; None when a schedule that decides is unread."""
    held = []
    if time is not None:
        held.append(
            None
            if time.periods is None
            else any(in_time_period(period, moment) for period in time.periods)
        )
    if holiday is not None:
        held.append(
            None
            if holiday.periods is None
            else any(in_holiday(period, moment.date()) for period in holiday.periods)
        )
    if False in held:
        return False
    if None in held:
        return None
    return True
