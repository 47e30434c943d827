"""What a feature screen is: a declaration, rendered by the generic views in views.py."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.accounts.models import Role
from portal.definitions.model import Condition
from portal.directory.phone import national
from portal.forms.presentation import FieldWords, Presentation

__all__ = ["Feature", "FieldWords", "Lookup", "Section", "SummaryRule"]


@dataclass(frozen=True)
class Lookup:
    """Offer a field of a (nested) definition as a choice among values read from APIO."""

    definition: str
    field: str
    source: str  # a name in portal.features.lookups.SOURCES


@dataclass(frozen=True)
class SummaryRule:
    """One state of a section and the sentence that says it.

    The state holds when every (field, value) pair of `when` matches the section's object (an
    empty `when` always holds: a fallback). `text` names fields as %(field)s placeholders,
    filled with the values as people write them ("0470 99 88 77", "On"). A `quiet` state is
    the service doing nothing (forwarding off): the feature says those together, once.
    """

    text: str
    when: tuple[tuple[str, Any], ...] = ()
    quiet: bool = False
    # Placeholders the feature says in its own words, from the section's object (a list of
    # phones as "0470 11 22 33 then 0470 44 55 66"); the others are filled as above.
    says: Callable[[dict], Mapping[str, str]] | None = None

    def holds(self, values: dict) -> bool:
        return all(values.get(name) == value for name, value in self.when)


@dataclass(frozen=True)
class Section:
    """One APIO object edited on a feature page, with its own form and save button."""

    key: str
    title: str
    definition: str
    service_path: str  # the contract's path under …/users/{user_id}/services/
    service_name: str  # the BroadWorks service that must be assigned to the user
    fields: tuple[str, ...] = ()  # the definition's fields shown, in order; empty: all of them
    lookups: tuple[Lookup, ...] = ()
    # Fields holding where calls are forwarded to: never the user's own number or extension.
    destinations: tuple[str, ...] = ()
    # "Required" rules the service adds to its object's definition (APIO enforces them for this
    # service), checked when the section is saved.
    conditions: tuple[Condition, ...] = ()
    help: str = ""
    # People's words for the fields shown (and the fields of objects nested in them), in the
    # order they are drawn; fields without words keep the spec's (see portal.forms.presentation).
    words: tuple[FieldWords, ...] = ()
    # The sentences that say the section's state, first match wins (see SummaryRule).
    summary: tuple[SummaryRule, ...] = ()
    # Only staff open it: the user's own portal neither shows nor saves it (a mail server).
    staff_only: bool = False
    # Lists of objects numbered by their place: (list, the entries' field holding it), moved
    # up and down by people. How many entries a list takes is the definition's (max_items).
    numbered: tuple[tuple[str, str], ...] = ()
    # Drawn and saved by pages of its own (a host's conferences): the generic section views
    # do not serve it, and its `definition` is the object its pages edit.
    own_pages: bool = False

    def __hash__(self) -> int:
        # Pages key their sections in dicts: hashing every field would hash each of the words'
        # lazy translations, which costs more than the rest of the page's bookkeeping.
        return hash((self.key, self.definition, self.service_path))

    @property
    def presentation(self) -> Presentation | None:
        if not self.words:
            return None
        return Presentation(definition=self.definition, words=self.words, spell_number=national)


@dataclass(frozen=True)
class Feature:
    key: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    # Who may open and edit the feature for a user in their scope.
    staff_roles: frozenset[str] = field(
        default_factory=lambda: frozenset({Role.ADMIN, Role.HELPDESK})
    )
    # End users may edit their own settings of this feature (unless their tenant says otherwise).
    self_service: bool = False
    # The state summary: what is said when every section is in a quiet state ("Calls are not
    # forwarded."), and what ends a summary in which only some are ("not forwarded otherwise").
    summary_none: str = ""
    summary_otherwise: str = ""

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"feature {self.key!r} has no section {key!r}")

    def own_sections(self) -> tuple[Section, ...]:
        """The sections a user sees on their own portal."""
        return tuple(section for section in self.sections if not section.staff_only)

    def is_assigned(self, assigned_services: set[str]) -> bool:
        return any(section.service_name in assigned_services for section in self.sections)
