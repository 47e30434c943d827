"""The item lists the API changes, one line each: a feature's rules (one list per criteria-based
service, keyed by the feature: "selective-forwarding"…), a user's time and holiday schedules, a
host's meet-me conferences. Every list answers the same requests (list, add, change, delete; a
conference's parts besides); this table says whose feature grants access and which functions,
built on the pages' own forms, do the work."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from django.http import Http404

from portal.api import conference_items, rule_items, schedule_items
from portal.features.conferences.declaration import CONFERENCES
from portal.features.criteria.declaration import LISTS as RULE_LISTS
from portal.features.schedule_kinds import HOLIDAY, TIME
from portal.features.selective import SELECTIVE_FORWARDING


@dataclass(frozen=True)
class ItemKind:
    key: str  # in the API's addresses
    feature_key: str  # the feature whose access rules the list follows
    read: Callable  # (screen) -> [{"name", "title", "values"}]
    create: Callable  # (request, screen, values) -> (change, new)
    edit: Callable  # (request, screen, name, values) -> (change, new)
    delete: Callable  # (request, screen, name) -> (change, new)
    # A part of an item changed on its own: (request, screen, name, values) -> (change, new).
    parts: Mapping[str, Callable] = field(default_factory=dict)


def _schedules(key: str, kind) -> ItemKind:
    return ItemKind(
        key=key,
        # Schedules exist for the rules of selective forwarding: whoever may change them.
        feature_key=SELECTIVE_FORWARDING.key,
        read=partial(schedule_items.read_all, kind),
        create=partial(schedule_items.create_schedule, kind),
        edit=partial(schedule_items.edit_schedule, kind),
        delete=partial(schedule_items.delete_schedule, kind),
    )


OTHER_KINDS = {
    kind.key: kind
    for kind in (
        _schedules("time-schedules", TIME),
        _schedules("holiday-schedules", HOLIDAY),
        ItemKind(
            key="conferences",
            feature_key=CONFERENCES.key,
            read=conference_items.read_conferences,
            create=conference_items.create_conference,
            edit=conference_items.edit_conference,
            delete=conference_items.delete_conference,
            parts={
                "delegates": conference_items.change_delegates,
                "recordings": conference_items.delete_recording,
                "greeting": conference_items.set_greeting,
            },
        ),
    )
}


def rules_kind(feature_key: str) -> ItemKind:
    return ItemKind(
        key=feature_key,
        feature_key=feature_key,
        read=rule_items.read_rules,
        create=rule_items.create_rule,
        edit=rule_items.edit_rule,
        delete=rule_items.delete_rule,
    )


def list_keys() -> list[str]:
    """Every list's key, as the API's description offers them."""
    return sorted([*RULE_LISTS, *OTHER_KINDS])


def item_kind(key: str) -> ItemKind:
    if key in RULE_LISTS:
        return rules_kind(key)
    if key in OTHER_KINDS:
        return OTHER_KINDS[key]
    raise Http404("No such list.")
