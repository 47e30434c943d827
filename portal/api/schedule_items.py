"""A user's own schedules through the API: added, changed (and renamed) or deleted, each checked
by the schedule page's own form (`ScheduleEditor`: its name, and its lines, "these days, from
18:00 until 08:00" or a dated holiday) and queued as that page queues it (contract §5.7).

The values are the page's: {"name": "Evenings", "lines": [{"days": ["Monday"], "start":
"18:00", "stop": "08:00"}]} for a time schedule, lines of {"name", "first", "last"} for a
holiday schedule. Left out in a change, the name or the lines stay as they are.
"""

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from portal.api.errors import NON_FIELD, FormRejected
from portal.api.item_changes import (
    NOT_A_VALUE,
    NOT_IN_FORM,
    NothingChanged,
    Queued,
    refuse_unknown,
)
from portal.api.sections import ApiScreen, submit
from portal.apio.errors import ApioNotFound
from portal.changes import services as change_services
from portal.features import schedules
from portal.features.schedule_forms import LINES_FIELD, MOST_LINES, ScheduleEditor
from portal.features.schedule_kinds import KINDS, ScheduleKind

FIELDS = {"name", "lines"}


def place_of(screen: ApiScreen) -> schedules.Place:
    return schedules.Place(screen.profile, screen.own_portal, url="")


def read_all(kind: ScheduleKind, screen: ApiScreen) -> list[dict]:
    place = place_of(screen)
    out = []
    for name in schedules.read_names(place, kind):
        periods = schedules.read_schedule(place, kind, name)["periods"]
        lines = kind.lines.from_periods(periods)
        values = {"name": name, "periods": periods, "lines": lines}
        out.append({"name": name, "title": schedules.summary(kind, periods), "values": values})
    return out


def _line_prefix(editor_numbered: bool, index: int) -> str:
    return "" if index == 0 and not editor_numbered else f"line{index + 1}-"


def _posted(kind: ScheduleKind, name: str, lines: list) -> QueryDict:
    """What the page posts: the name, each line's inputs, and how many lines it drew."""
    if not isinstance(lines, list) or len(lines) > MOST_LINES:
        message = _("Give at most %(count)d lines.") % {"count": MOST_LINES}
        raise FormRejected({"lines": [message if isinstance(lines, list) else str(NOT_A_VALUE)]})
    parts = {part for part, _source in kind.lines.parts}
    numbered = "name" in parts  # the schedule's own "name": every line has its number
    data = QueryDict(mutable=True)
    data["name"] = str(name)
    data[LINES_FIELD] = str(max(len(lines), 1))
    for index, line in enumerate(lines):
        if not isinstance(line, dict):
            raise FormRejected({f"lines.{index}": [str(NOT_A_VALUE)]})
        at = f"lines.{index}"
        problems = {f"{at}.{part}": [str(NOT_IN_FORM)] for part in line if part not in parts}
        for part, value in line.items():
            typed = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) for v in typed):  # what a line's inputs take: text
                problems.setdefault(f"{at}.{part}", [str(NOT_A_VALUE)])
        if problems:
            raise FormRejected(problems)
        prefix = _line_prefix(numbered, index)
        for part, value in line.items():
            data.setlist(f"{prefix}{part}", value if isinstance(value, list) else [value])
    return data


def _errors(editor: ScheduleEditor) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field, messages in editor.head.errors.items():
        out[NON_FIELD if field == "__all__" else field] = [str(m) for m in messages]
    for index, form in enumerate(editor.lines):
        for field, messages in form.errors.items():
            key = f"lines.{index}" if field == "__all__" else f"lines.{index}.{field}"
            out[key] = [str(m) for m in messages]
    return out


def _valid_editor(screen, kind, values: dict, current: dict, name: str | None) -> ScheduleEditor:
    refuse_unknown(values, FIELDS)
    if not isinstance(values.get("name", ""), str):
        raise FormRejected({"name": [str(NOT_A_VALUE)]})
    lines = values.get("lines")
    if lines is None:
        lines = kind.lines.from_periods(current.get("periods") or []) or []
    data = _posted(kind, values.get("name", current.get("name", "")), lines)
    editor = ScheduleEditor(kind, data, current)
    editor.head.extra_checks.append(schedules.name_is_free(place_of(screen), kind, name))
    if not editor.is_valid():
        raise FormRejected(_errors(editor))
    return editor


def create_schedule(kind: ScheduleKind, request, screen: ApiScreen, values: dict) -> Queued:
    place = place_of(screen)
    editor = _valid_editor(screen, kind, values, {}, None)
    change = change_services.create_item(
        place.ref, schedules.FEATURE, kind.definition, place.collection(kind),
        {"name": editor.name, "periods": editor.periods()},
    )  # fmt: skip
    return submit(request, screen, change)


def _current(place, kind: ScheduleKind, name: str) -> dict:
    try:
        return schedules.read_schedule(place, kind, name)
    except ApioNotFound as exc:
        raise Http404("No such schedule.") from exc


def edit_schedule(kind: ScheduleKind, request, screen: ApiScreen, name: str, values: dict):
    place = place_of(screen)
    current = _current(place, kind, name)
    editor = _valid_editor(screen, kind, values, current, name)
    typed, periods = editor.name, editor.periods()
    if typed == name and periods == current["periods"]:
        raise NothingChanged()
    change = change_services.update_item(
        place.ref, schedules.FEATURE, kind.definition, place.collection(kind), name,
        {"periods": periods}, new_name=typed,
    )  # fmt: skip
    return submit(request, screen, change)


def delete_schedule(kind: ScheduleKind, request, screen: ApiScreen, name: str) -> Queued:
    place = place_of(screen)
    if name not in schedules.read_names(place, kind):
        raise Http404("No such schedule.")
    change = change_services.delete_item(
        place.ref, schedules.FEATURE, kind.definition, place.collection(kind), name
    )
    return submit(request, screen, change)


def kind_of(slug: str) -> ScheduleKind:
    return KINDS[slug]
