"""Where an end user's calls go now, in a sentence, for their home page.

The sentence follows the order in which the platform handles a call to the user: selective
forwarding rules that apply now, then forward always, then Do not disturb, then the phone rings
(and forwarding when busy, not answered or unreachable). It says what is so, from the services'
settings as APIO holds them; a rule whose schedule's periods cannot be read is said with its
schedule's name, never guessed.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioError
from portal.core import UserRef
from portal.directory.phone import national
from portal.features.base import Section
from portal.features.call_forwarding import CALL_FORWARDING
from portal.features.one_switch import DO_NOT_DISTURB
from portal.features.schedule_times import Schedule, applies_at
from portal.features.sections import LoadedSection, load_section
from portal.features.selective import SELECTIVE_FORWARDING
from portal.reads import get_services, read_settings

VOICE_MESSAGING_SERVICE = "Voice Messaging User"
FORWARDINGS = ("always", "busy", "no-answer", "not-reachable")
SCHEDULE_KINDS = {"time": "time_schedules", "holiday": "calendar_schedules"}


def current_time() -> datetime:
    return timezone.now()


# -- reading ----------------------------------------------------------------------------------


class Reader:
    """The user's services and settings for one page, each object read once."""

    def __init__(self, ref: UserRef) -> None:
        self.ref = ref
        services = get_services(ref)
        self.assigned = {state.name for state in services if state.assigned}
        self.active = {state.name: state.active for state in services}
        self._loaded: dict[str, LoadedSection] = {}
        self._schedules: dict[tuple[str, str, str], Schedule] = {}

    def section(self, section: Section) -> LoadedSection:
        if section.service_path not in self._loaded:
            self._loaded[section.service_path] = load_section(self.ref, section, self.assigned)
        return self._loaded[section.service_path]

    def schedule(self, kind: str, name: str, level: str) -> Schedule:
        """A schedule a rule names, with its periods when its instance GET gives them."""
        key = (kind, name, level)
        if key not in self._schedules:
            self._schedules[key] = self.read_schedule(kind, name, level)
        return self._schedules[key]

    def read_schedule(self, kind: str, name: str, level: str) -> Schedule:
        folder = SCHEDULE_KINDS[kind]
        if level == "Group":
            where = paths.group_schedules(self.ref.tenant_id, self.ref.group_id, folder)
        elif level == "Tenant":
            where = paths.tenant_schedules(self.ref.tenant_id, folder)
        else:
            where = paths.user_schedules(self.ref, folder)
        try:
            data = get_client().get(f"{where}{paths.segment(name)}/", {"full_list": True}) or {}
        except ApioError:
            return Schedule(name, level)
        periods = data.get("periods") if isinstance(data, dict) else None
        key = "startTime" if kind == "time" else "startDate"
        if not isinstance(periods, list) or not all(
            isinstance(p, dict) and key in p for p in periods
        ):
            return Schedule(name, level)  # names only: when it holds is not known
        return Schedule(name, level, tuple(periods))

    def time_zone(self) -> ZoneInfo:
        """The user's own time zone, as the platform has it; the portal's when it has none."""
        try:
            name = read_settings(paths.user(self.ref)).get("timeZone") or settings.TIME_ZONE
            return ZoneInfo(name)
        except (ApioError, ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)


# -- where calls go ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleState:
    """An active selective forwarding rule: where it sends calls, and whether it applies now."""

    name: str
    number: str  # where it forwards to, as people write it; "" for a rule that keeps calls
    applies: bool | None  # None: a schedule's periods, which decide, could not be read
    during: str = ""  # its time schedule, by name, when that decides and is unread
    on_holidays: str = ""  # its holiday schedule, likewise: the rule holds only on those days


@dataclass(frozen=True)
class CallsState:
    always: str = ""  # the numbers calls are forwarded to, "" when that forwarding is off
    busy: str = ""
    no_answer: str = ""
    not_reachable: str = ""
    dnd: bool = False
    voicemail: bool = True  # Do not disturb sends calls there; otherwise callers hear busy
    rules: tuple[RuleState, ...] = field(default_factory=tuple)
    unreadable: bool = False


def schedule_ref(value) -> tuple[str, str] | None:
    """(name, level) of a rule's schedule, in either of the forms APIO gives it (§5.4)."""
    if isinstance(value, dict) and value.get("name"):
        return str(value["name"]), str(value.get("level") or "User")
    if isinstance(value, str) and value and value != "None":
        if value.endswith(")") and "(" in value:
            name, level = value[:-1].rsplit("(", 1)
            return name.strip(), level.strip()
        return value, "User"
    return None


def rule_number(entry: dict, default_number: str) -> str:
    selection = entry.get("forwardToNumberSelection") or "Forward To Default Number"
    if selection == "Do not forward":
        return ""
    if selection == "Forward To Default Number":
        return national(default_number) if default_number else ""
    number = entry.get("forwardTo") or entry.get("forwardToPhoneNumber") or ""
    return national(number) if number else ""


def read_rules(reader: Reader, values: dict, now: datetime) -> tuple[RuleState, ...]:
    default_number = values.get("defaultForwardToPhoneNumber") or ""
    rules, moment = [], None
    for entry in values.get("criteria") or []:
        if not isinstance(entry, dict) or not entry.get("active"):
            continue
        # The list form types the time pair and the holiday pair the other way round (§5.4).
        time_ref = schedule_ref(entry.get("timeSchedule")) or schedule_ref(
            entry.get("timeScheduleObj")
        )
        holiday_ref = schedule_ref(entry.get("holidayScheduleObj")) or schedule_ref(
            entry.get("holidaySchedule")
        )
        time = reader.schedule("time", *time_ref) if time_ref else None
        holiday = reader.schedule("holiday", *holiday_ref) if holiday_ref else None
        if moment is None and (time or holiday):
            moment = now.astimezone(reader.time_zone())
        rules.append(
            RuleState(
                name=str(entry.get("name", "")),
                number=rule_number(entry, default_number),
                applies=applies_at(moment or now, time, holiday),
                during=time.name if time and time.periods is None else "",
                on_holidays=holiday.name if holiday and holiday.periods is None else "",
            )
        )
    return tuple(rules)


def read_calls(reader: Reader, now: datetime | None = None) -> CallsState:
    """Where the user's calls go, from the services' settings (those not assigned: off)."""
    now = now or current_time()
    numbers = {}
    for key in FORWARDINGS:
        loaded = reader.section(CALL_FORWARDING.section(key))
        if loaded.error:
            return CallsState(unreadable=True)
        on = loaded.available and loaded.values.get("active") and loaded.values.get("destination")
        numbers[key] = national(loaded.values["destination"]) if on else ""
    dnd = reader.section(DO_NOT_DISTURB.section("settings"))
    selective = reader.section(SELECTIVE_FORWARDING.section("settings"))
    if dnd.error or selective.error:
        return CallsState(unreadable=True)
    rules = ()
    if selective.available and selective.values.get("active"):
        rules = read_rules(reader, selective.values, now)
    voicemail = VOICE_MESSAGING_SERVICE in reader.assigned and (
        reader.active.get(VOICE_MESSAGING_SERVICE) is not False
    )
    return CallsState(
        always=numbers["always"],
        busy=numbers["busy"],
        no_answer=numbers["no-answer"],
        not_reachable=numbers["not-reachable"],
        dnd=bool(dnd.available and dnd.values.get("active")),
        voicemail=voicemail,
        rules=rules,
    )


def unbroken(number: str) -> str:
    """A number kept on one line: a phone's narrow screen breaks the sentence elsewhere."""
    return number.replace(" ", "\N{NO-BREAK SPACE}")


def rule_sentence(rule: RuleState) -> str:
    words = {"name": rule.name, "number": unbroken(rule.number)}
    if rule.applies:
        if rule.number:
            return _("Rule “%(name)s” forwards calls now to %(number)s.") % words
        return _("Rule “%(name)s” applies now: the calls it picks are not forwarded.") % words
    return (unknown_forwarding if rule.number else unknown_keeping)(rule) % {
        **words,
        "schedule": rule.during,
        "holidays": rule.on_holidays,
    }


def unknown_forwarding(rule: RuleState) -> str:
    """A forwarding rule whose unread schedules decide, said with those schedules' names."""
    if rule.during and rule.on_holidays:
        return _(
            "Rule “%(name)s” forwards calls to %(number)s during its schedule “%(schedule)s” "
            "on the holidays of “%(holidays)s”."
        )
    if rule.on_holidays:
        return _("Rule “%(name)s” forwards calls to %(number)s on the holidays of “%(holidays)s”.")
    return _("Rule “%(name)s” forwards calls to %(number)s during its schedule “%(schedule)s”.")


def unknown_keeping(rule: RuleState) -> str:
    """The same, for a rule that keeps the calls it picks from being forwarded."""
    if rule.during and rule.on_holidays:
        return _(
            "Rule “%(name)s” keeps calls from being forwarded during its schedule "
            "“%(schedule)s” on the holidays of “%(holidays)s”."
        )
    if rule.on_holidays:
        return _(
            "Rule “%(name)s” keeps calls from being forwarded on the holidays of “%(holidays)s”."
        )
    return _("Rule “%(name)s” keeps calls from being forwarded during its schedule “%(schedule)s”.")


def calls_sentence(state: CallsState) -> str:
    """Where calls go now, in a few short sentences."""
    if state.unreadable:
        return _(
            "Where your calls go cannot be shown just now: the platform did not answer. "
            "Reload the page to try again."
        )
    now_rules = [rule for rule in state.rules if rule.applies is True]
    maybe_rules = [rule for rule in state.rules if rule.applies is None]
    said = [rule_sentence(rule) for rule in now_rules]
    others = bool(now_rules)
    if state.always:
        text = (
            _("All other calls go to %(number)s.")
            if others
            else _("All your calls go to %(number)s.")
        )
        said.append(text % {"number": unbroken(state.always)})
    elif state.dnd:
        if state.voicemail:
            said.append(
                _("Do not disturb is on: other calls go to voicemail.")
                if others
                else _("Do not disturb is on: calls go to voicemail.")
            )
        else:
            said.append(
                _("Do not disturb is on: other callers hear a busy signal.")
                if others
                else _("Do not disturb is on: callers hear a busy signal.")
            )
    else:
        said.append(
            _("Other calls ring on your phone.") if others else _("Your calls ring on your phone.")
        )
        conditions = (
            (state.busy, _("When you are busy they go to %(number)s.")),
            (state.no_answer, _("When you do not answer they go to %(number)s.")),
            (state.not_reachable, _("When your phone cannot be reached they go to %(number)s.")),
        )
        said += [text % {"number": unbroken(number)} for number, text in conditions if number]
    said += [rule_sentence(rule) for rule in maybe_rules]
    return " ".join(said)
