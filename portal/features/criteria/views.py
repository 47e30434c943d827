"""The rule pages: add, edit, turn on or off and delete a rule, each queued as a pending change
to the rule's own endpoint (contract §5.4): POST …/criteria/, PUT …/criteria/{name}/ (`newName`
to rename), DELETE …/criteria/{name}/; for staff, and on the user's own portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import reasons
from portal.apio.errors import ApioError, ApioNotFound, TransientApioError
from portal.changes import services as change_services
from portal.changes.models import PendingChange
from portal.features import collection_changes
from portal.features.criteria.declaration import ALWAYS_SHOWN, LISTS, NEW_RULE, CriteriaList
from portal.features.criteria.forms import (
    build_entry_form,
    entry_form_class,
    schedules_in_payload,
    sign,
    unsign,
)
from portal.features.criteria.reading import page_context
from portal.features.item_names import free_name, taken_names
from portal.features.sections import load_section
from portal.forms import form_to_payload
from portal.forms.base import FormUrls
from portal.forms.fragments import BLOCK_TEMPLATE, new_entry, posted_block, template_for
from portal.forms.presentation import focus_first_error
from portal.reads import get_services, read_settings

PAGE = "features/criteria_page.html"  # a feature page with its list of rules
FORM_PAGE = "features/criteria_form.html"
DELETE_PAGE = "features/criteria_delete.html"
LIST_UPDATE = "features/criteria_list.html#rules-update"  # the list again, after an htmx post
CONFIRM_ROW = "features/criteria_list.html#rule-confirm"  # "Delete?" in the rule's row


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
    return collection_changes.submit(request, change, screen.own_portal)


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
    watched = [int(pk) for pk in request.GET.get("watch", "").split(",") if pk.isdigit()]
    prefix = criteria_list.list_path(screen.ref)
    waiting = PendingChange.objects.filter(pk__in=watched, path__startswith=prefix)
    if watched and all(change.is_open for change in waiting):
        return HttpResponse(status=204)
    return told(request, screen, "", kept=request.GET.get("kept", ""))


def name_is_free(screen, criteria_list: CriteriaList, current: str | None):
    """No second rule of the same name: the platform would refuse it only when sent."""
    section = next(s for s in screen.sections if s.key == criteria_list.section)
    loaded = load_section(screen.ref, section)
    listed = [str(rule.get("name")) for rule in loaded.values.get("criteria") or []]
    taken = taken_names(listed, criteria_list.list_path(screen.ref))
    return free_name(taken, _("There is already a rule called “%(name)s”."), current)


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
            own_portal=screen.own_portal,
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
        own_portal=screen.own_portal,
    )
    context.update(form=form, snapshot=request.POST["_snapshot"])
    form.extra_checks.append(name_is_free(screen, criteria_list, name))
    if not form.is_valid():
        focus_first_error(form)
        return render(request, FORM_PAGE, context)
    payload = form_to_payload(form)
    schedules_in_payload(payload, initial)
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
        own_portal=screen.own_portal,
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
        return told(request, screen, _("Turning on the rule “%(name)s”.") % {"name": name})
    return told(request, screen, _("Turning off the rule “%(name)s”.") % {"name": name})


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
            "rules_url": f"{screen.url}rules/",
        }
        return render(request, CONFIRM_ROW if request.htmx else DELETE_PAGE, context)
    path = criteria_list.item_path(screen.ref, name)
    queue(request, screen, criteria_list, "DELETE", path, {}, {"name": name})
    return told(request, screen, _("Deleting the rule “%(name)s”.") % {"name": name})


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
@require_http_methods(["GET"])
def rules_view(request, tenant_id, group_id, user_id, feature_key):
    return handle_list(request, _staff(request, tenant_id, group_id, user_id, feature_key))


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
@require_http_methods(["GET"])
def my_rules_view(request, feature_key):
    return handle_list(request, _own(request, feature_key))


@login_required
@require_POST
def my_rule_active_view(request, feature_key, name):
    return handle_active(request, _own(request, feature_key), name)


@login_required
@require_http_methods(["GET", "POST"])
def my_rule_delete_view(request, feature_key, name):
    return handle_delete(request, _own(request, feature_key), name)
