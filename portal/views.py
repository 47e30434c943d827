import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from portal.access import Permissions

logger = logging.getLogger(__name__)

# What the 500 page says when even its template cannot be drawn.
PLAIN_SERVER_ERROR = (
    "<!doctype html><html lang='en'><title>Something went wrong · Switchboard</title>"
    "<h1>Something went wrong</h1><p>Switchboard could not finish what you asked. "
    "Try again in a moment; if this keeps happening, tell your platform administrator.</p>"
    "<p><a href='/'>Go to the home page</a></p></html>"
)


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Staff start from search; an end user starts from where their own calls go."""
    if Permissions(request).starts_at_own_settings:
        return redirect("features:my_home")
    return render(request, "home.html")


def server_error_view(request: HttpRequest) -> HttpResponse:
    """The 500 page, drawn from its template alone: no request context, no database.

    Whatever failed (the database, the session, a context processor) must not fail this page
    too; and should the template itself fail, a plain page says the same.
    """
    try:
        html = loader.get_template("500.html").render()
    except Exception:  # the page about a failure must not fail in turn
        logger.exception("the 500 page could not be drawn")
        html = PLAIN_SERVER_ERROR
    return HttpResponseServerError(html)
