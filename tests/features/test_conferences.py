"""A host's conferences through the pages: the list and its filters, a conference's dial-in
details, its recordings, greeting and delegates, and what the pages say when the platform
cannot answer."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.apio import paths
from portal.changes.models import PendingChange
from tests.accounts.people import OTHER_USER_ID, linked_user
from tests.features.conftest import ALL_SERVICES
from tests.features.test_selective import platform, rule_fields, text_of

pytestmark = pytest.mark.integration

USER = [*vars(ALL_SERVICES).values()]
LIST = reverse("features:conferences", args=USER)
BRIDGE, CONFERENCE = "bridge-hq@acme.example", "012345"  # "Weekly", in the demo data
PAGE = reverse("features:conference", args=[*USER, BRIDGE, CONFERENCE])
MY_PAGE = reverse("features:my_conference", args=[BRIDGE, CONFERENCE])


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def titles(html: str) -> list[str]:
    """The conferences listed, by title (the bridges' table left out)."""
    listed = html.split('id="conferences"', 1)[1].split('id="bridges"', 1)[0]
    return [text_of(cell).split(" Conference ID")[0] for cell in re.findall(
        r'<th scope="row"><bdi>(.*?)</th>', listed, re.S
    )]  # fmt: skip


def test_the_list_filters_by_status_and_kind(helpdesk_client, apio):
    everything = helpdesk_client.get(LIST).content.decode()
    listed = platform(apio, "GET", paths.meet_me_conferences(ALL_SERVICES)).json()["conferences"]
    assert sorted(titles(everything)) == sorted(c["title"] for c in listed)
    inactive = titles(helpdesk_client.get(LIST, {"status": "inactive"}).content.decode())
    assert sorted(inactive) == sorted(
        c["title"] for c in listed if c["status"].lower() == "inactive"
    )
    assert inactive  # the demo data has one
    repeating = titles(helpdesk_client.get(LIST, {"type": "Recurring"}).content.decode())
    assert sorted(repeating) == sorted(
        c["title"] for c in listed if c["type"].startswith("Recurring")
    )
    assert "Bridges" in everything and "Unlimited" in everything and "Acme HQ bridge" in everything


def test_a_conference_shows_how_to_join_it(helpdesk_client, apio):
    held = platform(apio, "GET", paths.meet_me_conference(ALL_SERVICES, BRIDGE, CONFERENCE)).json()
    html = text_of(helpdesk_client.get(PAGE).content.decode())
    assert f"Conference ID {CONFERENCE}" in html
    assert f"Moderator PIN {held['moderatorPin']}" in html
    assert "Times are in Europe/Brussels" in html
    # The start in the host's own time, as APIO holds it: 09:00 in Brussels.
    assert 'value="2026-01-05T09:00"' in helpdesk_client.get(PAGE).content.decode()


def test_a_recording_is_deleted_by_naming_it(helpdesk_client, apio, wake):
    recordings = platform(apio, "GET", paths.meet_me_recordings(ALL_SERVICES)).json()["recordings"]
    first = next(r for r in recordings if r["conferenceId"] == CONFERENCE)
    response = helpdesk_client.post(f"{PAGE}recordings/", {"startTime": first["startTime"]})
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert (change.method, change.path) == ("DELETE", paths.meet_me_recordings(ALL_SERVICES))
    item = {"bridgeId": BRIDGE, "conferenceId": CONFERENCE, "startTime": first["startTime"]}
    assert change.payload == {"recordings": [item]}
    assert platform(apio, "DELETE", change.path, change.payload).status_code == 204


def test_a_recording_no_longer_there_is_not_asked_for(helpdesk_client, apio, wake):
    response = helpdesk_client.post(
        f"{PAGE}recordings/", {"startTime": "2020-01-01T09:30:00.000+01:00"}, follow=True
    )
    assert "This recording is no longer there." in text_of(response.content.decode())
    assert not PendingChange.objects.exists()


def test_the_greeting_is_one_of_the_hosts_recordings(helpdesk_client, apio, wake):
    page = helpdesk_client.get(PAGE).content.decode()
    assert "None yet: choose one" in page
    response = helpdesk_client.post(f"{PAGE}greeting/", {"greeting-name": "Greeting 2"})
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.payload == {"name": "Greeting 2"}
    assert platform(apio, "PUT", change.path, change.payload).json()["name"] == "Greeting 2"
    refused = helpdesk_client.post(f"{PAGE}greeting/", {"greeting-name": "Not mine"}, follow=True)
    assert "Choose one of the recordings." in text_of(refused.content.decode())
    assert PendingChange.objects.count() == 1


def test_a_delegate_is_someone_of_the_hosts_group(helpdesk_client, apio, wake):
    helpdesk_client.post(f"{PAGE}delegates/", {"remove": OTHER_USER_ID})
    emptied = PendingChange.objects.get()
    assert emptied.payload == {"delegates": []}
    # The page shows the list as it will be, and the next change starts from it.
    assert "No delegates." in text_of(helpdesk_client.get(PAGE).content.decode())
    refused = helpdesk_client.post(
        f"{PAGE}delegates/", {"add": "nobody@globex.example"}, follow=True
    )
    assert "This person cannot be a delegate" in text_of(refused.content.decode())
    host = helpdesk_client.post(f"{PAGE}delegates/", {"add": ALL_SERVICES.user_id}, follow=True)
    assert "This person cannot be a delegate" in text_of(host.content.decode())
    helpdesk_client.post(f"{PAGE}delegates/", {"add": OTHER_USER_ID})
    assert PendingChange.objects.latest("id").payload == {"delegates": [{"userId": OTHER_USER_ID}]}


def test_the_host_manages_their_own_once_the_tenant_allows_it(client, apio, db, wake):
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    assert client.get(MY_PAGE).status_code == 404
    TenantPolicy.objects.update_or_create(
        tenant_id=ALL_SERVICES.tenant_id, defaults={"end_user_features": ["conferences"]}
    )
    assert client.get(MY_PAGE).status_code == 200
    client.post(f"{MY_PAGE}delete/")
    change = PendingChange.objects.get()
    assert (change.method, change.path) == (
        "DELETE",
        paths.meet_me_conference(ALL_SERVICES, BRIDGE, CONFERENCE),
    )


def test_the_pages_say_when_the_platform_does_not_answer(helpdesk_client, apio, db):
    helpdesk_client.get(LIST)  # who the user is, read while the platform answers
    apio.set_faults(error_rate=1.0)
    try:
        listed = helpdesk_client.get(LIST)
        new = helpdesk_client.get(f"{LIST}new/")
    finally:
        apio.set_faults(error_rate=0.0)
    assert listed.status_code == 200 and new.status_code == 200
    for response in (listed, new):
        assert "The platform did not answer just now." in text_of(response.content.decode())


@pytest.mark.parametrize("conference", ["012345", "recurring"])
def test_a_conference_saved_as_it_is_sends_nothing(helpdesk_client, apio, wake, conference):
    if conference == "recurring":  # one of the demo data's repeating conferences
        listed = platform(apio, "GET", paths.meet_me_conferences(ALL_SERVICES)).json()
        entry = next(c for c in listed["conferences"] if c["type"].startswith("Recurring"))
        page = reverse(
            "features:conference", args=[*USER, entry["bridgeId"], entry["conferenceId"]]
        )
    else:
        page = PAGE
    form = rule_fields(helpdesk_client.get(page).content.decode().split('id="delegates"')[0])
    response = helpdesk_client.post(page, form, follow=True)
    assert [c.payload for c in PendingChange.objects.all()] == []
    assert "Nothing changed." in text_of(response.content.decode())


def test_the_list_is_kept_and_read_again_on_demand(helpdesk_client, apio, settings):
    settings.READS_SETTINGS_CACHE_SECONDS = 30  # kept as in production
    conferences = paths.meet_me_conferences(ALL_SERVICES)
    helpdesk_client.get(LIST)
    apio.clear_requests()
    assert helpdesk_client.get(LIST).status_code == 200
    assert [r for r in apio.requests() if r["path"] == conferences] == []

    again = helpdesk_client.get(LIST, {"refresh": "1"})  # "Read again from the platform"
    assert again.status_code == 302 and again["Location"] == LIST
    assert "Read again from the platform" in helpdesk_client.get(LIST).content.decode()
    assert [r["method"] for r in apio.requests() if r["path"] == conferences] == ["GET"]


def test_a_conference_being_added_that_the_platform_lists_already_is_one_row():
    from datetime import UTC, datetime

    from portal.features.conferences.reading import ConferenceRow
    from portal.features.conferences.views import _pending

    start = datetime(2027, 1, 4, 8, 30, tzinfo=UTC)
    listed = ConferenceRow(BRIDGE, "777", "Team call", "HQ", "active", "One Time", start, "Ann")
    when = {"startTime": "2027-01-04T09:30:00.000+01:00"}  # as a payload holds it
    sent = {"title": "Team call", "conferenceSchedule": {"scheduleOneTime": when}}
    another = {**sent, "title": "Board"}
    screen = type("Screen", (), {"ref": ALL_SERVICES})
    create = paths.meet_me_new_conference(ALL_SERVICES, BRIDGE)
    changes = [
        PendingChange(method="POST", path=create, payload=payload, status="sending")
        for payload in (sent, another)
    ]

    adding = _pending([listed], changes, screen)

    assert adding == ["Board"]  # not yet listed: a row of its own
    assert listed.pending == "Adding…"
