"""A rule of a criteria-based service (selective forwarding, rejection…) turned on, off or
deleted: the same requests as the rule list's buttons (POST …/rule/<name>/active/ and
…/delete/), queued through the same outbox."""

from django.http import Http404

from portal.api.errors import PlatformUnavailable
from portal.api.sections import ApiScreen, submit
from portal.features import item_lists
from portal.features.criteria.declaration import LISTS, CriteriaList
from portal.features.sections import load_section

TURN_ON, TURN_OFF, DELETE = "turn_on", "turn_off", "delete"
ACTIONS = (TURN_ON, TURN_OFF, DELETE)


def rules_of(screen: ApiScreen) -> CriteriaList:
    """The feature's list of rules, if this screen shows it (as the rule pages ask)."""
    criteria_list = LISTS.get(screen.feature.key)
    if criteria_list is None or criteria_list.section not in {s.key for s in screen.sections}:
        raise Http404("Not found.")
    return criteria_list


def existing_rule(screen: ApiScreen, criteria_list: CriteriaList, name: str) -> dict:
    section = screen.section(criteria_list.section)
    loaded = load_section(screen.profile.ref, section)
    if loaded.error:
        raise PlatformUnavailable(loaded.error)
    rules = [] if loaded.not_assigned else loaded.values.get("criteria") or []
    rule = next((r for r in rules if isinstance(r, dict) and r.get("name") == name), None)
    if rule is None:
        raise Http404("No such rule.")
    return rule


def queue_rule(request, screen: ApiScreen, criteria_list: CriteriaList, *change, **when):
    """A change to one of the list's rules, filed with the feature's section of rules as the
    rule pages file it: (method, path, payload, snapshot, loaded_at) as `item_change` takes
    them. (the change, whether it is new)."""
    feature = f"{screen.feature.key}/{criteria_list.section}"
    change_request = item_lists.item_change(
        screen, feature, criteria_list.entry_name, *change, **when
    )
    return submit(request, screen, change_request)


def queue_rule_change(request, screen: ApiScreen, name: str, action: str):
    """As the list's buttons: turn the rule on or off, or delete it."""
    criteria_list = rules_of(screen)
    existing_rule(screen, criteria_list, name)
    path = criteria_list.item_path(screen.ref, name)
    if action == DELETE:
        return queue_rule(request, screen, criteria_list, "DELETE", path, {}, {"name": name})
    active = action == TURN_ON
    payload, snapshot = {"name": name, "active": active}, {"active": not active}
    return queue_rule(request, screen, criteria_list, "PUT", path, payload, snapshot)
