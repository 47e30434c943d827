"""A rule of a criteria-based service (selective forwarding, rejection…) added, changed (and
renamed) or deleted through the API: the values go through the rule page's own form
(`build_entry_form`, with its checks and the schedules it offers), and what it would queue is
queued, filed with the service's section as the page files it."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.api.errors import PlatformUnavailable
from portal.api.item_changes import (
    NothingChanged,
    Queued,
    form_data,
    refuse_invalid,
    refuse_unknown,
    refuse_wrong_shapes,
)
from portal.api.rules import existing_rule, queue_rule, rules_of
from portal.api.sections import ApiScreen
from portal.apio.errors import ApioNotFound
from portal.features.criteria.declaration import NEW_RULE, CriteriaList
from portal.features.criteria.forms import (
    SCHEDULE_LISTS,
    SEPARATOR,
    available_schedules,
    build_entry_form,
    entry_form_class,
    rule_payload,
)
from portal.features.item_names import free_name, taken_names
from portal.features.sections import load_section
from portal.forms import payload_to_form_data
from portal.reads import read_settings

PREFIX = "rule"


def read_rules(screen: ApiScreen) -> list[dict]:
    criteria_list = rules_of(screen)
    loaded = load_section(screen.profile.ref, screen.section(criteria_list.section))
    if loaded.error:
        raise PlatformUnavailable(loaded.error)
    rules = [] if loaded.not_assigned else loaded.values.get("criteria") or []
    return [
        {"name": str(rule["name"]), "title": str(rule["name"]), "values": rule}
        for rule in rules
        if isinstance(rule, dict) and rule.get("name")
    ]


def _posted(criteria_list: CriteriaList, method: str, values: dict, ref):
    """The rule form's POST for these values; a schedule named as the form offers it, "Level|Name",
    when the platform lists the schedules the user may name."""
    data = form_data(
        payload_to_form_data, criteria_list.entry_definition, method, values, prefix=PREFIX
    )
    for field_name, kind in SCHEDULE_LISTS.items():
        chosen = values.get(field_name)
        if not isinstance(chosen, dict) or not chosen.get("name"):
            continue
        if available_schedules(ref, kind):  # listed: the form takes one of its choices
            level = str(chosen.get("level") or "User")
            data[f"{PREFIX}-{field_name}-name"] = f"{level}{SEPARATOR}{chosen['name']}"
    return data


def _name_is_free(screen: ApiScreen, criteria_list: CriteriaList, current: str | None):
    """As the page: no second rule of the same name, counting the changes on their way."""
    listed = [rule["name"] for rule in read_rules(screen)]
    taken = taken_names(listed, criteria_list.list_path(screen.profile.ref))
    return free_name(taken, _("There is already a rule called “%(name)s”."), current)


def _valid_form(screen, criteria_list, method, values: dict, initial: dict, name):
    plans = {plan.name for plan in entry_form_class(criteria_list, method).plans}
    refuse_unknown(values, plans)
    refuse_wrong_shapes(criteria_list.entry_definition, values)
    merged = {**initial, **values}
    form = build_entry_form(
        criteria_list,
        method,
        screen.profile,
        data=_posted(criteria_list, method, merged, screen.profile.ref),
        initial_values=initial,
        ref=screen.profile.ref,
        own_portal=screen.own_portal,
    )
    form.extra_checks.append(_name_is_free(screen, criteria_list, name))
    refuse_invalid(form, PREFIX)
    return form


def create_rule(request, screen: ApiScreen, values: dict) -> Queued:
    """POST …/criteria/: a new rule starts from what the page's "Add a rule" shows."""
    criteria_list = rules_of(screen)
    initial = {**NEW_RULE, **dict(criteria_list.new_values)}
    form = _valid_form(screen, criteria_list, "POST", values, initial, None)
    payload = rule_payload(form, initial, None)
    path = criteria_list.list_path(screen.profile.ref)
    snapshot = {key: initial.get(key) for key in payload if key in initial}
    return queue_rule(request, screen, criteria_list, "POST", path, payload, snapshot)


def edit_rule(request, screen: ApiScreen, name: str, values: dict) -> Queued:
    """PUT …/criteria/{name}/: only what differs from the rule as read; a new "name" renames
    it (`newName`), as the page's form does."""
    criteria_list = rules_of(screen)
    path = criteria_list.item_path(screen.profile.ref, name)
    try:
        initial = read_settings(path)
    except ApioNotFound as exc:
        raise Http404("No such rule.") from exc
    loaded_at = timezone.now()
    form = _valid_form(screen, criteria_list, "PUT", values, initial, name)
    payload = rule_payload(form, initial, name)
    if set(payload) == {"name"}:
        raise NothingChanged()
    snapshot = {key: initial.get(key) for key in payload if key in initial}
    return queue_rule(request, screen, criteria_list, "PUT", path, payload, snapshot, loaded_at)


def delete_rule(request, screen: ApiScreen, name: str) -> Queued:
    criteria_list = rules_of(screen)
    existing_rule(screen, criteria_list, name)
    path = criteria_list.item_path(screen.profile.ref, name)
    return queue_rule(request, screen, criteria_list, "DELETE", path, {}, {"name": name})
