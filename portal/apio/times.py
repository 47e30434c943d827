"""The date-times APIO writes: RFC 3339 in objects ("2024-08-01T11:00:00.000+02:00"), and
BroadWorks' own spelling in lists ("2024-08-01T15:00:00:000+0200", milliseconds after a colon)."""

from datetime import datetime


def instant(value: object) -> datetime | None:
    """An aware datetime from either spelling; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (datetime.fromisoformat, _listed):
        try:
            moment = parse(text)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            return moment
    return None


def _listed(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S:%f%z")
