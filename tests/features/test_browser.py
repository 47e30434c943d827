"""Each feature section redrawn by htmx in Chromium keeps its declaration: cut and lookups.

A section answers its own htmx calls (the save, a block redrawn after a deciding field
changed), through the same declaration that drew the page: the fields it shows stay the ones
it declares, and a field offered as a choice of the user's announcements stays a choice.
"""

import contextlib

import pytest
from playwright.sync_api import expect

from portal.apio import paths
from portal.definitions.loader import get_definition
from portal.features.registry import get_feature
from tests.accounts.people import STAFF_PASSWORD, helpdesk, sign_in_in_browser
from tests.features.conftest import ALL_SERVICES

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def no_broker(monkeypatch):
    # Saves are queued and stay so: no worker runs here, and none of a later test gets them.
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def helpdesk_page(page, live_server, apio, transactional_db, no_broker):
    user = helpdesk("hd-sections", "acme")
    sign_in_in_browser(page, live_server.url, user.username, STAFF_PASSWORD)
    return page


def settle(page) -> None:
    """Wait until htmx has swapped and settled (no wait_for_function: the CSP forbids eval)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    expect(page.locator(busy)).to_have_count(0)


def open_feature(page, live_server, feature: str) -> None:
    ref = ALL_SERVICES
    page.goto(f"{live_server.url}/users/{ref.tenant_id}/{ref.group_id}/{ref.user_id}/{feature}/")


def shown_fields(page, key: str) -> set[str]:
    """The section's own fields drawn in its form (top level: nested ones under their parent)."""
    names = page.locator(f"#section-{key} form").locator("input, select, textarea")
    found = set()
    for name in names.evaluate_all("els => els.map(e => e.name)"):
        if name.startswith(f"{key}-"):
            found.add(name.removeprefix(f"{key}-").split("-")[0])
    return found


def declared_fields(feature: str, key: str) -> set[str]:
    section = get_feature(feature).section(key)
    definition = get_definition(section.definition)
    return set(section.fields) or {field.name for field in definition.fields}


def announcements(sandbox) -> list[str]:
    with contextlib.closing(sandbox.client()) as client:
        listing = client.get(paths.user_announcements(ALL_SERVICES)).json()
    return sorted(item["name"] for item in listing["announcements"])


def save(page, key: str, title: str) -> None:
    section = page.locator(f"#section-{key}")
    section.get_by_label("Forward to").fill("0470 12 34 56")
    section.get_by_role("button", name=f"Save {title.lower()}").click()
    settle(page)
    expect(page.locator(f"#section-{key} .status")).to_have_text("Queued")


FORWARDING = [
    ("always", "Forward always", {"active", "destination", "ringSplashActive"}),
    ("busy", "Forward when busy", {"active", "destination"}),
    ("no-answer", "Forward when not answered", {"active", "destination", "numberOfRings"}),
    ("not-reachable", "Forward when not reachable", {"active", "destination"}),
]


@pytest.mark.parametrize(("key", "title", "cut"), FORWARDING, ids=[f[0] for f in FORWARDING])
def test_forwarding_section_redrawn_after_save_keeps_its_cut(
    helpdesk_page, live_server, key, title, cut
):
    page = helpdesk_page
    open_feature(page, live_server, "call-forwarding")
    assert shown_fields(page, key) == cut == declared_fields("call-forwarding", key)

    save(page, key, title)  # the section is swapped for the one its own endpoint draws

    assert shown_fields(page, key) == cut
    # What was typed stays until APIO has it; then the section reloads from APIO.
    expect(page.locator(f"#section-{key}").get_by_label("Forward to")).to_have_value(
        "0470 12 34 56"
    )


def test_settings_block_redrawn_when_carbon_copy_is_chosen(helpdesk_page, live_server):
    page = helpdesk_page
    open_feature(page, live_server, "voice-messaging")
    copy_to = page.locator("label[for='id_basic-voiceMessageCarbonCopyEmailAddress']")
    expect(copy_to.locator(".req")).to_have_count(0)

    page.locator("#section-basic details.more > summary").click()  # "More settings"
    switch = page.get_by_role("switch", name="Send a copy of each message by email")
    switch.focus()
    page.keyboard.press("Space")  # a switch is operable by keyboard
    settle(page)

    expect(copy_to.locator(".req")).to_have_text("required")
    expect(copy_to).to_be_visible()  # the redrawn block keeps "More settings" open
    expect(page.locator("#id_basic-sendCarbonCopyVoiceMessage")).to_be_checked()
    assert shown_fields(page, "basic") <= declared_fields("voice-messaging", "basic")


def test_mail_server_block_redrawn_for_a_personal_server(helpdesk_page, live_server):
    page = helpdesk_page
    open_feature(page, live_server, "voice-messaging")
    expect(page.locator("#id_advanced-personalMailServerUserId")).to_have_count(0)

    page.locator("#section-advanced").get_by_label("A personal mail server").check()
    settle(page)

    expect(page.locator("#id_advanced-personalMailServerUserId")).to_have_count(1)
    expect(page.locator("#id_advanced-groupMailServerUserId")).to_have_count(0)
    assert shown_fields(page, "advanced") <= declared_fields("voice-messaging", "advanced")


def test_greetings_block_redrawn_keeps_announcements_as_choices(helpdesk_page, live_server, apio):
    page = helpdesk_page
    names = announcements(apio)
    assert names, "the sandbox's demo user has announcements to choose from"
    open_feature(page, live_server, "voice-messaging")
    section = page.locator("#section-greetings")
    expect(section.locator("input[name$='AudioFile-name']")).to_have_count(0)

    section.locator("input[name='greetings-busyPersonalAudioFile'][value='set']").check()
    settle(page)
    section.locator("details.more > summary").click()  # "More settings"
    section.locator("input[name='greetings-extendedAwayAudioFile'][value='set']").check()
    settle(page)

    for field in ("busyPersonalAudioFile", "extendedAwayAudioFile"):
        audio_file = page.locator(f"#id_greetings-{field}-name")
        expect(audio_file).to_have_js_property("tagName", "SELECT")
        options = audio_file.locator("option").evaluate_all("els => els.map(e => e.value)")
        assert set(names) <= set(options)
    # Drawn again twice, by the section's own endpoint: never a free-text file name.
    expect(section.locator("input[name$='AudioFile-name']")).to_have_count(0)
    assert shown_fields(page, "greetings") <= declared_fields("voice-messaging", "greetings")
