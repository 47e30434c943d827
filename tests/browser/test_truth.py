"""In Chromium, a feature page shows what the platform holds: after Back and Forward, after
"apply my values", after a double click, and says so plainly when the platform is down."""

import contextlib

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from portal.changes.models import PendingChange
from tests.accounts.people import STAFF_PASSWORD, helpdesk, sign_in_in_browser
from tests.features.conftest import ALL_SERVICES
from tests.features.test_browser import settle

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CFA = (
    f"/api/v1/tenants/{ALL_SERVICES.tenant_id}/groups/{ALL_SERVICES.group_id}/users/"
    f"{ALL_SERVICES.user_id}/services/cfa/"
)
FORWARDING = "/users/{}/{}/{}/call-forwarding/".format(*vars(ALL_SERVICES).values())
APPLIED_TIMEOUT = 30_000


@pytest.fixture
def signed_in(page, live_server, apio, transactional_db):
    user = helpdesk("hd-truth", "acme")
    sign_in_in_browser(page, live_server.url, user.username, STAFF_PASSWORD)
    return page


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def set_on_platform(apio, destination: str) -> None:
    """Someone else's change, made on the platform directly."""
    with contextlib.closing(apio.client()) as client:
        client.put(CFA, json={"active": True, "destination": destination}).raise_for_status()


def destination(page):
    return page.locator("#section-always").get_by_label("Forward to")


def test_back_and_forward_show_the_platform_now(signed_in, live_server, apio, no_broker):
    page = signed_in
    set_on_platform(apio, "+3225550101")
    page.goto(live_server.url + FORWARDING)
    expect(destination(page)).to_have_value("02 555 01 01")
    page.locator(".breadcrumbs").get_by_role("link", name="Find a user").click()
    expect(page.get_by_role("heading", name="Find a user")).to_be_visible()

    set_on_platform(apio, "+3225550102")
    page.go_back()
    expect(destination(page)).to_have_value("02 555 01 02")

    page.go_forward()
    set_on_platform(apio, "+3225550103")
    page.go_back()
    expect(destination(page)).to_have_value("02 555 01 03")


def test_apply_my_values_shows_my_values(signed_in, live_server, apio, celery_worker):
    page = signed_in
    page.goto(live_server.url + FORWARDING)
    set_on_platform(apio, "+3225550111")  # after the form was loaded: a conflict
    section = page.locator("#section-always")
    section.get_by_role("switch", name="Forward all calls").check()
    settle(page)  # the block redrawn for the deciding field, before typing into it
    destination(page).fill("+3225550222")
    section.get_by_role("button", name="Save forward always").click()
    expect(section.locator(".status")).to_have_text("Conflict", timeout=APPLIED_TIMEOUT)

    page.reload()  # the form now shows the platform's value, the change waits for a decision
    expect(destination(page)).to_have_value("02 555 01 11")
    section.get_by_role("button", name="Apply my values").click()
    expect(section.locator(".status")).to_have_text("Applied", timeout=APPLIED_TIMEOUT)
    expect(destination(page)).to_have_value("02 555 02 22")
    assert apio.object(CFA)["destination"] == "+3225550222"


def test_a_double_click_on_save_makes_one_change(signed_in, live_server, apio, no_broker):
    page = signed_in
    page.goto(live_server.url + FORWARDING)
    section = page.locator("#section-always")
    section.get_by_role("switch", name="Forward all calls").check()
    settle(page)  # the block redrawn for the deciding field, before typing into it
    destination(page).fill("+3225550333")
    section.get_by_role("button", name="Save forward always").dblclick()
    expect(section.locator(".status")).to_have_text("Queued")
    page.wait_for_load_state("networkidle")
    assert PendingChange.objects.count() == 1


def test_saving_while_the_platform_is_down_queues_and_says_so(
    signed_in, live_server, apio, no_broker
):
    page = signed_in
    page.goto(live_server.url + FORWARDING)
    apio.set_faults(error_rate=1.0)
    cache.clear()
    section = page.locator("#section-always")
    section.get_by_role("switch", name="Forward all calls").check()
    settle(page)  # the block redrawn for the deciding field, before typing into it
    destination(page).fill("+3225550444")
    section.get_by_role("button", name="Save forward always").click()
    expect(section.locator(".status")).to_have_text("Queued")
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert PendingChange.objects.get().payload["destination"] == "+3225550444"


def test_opening_a_page_while_the_platform_is_down(signed_in, live_server, apio):
    page = signed_in
    apio.set_faults(error_rate=1.0)
    page.goto(live_server.url + FORWARDING)
    expect(
        page.get_by_role("heading", name="The telephony platform is not answering")
    ).to_be_visible()
    apio.set_faults(error_rate=0.0)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="Call forwarding")).to_be_visible()
    expect(destination(page)).to_be_visible()
