"""Meet-me conferences as a feature: its declaration, and the words of a conference's form.

A conference's form is generated from the spec's "Meet-Me Conferencing Conference Instance"
(and the schedule, recurrence and duration objects nested in it); these are its people's
words. The kind of conference, how it repeats and when it stops are each one choice among an
exclusive group of the spec (`one_of`): choosing one draws only its fields.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from portal.definitions import loader
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.directory.phone import national
from portal.features.base import Feature, FieldWords, Section, SummaryRule
from portal.forms.presentation import ONE_OF, SHOWN, Presentation

SERVICE = "Meet-Me Conferencing"
SERVICE_PATH = "meet_me_confs/conferences"
INSTANCE = "meet_me_conference_instance"
SCHEDULE = "meet_me_conference_schedule"
RECURRENCE = "schedule_recurrence"
WEEKLY = "schedule_recurrence_weekly"
DURATION = "meet_me_conference_duration"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    ("January", _("January")),
    ("February", _("February")),
    ("March", _("March")),
    ("April", _("April")),
    ("May", pgettext_lazy("month", "May")),
    ("June", _("June")),
    ("July", _("July")),
    ("August", _("August")),
    ("September", _("September")),
    ("October", _("October")),
    ("November", _("November")),
    ("December", _("December")),
)
DAY_NAMES = (
    ("Monday", _("Monday")),
    ("Tuesday", _("Tuesday")),
    ("Wednesday", _("Wednesday")),
    ("Thursday", _("Thursday")),
    ("Friday", _("Friday")),
    ("Saturday", _("Saturday")),
    ("Sunday", _("Sunday")),
)
WEEKS = (
    ("First", _("First")),
    ("Second", _("Second")),
    ("Third", _("Third")),
    ("Fourth", _("Fourth")),
    ("Last", _("Last")),
)
# The kinds of conference as the list names them (APIO's "type"), and their statuses.
TYPE_WORDS = {
    "Reservationless": _("Reservationless"),
    "One Time": _("One time"),
    "Recurring Daily": _("Every day"),
    "Recurring Weekly": _("Every week"),
    "Recurring Monthly": _("Every month"),
    "Recurring Yearly": _("Every year"),
}
STATUS_WORDS = {
    "active": pgettext_lazy("a conference", "Active"),
    "inactive": pgettext_lazy("a conference", "Inactive"),
    "expired": pgettext_lazy("a conference", "Expired"),
}


def _interval(of: str, unit: str) -> FieldWords:
    return FieldWords("recurInterval", _("Every"), unit, of=of)


WORDS = (
    FieldWords("title", _("Title"), _("What participants see and hear, e.g. Weekly team call.")),
    FieldWords("conferenceSchedule", _("When"), widget=SHOWN),
    FieldWords(
        "scheduleReservationless",
        _("Kind of conference"),
        widget=ONE_OF,
        choices=(
            ("scheduleReservationless", _("Open: participants join any time from the start")),
            ("scheduleOneTime", _("Once")),
            ("scheduleRecurring", _("Repeating")),
        ),
        of=SCHEDULE,
    ),
    *(
        FieldWords("startTime", _("Starts"), of=schedule)
        for schedule in (
            "meet_me_conference_schedule_reservationless",
            "meet_me_conference_schedule_one_time",
            "meet_me_conference_schedule_recurring",
        )
    ),
    FieldWords(
        "endTime",
        _("Ends"),
        _("Leave empty for a conference without an end."),
        of="meet_me_conference_schedule_reservationless",
    ),
    *(
        FieldWords("duration", _("Lasts"), widget=SHOWN, of=schedule)
        for schedule in (
            "meet_me_conference_schedule_one_time",
            "meet_me_conference_schedule_recurring",
        )
    ),
    FieldWords("hours", _("Hours"), of=DURATION),
    FieldWords("minutes", _("Minutes"), of=DURATION),
    FieldWords(
        "recurrence",
        _("How it repeats"),
        widget=SHOWN,
        of="meet_me_conference_schedule_recurring",
    ),
    FieldWords(
        "recurDaily",
        _("Repeats"),
        widget=ONE_OF,
        choices=(
            ("recurDaily", _("Every day")),
            ("recurWeekly", _("Every week, on chosen days")),
            ("recurMonthlyByDay", _("Every month, on a date")),
            ("recurMonthlyByWeek", _("Every month, on a weekday (e.g. the first Monday)")),
            ("recurYearlyByDay", _("Every year, on a date")),
            ("recurYearlyByWeek", _("Every year, on a weekday of a month")),
        ),
        of=RECURRENCE,
    ),
    FieldWords(
        "recurForEver",
        _("Stops"),
        widget=ONE_OF,
        choices=(
            ("recurForEver", _("Never")),
            ("recurEndDate", _("On a date")),
            ("recurEndOccurrence", _("After a number of times")),
        ),
        of=RECURRENCE,
    ),
    FieldWords("recurEndDate", _("Last date"), of=RECURRENCE),
    FieldWords("recurEndOccurrence", _("How many times"), of=RECURRENCE),
    _interval("schedule_recurrence_daily", _("Number of days between two conferences.")),
    _interval(WEEKLY, _("Number of weeks between two conferences.")),
    *(FieldWords(day, label, group=_("On these days"), of=WEEKLY) for day, label in DAY_NAMES),
    _interval("recur_monthly_by_day", _("Number of months between two conferences.")),
    FieldWords("dayOfMonth", _("Day of the month"), of="recur_monthly_by_day"),
    _interval("recur_monthly_by_week", _("Number of months between two conferences.")),
    FieldWords("dayOfWeekInMonth", _("Week"), choices=WEEKS, of="recur_monthly_by_week"),
    FieldWords("dayOfWeek", _("Day"), choices=DAY_NAMES, of="recur_monthly_by_week"),
    _interval("recur_yearly_by_day", _("Number of years between two conferences.")),
    FieldWords("dayOfMonth", _("Day of the month"), of="recur_yearly_by_day"),
    FieldWords("month", _("Month"), choices=MONTHS, of="recur_yearly_by_day"),
    _interval("recur_yearly_by_week", _("Number of years between two conferences.")),
    FieldWords("dayOfWeekInMonth", _("Week"), choices=WEEKS, of="recur_yearly_by_week"),
    FieldWords("dayOfWeek", _("Day"), choices=DAY_NAMES, of="recur_yearly_by_week"),
    FieldWords("month", _("Month"), choices=MONTHS, of="recur_yearly_by_week"),
    FieldWords(
        "estimatedParticipants",
        _("Expected participants"),
        _("How many people you expect; at most the bridge's ports."),
    ),
    FieldWords(
        "restrictParticipants",
        _("Limit the number of participants"),
        group=_("Participants"),
    ),
    FieldWords(
        "maxParticipants",
        _("At most"),
        _("No one joins beyond this number; at most the bridge's ports."),
        group=_("Participants"),
    ),
    FieldWords(
        "requireSecurityPin",
        _("Participants need a PIN"),
        _("The platform gives the conference a PIN that participants enter to join."),
        group=_("Joining"),
    ),
    FieldWords(
        "moderatorRequired",
        _("Wait for the moderator"),
        _("The conference starts only when the moderator joins."),
        group=_("Joining"),
    ),
    FieldWords(
        "allowUniqueIdentifier",
        _("Participants may give a personal code"),
        _("Each participant may enter a code of their own, for billing or attendance."),
        group=_("Joining"),
    ),
    FieldWords(
        "muteAllAttendeesOnEntry",
        _("Participants join muted"),
        group=_("During the conference"),
    ),
    FieldWords(
        "endConferenceOnModeratorExit",
        _("End when the moderator leaves"),
        group=_("During the conference"),
    ),
    FieldWords(
        "attendeeNotification",
        _("When someone joins or leaves"),
        choices=(
            ("Play Tone", _("Play a tone")),
            ("Play Recorded Name", _("Say their recorded name")),
            ("No Notification", _("Nothing")),
        ),
        widget="radios",
        group=_("During the conference"),
    ),
    FieldWords(
        "accountCode",
        _("Account code"),
        _("For billing: the code the conference's calls are charged to."),
        more=True,
    ),
)

# The members of each choice, in the choice's words: how a change to one of them reads.
WORDS += tuple(
    FieldWords(member, label, of=words.of)
    for words in WORDS
    if words.widget == ONE_OF
    for member, label in words.choices
    if member != words.name and member not in {w.name for w in WORDS if w.of == words.of}
)

# What a new conference starts from: an open conference, with the platform's usual choices.
NEW_CONFERENCE = {
    "restrictParticipants": False,
    "muteAllAttendeesOnEntry": False,
    "endConferenceOnModeratorExit": False,
    "moderatorRequired": False,
    "requireSecurityPin": False,
    "allowUniqueIdentifier": False,
    "attendeeNotification": "Play Tone",
    "conferenceSchedule": {"scheduleReservationless": {}},
}


def presentation(time_zone: str) -> Presentation:
    """The words of a conference's form, date-times in the host's time zone."""
    return Presentation(
        definition=INSTANCE, words=WORDS, spell_number=national, time_zone=time_zone
    )


def _derived(name: str, title: str, field: FieldDefinition, methods: tuple) -> ObjectDefinition:
    return loader.register_derived(
        ObjectDefinition(
            name=name,
            title=title,
            description="The body of a conference's call (contract §5.8).",
            methods=methods,
            fields=(field,),
        )
    )


def _array(name: str, ref: str, presence: tuple) -> FieldDefinition:
    return FieldDefinition(
        name=name, type=FieldType.ARRAY, presence=presence, description=name, ref=ref
    )


# The bodies of a conference's delegates (PUT the list) and of deleting recordings.
DELEGATES = _derived(
    "conference_delegates",
    "Conference delegates",
    _array("delegates", "conference_delegate_item", (("GET", "A"), ("PUT", "R"))),
    ("GET", "PUT"),
)
RECORDINGS = _derived(
    "conference_recordings_delete",
    "Conference recordings to delete",
    _array("recordings", "conference_delete_recording_item", (("DELETE", "R"),)),
    ("DELETE",),
)


def _conferences_said(values: dict) -> dict[str, str]:
    count = len(values.get("conferences") or [])
    if not count:
        return {"count": str(_("no conference"))}
    return {
        "count": ngettext("%(count)d conference", "%(count)d conferences", count) % {"count": count}
    }


SECTION = Section(
    key="conferences",
    title=_("Conferences"),
    definition=INSTANCE,
    service_path=SERVICE_PATH,
    service_name=SERVICE,
    words=WORDS,
    summary=(SummaryRule(_("%(count)s hosted"), says=_conferences_said),),
    own_pages=True,
)

CONFERENCES = Feature(
    key="conferences",
    title=_("Meet-me conferences"),
    summary=_("Conferences people dial into: when, who may join, delegates and recordings."),
    self_service=True,
    sections=(SECTION,),
)
