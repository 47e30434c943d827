"""Other phones rung in turn (Sequential Ring) or at once (Simultaneous Ring Personal): the
phones listed in people's words, added, removed and reordered, saved as one PUT."""

import re
from html import unescape

import pytest
from django.http import QueryDict
from django.urls import reverse
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy, self_service_choices
from portal.changes.models import ChangeStatus, PendingChange
from portal.features.ring_numbers import RING_NUMBER_FEATURES
from tests.accounts.people import STAFF_PASSWORD, helpdesk, linked_user, sign_in_in_browser
from tests.changes.pipeline import wait_until_final
from tests.features.conftest import ALL_SERVICES, FEWER_SERVICES_ID
from tests.features.test_browser import settle
from tests.sandbox_process import USER_PASSWORD

pytestmark = pytest.mark.integration

ARGS = [*vars(ALL_SERVICES).values()]
SEQUENTIAL = reverse("features:feature", args=[*ARGS, "sequential-ring"])
SIMULTANEOUS = reverse("features:feature", args=[*ARGS, "simultaneous-ring"])
MY_SEQUENTIAL = reverse("features:my_feature", args=["sequential-ring"])
USER_PATH = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/"
# The demo user's phones rung in turn, in order (see the sandbox's demo data).
FIRST, SECOND = "+32475000001", "+32476000001"

_INPUT = re.compile(r"<input\b[^>]*>")
_SELECT = re.compile(r"<select\b[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
_ATTR = re.compile(r'\b(name|value|type)="([^"]*)"')


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def state_line(html: str) -> str:
    match = re.search(r'<p class="feature-state"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no state line"
    return " ".join(unescape(match.group(1)).split())


def posted(html: str, **typed) -> dict[str, list[str]]:
    """What the browser posts for the page's form as drawn, after the person typed `typed`
    (html names, with "__" for "-"; a list value sets every value of that name)."""
    start = html.rindex("<form", 0, html.index('name="_snapshot"'))
    form = html[start : html.index("</form>", start)]
    data = QueryDict(mutable=True)
    for tag in _INPUT.findall(form):
        attrs = dict(_ATTR.findall(tag))
        if "name" not in attrs or (attrs.get("type") == "checkbox" and " checked" not in tag):
            continue
        default = "on" if attrs.get("type") == "checkbox" else ""
        data.appendlist(attrs["name"], unescape(attrs.get("value", default)))
    for name, options in _SELECT.findall(form):
        chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', options)
        data[name] = unescape(chosen.group(1)) if chosen else ""
    for name, value in typed.items():
        name = name.replace("__", "-")
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return dict(data.lists())  # the test client posts one value per key of a QueryDict


def platform(apio, path: str, payload: dict | None = None) -> dict:
    client = apio.client()
    try:
        if payload is not None:
            client.put(f"{USER_PATH}services/{path}/", json=payload).raise_for_status()
        return client.get(f"{USER_PATH}services/{path}/").json()
    finally:
        client.close()


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def test_both_features_are_offered_for_self_service():
    keys = {feature.key for feature in RING_NUMBER_FEATURES}
    assert keys == {"sequential-ring", "simultaneous-ring"}
    assert keys <= {key for key, _title in self_service_choices()}


def test_the_page_lists_the_phones_in_order_in_peoples_words(apio, helpdesk_client):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    text = text_of(html)
    assert "Phones to ring, in this order" in text
    assert "Ring my own phone first" in text
    assert "Answer with a key press" in text
    assert text.index("0475 00 00 01") < text.index("0476 00 00 01")  # shown national
    labels = " ".join(re.findall(r"<label[^>]*>(.*?)</label>", html, re.S))
    assert not re.search(r"locations|numberOfRings|phoneNumber|\bId\b", labels)
    assert 'name="settings-locations-0-id"' not in html  # the place is the order itself
    assert state_line(html) == "Rings this line first, then 0475 00 00 01, then 0476 00 00 01."
    # The first phone can only go down, the last only up.
    moves = re.findall(r"Move (up|down)<span", html)
    assert moves == ["down", "up"]
    legends = re.findall(r"<legend>(Phone \d)</legend>", html)
    assert legends == ["Phone 1", "Phone 2"]


def test_the_state_line_follows_the_platform(apio, helpdesk_client):
    platform(apio, "sequential_ring", {"ringBaseLocationFirst": False})
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    assert state_line(html) == "Rings 0475 00 00 01, then 0476 00 00 01 in turn."
    platform(apio, "sequential_ring", {"locations": []})
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    assert state_line(html) == "No other phones ring in turn."
    html = helpdesk_client.get(SIMULTANEOUS).content.decode()
    assert state_line(html) == "Rings 0477 00 00 01 together with this line."
    platform(apio, "simultaneous_ring_personal", {"active": False})
    html = helpdesk_client.get(SIMULTANEOUS).content.decode()
    assert state_line(html) == "Calls ring on this line only."


def test_moving_a_phone_down_draws_the_list_in_the_new_order(apio, helpdesk_client):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    data = posted(
        html, _block="settings", _root="settings", _move="settings-locations-0", _move_to="down"
    )
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/block/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    block = response.content.decode()
    phones = re.findall(r'name="settings-locations-\d-phoneNumber" value="([^"]*)"', block)
    assert phones == ["0476 00 00 01", "0475 00 00 01"]
    keys = re.findall(r'class="row-key" name="settings-locations" value="(\d+)"', block)
    assert keys == ["1", "0"]
    entries = re.findall(r"<legend>(Phone \d)</legend>", block)
    assert entries == ["Phone 1", "Phone 2"]
    focused = re.findall(r"<button[^>]*autofocus[^>]*>Move (up|down)<span[^>]*> ([^<]*)<", block)
    # The phone moved keeps the focus, now last: on the button it has left.
    assert focused == [("up", "Phone 2")]


def test_saving_a_new_order_queues_one_put_renumbered_and_reaches_the_platform(
    apio, celery_worker, helpdesk_client
):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    data = posted(html, settings__locations=["1", "0", "2"])
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    change = PendingChange.objects.get()
    assert change.method == "PUT"
    assert change.path.endswith("/users/user00001@acme.example/services/sequential_ring/")
    assert change.payload == {
        "locations": [
            {
                "id": 1,
                "phoneNumber": SECOND,
                "numberOfRings": 5,
                "answerConfirmationRequired": True,
            },
            {
                "id": 2,
                "phoneNumber": FIRST,
                "numberOfRings": 4,
                "answerConfirmationRequired": False,
            },
        ]
    }
    wait_until_final([change], timeout=30)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    stored = platform(apio, "sequential_ring")
    assert [(entry["id"], entry["phoneNumber"]) for entry in stored["locations"]] == [
        (1, SECOND),
        (2, FIRST),
    ]


def test_saving_the_phones_as_they_are_changes_nothing(apio, helpdesk_client, wake):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/", posted(html), HTTP_HX_REQUEST="true")
    assert "Nothing changed." in text_of(response.content.decode())
    assert not PendingChange.objects.exists()


def test_adding_and_removing_phones_sends_the_whole_list(apio, helpdesk_client, wake):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    data = posted(
        html,
        settings__locations=["1", "2"],  # the first phone removed, one added
        settings__locations__2__phoneNumber="0470 11 22 33",
    )
    helpdesk_client.post(f"{SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true")
    assert PendingChange.objects.get().payload == {
        "locations": [
            {
                "id": 1,
                "phoneNumber": SECOND,
                "numberOfRings": 5,
                "answerConfirmationRequired": True,
            },
            {"id": 2, "phoneNumber": "+32470112233"},
        ]
    }


def test_a_new_entry_has_no_place_to_type_and_can_move(apio, helpdesk_client):
    query = {"list": "settings-locations", "_root": "settings", "settings-locations": ["0", "1"]}
    response = helpdesk_client.get(f"{SEQUENTIAL}settings/rows/", query, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    entry = response.content.decode()
    assert 'name="settings-locations-2-phoneNumber"' in entry
    assert "settings-locations-2-id" not in entry
    assert "Move up" in entry


def test_six_phones_are_refused_with_a_message(apio, helpdesk_client, wake):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    typed = {f"settings__locations__{k}__phoneNumber": f"0470 11 22 3{k}" for k in range(2, 6)}
    data = posted(html, settings__locations=[str(k) for k in range(6)], **typed)
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "At most 5 phones: remove 1." in text_of(response.content.decode())
    assert not PendingChange.objects.exists()


def test_five_phones_leave_no_blank_entry_to_fill_in(apio, helpdesk_client):
    five = [{"id": k, "phoneNumber": f"+3247011223{k}"} for k in range(1, 6)]
    platform(apio, "sequential_ring", {"locations": five})
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    assert len(re.findall(r'name="settings-locations-\d-phoneNumber"', html)) == 5
    assert "Add a phone" not in html  # in its place, why not
    assert "At most 5 phones." in text_of(html)


def test_the_fifth_phone_added_takes_add_away(apio, helpdesk_client):
    query = {"list": "settings-locations", "_root": "settings", "settings-locations": "0 1 2 3"}
    query["settings-locations"] = query["settings-locations"].split()
    entry = helpdesk_client.get(f"{SEQUENTIAL}settings/rows/", query, HTTP_HX_REQUEST="true")
    html = entry.content.decode()
    note = re.search(
        r'<div class="list-add" id="id_settings-locations_rows_add" [^>]*>(.*?)</div>', html
    )
    assert note and 'hx-swap-oob="true"' in note.group(0)
    assert text_of(note.group(1)) == "At most 5 phones."


def test_the_list_shows_its_phones_and_add_a_phone_but_no_blank_entry(apio, helpdesk_client):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    assert len(re.findall(r'name="settings-locations-\d-phoneNumber"', html)) == 2
    assert text_of(html).count("Phone number required") == 2  # the phones', none more
    assert re.search(r'<button type="button" class="secondary add"[^<]*>Add a phone</button>', html)
    platform(apio, "sequential_ring", {"locations": []})
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    assert "settings-locations-0-phoneNumber" not in html
    assert "Add a phone" in html


def with_entry(html: str, entry: str, rows: str = "id_settings-locations_rows") -> str:
    """The page as the browser holds it once "Add" has put `entry` at the end of the list."""
    end = html.index("</ol>", html.index(f'id="{rows}"'))
    return html[:end] + entry + html[end:]


def test_a_new_phone_starts_with_three_rings_and_a_switch_and_reads_back_as_saved(
    apio, helpdesk_client, wake
):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    query = {"list": "settings-locations", "_root": "settings", "settings-locations": ["0", "1"]}
    entry = helpdesk_client.get(f"{SEQUENTIAL}settings/rows/", query, HTTP_HX_REQUEST="true")
    entry = entry.content.decode()
    assert "<legend>New phone</legend>" in entry
    assert re.search(r'name="settings-locations-2-numberOfRings"[^>]*value="3"', entry)
    assert re.search(r'name="settings-locations-2-answerConfirmationRequired" role="switch"', entry)
    assert "Leave as it is" not in entry

    data = posted(with_entry(html, entry), settings__locations__2__phoneNumber="0470 11 22 33")
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    payload = PendingChange.objects.get().payload
    assert payload["locations"][2] == {
        "id": 3,
        "phoneNumber": "+32470112233",
        "numberOfRings": 3,
        "answerConfirmationRequired": False,
    }
    platform(apio, "sequential_ring", payload)  # as the worker would apply it
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    assert re.search(r'name="settings-locations-2-numberOfRings"[^>]*value="3"', html)
    assert re.search(r'name="settings-locations-2-answerConfirmationRequired" role="switch"', html)
    assert "Leave as it is" not in html


REPEATED = "This phone is already in the list."


def test_the_same_phone_twice_is_refused_on_the_second_entry(apio, helpdesk_client, wake):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    data = posted(html, settings__locations__1__phoneNumber="0475 00 00 01")
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert text_of(html).count(REPEATED) == 1
    error = re.search(r'<div id="([^"]+)_error" role="alert">', html)
    assert error and error.group(1) == "id_settings-locations-1-phoneNumber"
    assert not PendingChange.objects.exists()

    html = helpdesk_client.get(SIMULTANEOUS).content.decode()
    data = posted(
        html,
        settings__simultaneousRingNumber=["0", "1"],
        settings__simultaneousRingNumber__1__phoneNumber="+32477000001",
    )
    response = helpdesk_client.post(f"{SIMULTANEOUS}settings/", data, HTTP_HX_REQUEST="true")
    assert REPEATED in text_of(response.content.decode())
    assert not PendingChange.objects.exists()


def test_removing_a_phone_draws_the_list_again_without_it(apio, helpdesk_client):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    data = posted(html, _block="settings", _root="settings", _remove="settings-locations-0")
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/block/", data, HTTP_HX_REQUEST="true")
    block = response.content.decode()
    phones = re.findall(r'name="settings-locations-\d-phoneNumber" value="([^"]*)"', block)
    assert phones == ["0476 00 00 01"]
    assert re.findall(r"<legend>(Phone \d)</legend>", block) == ["Phone 1"]
    assert "Move up" not in block and "Move down" not in block


def test_bad_rings_and_a_bad_number_are_refused_by_their_fields(apio, helpdesk_client, wake):
    html = helpdesk_client.get(SEQUENTIAL).content.decode()
    data = posted(
        html,
        settings__baseLocationNumberOfRings="1",
        settings__locations__0__numberOfRings="30",
        settings__locations__1__phoneNumber="12",
    )
    response = helpdesk_client.post(f"{SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true")
    text = text_of(response.content.decode())
    assert "Rings on my own phone must be between 2 and 20." in text
    assert "Rings must be 0 or between 2 and 20." in text
    assert "Enter a valid phone number" in text
    assert not PendingChange.objects.exists()


def test_saving_simultaneous_ring_queues_the_documented_body(apio, helpdesk_client, wake):
    html = helpdesk_client.get(SIMULTANEOUS).content.decode()
    assert "Other phones" in text_of(html)
    data = posted(
        html,
        settings__doNotRingIfOnCall=["off"],
        settings__simultaneousRingNumber=["0", "1"],
        settings__simultaneousRingNumber__1__phoneNumber="0470 44 55 66",
    )
    response = helpdesk_client.post(f"{SIMULTANEOUS}settings/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    change = PendingChange.objects.get()
    assert change.path.endswith("/services/simultaneous_ring_personal/")
    assert change.payload == {
        "doNotRingIfOnCall": False,
        "simultaneousRingNumber": [
            {"phoneNumber": "+32477000001", "answerConfirmationRequired": False},
            {"phoneNumber": "+32470445566"},
        ],
    }


def test_an_end_user_edits_their_own_phones_not_anothers(apio, client, db, wake):
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["sequential-ring"]}
    )
    assert MY_SEQUENTIAL in client.get(reverse("features:my_home")).content.decode()
    html = client.get(MY_SEQUENTIAL).content.decode()
    data = posted(html, settings__locations=["1", "0"])
    assert client.post(f"{MY_SEQUENTIAL}settings/", data, HTTP_HX_REQUEST="true").status_code == 200
    change = PendingChange.objects.get()
    assert change.path.endswith("/users/user00001@acme.example/services/sequential_ring/")
    assert [entry["phoneNumber"] for entry in change.payload["locations"]] == [SECOND, FIRST]

    other = reverse(
        "features:feature", args=["acme", "acme-hq", FEWER_SERVICES_ID, "sequential-ring"]
    )
    assert client.get(other).status_code in (403, 404)
    assert client.post(f"{other}settings/", data).status_code in (403, 404)
    assert PendingChange.objects.count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("who", ["helpdesk", "the user"])
def test_in_the_browser_phones_are_moved_added_and_removed_without_console_errors(
    page, live_server, apio, transactional_db, wake, who, settings
):
    # As in the demo: a failed htmx call would put Django's error page, and its inline
    # styles, in place of the page.
    settings.DEBUG = True
    errors = []  # a refused inline style, an htmx selector that finds nothing, a script error
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    if who == "helpdesk":
        user = helpdesk("hd-ring", "acme")
        sign_in_in_browser(page, live_server.url, user.username, STAFF_PASSWORD)
        page.goto(f"{live_server.url}{SEQUENTIAL}")
    else:
        TenantPolicy.objects.update_or_create(
            tenant_id="acme", defaults={"end_user_features": ["sequential-ring"]}
        )
        sign_in_in_browser(page, live_server.url, ALL_SERVICES.user_id, USER_PASSWORD)
        page.goto(f"{live_server.url}{MY_SEQUENTIAL}")
    expect(page.locator("script[data-debug='True']")).to_have_count(1)
    section = page.locator("#section-settings")
    phones = section.locator('input[type="tel"]')
    expect(phones).to_have_count(2)  # no blank entry to fill in

    section.get_by_role("button", name="Move down Phone 1").click()
    settle(page)
    expect(phones.nth(0)).to_have_value("0476 00 00 01")
    expect(phones.nth(1)).to_have_value("0475 00 00 01")
    # The phone moved is now last: the focus stays on it, on the button it has left.
    expect(section.get_by_role("button", name="Move up Phone 2")).to_be_focused()

    section.get_by_role("button", name="Add a phone").click()
    settle(page)
    added = section.get_by_role("group", name="New phone")
    expect(added.get_by_label("Rings")).to_have_value("3")
    expect(added.get_by_role("switch", name="Answer with a key press")).not_to_be_checked()
    added.get_by_label("Phone number").fill("0470 11 22 33")
    section.get_by_role("button", name="Move up New phone").click()
    settle(page)
    expect(phones).to_have_count(3)
    expect(phones.nth(1)).to_have_value("0470 11 22 33")

    section.get_by_role("button", name="Remove Phone 1").click()
    settle(page)
    expect(phones).to_have_count(2)
    expect(section.get_by_role("button", name="Add a phone")).to_be_focused()
    expect(section.get_by_role("group", name="Phone 1").get_by_label("Phone number")).to_have_value(
        "0470 11 22 33"
    )

    section.get_by_role("button", name="Save phones rung in turn").click()
    settle(page)
    expect(section.locator(".status")).to_have_text("Queued")
    assert PendingChange.objects.get().payload["locations"] == [
        {
            "id": 1,
            "phoneNumber": "+32470112233",
            "numberOfRings": 3,
            "answerConfirmationRequired": False,
        },
        {"id": 2, "phoneNumber": FIRST, "numberOfRings": 4, "answerConfirmationRequired": False},
    ]
    assert errors == []
