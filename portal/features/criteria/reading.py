"""The rules as the feature page lists them: read from the service's GET, said in words, with
the changes to them on their way."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from portal.changes.models import PendingChange
from portal.directory.phone import national
from portal.features import collection_changes
from portal.features.collection_changes import ItemWords
from portal.features.criteria.declaration import LISTS, CriteriaList


class ListWords(dict):
    """gettext for a whole list: each word translated once, however many of its rows say it.

    The texts below take it as `_` (gettext when they are said alone)."""

    def __missing__(self, message: str) -> str:
        translated = self[message] = gettext(message)
        return translated

    def __call__(self, message: str) -> str:
        return self[message]


def calls_from_text(from_dn: dict, _: Callable[[str], str] = gettext) -> str:
    selection = from_dn.get("selection", "Any")
    if selection == "Any":
        return _("Any caller")
    if selection == "Any External":
        return _("Any caller from outside")
    if selection == "Forwarded":
        return _("Forwarded calls")
    parts = [national(str(number)) for number in from_dn.get("phoneNumbers") or []]
    if from_dn.get("includeAnonymousCallers"):
        parts.append(_("anonymous callers"))
    if from_dn.get("includeUnavailableCallers"):
        parts.append(_("unavailable callers"))
    return ", ".join(parts) or "—"


def schedule_text(value: Any, _: Callable[[str], str] = gettext) -> str:
    """A schedule as the list names it: "Lunch break (the group's)"; "" when there is none."""
    if isinstance(value, dict):
        name, level = value.get("name", ""), value.get("level", "User")
    elif isinstance(value, str) and value and value != "None":
        name, level = value, "User"
        if value.endswith(")") and "(" in value:
            name, level = value[:-1].rsplit("(", 1)
    else:
        return ""
    if level == "Group":
        return _("%(name)s (the group's)") % {"name": name}
    if level == "Tenant":
        return _("%(name)s (the organisation's)") % {"name": name}
    return name


def forward_text(entry: dict) -> str:
    selection = entry.get("forwardToNumberSelection", "")
    if selection == "Forward To Default Number":
        return _("The default number")
    if selection == "Do not forward":
        return _("Not forwarded")
    number = entry.get("forwardTo") or entry.get("forwardToPhoneNumber") or ""
    return national(number) if number else "—"


@dataclass
class Rule:
    entry: dict
    criteria_list: CriteriaList | None = None
    change: PendingChange | None = None
    # gettext, or the ListWords of the list the rule is drawn in.
    words: Callable[[str], str] = field(default=gettext, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.entry.get("name", "")

    @property
    def active(self) -> bool:
        return bool(self.entry.get("active"))

    @property
    def calls_from(self) -> str:
        return calls_from_text(self.entry.get("fromDnCriteria") or {}, self.words)

    @property
    def schedules(self) -> str:
        _ = self.words
        # The list form types the time pair and the holiday pair the other way round (§5.4).
        time = schedule_text(self.entry.get("timeSchedule"), _) or schedule_text(
            self.entry.get("timeScheduleObj"), _
        )
        holiday = schedule_text(self.entry.get("holidayScheduleObj"), _) or schedule_text(
            self.entry.get("holidaySchedule"), _
        )
        # A holiday schedule narrows the rule to its days: it applies only then.
        parts = [time, _("on the days of %(name)s") % {"name": holiday} if holiday else ""]
        return "; ".join(part for part in parts if part) or _("Always")

    @property
    def queued(self) -> PendingChange | None:
        """The change to this rule still on its way, if any."""
        return self.change if self.change is not None and self.change.is_open else None

    @property
    def pending(self) -> str:
        """What the queued change will do to the rule, said on its row until it is done."""
        change = self.queued
        if change is None:
            return ""
        if change.method == "POST":
            return _("Adding…")
        if change.method == "DELETE":
            return _("Deleting…")
        if set(change.payload) == {"name", "active"}:
            return _("Turning on…") if change.payload["active"] else _("Turning off…")
        if change.payload.get("newName"):
            return _("Renaming to “%(name)s”…") % {"name": change.payload["newName"]}
        return _("Saving the changes…")

    @property
    def shown_active(self) -> bool:
        """On or off as the rule will be once its queued change is made: its button offers the
        other one."""
        change = self.queued
        if change is not None and change.method == "PUT" and "active" in change.payload:
            return bool(change.payload["active"])
        return self.active

    @property
    def forward_to(self) -> str:
        return forward_text(self.entry)

    @property
    def outcome(self) -> str:
        """What a matching call gets, in the service's words."""
        if self.criteria_list is None or self.criteria_list.outcome is None:
            return self.forward_to
        return self.criteria_list.outcome(self.entry)


def recent_changes(list_path: str) -> list[PendingChange]:
    """The rule changes worth showing next to the list, newest first."""
    return collection_changes.recent_item_changes(list_path)


RULE_WORDS = ItemWords(
    created=gettext_lazy("New rule %(name)s"),
    deleted=gettext_lazy("Rule %(name)s deleted"),
    renamed=gettext_lazy("Rule %(name)s renamed %(new)s"),
    changed=gettext_lazy("Rule %(name)s changed"),
)


def describe(change: PendingChange) -> str:
    """What a rule change does, in words: "New rule Evenings"."""
    if change.method == "PUT" and set(change.payload) == {"name", "active"}:
        name = collection_changes.item_name(change)
        if change.payload["active"]:
            return _("Rule %(name)s turned on") % {"name": name}
        return _("Rule %(name)s turned off") % {"name": name}
    return collection_changes.describe(change, RULE_WORDS)


def page_context(screen, sections: list[dict]) -> dict:
    """What the feature page adds for its rules (nothing for a feature without any)."""
    criteria_list = LISTS.get(screen.feature.key)
    if criteria_list is None:
        return {}
    owner = next((s for s in sections if s["section"].key == criteria_list.section), None)
    if owner is None:
        return {}
    loaded = owner["loaded"]
    words = ListWords()
    entries = loaded.values.get("criteria") or []
    rules = [Rule(entry, criteria_list, words=words) for entry in entries]
    prefix = criteria_list.list_path(screen.ref)
    changes = recent_changes(prefix)
    if changes:
        latest = {}  # each rule's newest change
        for change in changes:
            latest.setdefault(change.path, change)
        for rule in rules:
            rule.change = latest.get(criteria_list.item_path(screen.ref, rule.name))
    # A new rule on its way is listed already, marked as being added.
    listed = {rule.name for rule in rules}
    for change in reversed(changes):
        name = collection_changes.item_name(change)
        if change.method == "POST" and change.is_open and name not in listed:
            rules.append(Rule({**change.payload}, criteria_list, change, words))
            listed.add(name)
    context = {
        "criteria_list": criteria_list,
        "rules": rules,
        "rules_loaded": loaded,
        "rules_available": loaded.available,
        "rule_changes": [(change, describe(change)) for change in changes],
        "rules_url": f"{screen.url}rules/",
        "rule_url": f"{screen.url}rule/",
        # The changes the list waits for: once one is done, the list is read again. One done
        # while the list was being read may not show in it yet: read again at once.
        "rules_watch": ",".join(
            str(c.pk)
            for c in changes
            if c.is_open or (c.finished_at and c.finished_at >= loaded.loaded_at)
        ),
    }
    if criteria_list.rules_only:  # no form of its own: the list says what the section would
        context["sections"] = [s for s in sections if s is not owner]
    return context
