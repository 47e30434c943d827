"""What the pages of a user's item lists share, whatever the items: a service's rules, a host's
conferences.

A list declares itself (`ItemList`: whose feature its pages are, what they say when the
platform would not show the items); the pages then get from here their staff and own-portal
views, the context every page of a feature has, the queueing of a change, the polling of the
list until the changes it waits for are done, and the htmx answers of a form's parts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal import reasons
from portal.apio.errors import ApioError, ApioNotFound, TransientApioError
from portal.changes import services as change_services
from portal.changes.models import PendingChange
from portal.features import collection_changes
from portal.forms.fragments import BLOCK_TEMPLATE, new_entry, posted_block, template_for

NO_ANSWER = gettext_lazy("The platform did not answer just now. Reload the page to try again.")


@dataclass(frozen=True)
class ItemList:
    """One kind of item list, as its pages need it."""

    # When the platform refuses to show the items: with %(reason)s, APIO's reason in words.
    refused: str
    # When the item asked for is not there (APIO answers 404); "": said as `refused`.
    gone: str = ""
    # When the platform did not answer in time; "": said as `refused`.
    busy: str = NO_ANSWER
    # The feature whose pages these are; "": the URL's (the rules serve many features).
    feature_key: str = ""

    def read_error(self, exc: ApioError) -> str:
        """Why the page cannot show the items, in words."""
        if self.gone and isinstance(exc, ApioNotFound):
            return str(self.gone)
        if self.busy and isinstance(exc, TransientApioError):
            return str(self.busy)
        return str(self.refused) % {"reason": reasons.shown(str(exc))}

    def views(self, handler: Callable[..., HttpResponse], methods: list[str], name: str):
        """The staff view and the own-portal view of one handler: each finds the page's screen
        (who may see what: 404 outside the person's scope) and hands the handler the rest of
        the URL's ids."""

        @login_required
        @require_http_methods(methods)
        def staff(request, tenant_id, group_id, user_id, **ids):
            key = self.feature_key or ids.pop("feature_key")
            screen = _screens().staff_screen(request, tenant_id, group_id, user_id, key)
            return handler(request, screen, **ids)

        @login_required
        @require_http_methods(methods)
        def own(request, **ids):
            key = self.feature_key or ids.pop("feature_key")
            return handler(request, _screens().own_screen(request, key), **ids)

        staff.__name__, own.__name__ = name, f"my_{name}"
        return staff, own


def _screens():
    from portal.features import views  # the feature views check who may see what

    return views


def screen_context(screen, **extra) -> dict:
    """What every page of a feature shows: whose it is, and where the feature's page is."""
    return {
        "feature": screen.feature,
        "feature_url": screen.url,
        "profile": screen.profile,
        "ref": screen.ref,
        "own_portal": screen.own_portal,
        **extra,
    }


def item_change(
    screen,
    feature: str,
    definition: str,
    method: str,
    path: str,
    payload: dict,
    snapshot: dict | None = None,
    loaded_at: datetime | None = None,
) -> change_services.ChangeRequest:
    """A change to an item, filed with `feature`, for the screen's user (a page's or the
    API's)."""
    return change_services.ChangeRequest(
        target=screen.ref,
        feature=feature,
        definition=definition,
        method=method,
        path=path,
        payload=payload,
        snapshot=snapshot or {},
        loaded_at=loaded_at,
    )


def queue(request: HttpRequest, screen, *change, **when) -> PendingChange:
    """The `item_change(screen, *change, **when)`, queued for the screen's user."""
    change_request = item_change(screen, *change, **when)
    return collection_changes.submit(request, change_request, screen.own_portal)


def on_their_way(request: HttpRequest, under: str = "") -> bool:
    """The changes the list waits for (`watch`: their ids, under the path `under`) are all still
    on their way: nothing to draw again yet."""
    watched = [int(pk) for pk in request.GET.get("watch", "").split(",") if pk.isdigit()]
    waiting = PendingChange.objects.filter(pk__in=watched, path__startswith=under)
    return bool(watched) and all(change.is_open for change in waiting)


def expired(request: HttpRequest) -> HttpResponse:
    """A form posted with a snapshot no longer good: the form again, from the platform."""
    messages.warning(request, _("The form had expired. Edit again."))
    return redirect(request.path)


def block_answer(request: HttpRequest, form) -> HttpResponse:
    """The block of `form` that the deciding field posted is in, drawn again (htmx)."""
    block = posted_block(form, request.POST)
    if block is None:
        return HttpResponseBadRequest("Unknown block.")
    return render(request, BLOCK_TEMPLATE, {"form": block})


def row_answer(request: HttpRequest, form_class, urls, prepare=None) -> HttpResponse:
    """GET: a new entry for one of a form's lists (`prepare`d before it is drawn). DELETE:
    nothing (htmx drops the row)."""
    if request.method == "DELETE":
        return HttpResponse("")
    entry = new_entry(form_class, request.GET, urls)
    if entry is None:
        return HttpResponseBadRequest("Not a list of this form.")
    if prepare is not None:
        prepare(entry)
    template, name_in_context = template_for(entry)
    return render(request, template, {name_in_context: entry})
