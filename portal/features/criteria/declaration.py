"""What a criteria-based service declares: its rules' fields, words, and which callers it takes.

One editor serves every declaration: the generic "criteria" fields, the service's own ones
(`definition`), the choices of "Which callers" it accepts (`selection_choices`), and what a
matching call gets, in people's words (`outcome`).
"""

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from portal.apio import paths
from portal.definitions import loader
from portal.definitions.model import ObjectDefinition
from portal.directory.phone import national
from portal.features.base import Lookup, Section
from portal.forms.fields import interpolate_lazy
from portal.forms.presentation import FieldWords, Presentation

# Who calls, as a rule's form has it: the spec's "Criteria From DN" with the editor's checks,
# and every value some service accepts ("Forwarded", "Any External"): each list narrows them.
FROM_DN = "criteria_from_dn_rule"
# A rule's part that a change sends whole, with or without changes: never left out of a form.
ALWAYS_SHOWN = ("fromDnCriteria",)
# Fields of a rule that the editor does not show: a rename is the "Name" field changed.
HIDDEN = ("newName",)
NEW_RULE = {
    "active": True,
    "fromDnCriteria": {
        "selection": "Any",
        "includeAnonymousCallers": False,
        "includeUnavailableCallers": False,
        "phoneNumbers": [],
    },
}
ANY_OR_LISTED = (("Any", _("Any caller")), ("Specified Only", _("Only these callers")))
SCHEDULE_CHOICES = (("set", _("Only during a schedule")), ("null", _("Remove the schedule")))

# The words every rule shares, in the order the form draws them: the service's own fields
# come between who calls and when.
WHO_WORDS = (
    FieldWords("name", _("Name"), _("For example: Evenings, or Boss.")),
    FieldWords("active", _("Active"), _("Only an active rule is used.")),
    FieldWords("fromDnCriteria", _("Calls from")),
    FieldWords(
        "phoneNumbers",
        _("Numbers"),
        interpolate_lazy(
            _("Up to %(count)d numbers. E.g. 0470 12 34 56."),
            {"count": loader.get_definition("criteria_from_dn").field("phoneNumbers").max_items},
        ),
        of=FROM_DN,
    ),
    FieldWords("includeAnonymousCallers", _("And anonymous callers"), of=FROM_DN),
    FieldWords("includeUnavailableCallers", _("And unavailable callers"), of=FROM_DN),
)
WHEN_WORDS = (
    FieldWords(
        "timeSchedule",
        _("Time schedule"),
        _("Without one, the rule applies at any time."),
        widget="radios",
        choices=SCHEDULE_CHOICES,
    ),
    FieldWords(
        "holidaySchedule",
        _("Holiday schedule"),
        _("Without one, the rule applies on any day."),
        widget="radios",
        choices=SCHEDULE_CHOICES,
    ),
    FieldWords("name", _("Schedule"), of="schedule"),
    FieldWords(
        "level",
        _("Defined for"),
        choices=(
            ("User", _("This user")),
            ("Group", _("The group")),
            ("Tenant", _("The whole organisation")),
        ),
        widget="radios",
        of="schedule",
    ),
)


def service_definition(definition: ObjectDefinition) -> ObjectDefinition:
    """Make a definition composed here from bundled ones known to `get_definition`."""
    return loader.register_derived(definition)


def from_dn_definition() -> ObjectDefinition:
    """ "Criteria From DN" as the editor checks it: every selection some service accepts, and
    the spec's "required" conditions left to the editor's own checks, said in people's words."""
    spec = loader.get_definition("criteria_from_dn")
    fields = tuple(
        dataclasses.replace(f, choices=(*f.choices, *f.extra_choices), extra_choices=())
        if f.name == "selection"
        else f
        for f in spec.fields
    )
    return service_definition(dataclasses.replace(spec, name=FROM_DN, fields=fields, conditions=()))


@dataclass(frozen=True)
class RulesSection(Section):
    """The section of a service whose object is its rules alone (rejection, acceptance...): the
    page reads the service through it and draws its rules instead of a form. Its changes are the
    rules', said in the rules' words."""

    @property
    def presentation(self) -> Presentation:
        rules = next(r for r in LISTS.values() if r.service_path == self.service_path)
        words = tuple(rules.all_words())  # a rule's fields, as if they were the section's
        return Presentation(definition=self.definition, words=words, spell_number=national)


def rules_only_section(key: str, title: str, service_path: str, service_name: str) -> Section:
    """A `RulesSection` for the service, with its object's definition (no field of its own)."""
    definition = service_definition(
        ObjectDefinition(
            name=f"{service_path}_service",
            title=str(service_name),
            description="The service object: its criteria alone, edited one by one.",
            methods=("GET", "PUT"),
            fields=(),
        )
    )
    return RulesSection(
        key=key,
        title=title,
        definition=definition.name,
        service_path=service_path,
        service_name=service_name,
    )


@dataclass(frozen=True)
class CriteriaList:
    """The rules of one criteria-based service, shown on its feature's page."""

    feature: str  # the feature's key
    section: str  # the section of the same service: its changes are filed with it
    title: str
    service_path: str  # the contract's path under …/services/
    service_name: str  # the BroadWorks service that must be assigned
    definition: str = ""  # the service's own criteria fields, combined with the generic ones
    drop: tuple[str, ...] = ()  # generic fields this service does not use
    destinations: tuple[str, ...] = ()  # fields that forward somewhere: never the own line
    # The service's words: for its own fields, and any shared field it words its own way.
    words: tuple[FieldWords, ...] = ()
    # "Which callers": the selections this service accepts, in people's words.
    selection_choices: tuple[tuple[str, str], ...] = ANY_OR_LISTED
    # A rule sends no "forward to" (rejection, acceptance): its action is doNotPerformAction.
    forwarding: bool = True
    # What a new rule starts from, besides NEW_RULE: (field, value) pairs (values may be dicts).
    new_values: tuple[tuple[str, Any], ...] = dataclasses.field(default=(), hash=False)
    # Fields offered as a choice among values read from APIO (a recording).
    lookups: tuple[Lookup, ...] = ()
    # The list's last column: what a matching call gets, as its heading and in words.
    outcome_title: str = ""
    outcome: Callable[[dict], str] | None = None
    # The rule form's own checks, in people's words (besides the editor's).
    checks: tuple[Callable, ...] = ()
    empty_text: str = _("No rules yet.")
    # The service has no settings of its own: its page shows the rules alone.
    rules_only: bool = False

    @property
    def entry_name(self) -> str:
        return f"criteria_{self.service_path}_entry"

    @cached_property
    def entry_definition(self) -> ObjectDefinition:
        """The generic criteria and the service's own fields, as one rule.

        The spec's "required" conditions (a number for "Forward To Specified Number", numbers
        for "Specified Only") are the editor's own checks instead, said in people's words.
        """
        generic = loader.get_definition("criteria")
        own = loader.get_definition(self.definition) if self.definition else generic
        from_dn = from_dn_definition()
        own_fields = own.fields if self.definition else ()
        fields = tuple(
            dataclasses.replace(f, ref=from_dn.name) if f.ref == "criteria_from_dn" else f
            for f in (*generic.fields, *own_fields)
            if f.name not in self.drop
        )
        combined = dataclasses.replace(own, name=self.entry_name, fields=fields, conditions=())
        return service_definition(combined)

    @property
    def presentation(self) -> Presentation:
        return Presentation(
            definition=self.entry_name, words=tuple(self.all_words()), spell_number=national
        )

    def all_words(self) -> Iterator[FieldWords]:
        """The shared words, each replaced by the service's own for the same field, with the
        service's other words between who calls and when."""
        own = {(w.of, w.name): w for w in self.words}
        selection = FieldWords(
            "selection",
            _("Which callers"),
            choices=self.selection_choices,
            widget="radios",
            of=FROM_DN,
        )
        who = (*WHO_WORDS[:3], selection, *WHO_WORDS[3:])
        shared = {(w.of, w.name) for w in (*who, *WHEN_WORDS)}
        for words in who:
            yield own.get((words.of, words.name), words)
        for words in self.words:
            if (words.of, words.name) not in shared:
                yield words
        for words in WHEN_WORDS:
            yield own.get((words.of, words.name), words)

    def list_path(self, ref) -> str:
        return paths.criteria_list(ref, self.service_path)

    def item_path(self, ref, name: str) -> str:
        return paths.criteria(ref, self.service_path, name)


LISTS: dict[str, CriteriaList] = {}


def register(criteria_list: CriteriaList) -> CriteriaList:
    criteria_list.entry_definition  # noqa: B018 (known to get_definition from now on)
    LISTS[criteria_list.feature] = criteria_list
    return criteria_list


def action_outcome(when_applied: str, when_excepted: str) -> Callable[[dict], str]:
    """What a rule of a rejection, acceptance or priority service does, from its
    doNotPerformAction: the service's action, or an exception to it."""

    def outcome(entry: dict) -> str:
        return str(when_excepted if entry.get("doNotPerformAction") else when_applied)

    return outcome
