"""The criteria editor: a service's rules (criteria) as a list, each edited on its own page.

A criteria-based service (selective forwarding, selective call rejection or acceptance,
priority alert) declares a `CriteriaList` next to its `Feature`: the rules are read from the
service's GET (its `criteria` array), and every edit is queued as a pending change to the rule's
own endpoint (contract §5.4): POST …/criteria/ to add, PUT …/criteria/{name}/ to change
(`newName` to rename), DELETE …/criteria/{name}/ to remove.
"""

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, cached_property
from typing import Any
from urllib.parse import unquote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal import reasons
from portal.accounts.acting import acting_for_user_id
from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioError, ApioNotFound, TransientApioError
from portal.changes import services as change_services
from portal.changes.models import ChangeStatus, PendingChange
from portal.definitions import loader
from portal.definitions.model import ObjectDefinition
from portal.directory.phone import national
from portal.features.forms import not_own_line
from portal.features.sections import RECENT_CHANGE_SECONDS
from portal.forms import build_form_class, form_to_payload, payload_to_initial
from portal.forms.base import FormUrls, ObjectForm
from portal.forms.fragments import BLOCK_TEMPLATE, new_entry, posted_block, template_for
from portal.forms.plan import Role
from portal.forms.presentation import (
    FieldWords,
    Presentation,
    apply_presentation,
    focus_first_error,
)
from portal.reads import get_services, read_settings

PAGE = "features/criteria_page.html"  # a feature page with its list of rules
FORM_PAGE = "features/criteria_form.html"
DELETE_PAGE = "features/criteria_delete.html"
SNAPSHOT_SALT = "features.criteria.snapshot"
# Who calls, as a rule's form has it: the spec's "Criteria From DN" with the editor's checks.
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


def service_definition(definition: ObjectDefinition) -> ObjectDefinition:
    """Make a definition composed here from bundled ones known to `get_definition`."""
    return loader.register_derived(definition)


@dataclass(frozen=True)
class CriteriaList:
    """The rules of one criteria-based service, shown on its feature's page."""

    feature: str  # the feature's key
    section: str  # the section of the same service: its changes are filed with it
    title: str
    service_path: str  # the contract's path under …/services/
    service_name: str  # the BroadWorks service that must be assigned
    definition: str  # the service's own criteria fields, combined with the generic "criteria"
    drop: tuple[str, ...] = ()  # generic fields this service does not use
    destinations: tuple[str, ...] = ()  # fields that forward somewhere: never the own line
    words: tuple[FieldWords, ...] = ()
    # A rule sends no "forward to" (rejection, acceptance): its action is doNotPerformAction.
    forwarding: bool = True
    # What a new rule starts from, besides NEW_RULE: (field, value) pairs.
    new_values: tuple[tuple[str, Any], ...] = ()

    @property
    def entry_name(self) -> str:
        return f"{self.definition}_entry"

    @cached_property
    def entry_definition(self) -> ObjectDefinition:
        """The generic criteria and the service's own fields, as one rule.

        The spec's "required" conditions (a number for "Forward To Specified Number", numbers
        for "Specified Only") are the editor's own checks instead, said in people's words.
        """
        generic = loader.get_definition("criteria")
        own = loader.get_definition(self.definition)
        from_dn = service_definition(
            dataclasses.replace(
                loader.get_definition("criteria_from_dn"), name=FROM_DN, conditions=()
            )
        )
        fields = tuple(
            dataclasses.replace(f, ref=from_dn.name) if f.ref == "criteria_from_dn" else f
            for f in (*generic.fields, *own.fields)
            if f.name not in self.drop
        )
        combined = dataclasses.replace(own, name=self.entry_name, fields=fields, conditions=())
        return service_definition(combined)

    @property
    def presentation(self) -> Presentation:
        return Presentation(definition=self.entry_name, words=self.words, spell_number=national)

    def list_path(self, ref) -> str:
        return paths.criteria_list(ref, self.service_path)

    def item_path(self, ref, name: str) -> str:
        return paths.criteria(ref, self.service_path, name)


LISTS: dict[str, CriteriaList] = {}


def register(criteria_list: CriteriaList) -> CriteriaList:
    criteria_list.entry_definition  # noqa: B018 (known to get_definition from now on)
    LISTS[criteria_list.feature] = criteria_list
    return criteria_list


# -- the form ---------------------------------------------------------------------------------


@cache
def entry_form_class(criteria_list: CriteriaList, method: str) -> type[ObjectForm]:
    base = build_form_class(criteria_list.entry_definition, method)
    plans = tuple(
        dataclasses.replace(plan, role=Role.REQUIRED) if plan.name in ALWAYS_SHOWN else plan
        for plan in base.plans
        if plan.name not in HIDDEN
    )
    form_class = type(
        f"{base.__name__}Rule{method.title()}", (base,), {"__module__": __name__, "plans": plans}
    )
    # What the required parts had of their own: the choice to leave them out.
    form_class.base_fields = {
        name: field
        for name, field in base.base_fields.items()
        if name not in HIDDEN and name not in ALWAYS_SHOWN
    }
    return form_class


def _plan(form: ObjectForm, name: str):
    return next((plan for plan in form.plans if plan.name == name), None)


def numbers_when_specified(form: ObjectForm) -> Iterator[tuple[str, str]]:
    """ "Only these callers" needs at least one number (the spec says so for a POST; a PUT that
    empties the list is refused by the platform too)."""
    selection, numbers = _plan(form, "selection"), _plan(form, "phoneNumbers")
    if selection is None or numbers is None:
        return
    if form.value_of(selection) == "Specified Only" and not form.value_of(numbers):
        yield numbers.name, _("Enter at least one number, or choose any caller.")


def number_when_another(form: ObjectForm) -> Iterator[tuple[str, str]]:
    selection, number = _plan(form, "forwardToNumberSelection"), _plan(form, "forwardToPhoneNumber")
    if selection is None or number is None:
        return
    if form.value_of(selection) == "Forward To Specified Number" and not form.value_of(number):
        yield number.name, _("Enter the number to forward these calls to.")


def build_entry_form(
    criteria_list: CriteriaList,
    method: str,
    profile,
    data=None,
    initial_values=None,
    rules_url: str = "",
    quiet: bool = False,
    ref=None,
) -> ObjectForm:
    definition = criteria_list.entry_definition
    initial = payload_to_initial(definition, initial_values or {})
    urls = FormUrls(block=f"{rules_url}block/", row=f"{rules_url}rows/") if rules_url else None
    form = entry_form_class(criteria_list, method)(
        data, initial=initial, prefix="rule", urls=urls, quiet=quiet
    )
    apply_presentation(form, criteria_list.presentation)
    if ref is not None:
        offer_schedules(form, ref)
    form.extra_checks.append(number_when_another)
    for child in form.children.values():
        if child.definition.name == FROM_DN:
            child.extra_checks.append(numbers_when_specified)
    if criteria_list.destinations:
        form.extra_checks.append(not_own_line(profile, criteria_list.destinations))
    return form


# Where the schedules a rule may name are listed (contract §5.7): the user's lists, with
# {"allLevels": true} for the group's and the tenant's as well, each with its level.
SCHEDULE_LISTS = {"timeSchedule": "time_schedules", "holidaySchedule": "calendar_schedules"}
LEVEL_NAMES = {
    "User": _lazy("This user"),
    "Group": _lazy("The group"),
    "Tenant": _lazy("The whole organisation"),
}


def available_schedules(ref, kind: str) -> list[tuple[str, str]] | None:
    """(level, name) of the schedules of that kind the user may name; None when unreadable."""
    try:
        data = get_client().get(paths.user_schedules(ref, kind), {"allLevels": True}) or {}
    except ApioError:
        return None
    found = data.get("schedules") if isinstance(data, dict) else None
    return [
        (str(item.get("level") or "User"), str(item["name"]))
        for item in found or []
        if isinstance(item, dict) and item.get("name")
    ]


def offer_schedules(form: ObjectForm, ref) -> None:
    """A rule's schedules chosen among those APIO lists, by level; a typed name when it cannot
    say. The level chosen must be the schedule's own: the platform refuses another."""
    for field_name, kind in SCHEDULE_LISTS.items():
        child = form.children.get(field_name)
        if child is None or "name" not in child.fields:
            continue
        listed = available_schedules(ref, kind)
        if not listed:
            continue
        current = child.initial.get("name")
        groups = []
        for level, level_name in LEVEL_NAMES.items():
            names = [(name, name) for at, name in listed if at == level]
            if names:
                groups.append((str(level_name), names))
        if current and current not in {name for _level, name in listed}:
            groups.insert(0, (str(_("Now")), [(current, current)]))
        old = child.fields["name"]
        child.fields["name"] = forms.ChoiceField(
            choices=[("", _("Choose…")), *groups],
            required=old.required,
            label=old.label,
            help_text=old.help_text,
        )
        child.extra_checks.append(schedule_at_level(set(listed)))


def schedule_at_level(listed: set[tuple[str, str]]):
    def check(form: ObjectForm) -> Iterator[tuple[str, str]]:
        name, level = _plan(form, "name"), _plan(form, "level")
        if name is None or level is None:
            return
        chosen, at = form.value_of(name), form.value_of(level) or "User"
        if not chosen or (at, chosen) in listed:
            return
        levels = [str(LEVEL_NAMES.get(lv, lv)) for lv, n in sorted(listed) if n == chosen]
        if levels:
            message = _("This schedule is defined for: %(levels)s. Choose that below.")
            yield level.name, message % {"levels": ", ".join(levels)}

    return check


def sign(values: dict) -> str:
    data = {"values": values, "loaded_at": timezone.now().isoformat()}
    return signing.dumps(data, salt=SNAPSHOT_SALT)


def unsign(signed: str) -> tuple[dict, Any] | None:
    try:
        data = signing.loads(signed, salt=SNAPSHOT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    return data["values"], datetime.fromisoformat(data["loaded_at"])


# -- the list, in words -----------------------------------------------------------------------


def calls_from_text(from_dn: dict) -> str:
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


LEVELS = {"User": "", "Group": "group", "Tenant": "tenant"}


def schedule_text(value: Any) -> str:
    """A schedule as the list names it: "Lunch break (group)"; "" when there is none."""
    if isinstance(value, dict):
        name, level = value.get("name", ""), value.get("level", "User")
    elif isinstance(value, str) and value and value != "None":
        name, level = value, "User"
        if value.endswith(")") and "(" in value:
            name, level = value[:-1].rsplit("(", 1)
    else:
        return ""
    shown = {"Group": _("group"), "Tenant": _("tenant")}.get(level)
    return f"{name} ({shown})" if shown else name


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
    change: PendingChange | None = None

    @property
    def name(self) -> str:
        return self.entry.get("name", "")

    @property
    def active(self) -> bool:
        return bool(self.entry.get("active"))

    @property
    def calls_from(self) -> str:
        return calls_from_text(self.entry.get("fromDnCriteria") or {})

    @property
    def schedules(self) -> str:
        # The list form types the time pair and the holiday pair the other way round (§5.4).
        time = schedule_text(self.entry.get("timeSchedule")) or schedule_text(
            self.entry.get("timeScheduleObj")
        )
        holiday = schedule_text(self.entry.get("holidayScheduleObj")) or schedule_text(
            self.entry.get("holidaySchedule")
        )
        parts = [time, _("holidays: %(name)s") % {"name": holiday} if holiday else ""]
        return "; ".join(part for part in parts if part) or _("Always")

    @property
    def forward_to(self) -> str:
        return forward_text(self.entry)


def recent_changes(path_prefix: str) -> list[PendingChange]:
    """The rule changes worth showing next to the list, newest first: those on their way or
    refused, and those applied in the last minutes."""
    since = timezone.now() - timedelta(seconds=RECENT_CHANGE_SECONDS)
    queryset = PendingChange.objects.filter(path__startswith=path_prefix)
    queryset = queryset.exclude(status=ChangeStatus.CANCELLED).exclude(
        status=ChangeStatus.APPLIED, finished_at__lt=since
    )
    return list(queryset.order_by("-created_at", "-id")[:10])


def describe(change: PendingChange) -> str:
    """What a rule change does, in words: "New rule Evenings"."""
    name = unquote(change.path.rstrip("/").rsplit("/", 1)[-1])
    if change.method == "POST":
        return _("New rule %(name)s") % {"name": change.payload.get("name", "")}
    if change.method == "DELETE":
        return _("Rule %(name)s deleted") % {"name": name}
    if "newName" in change.payload:
        return _("Rule %(name)s renamed %(new)s") % {"name": name, "new": change.payload["newName"]}
    if set(change.payload) == {"name", "active"}:
        if change.payload["active"]:
            return _("Rule %(name)s turned on") % {"name": name}
        return _("Rule %(name)s turned off") % {"name": name}
    return _("Rule %(name)s changed") % {"name": name}


def page_context(screen, sections: list[dict]) -> dict:
    """What the feature page adds for its rules (nothing for a feature without any)."""
    criteria_list = LISTS.get(screen.feature.key)
    if criteria_list is None:
        return {}
    owner = next((s for s in sections if s["section"].key == criteria_list.section), None)
    if owner is None:
        return {}
    loaded = owner["loaded"]
    rules = [Rule(entry) for entry in loaded.values.get("criteria") or []]
    prefix = criteria_list.list_path(screen.ref)
    changes = recent_changes(prefix)
    for rule in rules:
        path = criteria_list.item_path(screen.ref, rule.name)
        rule.change = next((c for c in changes if c.path == path), None)
    return {
        "criteria_list": criteria_list,
        "rules": rules,
        "rules_available": loaded.available,
        "rule_changes": [(change, describe(change)) for change in changes],
        "rules_url": f"{screen.url}rules/",
        "rule_url": f"{screen.url}rule/",
    }


# -- views ------------------------------------------------------------------------------------


def _screens():
    from portal.features import views  # the feature views draw the page these rules are on

    return views


def list_or_404(screen) -> CriteriaList:
    criteria_list = LISTS.get(screen.feature.key)
    if criteria_list is None or criteria_list.section not in {s.key for s in screen.sections}:
        raise Http404("Not found.")
    return criteria_list


def assigned_or_404(screen, criteria_list: CriteriaList) -> None:
    try:
        assigned = {state.name for state in get_services(screen.ref) if state.assigned}
    except ApioError:
        return  # the platform judges it when the change is pushed
    if criteria_list.service_name not in assigned:
        raise Http404("Not found.")


def queue(request, screen, criteria_list, method, path, payload, snapshot, loaded_at=None):
    change = change_services.ChangeRequest(
        target=screen.ref,
        feature=f"{screen.feature.key}/{criteria_list.section}",
        definition=criteria_list.entry_name,
        method=method,
        path=path,
        payload=payload,
        snapshot=snapshot,
        loaded_at=loaded_at,
    )
    acting_for = acting_for_user_id(request) if screen.own_portal else ""
    try:
        return change_services.submit_change(request.user, change, acting_for=acting_for)
    except change_services.AlreadyQueued as queued:
        messages.info(request, _("This change is queued already: it will be sent once."))
        return queued.change


def back(screen) -> HttpResponse:
    return redirect(f"{screen.url}#rules")


def read_error(exc: ApioError) -> str:
    if isinstance(exc, ApioNotFound):
        return _("This rule is no longer there: it may have been renamed or deleted.")
    if isinstance(exc, TransientApioError):
        return _("The platform did not answer just now. Reload the page to try again.")
    return _("The platform refused to show this rule: %(reason)s.") % {
        "reason": reasons.shown(str(exc))
    }


def handle_form(request: HttpRequest, screen, name: str | None) -> HttpResponse:
    """Add a rule (no name: POST …/criteria/) or change one (PUT …/criteria/{name}/)."""
    criteria_list = list_or_404(screen)
    method = "POST" if name is None else "PUT"
    rules_url = f"{screen.url}rules/"
    path = (
        criteria_list.list_path(screen.ref)
        if name is None
        else criteria_list.item_path(screen.ref, name)
    )
    context = {
        "feature": screen.feature,
        "feature_url": screen.url,
        "profile": screen.profile,
        "ref": screen.ref,
        "own_portal": screen.own_portal,
        "criteria_list": criteria_list,
        "rule_name": name,
        "method": method,
        "action": request.path,
        "error": "",
    }
    if request.method == "GET":
        assigned_or_404(screen, criteria_list)
        initial = {**NEW_RULE, **dict(criteria_list.new_values)} if name is None else None
        if initial is None:
            try:
                initial = read_settings(path)
            except ApioNotFound as exc:
                raise Http404("No such rule.") from exc
            except ApioError as exc:
                context["error"] = read_error(exc)
                return render(request, FORM_PAGE, context)
        form = build_entry_form(
            criteria_list,
            method,
            screen.profile,
            initial_values=initial,
            rules_url=rules_url,
            ref=screen.ref,
        )
        context.update(form=form, snapshot=sign(initial))
        return render(request, FORM_PAGE, context)
    snapshot = unsign(request.POST.get("_snapshot", ""))
    if snapshot is None:
        messages.warning(request, _("The form had expired. Edit again."))
        return redirect(request.path)
    initial, loaded_at = snapshot
    form = build_entry_form(
        criteria_list,
        method,
        screen.profile,
        data=request.POST,
        initial_values=initial,
        rules_url=rules_url,
        ref=screen.ref,
    )
    context.update(form=form, snapshot=request.POST["_snapshot"])
    if not form.is_valid():
        focus_first_error(form)
        return render(request, FORM_PAGE, context)
    payload = form_to_payload(form)
    if method == "PUT":
        for key in ALWAYS_SHOWN:  # sent whole by the form: only when it changed
            was = initial.get(key)
            sent = payload.get(key)
            same = isinstance(sent, dict) and isinstance(was, dict)
            if same and all(was.get(part) == value for part, value in sent.items()):
                del payload[key]
        typed = payload.get("name") or name
        payload["name"] = name
        if typed != name:
            payload["newName"] = typed
        if set(payload) == {"name"}:
            messages.info(request, _("Nothing changed."))
            return back(screen)
    snapshot_values = {key: initial.get(key) for key in payload if key in initial}
    queue(request, screen, criteria_list, method, path, payload, snapshot_values, loaded_at)
    if method == "POST":
        messages.success(request, _("The new rule is on its way to the platform."))
    else:
        messages.success(request, _("The rule's changes are on its way to the platform."))
    return back(screen)


def handle_block(request: HttpRequest, screen) -> HttpResponse:
    """One block of a rule's form, drawn again after a deciding field changed."""
    criteria_list = list_or_404(screen)
    method = "PUT" if request.POST.get("_method") == "PUT" else "POST"
    snapshot = unsign(request.POST.get("_snapshot", ""))
    form = build_entry_form(
        criteria_list,
        method,
        screen.profile,
        data=request.POST,
        initial_values=snapshot[0] if snapshot else {},
        rules_url=f"{screen.url}rules/",
        quiet=True,
        ref=screen.ref,
    )
    block = posted_block(form, request.POST)
    if block is None:
        return HttpResponseBadRequest("Unknown block.")
    return render(request, BLOCK_TEMPLATE, {"form": block})


def handle_rows(request: HttpRequest, screen) -> HttpResponse:
    """GET: a new entry for a list of a rule's form (its numbers). DELETE: nothing."""
    criteria_list = list_or_404(screen)
    if request.method == "DELETE":
        return HttpResponse("")
    rules_url = f"{screen.url}rules/"
    urls = FormUrls(block=f"{rules_url}block/", row=f"{rules_url}rows/")
    entry = new_entry(entry_form_class(criteria_list, "POST"), request.GET, urls)
    if entry is None:
        return HttpResponseBadRequest("Not a list of this form.")
    template, name_in_context = template_for(entry)
    return render(request, template, {name_in_context: entry})


def handle_active(request: HttpRequest, screen, name: str) -> HttpResponse:
    """Turn a rule on or off from the list: PUT {name, active}."""
    criteria_list = list_or_404(screen)
    active = request.POST.get("active") == "true"
    path = criteria_list.item_path(screen.ref, name)
    payload = {"name": name, "active": active}
    queue(request, screen, criteria_list, "PUT", path, payload, {"active": not active})
    if active:
        messages.success(request, _("Turning on the rule “%(name)s”.") % {"name": name})
    else:
        messages.success(request, _("Turning off the rule “%(name)s”.") % {"name": name})
    return back(screen)


def handle_delete(request: HttpRequest, screen, name: str) -> HttpResponse:
    criteria_list = list_or_404(screen)
    if request.method == "GET":
        assigned_or_404(screen, criteria_list)
        context = {
            "feature": screen.feature,
            "feature_url": screen.url,
            "profile": screen.profile,
            "ref": screen.ref,
            "own_portal": screen.own_portal,
            "criteria_list": criteria_list,
            "rule_name": name,
            "action": request.path,
        }
        return render(request, DELETE_PAGE, context)
    path = criteria_list.item_path(screen.ref, name)
    queue(request, screen, criteria_list, "DELETE", path, {}, {"name": name})
    messages.success(request, _("Deleting the rule “%(name)s”.") % {"name": name})
    return back(screen)


# -- staff pages ------------------------------------------------------------------------------


def _staff(request, tenant_id, group_id, user_id, feature_key):
    return _screens().staff_screen(request, tenant_id, group_id, user_id, feature_key)


@login_required
@require_http_methods(["GET", "POST"])
def rule_new_view(request, tenant_id, group_id, user_id, feature_key):
    return handle_form(request, _staff(request, tenant_id, group_id, user_id, feature_key), None)


@login_required
@require_http_methods(["GET", "POST"])
def rule_view(request, tenant_id, group_id, user_id, feature_key, name):
    return handle_form(request, _staff(request, tenant_id, group_id, user_id, feature_key), name)


@login_required
@require_POST
def rules_block_view(request, tenant_id, group_id, user_id, feature_key):
    return handle_block(request, _staff(request, tenant_id, group_id, user_id, feature_key))


@login_required
@require_http_methods(["GET", "DELETE"])
def rules_rows_view(request, tenant_id, group_id, user_id, feature_key):
    return handle_rows(request, _staff(request, tenant_id, group_id, user_id, feature_key))


@login_required
@require_POST
def rule_active_view(request, tenant_id, group_id, user_id, feature_key, name):
    screen = _staff(request, tenant_id, group_id, user_id, feature_key)
    return handle_active(request, screen, name)


@login_required
@require_http_methods(["GET", "POST"])
def rule_delete_view(request, tenant_id, group_id, user_id, feature_key, name):
    screen = _staff(request, tenant_id, group_id, user_id, feature_key)
    return handle_delete(request, screen, name)


# -- the user's own portal --------------------------------------------------------------------


def _own(request, feature_key):
    return _screens().own_screen(request, feature_key)


@login_required
@require_http_methods(["GET", "POST"])
def my_rule_new_view(request, feature_key):
    return handle_form(request, _own(request, feature_key), None)


@login_required
@require_http_methods(["GET", "POST"])
def my_rule_view(request, feature_key, name):
    return handle_form(request, _own(request, feature_key), name)


@login_required
@require_POST
def my_rules_block_view(request, feature_key):
    return handle_block(request, _own(request, feature_key))


@login_required
@require_http_methods(["GET", "DELETE"])
def my_rules_rows_view(request, feature_key):
    return handle_rows(request, _own(request, feature_key))


@login_required
@require_POST
def my_rule_active_view(request, feature_key, name):
    return handle_active(request, _own(request, feature_key), name)


@login_required
@require_http_methods(["GET", "POST"])
def my_rule_delete_view(request, feature_key, name):
    return handle_delete(request, _own(request, feature_key), name)
