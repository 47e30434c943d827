"""The documentation page works under the portal's Content-Security-Policy: its scripts and
styles are files of our own (Swagger UI vendored as a package), none inline, none elsewhere."""

import re

import pytest
from django.test import Client
from django.urls import reverse


def test_the_docs_page_loads_only_its_own_files(client, db):
    response = client.get(reverse("api:docs"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script
    assert "<style" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("/") for url in assets)
    files = Client()
    for url in assets:
        assert files.get(url).status_code == 200, url


def test_the_docs_page_asks_for_the_description(client, db):
    script = client.get(reverse("api:docs"), {"script": ""})

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()


@pytest.mark.browser
def test_the_docs_page_draws_every_operation_in_a_browser(live_server, page):
    refused = []
    page.on("console", lambda message: refused.append(message.text))

    page.goto(f"{live_server.url}{reverse('api:docs')}")
    page.wait_for_selector(".opblock")

    assert page.locator(".opblock").count() >= 14
    assert not [text for text in refused if "Content Security Policy" in text]
