"""What a feature screen is: a declaration, rendered by the generic views in views.py."""

from dataclasses import dataclass, field

from portal.accounts.models import Role
from portal.definitions.model import Condition


@dataclass(frozen=True)
class Lookup:
    """Offer a field of a (nested) definition as a choice among values read from APIO."""

    definition: str
    field: str
    source: str  # a name in portal.features.lookups.SOURCES


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

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"feature {self.key!r} has no section {key!r}")

    def is_assigned(self, assigned_services: set[str]) -> bool:
        return any(section.service_name in assigned_services for section in self.sections)
