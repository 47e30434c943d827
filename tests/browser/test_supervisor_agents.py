"""A supervisor of 2,000 agents, in a real browser: finds one by name as they type, sorts by
extension, and downloads every matching agent as CSV; another supervisor's agents stay out of
reach.

The sandbox here is a larger one of its own (2,000 demo users: supervisor3 supervises every one
of them in the Support line), started once for the module.
"""

import csv
import re
from collections import Counter

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from portal.accounts.models import Role
from portal.apio.client import reset_client
from portal.directory.matching import Needle, Searchable, fold
from tests.accounts.people import linked_user, sign_in_in_browser
from tests.sandbox_process import USER_PASSWORD, SandboxProcess

pytestmark = pytest.mark.browser

SUPERVISOR = "supervisor3@acme.example"
CENTER = "cc-support@acme.example"
AGENTS_PATH = (
    f"/api/v1/tenants/acme/groups/acme-support/services/call_centers/{CENTER}"
    f"/supervisors/{SUPERVISOR}/agents/"
)


@pytest.fixture(scope="module")
def large_sandbox():
    process = SandboxProcess().start(users=2000, seed=1)
    client = process.client()
    agents = client.get(AGENTS_PATH).json()["agents"]
    client.close()
    yield process, agents
    process.stop()


@pytest.fixture
def large_apio(large_sandbox, settings):
    process, agents = large_sandbox
    settings.APIO_BASE_URL = process.url
    reset_client()
    cache.clear()
    yield process, agents
    reset_client()


def matching(agents: list[dict], typed: str) -> list[dict]:
    needle = Needle.parse(typed)
    return [
        a
        for a in agents
        if needle.matches(
            Searchable.of(
                a["firstName"], a["lastName"], a["userId"], a["phoneNumber"], a["extension"]
            )
        )
    ]


def test_a_supervisor_of_two_thousand_agents_finds_sorts_and_exports(
    page, live_server, large_apio, transactional_db, tmp_path
):
    sandbox, agents = large_apio
    assert len(agents) == 2000
    linked_user(sandbox, SUPERVISOR, Role.SUPERVISOR)
    sign_in_in_browser(page, live_server.url, SUPERVISOR, USER_PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My agents").click()
    # Their one call center: its agents at once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Support line")
    expect(page.locator("caption")).to_have_text("Showing 1–50 of 2,000 agents")

    # One agent by name: last name first, without accents, as people type.
    someone = next(a for a in agents if fold(a["firstName"]) != a["firstName"].lower())
    typed = f"{fold(someone['lastName'])} {fold(someone['firstName'])}"
    page.get_by_label("Filter agents").press_sequentially(typed, delay=20)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    found = matching(agents, typed)
    assert someone in found
    expect(page.locator("tbody tr")).to_have_count(min(len(found), 50))
    expect(page.locator("tbody")).to_contain_text(someone["userId"])

    # Many agents by a last name they share, sorted by extension.
    common = Counter(a["lastName"] for a in agents).most_common(1)[0][0]
    found = sorted(matching(agents, common), key=lambda a: int(a["extension"]))
    assert len(found) > 50
    page.get_by_label("Filter agents").fill(common)
    expect(page.locator("caption")).to_have_text(f"Showing 1–50 of {len(found)} agents")
    page.get_by_role("link", name="Extension", exact=True).click()
    expect(page.locator("th[aria-sort='ascending']")).to_have_text("Extension")
    extensions = page.locator("td[data-label='Extension']").all_inner_texts()
    assert extensions == [a["extension"] for a in found[:50]]

    # Every matching agent in the file, not only this page's 50, in the same order.
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile(r"^Download these \d+ agents")).click()
    download = downloading.value
    assert download.suggested_filename == "support-line-agents.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:4] == ["Name", "User id", "Phone number", "Extension"]
    assert [row[1] for row in rows[1:]] == [a["userId"] for a in found]

    # Another supervisor's call centers are nowhere to be found.
    for other in ("cc-helpdesk@acme.example", "cc-sales@acme.example"):
        response = page.goto(f"{live_server.url}/agents/{other}/")
        assert response.status == 404
        response = page.goto(f"{live_server.url}/agents/{other}/agents.csv")
        assert response.status == 404
