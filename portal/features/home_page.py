"""An end user's home page: the switches for the common cases and the links to the rest.

A switch turns one section's `active` on or off (portal.features.home_views queues it as that
section's save); each link says its feature's state, from the same reads as the sentence.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.changes.models import ChangeStatus
from portal.core import UserRef
from portal.directory.phone import national
from portal.features.base import Feature, Section
from portal.features.call_forwarding import CALL_FORWARDING
from portal.features.home import Reader, calls_sentence, read_calls
from portal.features.one_switch import DO_NOT_DISTURB
from portal.features.sections import LoadedSection, latest_change
from portal.features.summary import feature_state

# The switches of the home page: (feature, section); each turns the section's `active` on or off.
SWITCHES = ((DO_NOT_DISTURB, "settings"), (CALL_FORWARDING, "always"))


@dataclass
class Switch:
    """One tap to turn a section's `active` on or off, queued as that section's save would be."""

    feature: Feature
    section: Section
    loaded: LoadedSection

    @property
    def key(self) -> str:
        return f"{self.feature.key}-{self.section.key}"

    @property
    def on(self) -> bool:
        return bool(self.loaded.values.get("active"))

    @property
    def label(self) -> str:
        if self.feature is DO_NOT_DISTURB:
            return _("Do not disturb")
        return _("Forward all calls")

    @property
    def number(self) -> str:
        destination = self.loaded.values.get("destination")
        return national(destination) if destination else ""

    @property
    def needs_form(self) -> bool:
        """Forward all calls with no number to forward to: the form asks for one."""
        return "destination" in self.section.destinations and not self.number

    @property
    def hint(self) -> str:
        if self.feature is DO_NOT_DISTURB:
            return _("Your phone does not ring; calls go to voicemail or get a busy signal.")
        if self.number:
            return _("Every call goes to %(number)s.") % {"number": self.number}
        return _("Choose the number to forward calls to first.")

    @property
    def field_name(self) -> str:
        return f"{self.section.key}-active"

    @property
    def url(self) -> str:
        return reverse("features:my_switch", args=[self.feature.key, self.section.key])

    @property
    def form_url(self) -> str:
        page = reverse("features:my_feature", args=[self.feature.key])
        return f"{page}#section-{self.section.key}"

    @property
    def open_change(self):
        """A change to the section on its way (or waiting for a decision), made from anywhere."""
        change = latest_change(self.loaded.path)
        return change if change is not None and change.is_open else None

    def turning(self, active: bool | None) -> str:
        """What the status region says of a change on its way."""
        if active is True:
            return _("%(switch)s: turning on.") % {"switch": self.label}
        if active is False:
            return _("%(switch)s: turning off.") % {"switch": self.label}
        return _("%(switch)s: a change is on its way.") % {"switch": self.label}

    @property
    def pending_news(self) -> str:
        change = self.open_change
        return self.turning(change.payload.get("active")) if change else ""

    @property
    def recent_change(self):
        """The section's last change while it is worth showing: on its way, or just made."""
        return latest_change(self.loaded.path)

    def made(self, active: bool | None) -> str:
        """What the status region says once the platform has made the change."""
        if active is True:
            return _("%(switch)s: on.") % {"switch": self.label}
        if active is False:
            return _("%(switch)s: off.") % {"switch": self.label}
        return _("%(switch)s: changed.") % {"switch": self.label}

    @property
    def recent_news(self) -> str:
        """The words next to the last change's status: said as done once it is applied."""
        change = self.recent_change
        if change is None:
            return ""
        if change.status == ChangeStatus.APPLIED:
            return self.made(change.payload.get("active"))
        return self.turning(change.payload.get("active")) if change.is_open else ""

    @property
    def made_news(self) -> str:
        """As a switch just tapped says it when its change is made at once."""
        return self.made(self.on)

    def switched(self, active: bool) -> "Switch":
        """As it shows once turned: on its way, it goes on from the value asked for."""
        values = {**self.loaded.values, "active": active}
        loaded = LoadedSection(
            self.section, self.loaded.path, values, loaded_at=self.loaded.loaded_at
        )
        return Switch(self.feature, self.section, loaded)


def switches(reader: Reader, features: list[Feature]) -> list[Switch]:
    """The switches of the features the user may change, for services assigned and read."""
    found = []
    for feature, section_key in SWITCHES:
        if feature not in features:
            continue
        section = feature.section(section_key)
        loaded = reader.section(section)
        if loaded.available:
            found.append(Switch(feature, section, loaded))
    return found


@dataclass(frozen=True)
class FeatureLink:
    feature: Feature
    state: str

    @property
    def url(self) -> str:
        return reverse("features:my_feature", args=[self.feature.key])


def feature_links(reader: Reader, features: list[Feature]) -> list[FeatureLink]:
    links = []
    for feature in features:
        loaded = [reader.section(s) for s in feature.own_sections() if s.summary]
        state = feature_state(feature, loaded) or str(feature.summary)
        links.append(FeatureLink(feature, state))
    return links


def home_context(ref: UserRef, features: list[Feature]) -> dict:
    reader = Reader(ref)
    return {
        "calls_now": calls_sentence(read_calls(reader)),
        "switches": switches(reader, features),
        "links": feature_links(reader, features),
    }
