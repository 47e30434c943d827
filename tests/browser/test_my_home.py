"""On a phone (390 × 844), an end user's home: one tap turns Do not disturb on, the status
region says how it goes, and the sentence says where calls go once the platform has it."""

import contextlib

import pytest
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy
from portal.apio.paths import user_service
from tests.accounts.people import HQ_USER, linked_user, sign_in_in_browser
from tests.browser.axe import describe, serious_violations
from tests.browser.test_layout import WIDTH_PROBE
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PHONE = {"width": 390, "height": 844}
APPLIED_TIMEOUT = 30_000


@pytest.fixture
def phone(browser, live_server, apio, transactional_db, request):
    """The demo's BroadWorks end user, signed in on a phone, with Do not disturb off."""
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["call-forwarding", "do-not-disturb"]}
    )
    with contextlib.closing(apio.client()) as client:
        client.put(user_service(HQ_USER, "dnd"), json={"active": False}).raise_for_status()
        client.put(user_service(HQ_USER, "cfa"), json={"active": False}).raise_for_status()
    linked_user(apio, HQ_USER.user_id)
    scheme = getattr(request, "param", "light")
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_in_browser(page, live_server.url, HQ_USER.user_id, USER_PASSWORD)
    yield page
    context.close()


def accessible(page, where: str) -> None:
    found = serious_violations(page)
    assert not found, describe(found, where)


@pytest.mark.parametrize("phone", ["light", "dark"], indirect=True)
def test_tap_do_not_disturb_hear_the_status_see_the_sentence(phone, live_server, celery_worker):
    page = phone
    page.goto(f"{live_server.url}/me/")
    sentence = page.locator("#calls-now")
    expect(sentence).not_to_contain_text("Do not disturb is on")
    width = page.evaluate(WIDTH_PROBE)
    assert width["scrollWidth"] <= width["clientWidth"], width["wide"]
    accessible(page, "/me/")

    switch = page.get_by_role("switch", name="Do not disturb")
    expect(switch).not_to_be_checked()
    box = switch.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a target for a thumb
    switch.tap()

    status = page.get_by_role("status").filter(has_text="Do not disturb")
    expect(status).to_contain_text("Do not disturb: turning on.")
    expect(page.get_by_role("switch", name="Do not disturb")).to_be_checked()
    expect(status.locator(".status")).to_have_text("Applied", timeout=APPLIED_TIMEOUT)
    expect(sentence).to_contain_text("Do not disturb is on: ", timeout=APPLIED_TIMEOUT)
    # Made: the news says the switch is on, no longer that it is turning on.
    expect(status).to_contain_text("Do not disturb: on.", timeout=APPLIED_TIMEOUT)
    expect(status).not_to_contain_text("turning on")
    expect(status.locator(".status")).to_have_text("Applied")
    expect(page.get_by_role("switch", name="Do not disturb")).to_be_focused()
    accessible(page, "/me/ (Do not disturb turned on)")
