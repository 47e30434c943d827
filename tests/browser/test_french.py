"""An end user whose browser speaks French: every step of forwarding their calls in French."""

import contextlib
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from portal.changes.models import ChangeStatus
from tests.accounts.people import HQ_USER
from tests.browser.axe import describe, serious_violations
from tests.features.test_browser import settle
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CFB = (
    f"/api/v1/tenants/{HQ_USER.tenant_id}/groups/{HQ_USER.group_id}/users/"
    f"{HQ_USER.user_id}/services/cfb/"
)


def french(text: str) -> str:
    with translation.override("fr"):
        said = str(translation.gettext(text))
    assert said != text, f"{text!r} has no French translation"
    return said


@pytest.fixture
def french_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_end_user_forwards_calls_when_busy_in_french(
    french_page, live_server, apio, celery_worker, transactional_db
):
    page = french_page
    with contextlib.closing(apio.client()) as client:
        client.put(CFB, json={"active": False}).raise_for_status()

    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_label(french("User name")).fill(HQ_USER.user_id)
    page.get_by_label(french("Password")).fill(USER_PASSWORD)
    page.get_by_role("button", name=french("Sign in")).click()

    expect(page).to_have_url(re.compile(r"/me/$"))  # an end user lands on their own calls
    page.get_by_role("main").get_by_role("link", name=french("Call forwarding")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(french("Call forwarding"))
    section = page.get_by_role("region", name=french("Forward when busy"))
    section.get_by_role("switch").check()
    settle(page)
    section.get_by_label(french("Forward to")).fill("0470 12 34 56")
    section.locator("button[type=submit]").click()

    applied = french(str(ChangeStatus.APPLIED.label))
    expect(section.get_by_role("status")).to_contain_text(applied, timeout=30_000)
    expect(page.locator("#feature-state")).to_contain_text("0470 12 34 56")
    with contextlib.closing(apio.client()) as client:
        stored = client.get(CFB).json()
    assert (stored["active"], stored["destination"]) == (True, "+32470123456")

    found = serious_violations(page)
    assert not found, describe(found, page.url)
