"""The definitions gallery, for platform admins: any definition's form, in the spec's words.

It renders any definition's form for any of its methods and, on POST, shows the payload the
form would produce; nothing is sent anywhere. Its block and row endpoints serve its own forms.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import require_roles
from portal.accounts.models import Role
from portal.definitions.loader import all_definitions, get_definition
from portal.definitions.model import ObjectDefinition
from portal.forms import build_form_class, form_to_payload
from portal.forms.base import FormUrls, ObjectForm
from portal.forms.fragments import BLOCK_TEMPLATE, new_entry, posted_block, template_for


def _definition(name: str, method: str) -> ObjectDefinition:
    try:
        definition = get_definition(name)
    except KeyError:
        raise Http404("No such definition.") from None
    if method not in definition.methods:
        raise Http404("No such method for this definition.")
    return definition


def _form_class(name: str, method: str) -> tuple[type[ObjectForm], FormUrls]:
    definition = _definition(name, method)
    urls = FormUrls(
        block=reverse("gallery:definition_block", args=[name, method]),
        row=reverse("gallery:definition_row", args=[name, method]),
    )
    return build_form_class(definition, method), urls


@login_required
@require_roles(Role.ADMIN)
def definition_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "gallery/definition_list.html", {"definitions": all_definitions()})


@login_required
@require_roles(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def definition_form_view(request: HttpRequest, name: str, method: str) -> HttpResponse:
    form_class, urls = _form_class(name, method)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, urls=urls)
    payload = None
    if form.is_bound and form.is_valid():
        payload = json.dumps(form_to_payload(form), indent=2, ensure_ascii=False)
    context = {"definition": form.definition, "method": method, "form": form, "payload": payload}
    return render(request, "gallery/definition_form.html", context)


@login_required
@require_roles(Role.ADMIN)
@require_POST
def definition_block_view(request: HttpRequest, name: str, method: str) -> HttpResponse:
    """One block of a form, re-rendered from the posted form after a deciding field changed."""
    form_class, urls = _form_class(name, method)
    root = request.POST.get("_root", "")
    form = form_class(request.POST, prefix=root or None, quiet=True, urls=urls)
    block = posted_block(form, request.POST)
    if block is None:
        return HttpResponseBadRequest("Unknown block.")
    return render(request, BLOCK_TEMPLATE, {"form": block})


@login_required
@require_roles(Role.ADMIN)
@require_http_methods(["GET", "DELETE"])
def definition_row_view(request: HttpRequest, name: str, method: str) -> HttpResponse:
    """GET: one new entry for a list. DELETE: nothing; htmx removes the row (hx-swap="delete")."""
    form_class, urls = _form_class(name, method)
    if request.method == "DELETE":
        return HttpResponse("")
    entry = new_entry(form_class, request.GET, urls)
    if entry is None:
        return HttpResponseBadRequest("Not a list of this form.")
    template, name_in_context = template_for(entry)
    return render(request, template, {name_in_context: entry})
