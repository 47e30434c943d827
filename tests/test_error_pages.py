"""404, 403 and 500 answer the portal's own pages, and the demo never shows Django's debug page."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse
from django.utils.functional import SimpleLazyObject

from tests.accounts.people import helpdesk

STYLESHEET = '<link rel="stylesheet" href="/static/css/portal.css">'
HOME_LINK = 'href="/">Go to the home page</a>'


def refusing_home(monkeypatch, exception: Exception) -> None:
    """The home page's view fails with `exception` once it has checked who is asking."""

    def fail(*args, **kwargs):
        raise exception

    monkeypatch.setattr("portal.views.render", fail)


def test_an_unknown_address_answers_the_portals_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert STYLESHEET in html
    assert f'href="{reverse("accounts:login")}"' in html  # a way on: signing in


def test_a_page_out_of_scope_is_the_same_404_with_a_way_on(client, db):
    client.force_login(helpdesk("hd", "acme"))

    response = client.get(reverse("gallery:definition_list"))  # the platform admin's only

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert HOME_LINK in html
    assert f'action="{reverse("directory:user_search")}"' in html  # search from here
    assert 'aria-label="Main"' in html  # the person's own menu


def test_a_refused_request_answers_the_portals_403(client, db, monkeypatch):
    client.force_login(helpdesk("hd", "acme"))
    refusing_home(monkeypatch, PermissionDenied())

    response = client.get(reverse("home"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>You cannot do this here</h1>" in html
    assert STYLESHEET in html and HOME_LINK in html


def test_a_form_without_its_token_answers_the_portals_page_for_it(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>The form had expired</h1>" in html
    assert STYLESHEET in html and HOME_LINK in html


def test_a_failing_view_answers_the_portals_500(client, db, monkeypatch):
    client.force_login(helpdesk("hd", "acme"))
    refusing_home(monkeypatch, RuntimeError("boom in the view"))
    client.raise_request_exception = False

    response = client.get(reverse("home"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert STYLESHEET in html and HOME_LINK in html
    assert "boom in the view" not in html and "Traceback" not in html


def unusable(what: str):
    def fail():
        raise RuntimeError(f"{what} is down")

    return SimpleLazyObject(fail)


def test_the_500_page_needs_neither_the_database_nor_the_request():
    # No `db` fixture: any query fails the test. Nor may the page touch the person or session.
    request = RequestFactory().get("/")
    request.user, request.session = unusable("the user"), unusable("the session")

    response = get_resolver().resolve_error_handler(500)(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html and STYLESHEET in html


def test_the_500_page_stands_even_when_its_template_fails(monkeypatch):
    def broken(name):
        raise ValueError("no manifest entry")

    monkeypatch.setattr("portal.views.loader.get_template", broken)

    response = get_resolver().resolve_error_handler(500)(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


# -- the demo ----------------------------------------------------------------------------------

DEMO_PROBE = """
import json, re, sys
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(SERVER_NAME=sys.argv[1])
missing = client.get("/no-such-page/")
login = client.get("/accounts/login/")
assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', login.content.decode())
print(json.dumps({
    "debug": settings.DEBUG,
    "missing": [missing.status_code, missing.content.decode()],
    "login": login.status_code,
    "assets": {path: client.get(path).status_code for path in assets},
}))
"""


def ask_the_demo(tmp_path, host: str, **environ) -> dict:
    """A request to the demo's settings, as its web server gets them, in a process of its own."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEMO_"))}
    keep.update(
        DJANGO_SETTINGS_MODULE="demo.settings", SWITCHBOARD_VAR_DIR=str(tmp_path), **environ
    )
    result = subprocess.run(
        [sys.executable, "-c", DEMO_PROBE, host],
        cwd=settings.BASE_DIR,
        env=keep,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_shows_the_portals_404_and_keeps_its_styles(tmp_path):
    answer = ask_the_demo(tmp_path, "127.0.0.1")

    assert answer["debug"] is False
    status, html = answer["missing"]
    assert status == 404
    assert "<h1>Page not found</h1>" in html and "URLconf" not in html
    assert answer["login"] == 200
    assert "/static/css/portal.css" in answer["assets"]
    assert set(answer["assets"].values()) == {200}, answer["assets"]


@pytest.mark.parametrize(
    ("addr", "host"),
    [("0.0.0.0:8000", "demo.example.net"), ("192.0.2.10:8080", "192.0.2.10")],
)
def test_the_demo_answers_at_the_address_it_was_started_on(tmp_path, addr, host):
    answer = ask_the_demo(tmp_path, host, DEMO_ADDR=addr)

    assert answer["missing"][0] == 404
    assert answer["login"] == 200
