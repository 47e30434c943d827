"""The page where a person makes, names and revokes their own keys for scripts.

A new key is shown once, on the answer to the form that made it; only its digest is kept.
Everyone signed in may have keys: a key does what its owner may do, nothing more.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.api.models import ApiToken
from portal.api.tokens import create_token, revoke_token

PAGE = "api/keys.html"
# Enough for anyone's scripts; a runaway loop making keys stops here.
MAX_ACTIVE_KEYS = 20


class KeyNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the new key"),
        max_length=80,
        help_text=gettext_lazy("What the key is for, so that you know it again: “Night report”."),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _context(request: HttpRequest, form: KeyNameForm, new_key: str = "") -> dict:
    return {
        "form": form,
        "keys": ApiToken.objects.filter(owner=request.user),
        "new_key": new_key,
        "docs_url": reverse("api:docs"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def key_list_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, PAGE, _context(request, KeyNameForm()))
    form = KeyNameForm(request.POST)
    active = ApiToken.objects.filter(owner=request.user, revoked_at__isnull=True).count()
    if form.is_valid() and active >= MAX_ACTIVE_KEYS:
        form.add_error(
            "name", _("You have %(count)s keys already: revoke one first.") % {"count": active}
        )
    if not form.is_valid():
        return render(request, PAGE, _context(request, form), status=400)
    made = create_token(request.user, form.cleaned_data["name"])
    # Shown on this answer only: no redirect, so the key is in no URL and no session.
    response = render(request, PAGE, _context(request, KeyNameForm(), new_key=made.key))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def key_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    key = ApiToken.objects.filter(owner=request.user, pk=pk).first()
    if key is None:  # someone else's key is not there, for this person
        raise Http404("No such key.")
    if revoke_token(key, request.user):
        messages.success(request, _("The key “%(name)s” no longer works.") % {"name": key.name})
    return redirect("api:keys")
