"""A person's own preferences: the language the portal speaks to them, and its colours.

Every signed-in person has them, whatever their role. The page's form saves both; the header's
switch posts the theme alone to the same address. The chosen language is applied on every
request by ``UserLanguageMiddleware`` (after Django's ``LocaleMiddleware``, which follows the
browser for everyone else).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from portal.accounts.forms import PreferencesForm, ThemeForm
from portal.accounts.models import Theme, User

# What the header's switch listens for after an htmx post of the theme alone.
THEME_CHANGED_EVENT = "theme-changed"


def chosen_language(user) -> str:
    """The signed-in person's own language, "" when they follow their browser."""
    if not getattr(user, "is_authenticated", False):
        return ""
    language = user.language
    return language if language in dict(settings.LANGUAGES) else ""


class UserLanguageMiddleware:
    """Speak the signed-in person's chosen language; the browser's otherwise.

    Placed after ``AuthenticationMiddleware`` and ``LocaleMiddleware``: the latter has already
    activated the browser's language, which this replaces when the person chose their own.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(getattr(request, "user", None))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def theme_context(request: HttpRequest) -> dict:
    """Template context: `theme` ("system", "light" or "dark"; "system" when signed out)."""
    user = getattr(request, "user", None)
    theme = getattr(user, "theme", "") if getattr(user, "is_authenticated", False) else ""
    return {
        "theme": theme if theme in Theme.values else Theme.SYSTEM,
        "theme_choices": Theme.choices,
    }


def safe_next(request: HttpRequest) -> str:
    """Where to go back to after saving: only an address of this site, else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _remember_language(response: HttpResponse, language: str) -> None:
    """The sign-in page, before anyone is signed in, speaks the language last chosen here."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
        )


def _after_theme_alone(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    if request.htmx:
        # The page stays as it is (a form being filled in keeps what was typed); the header's
        # script sets the new theme on the page from the event.
        response = HttpResponse(status=204)
        return trigger_client_event(response, THEME_CHANGED_EVENT, {"theme": user.theme})
    return redirect(next_url or reverse("accounts:preferences"))


def _after_preferences(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    if not user.language:
        # Following the browser again: the language remembered for the sign-in page goes.
        request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
    # Said in the language just chosen (or the browser's, when following it again).
    translation.activate(user.language or translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()
    messages.success(request, _("Your preferences are saved."))
    target = next_url or reverse("accounts:preferences")
    response = HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    _remember_language(response, user.language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    # Changes are made on a copy: an invalid post must not colour the page it is shown on.
    user = User.objects.get(pk=request.user.pk)
    if request.method == "POST":
        theme_alone = "theme" in request.POST and "language" not in request.POST
        if theme_alone:
            form = ThemeForm(request.POST, instance=user)
            if form.is_valid():
                form.save()
                return _after_theme_alone(request, user, next_url)
            # Shown on the full form, the theme marked as what needs correcting.
            data = {"language": user.language, "theme": request.POST["theme"]}
            form = PreferencesForm(data, instance=User.objects.get(pk=user.pk))
            form.is_valid()
        else:
            form = PreferencesForm(request.POST, instance=user)
            if form.is_valid():
                form.save()
                return _after_preferences(request, user, next_url)
    else:
        form = PreferencesForm(instance=user)
    return render(request, "accounts/preferences.html", {"form": form, "next": next_url})
