"""An agent signs in, makes themselves unavailable in one call center, watches the change be
applied, and the sandbox holds it."""

import contextlib

import pytest
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy
from portal.apio.paths import user_service
from portal.core import UserRef
from tests.accounts.people import sign_in_in_browser
from tests.browser.axe import describe, serious_violations
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# With the tests' 60 users, user00009 (acme-hq) answers for the three demo call centers.
AGENT = UserRef("acme", "acme-hq", "user00009@acme.example")
HELPDESK = "cc-helpdesk@acme.example"
APPLIED_TIMEOUT = 30_000


def held(apio) -> dict[str, bool]:
    """What the sandbox holds, read over its API: available, by call center."""
    with contextlib.closing(apio.client()) as client:
        answer = client.get(user_service(AGENT, "call_centers"))
        answer.raise_for_status()
    return {e["serviceUserId"]: e["available"] for e in answer.json()["call_centers"]}


def test_an_agent_makes_themselves_unavailable_in_one_call_center(
    page, live_server, apio, transactional_db, celery_worker
):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["call-forwarding", "call-centers"]}
    )
    sign_in_in_browser(page, live_server.url, AGENT.user_id, USER_PASSWORD)
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Call centers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Call centers")
    # The Support line keeps its agents: no switch, and the page says why.
    expect(page.get_by_role("switch", name="Available in Support line")).to_have_count(0)
    expect(page.get_by_text("does not let its agents log off").first).to_be_visible()

    found = serious_violations(page)
    assert not found, describe(found, "/me/call-centers/")

    switch = page.get_by_role("switch", name="Available in Helpdesk")
    expect(switch).to_have_attribute("aria-checked", "true")
    switch.click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("Making you unavailable in Helpdesk.")
    expect(status).to_contain_text("Helpdesk: unavailable")
    expect(status.locator(".status")).to_have_text("Applied", timeout=APPLIED_TIMEOUT)
    helpdesk = page.get_by_role("row").filter(has_text="Helpdesk")
    expect(helpdesk).to_contain_text(
        "Unavailable: its calls do not reach you.", timeout=APPLIED_TIMEOUT
    )
    expect(page.get_by_role("switch", name="Available in Helpdesk")).to_have_attribute(
        "aria-checked", "false"
    )
    found = serious_violations(page)
    assert not found, describe(found, "/me/call-centers/ (Helpdesk unavailable)")
    states = held(apio)
    assert states[HELPDESK] is False
    assert [state for cc, state in states.items() if cc != HELPDESK] == [True, True]
