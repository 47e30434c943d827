"""The definitions gallery says how many entries a list takes, and refuses one too many."""

from html import unescape

from django.urls import reverse

CALLERS = reverse("gallery:definition_form", args=["criteria_from_dn", "POST"])
LOCATIONS = reverse("gallery:definition_form", args=["user_sequential_ring", "PUT"])


def test_the_help_says_how_many_entries_a_list_takes(staff_client):
    assert "At most 12 numbers." in unescape(staff_client.get(CALLERS).content.decode())
    assert "At most 5 phones." in unescape(staff_client.get(LOCATIONS).content.decode())


def test_one_number_too_many_shows_no_payload_but_what_to_remove(staff_client):
    numbers = [f"+322555{index:04d}" for index in range(13)]
    data = {"selection": "Specified Only", "phoneNumbers": numbers}
    html = unescape(staff_client.post(CALLERS, data).content.decode())
    assert "At most 12 numbers: remove 1." in html
    assert "POST payload" not in html
    html = unescape(
        staff_client.post(CALLERS, {**data, "phoneNumbers": numbers[:12]}).content.decode()
    )
    assert "POST payload" in html
