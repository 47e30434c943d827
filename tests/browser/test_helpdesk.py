"""A helpdesk agent's day, in real Chromium: the sandbox APIO and a real worker behind it."""

import pytest
from playwright.sync_api import expect

from portal.accounts.models import Role, Scope, User
from tests.accounts.people import sign_in_in_browser
from tests.features.conftest import ALL_SERVICES, user_of
from tests.features.test_pages import national

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PASSWORD = "browser-helpdesk-pass"
APPLIED_TIMEOUT = 30_000


@pytest.fixture
def helpdesk_page(page, live_server, celery_worker):
    user = User.objects.create_user("hd-browser", password=PASSWORD, role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id="acme")
    sign_in_in_browser(page, live_server.url, user.username, PASSWORD)
    return page


def open_feature(page, live_server, feature: str) -> None:
    ref = ALL_SERVICES
    page.goto(f"{live_server.url}/users/{ref.tenant_id}/{ref.group_id}/{ref.user_id}/{feature}/")


def save_and_wait_applied(page, section_id: str, button: str) -> None:
    section = page.locator(f"#section-{section_id}")
    section.get_by_role("button", name=button).click()
    expect(section.locator(".status")).to_have_text("Queued")
    expect(section.locator(".status")).to_have_text("Applied", timeout=APPLIED_TIMEOUT)


def test_search_by_national_number_then_forward_always(helpdesk_page, live_server, apio):
    page = helpdesk_page
    details = user_of(apio, ALL_SERVICES.user_id)
    page.get_by_role("link", name="Find a user").click()
    page.get_by_label("Name, user id, phone number or extension").fill(
        national(details["phoneNumber"])
    )
    result = page.locator("#results").get_by_role("link", name=details["lastName"])
    expect(result).to_be_visible()
    result.click()
    page.get_by_role("link", name="Call forwarding").click()

    always = page.locator("#section-always")
    always.get_by_role("switch", name="Forward all calls").check()
    always.get_by_label("Forward to").fill("0470 12 34 56")
    save_and_wait_applied(page, "always", "Save forward always")

    page.reload()
    expect(page.locator("#section-always").get_by_label("Forward to")).to_have_value(
        "0470 12 34 56"
    )
    expect(page.locator("#feature-state")).to_contain_text("All calls forwarded to 0470 12 34 56")
    stored = apio.object(
        f"/api/v1/tenants/acme/groups/acme-hq/users/{details['userId']}/services/cfa/"
    )
    assert stored["destination"] == "+32470123456" and stored["active"] is True


def test_voice_messaging_setting_and_a_greeting(helpdesk_page, live_server, apio):
    page = helpdesk_page
    open_feature(page, live_server, "voice-messaging")
    basic = page.locator("#section-basic")
    basic.get_by_label("Only sent to my email address").check()
    save_and_wait_applied(page, "basic", "Save voicemail")

    page.locator("#section-greetings details.more > summary").click()  # "More settings"
    page.locator("#id_greetings-noAnswerAlternateGreeting01-name").fill("Summer holidays")
    save_and_wait_applied(page, "greetings", "Save greetings")

    page.reload()
    expect(
        page.locator("#section-basic").get_by_label("Only sent to my email address")
    ).to_be_checked()
    expect(page.locator("#id_greetings-noAnswerAlternateGreeting01-name")).to_have_value(
        "Summer holidays"
    )
    base = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/services/"
    assert apio.object(base + "voice_messaging/basic_config/")["processing"] == "Address Only"
    stored = apio.object(base + "voice_messaging/greetings/")["noAnswerAlternateGreeting01"]
    assert stored["name"] == "Summer holidays"
