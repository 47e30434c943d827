"""The definitions gallery (staff only) and the htmx endpoints every generated form uses.

The gallery renders any definition's form for any of its methods and, on POST, shows the payload
the form would produce; nothing is sent anywhere. The block and row endpoints only echo the
posted values and the definitions' shape, so any signed-in person may call them: feature
screens reuse them for their own forms.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from portal.definitions.loader import all_definitions, get_definition
from portal.definitions.model import ObjectDefinition
from portal.forms.base import FormUrls
from portal.forms.factory import build_form_class
from portal.forms.layout import RowEntry, list_entry, new_row_token
from portal.forms.payload import form_to_payload
from portal.forms.plan import Kind

FRAGMENTS = "forms/object_form.html"


def _require_staff(request: HttpRequest) -> None:
    # A 404 rather than a 403: the gallery is not something other people need to know about.
    if not request.user.is_staff:
        raise Http404("No such page.")


def _definition(name: str, method: str) -> tuple[ObjectDefinition, str]:
    try:
        definition = get_definition(name)
    except KeyError:
        raise Http404("No such definition.") from None
    if method not in definition.methods:
        raise Http404("No such method for this definition.")
    return definition, method


@login_required
def definition_list_view(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return render(request, "forms/definition_list.html", {"definitions": all_definitions()})


@login_required
@require_http_methods(["GET", "POST"])
def definition_form_view(request: HttpRequest, name: str, method: str) -> HttpResponse:
    _require_staff(request)
    definition, method = _definition(name, method)
    form_class = build_form_class(definition, method)
    form = form_class(request.POST) if request.method == "POST" else form_class()
    payload = None
    if form.is_bound and form.is_valid():
        payload = json.dumps(form_to_payload(form), indent=2, ensure_ascii=False)
    context = {"definition": definition, "method": method, "form": form, "payload": payload}
    return render(request, "forms/definition_form.html", context)


@login_required
@require_POST
def definition_block_view(request: HttpRequest, name: str, method: str) -> HttpResponse:
    """One block of a form, re-rendered from the posted form after a deciding field changed."""
    definition, method = _definition(name, method)
    root = request.POST.get("_root", "")
    form = build_form_class(definition, method)(request.POST, prefix=root or None, quiet=True)
    block = form.find(request.POST.get("_block", ""))
    if block is None or form.readonly:
        return HttpResponseBadRequest("Unknown block.")
    return render(request, f"{FRAGMENTS}#object-block", {"form": block})


@login_required
@require_http_methods(["GET", "DELETE"])
def definition_row_view(request: HttpRequest, name: str, method: str) -> HttpResponse:
    """GET: one new row for a list. DELETE: nothing; htmx removes the row (hx-swap="delete")."""
    if request.method == "DELETE":
        return HttpResponse("")
    definition, method = _definition(name, method)
    form_class = build_form_class(definition, method)
    path, root = request.GET.get("list", ""), request.GET.get("_root", "")
    try:
        plan = form_class.locate(path, root)
    except LookupError:
        return HttpResponseBadRequest("Unknown list.")
    urls = FormUrls.for_definition(definition.name, method)
    if plan.kind is Kind.ROWS:
        keys = [int(k) for k in request.GET.getlist(path) if k.isdigit() and len(k) < 5]
        key = str(max(keys, default=-1) + 1)
        row = plan.child(
            prefix=f"{path}-{key}",
            urls=urls,
            root_prefix=root,
            empty_permitted=True,
            use_required_attribute=False,
        )
        entry = RowEntry(
            name=path,
            key=key,
            form=row,
            label=f"{plan.name}, new entry",
            editable=True,
            remove_url=urls.row,
        )
        return render(request, f"{FRAGMENTS}#object-row", {"row": entry})
    if plan.kind is Kind.SCALAR and plan.definition.items is not None:
        entry_id = f"id_{path}_{new_row_token()}"
        entry = list_entry(plan.definition, path, entry_id, "", remove_url=urls.row)
        return render(request, f"{FRAGMENTS}#list-row", {"entry": entry})
    return HttpResponseBadRequest("Not a list.")
