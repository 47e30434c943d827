"""What every page answer gets: never kept by the browser, and the platform's failures in words."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from portal import reasons
from portal.apio.errors import ApioError, ApioNotFound, TransientApioError

logger = logging.getLogger(__name__)

PLATFORM_ERROR = "platform_error.html"


class NeverCachePagesMiddleware:
    """Pages show the platform's state: Back and Forward must ask for them again, not show a
    copy from the browser's cache (or its back-forward cache) that a change has since outdated."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if html and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        if request.headers.get("HX-Request"):
            # A fragment and the page it belongs to share an address: keep them apart.
            patch_vary_headers(response, ("HX-Request",))
        return response


class PlatformErrorMiddleware:
    """A page that could not read the platform says so with a way to try again, never a 500.

    A 404 from APIO is not handled here: the views decide what a missing object means.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, ApioError) or isinstance(exception, ApioNotFound):
            return None
        transient = isinstance(exception, TransientApioError)
        logger.warning(
            "platform read failed for %s %s: %s", request.method, request.path, exception
        )
        context = {
            "transient": transient,
            "reason": "" if transient else reasons.shown(str(exception)),
            "retry_url": request.get_full_path() if request.method == "GET" else request.path,
        }
        template = PLATFORM_ERROR
        if request.headers.get("HX-Request"):
            template += "#message"
        response = render(request, template, context, status=503 if transient else 502)
        if request.headers.get("HX-Request"):
            # htmx does not swap error answers: show the message where the request came from.
            response.status_code = 200
            response["HX-Reswap"] = "innerHTML"
        return response
