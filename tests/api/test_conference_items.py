"""A host's conferences through the API: each change queued as the conference pages queue it
for the same input, refused with the forms' own messages."""

import pytest
from django.urls import reverse

from portal.api.errors import form_fields
from portal.changes.models import PendingChange
from tests.accounts.people import HQ_ARGS
from tests.accounts.test_permission_matrix import CONF, NEW_CONFERENCE, RECORDING
from tests.api.test_rule_items import api, same_change
from tests.features.test_selective import rule_fields

BRIDGE, CONFERENCE = CONF[3:]
NAME = f"{BRIDGE}~{CONFERENCE}"  # "Weekly", user00001's in the demo data
ITEMS = reverse("api:user_items", args=[*HQ_ARGS, "conferences"])
ITEM = reverse("api:user_item", args=[*HQ_ARGS, "conferences", NAME])
PAGES = reverse("features:conferences", args=HQ_ARGS)
NEW_VALUES = {
    "bridgeId": BRIDGE,
    "title": "probe-conference",
    "maxParticipants": 10,
    "attendeeNotification": "Play Tone",
    "conferenceSchedule": {"scheduleReservationless": {"startTime": "2027-01-04T10:00:00+01:00"}},
}


def part(name: str) -> str:
    return reverse("api:user_item_part", args=[*HQ_ARGS, "conferences", NAME, name])


def page_change(client, user, url: str, data: dict | None = None) -> PendingChange:
    """What the page queues for this post; taken out of the outbox for the API's turn."""
    client.force_login(user)
    response = client.post(url, data or {})
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PendingChange.objects.get()
    PendingChange.objects.all().delete()
    client.logout()
    return change


def test_a_new_conference_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    page = page_change(client, hd_acme, f"{PAGES}new/", NEW_CONFERENCE)

    response = api(client, hd_acme, "post", ITEMS, NEW_VALUES)

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    same_change(change, page)
    assert change.path.endswith(f"/conferences/{BRIDGE}/")


def test_a_change_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    url = f"{PAGES}{BRIDGE}/{CONFERENCE}/"
    client.force_login(hd_acme)
    data = rule_fields(client.get(url).content.decode())  # the form as the page draws it
    data["conference-title"] = ["Weekly, renamed"]
    client.logout()
    page = page_change(client, hd_acme, url, data)

    response = api(client, hd_acme, "put", ITEM, {"title": "Weekly, renamed"})

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    same_change(change, page)
    assert (change.method, change.payload) == ("PUT", {"title": "Weekly, renamed"})


def test_deleting_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    page = page_change(client, hd_acme, f"{PAGES}{BRIDGE}/{CONFERENCE}/delete/")

    response = api(client, hd_acme, "delete", ITEM)

    assert response.status_code == 201, response.content
    same_change(PendingChange.objects.get(), page)


@pytest.mark.parametrize(
    ("name", "posted", "values"),
    [
        ("delegates", {"remove": "user00002@acme.example"}, {"remove": "user00002@acme.example"}),
        ("recordings", RECORDING, RECORDING),
        ("greeting", {"greeting-name": "Greeting 1"}, {"name": "Greeting 1"}),
    ],
)
def test_its_parts_are_queued_as_the_page_queues_them(
    client, apio_read_only, hd_acme, name, posted, values
):
    page = page_change(client, hd_acme, f"{PAGES}{BRIDGE}/{CONFERENCE}/{name}/", posted)

    response = api(client, hd_acme, "post", part(name), values)

    assert response.status_code == 201, response.content
    same_change(PendingChange.objects.get(), page)


def test_refused_values_get_the_forms_own_messages(client, apio_read_only, hd_acme):
    typed = {**NEW_CONFERENCE, "conference-maxParticipants": "100000", "conference-title": ""}
    client.force_login(hd_acme)
    page = client.post(f"{PAGES}new/", typed)
    assert page.status_code == 200
    shown = form_fields(page.context["form"].error_map(), "conference")
    client.logout()

    response = api(client, hd_acme, "post", ITEMS, {**NEW_VALUES, "maxParticipants": 100000,
                                                    "title": ""})  # fmt: skip

    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"maxParticipants", "title"}
    assert fields == shown
    assert not PendingChange.objects.exists()


def test_a_bridge_the_host_has_not_is_refused_on_its_field(client, apio_read_only, hd_acme):
    response = api(client, hd_acme, "post", ITEMS, {**NEW_VALUES, "bridgeId": "nope"})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"bridgeId"}


def test_someone_outside_the_group_cannot_be_a_delegate(client, apio_read_only, hd_acme):
    response = api(client, hd_acme, "post", part("delegates"), {"add": "user00001@globex.example"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "add": ["This person cannot be a delegate of the conference."]
    }


def test_a_conference_that_is_not_there_is_not_found(client, apio_read_only, hd_acme):
    gone = reverse("api:user_item", args=[*HQ_ARGS, "conferences", f"{BRIDGE}~999999"])
    unnamed = reverse("api:user_item", args=[*HQ_ARGS, "conferences", "no-separator"])

    assert api(client, hd_acme, "delete", gone).status_code == 404
    assert api(client, hd_acme, "delete", unnamed).status_code == 404
    assert not PendingChange.objects.exists()


def test_the_conferences_are_listed(client, apio_read_only, hd_acme):
    response = api(client, hd_acme, "get", ITEMS)

    assert response.status_code == 200
    assert NAME in {item["name"] for item in response.json()}
