"""The rule pages: add, edit, turn on or off and delete a rule, each queued as a pending change
to the rule's own endpoint (contract §5.4): POST …/criteria/, PUT …/criteria/{name}/ (`newName`
to rename), DELETE …/criteria/{name}/; for staff, and on the user's own portal."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.apio.errors import ApioError, ApioNotFound
from portal.features import item_lists
from portal.features.criteria.declaration import LISTS, NEW_RULE, CriteriaList
from portal.features.criteria.forms import (
    build_entry_form,
    entry_form_class,
    rule_payload,
    sign,
    unsign,
)
from portal.features.criteria.reading import page_context
from portal.features.item_names import free_name, taken_names
from portal.features.sections import load_section
from portal.forms.base import FormUrls
from portal.forms.presentation import focus_first_error
from portal.reads import get_services, read_settings

PAGE = "features/criteria_page.html"  # a feature page with its list of rules
FORM_PAGE = "features/criteria_form.html"
DELETE_PAGE = "features/criteria_delete.html"
LIST_UPDATE = "features/criteria_list.html#rules-update"  # the list again, after an htmx post
CONFIRM_ROW = "features/criteria_list.html#rule-confirm"  # "Delete?" in the rule's row

RULES = item_lists.ItemList(
    refused=gettext_lazy("The platform refused to show this rule: %(reason)s."),
    gone=gettext_lazy("This rule is no longer there: it may have been renamed or deleted."),
)


# -- views ------------------------------------------------------------------------------------


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
    """A change to one of the list's rules, filed with the feature's section of rules."""
    feature = f"{screen.feature.key}/{criteria_list.section}"
    definition = criteria_list.entry_name
    return item_lists.queue(
        request, screen, feature, definition, method, path, payload, snapshot, loaded_at
    )


def back(screen) -> HttpResponse:
    return redirect(f"{screen.url}#rules")


def told(request: HttpRequest, screen, notice: str, kept: str = "") -> HttpResponse:
    """After a change from the list: with htmx, the list drawn again in place and the notice in
    its status region; without, back to the page, the notice among its messages."""
    if not request.htmx:
        messages.success(request, notice)
        return back(screen)
    criteria_list = list_or_404(screen)
    section = next(s for s in screen.sections if s.key == criteria_list.section)
    loaded = load_section(screen.ref, section)
    context = {
        **page_context(screen, [{"section": section, "loaded": loaded}]),
        "rules_notice": notice,
        "rules_kept": kept,  # a rule the person chose not to delete: the focus goes back to it
        "feature_url": screen.url,
        "own_portal": screen.own_portal,
        "ref": screen.ref,
    }
    return render(request, LIST_UPDATE, context)


def handle_list(request: HttpRequest, screen) -> HttpResponse:
    """The list, read again from the platform once one of the changes it waits for (`watch`)
    is done, applied or not; 204 (nothing to draw) while they are all on their way."""
    if not request.htmx:  # the list alone is a part of its page
        return back(screen)
    criteria_list = list_or_404(screen)
    if item_lists.on_their_way(request, under=criteria_list.list_path(screen.ref)):
        return HttpResponse(status=204)
    return told(request, screen, "", kept=request.GET.get("kept", ""))


def name_is_free(screen, criteria_list: CriteriaList, current: str | None):
    """No second rule of the same name: the platform would refuse it only when sent."""
    section = next(s for s in screen.sections if s.key == criteria_list.section)
    loaded = load_section(screen.ref, section)
    listed = [str(rule.get("name")) for rule in loaded.values.get("criteria") or []]
    taken = taken_names(listed, criteria_list.list_path(screen.ref))
    return free_name(taken, _("There is already a rule called “%(name)s”."), current)


def handle_form(request: HttpRequest, screen, name: str | None = None) -> HttpResponse:
    """Add a rule (no name: POST …/criteria/) or change one (PUT …/criteria/{name}/)."""
    criteria_list = list_or_404(screen)
    method = "POST" if name is None else "PUT"
    rules_url = f"{screen.url}rules/"
    path = (
        criteria_list.list_path(screen.ref)
        if name is None
        else criteria_list.item_path(screen.ref, name)
    )
    context = item_lists.screen_context(
        screen,
        criteria_list=criteria_list,
        rule_name=name,
        method=method,
        action=request.path,
        error="",
    )
    if request.method == "GET":
        assigned_or_404(screen, criteria_list)
        initial = {**NEW_RULE, **dict(criteria_list.new_values)} if name is None else None
        if initial is None:
            try:
                initial = read_settings(path)
            except ApioNotFound as exc:
                raise Http404("No such rule.") from exc
            except ApioError as exc:
                context["error"] = RULES.read_error(exc)
                return render(request, FORM_PAGE, context)
        form = build_entry_form(
            criteria_list,
            method,
            screen.profile,
            initial_values=initial,
            rules_url=rules_url,
            ref=screen.ref,
            own_portal=screen.own_portal,
        )
        context.update(form=form, snapshot=sign(initial))
        return render(request, FORM_PAGE, context)
    snapshot = unsign(request.POST.get("_snapshot", ""))
    if snapshot is None:
        return item_lists.expired(request)
    initial, loaded_at = snapshot
    form = build_entry_form(
        criteria_list,
        method,
        screen.profile,
        data=request.POST,
        initial_values=initial,
        rules_url=rules_url,
        ref=screen.ref,
        own_portal=screen.own_portal,
    )
    context.update(form=form, snapshot=request.POST["_snapshot"])
    form.extra_checks.append(name_is_free(screen, criteria_list, name))
    if not form.is_valid():
        focus_first_error(form)
        return render(request, FORM_PAGE, context)
    payload = rule_payload(form, initial, name)
    if method == "PUT" and set(payload) == {"name"}:
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
        own_portal=screen.own_portal,
    )
    return item_lists.block_answer(request, form)


def handle_rows(request: HttpRequest, screen) -> HttpResponse:
    """GET: a new entry for a list of a rule's form (its numbers). DELETE: nothing."""
    criteria_list = list_or_404(screen)
    rules_url = f"{screen.url}rules/"
    urls = FormUrls(block=f"{rules_url}block/", row=f"{rules_url}rows/")
    return item_lists.row_answer(request, entry_form_class(criteria_list, "POST"), urls)


def handle_active(request: HttpRequest, screen, name: str) -> HttpResponse:
    """Turn a rule on or off from the list: PUT {name, active}."""
    criteria_list = list_or_404(screen)
    active = request.POST.get("active") == "true"
    path = criteria_list.item_path(screen.ref, name)
    payload = {"name": name, "active": active}
    queue(request, screen, criteria_list, "PUT", path, payload, {"active": not active})
    if active:
        return told(request, screen, _("Turning on the rule “%(name)s”.") % {"name": name})
    return told(request, screen, _("Turning off the rule “%(name)s”.") % {"name": name})


def handle_delete(request: HttpRequest, screen, name: str) -> HttpResponse:
    criteria_list = list_or_404(screen)
    if request.method == "GET":
        assigned_or_404(screen, criteria_list)
        context = item_lists.screen_context(
            screen,
            criteria_list=criteria_list,
            rule_name=name,
            action=request.path,
            rules_url=f"{screen.url}rules/",
        )
        return render(request, CONFIRM_ROW if request.htmx else DELETE_PAGE, context)
    path = criteria_list.item_path(screen.ref, name)
    queue(request, screen, criteria_list, "DELETE", path, {}, {"name": name})
    return told(request, screen, _("Deleting the rule “%(name)s”.") % {"name": name})


# -- the views, for staff and on the user's own portal ----------------------------------------

rule_new_view, my_rule_new_view = RULES.views(handle_form, ["GET", "POST"], "rule_new_view")
rule_view, my_rule_view = RULES.views(handle_form, ["GET", "POST"], "rule_view")
rules_block_view, my_rules_block_view = RULES.views(handle_block, ["POST"], "rules_block_view")
rules_rows_view, my_rules_rows_view = RULES.views(handle_rows, ["GET", "DELETE"], "rules_rows_view")
rules_view, my_rules_view = RULES.views(handle_list, ["GET"], "rules_view")
rule_active_view, my_rule_active_view = RULES.views(handle_active, ["POST"], "rule_active_view")
rule_delete_view, my_rule_delete_view = RULES.views(
    handle_delete, ["GET", "POST"], "rule_delete_view"
)
