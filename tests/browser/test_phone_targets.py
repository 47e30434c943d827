"""On a phone (390 × 844), forms and lists are made for a thumb: a checkbox sits left of its
label, Cancel sits on its button's line, and a row's Edit and Delete are 44 × 44 targets."""

import pytest

from portal.accounts.models import TenantPolicy
from tests.accounts.people import HQ_USER, linked_user, sign_in_in_browser
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PHONE = {"width": 390, "height": 844}
THUMB = 44  # pixels, each way


@pytest.fixture
def phone(browser, live_server, apio, transactional_db):
    """The demo's BroadWorks end user, signed in on a phone, allowed rules and schedules."""
    TenantPolicy.objects.update_or_create(
        tenant_id="acme",
        defaults={"end_user_features": ["selective-call-rejection", "selective-forwarding"]},
    )
    linked_user(apio, HQ_USER.user_id)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_in_browser(page, live_server.url, HQ_USER.user_id, USER_PASSWORD)
    page.base = live_server.url
    yield page
    context.close()


def checkbox_left_of_its_label(page, checkbox) -> None:
    box = checkbox.bounding_box()
    label = page.locator(f'label[for="{checkbox.get_attribute("id")}"]')
    words = label.evaluate(
        """(label) => {
            const range = document.createRange();
            const text = [...label.childNodes].find((n) => n.nodeType === 3 && n.data.trim());
            range.selectNodeContents(text);
            const box = range.getBoundingClientRect();
            return {x: box.x, y: box.y, height: box.height};
        }"""
    )
    assert box["width"] < THUMB, box  # its own size, not the row's
    assert box["x"] + box["width"] <= words["x"] <= box["x"] + box["width"] + 24, (box, words)
    middle = box["y"] + box["height"] / 2
    assert words["y"] <= middle <= words["y"] + words["height"], (box, words)


def on_the_buttons_line(page, form) -> None:
    button = form.locator(".actions button[type=submit]").bounding_box()
    cancel = form.get_by_role("link", name="Cancel").bounding_box()
    middle = lambda box: box["y"] + box["height"] / 2  # noqa: E731
    assert abs(middle(button) - middle(cancel)) <= 3, (button, cancel)
    assert cancel["height"] >= THUMB, cancel


def thumb_sized_and_apart(boxes: list[dict]) -> None:
    for box in boxes:
        assert box["width"] >= THUMB and box["height"] >= THUMB, box
    for one, other in zip(boxes, boxes[1:], strict=False):
        apart = other["x"] >= one["x"] + one["width"] or other["y"] >= one["y"] + one["height"]
        assert apart, (one, other)


def test_the_days_of_a_schedule_are_checkboxes_left_of_their_names(phone):
    phone.goto(f"{phone.base}/me/schedules/new/time/")
    days = phone.locator("fieldset.choices input[type=checkbox]")
    assert days.count() >= 7
    for index in range(days.count()):
        checkbox_left_of_its_label(phone, days.nth(index))
    on_the_buttons_line(phone, phone.locator("form.object-form"))


def test_a_rules_anonymous_callers_checkbox_and_cancel(phone):
    phone.goto(f"{phone.base}/me/selective-call-rejection/rules/new/")
    phone.get_by_label("Only these callers").check()
    anonymous = phone.get_by_label("And anonymous callers")
    anonymous.wait_for()
    checkbox_left_of_its_label(phone, anonymous)
    on_the_buttons_line(phone, phone.locator("form", has=phone.get_by_role("link", name="Cancel")))


def test_edit_and_delete_in_the_lists_take_a_thumb(phone):
    phone.goto(f"{phone.base}/me/selective-call-rejection/")
    rows = phone.locator("#rules tbody tr")
    assert rows.count() >= 1
    for index in range(rows.count()):
        actions = rows.nth(index).locator(".actions").locator("a, button")
        thumb_sized_and_apart([actions.nth(i).bounding_box() for i in range(actions.count())])

    phone.goto(f"{phone.base}/me/schedules/")
    rows = phone.locator("table tbody tr")
    assert rows.count() >= 1, "user00001 has schedules in the demo data"
    for index in range(rows.count()):
        actions = rows.nth(index).locator(".actions a")
        assert actions.count() == 2
        thumb_sized_and_apart([actions.nth(i).bounding_box() for i in range(actions.count())])
