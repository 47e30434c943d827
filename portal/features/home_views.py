"""The home page's switches: one tap queues the section's save with only `active` changed.

The switch posts what the section's own form would post for that one field (its signed snapshot
and `<section>-active`), and the save goes through the feature page's own code: the same
checks, the same pending change, the same audit entry. Access is the feature page's: a
feature the tenant does not let the user change answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.features import home_page
from portal.features.views import own_screen, save_section

SWITCHED = "features/my_home.html#switched"  # htmx: the switch, its news in the status region
ALLOWED_FIELDS = {"_snapshot", "csrfmiddlewaretoken"}


def news(switch: home_page.Switch, context: dict, saved: bool) -> str:
    """What the status region says of the tap."""
    if saved:
        return switch.turning(switch.on)
    form = context.get("form")
    if form is not None and form.errors:
        if switch.needs_form:
            return _("Choose the number to forward calls to first.")
        return _("%(switch)s could not be changed here: open its page.") % {"switch": switch.label}
    return str(context.get("notice") or "")


@login_required
@require_POST
def my_switch_view(request: HttpRequest, feature_key: str, section_key: str) -> HttpResponse:
    screen = own_screen(request, feature_key)
    section = screen.section(section_key)
    if (screen.feature, section.key) not in home_page.SWITCHES:
        raise Http404("Not found.")
    field = f"{section.key}-active"
    if field not in request.POST or set(request.POST) - ALLOWED_FIELDS - {field}:
        return HttpResponseBadRequest("A switch sends its state alone.")
    context, saved = save_section(request, screen, section)
    # The values the switch was drawn with (read afresh when its snapshot had expired).
    switch = home_page.Switch(screen.feature, section, context["loaded"])
    if saved:
        switch = switch.switched(request.POST[field] in ("on", "true"))
    refused = not saved and context["form"] is not None and bool(context["form"].errors)
    said = news(switch, context, saved)
    if not request.htmx:
        (messages.success if saved else messages.warning)(request, said)
        if refused:  # the section's form says why, by the field
            return redirect(switch.form_url)
        return redirect("features:my_home")
    change = context.get("change") if saved else None
    return render(
        request,
        SWITCHED,
        # The switch drawn anew keeps the focus the tap gave it.
        {"switch": switch, "news": said, "change": change, "refused": refused, "tapped": True},
    )
