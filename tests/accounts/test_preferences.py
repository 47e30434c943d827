"""Each person's own preferences: the language the portal speaks to them and its colours."""

import json

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.accounts.preferences import theme_context
from tests.accounts.people import helpdesk, platform_admin

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("accounts:preferences")
HOME = reverse("home")
LOGIN = reverse("accounts:login")


@pytest.fixture
def person(db) -> User:
    return helpdesk("hd-acme", "acme")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def saved(person: User) -> tuple[str, str]:
    person.refresh_from_db()
    return person.language, person.theme


# -- the page -------------------------------------------------------------------------------


def test_the_page_shows_both_choices_as_they_are(signed_in, person):
    person.language, person.theme = "nl", "dark"
    person.save()

    response = signed_in.get(PREFERENCES)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Voorkeuren</h1>" in html  # in the language chosen
    assert response.context["form"]["language"].value() == "nl"
    assert response.context["form"]["theme"].value() == "dark"
    # Each language named in itself, marked as such for screen readers.
    assert '<span lang="fr">Français</span>' in html
    assert '<span lang="nl">Nederlands</span>' in html
    # Every choice has its label.
    for value in ("", "en", "fr", "nl", "system", "light", "dark"):
        assert f'value="{value}"' in html
    assert html.count("<legend>") == 2


def test_preferences_are_saved(signed_in, person):
    response = signed_in.post(PREFERENCES, {"language": "fr", "theme": "dark"})

    assert (response.status_code, response["Location"]) == (302, PREFERENCES)
    assert saved(person) == ("fr", "dark")
    follow = signed_in.get(PREFERENCES)
    assert [str(m) for m in follow.context["messages"]] == ["Vos préférences sont enregistrées."]
    assert follow["Content-Language"] == "fr"


def test_following_the_browser_again(signed_in, person):
    person.language = "nl"
    person.save()

    signed_in.post(PREFERENCES, {"language": "", "theme": "system"})

    assert saved(person) == ("", "system")


def test_the_saved_message_is_in_the_language_chosen(signed_in):
    response = signed_in.post(
        PREFERENCES, {"language": "en", "theme": "light"}, follow=True, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "Your preferences are saved." in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"language": "de", "theme": "dark"},
        {"language": "fr", "theme": "purple"},
        {"language": "fr"},
    ],
)
def test_an_invalid_choice_is_refused_and_nothing_saved(signed_in, person, data):
    response = signed_in.post(PREFERENCES, data)

    assert response.status_code == 200
    assert "were not saved" in response.content.decode()
    assert saved(person) == ("", "system")


# -- going back --------------------------------------------------------------------------------


def test_saving_goes_back_where_the_person_was(signed_in):
    next_url = reverse("changes:change_list") + "?status=failed"

    response = signed_in.post(PREFERENCES, {"language": "", "theme": "dark", "next": next_url})

    assert (response.status_code, response["Location"]) == (302, next_url)


def test_the_page_keeps_where_to_go_back(signed_in):
    response = signed_in.get(PREFERENCES, {"next": HOME})

    assert f'<input type="hidden" name="next" value="{HOME}">' in response.content.decode()


@pytest.mark.parametrize(
    "bad_next",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "\\\\evil.example",
    ],
)
def test_a_next_elsewhere_is_refused(signed_in, person, bad_next):
    page = signed_in.get(PREFERENCES, {"next": bad_next})
    assert page.context["next"] == ""
    assert "Go back without saving" not in page.content.decode()

    response = signed_in.post(PREFERENCES, {"language": "", "theme": "dark", "next": bad_next})

    assert (response.status_code, response["Location"]) == (302, PREFERENCES)
    assert saved(person) == ("", "dark")

    response = signed_in.post(PREFERENCES, {"theme": "light", "next": bad_next})

    assert (response.status_code, response["Location"]) == (302, PREFERENCES)


# -- the header's theme switch -----------------------------------------------------------------


def test_the_theme_alone_is_saved_and_the_language_kept(signed_in, person):
    person.language = "nl"
    person.save()

    response = signed_in.post(PREFERENCES, {"theme": "dark", "next": HOME})

    assert (response.status_code, response["Location"]) == (302, HOME)
    assert saved(person) == ("nl", "dark")


def test_the_theme_alone_with_htmx_leaves_the_page_as_it_is(signed_in, person):
    response = signed_in.post(PREFERENCES, {"theme": "light"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert json.loads(response["HX-Trigger"]) == {"theme-changed": {"theme": "light"}}
    assert saved(person) == ("", "light")


def test_the_whole_form_with_htmx_reloads_where_the_person_was(signed_in, person):
    response = signed_in.post(
        PREFERENCES, {"language": "fr", "theme": "light", "next": HOME}, HTTP_HX_REQUEST="true"
    )

    assert response["HX-Redirect"] == HOME
    assert saved(person) == ("fr", "light")


def test_an_unknown_theme_alone_is_refused(signed_in, person):
    response = signed_in.post(PREFERENCES, {"theme": "purple"})

    assert response.status_code == 200
    assert response.context["form"].errors["theme"]
    assert saved(person) == ("", "system")
    assert response.context["theme"] == "system"


def test_only_get_and_post(signed_in):
    assert signed_in.put(PREFERENCES).status_code == 405


# -- every role --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HELPDESK, Role.SUPERVISOR, Role.END_USER])
def test_every_role_sets_their_own(client, role):
    person = User.objects.create_user(f"someone-{role}", password="x-pass-12345", role=role)
    client.force_login(person)

    assert client.get(PREFERENCES).status_code == 200
    client.post(PREFERENCES, {"language": "nl", "theme": "dark"})

    assert saved(person) == ("nl", "dark")


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert client.post(PREFERENCES, {"theme": "dark"})["Location"].startswith(LOGIN)


# -- the theme in templates --------------------------------------------------------------------


def test_the_theme_in_every_template(signed_in, person):
    person.theme = "dark"
    person.save()

    assert signed_in.get(HOME).context["theme"] == "dark"


def test_signed_out_pages_follow_the_device(client):
    assert client.get(LOGIN).context["theme"] == "system"

    request = RequestFactory().get("/")
    assert theme_context(request)["theme"] == "system"


# -- languages ---------------------------------------------------------------------------------


def test_the_portal_speaks_english_french_and_dutch():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "fr", "nl"]
    assert dict(settings.LANGUAGES) == {"en": "English", "fr": "Français", "nl": "Nederlands"}
    assert settings.LOCALE_PATHS == [settings.BASE_DIR / "locale"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("fr-BE,fr;q=0.9,en;q=0.5", "fr"), ("nl-BE,nl;q=0.9", "nl"), ("en-GB", "en"), ("de", "en")],
)
def test_signed_out_pages_speak_the_browsers_language(client, accept, expected):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 200
    assert response["Content-Language"] == expected
    assert response.context["LANGUAGE_CODE"] == expected
    assert f'<html lang="{expected}"' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_a_signed_in_person_following_the_browser_gets_its_language(signed_in):
    response = signed_in.get(HOME, HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "fr"
    assert response.wsgi_request.LANGUAGE_CODE == "fr"


@pytest.mark.parametrize("accept", ["fr", "en", ""])
def test_the_chosen_language_wins_over_the_browsers(signed_in, person, accept):
    person.language = "nl"
    person.save()

    response = signed_in.get(HOME, HTTP_ACCEPT_LANGUAGE=accept)

    assert response["Content-Language"] == "nl"
    assert response.wsgi_request.LANGUAGE_CODE == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_a_language_chosen_applies_from_the_next_request(signed_in):
    signed_in.post(PREFERENCES, {"language": "fr", "theme": "system"})

    assert signed_in.get(HOME, HTTP_ACCEPT_LANGUAGE="nl")["Content-Language"] == "fr"


def test_the_sign_in_page_after_signing_out_speaks_the_language_chosen(signed_in):
    signed_in.post(PREFERENCES, {"language": "nl", "theme": "system"})
    signed_in.post(reverse("accounts:logout"))

    assert signed_in.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "nl"

    signed_in.force_login(platform_admin())
    signed_in.post(PREFERENCES, {"language": "", "theme": "system"})
    signed_in.post(reverse("accounts:logout"))

    assert signed_in.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "fr"


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_pages_of_a_signed_in_person_work_in_each_language(signed_in, person, language):
    person.language = language
    person.save()

    for url in (HOME, PREFERENCES, reverse("changes:change_list")):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == language


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_sign_in_page_works_in_each_language(client, language):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response["Content-Language"] == language


def test_the_time_zone_is_belgiums_unless_set(monkeypatch):
    import importlib

    import portal.settings

    monkeypatch.delenv("TIME_ZONE", raising=False)
    assert importlib.reload(portal.settings).TIME_ZONE == "Europe/Brussels"
    monkeypatch.setenv("TIME_ZONE", "UTC")
    assert importlib.reload(portal.settings).TIME_ZONE == "UTC"
    monkeypatch.delenv("TIME_ZONE")
    importlib.reload(portal.settings)
