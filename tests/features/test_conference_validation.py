"""A conference's form refuses what the platform would refuse: each message under the field
at fault, and nothing queued; what it accepts, the sandbox APIO takes as it is."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.apio import paths
from portal.changes.models import PendingChange
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES
from tests.features.test_rule_validation import field_error
from tests.features.test_selective import platform, rule_fields, text_of

pytestmark = pytest.mark.integration

USER = [*vars(ALL_SERVICES).values()]
STAFF_NEW = reverse("features:conference_new", args=USER)
MY_NEW = reverse("features:my_conference_new")
HQ_BRIDGE = "bridge-hq@acme.example"  # 20 ports
SCHEDULE = "conference-conferenceSchedule"
RECURRING = f"{SCHEDULE}-scheduleRecurring"
RECURRENCE = f"{RECURRING}-recurrence"
OPEN = f"{SCHEDULE}-scheduleReservationless"


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def own_client(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id=ALL_SERVICES.tenant_id, defaults={"end_user_features": ["conferences"]}
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    return client


def new_conference(client, url: str, fields: dict[str, str]) -> dict:
    """The form as the browser posts it: "Planning" on the HQ bridge, open from a start."""
    data = rule_fields(client.get(url).content.decode())
    data.update(
        {
            "host-bridge_id": [HQ_BRIDGE],
            "conference-title": ["Planning"],
            "conference-maxParticipants": ["10"],
            f"{OPEN}-startTime": ["2027-01-04T10:00"],
        }
    )
    data.update({name: [value] for name, value in fields.items()})
    return data


def weekly(**more: str) -> dict[str, str]:
    """A conference every week on Mondays, an hour long, from 4 January 2027 at 09:30."""
    return {
        f"{SCHEDULE}-_pick_scheduleReservationless": "scheduleRecurring",
        f"{RECURRING}-startTime": "2027-01-04T09:30",
        f"{RECURRING}-duration-hours": "1",
        f"{RECURRING}-duration-minutes": "0",
        f"{RECURRENCE}-_pick_recurDaily": "recurWeekly",
        f"{RECURRENCE}-recurWeekly-Monday": "on",
        **more,
    }


def error_ids(html: str) -> set[str]:
    return set(re.findall(r'id="id_([^"]+)_error"', html))


def refused(client, url: str, data: dict) -> str:
    response = client.post(url, data)
    assert response.status_code == 200
    assert not PendingChange.objects.exists()
    return response.content.decode()


def test_a_valid_conference_is_queued_as_the_platform_takes_it(own_client, apio, wake):
    response = own_client.post(MY_NEW, new_conference(own_client, MY_NEW, weekly()))
    assert response.status_code == 302, text_of(response.content.decode())
    change = PendingChange.objects.get()
    assert change.path == paths.meet_me_new_conference(ALL_SERVICES, HQ_BRIDGE)
    assert change.payload["conferenceSchedule"] == {
        "scheduleRecurring": {
            "startTime": "2027-01-04T09:30:00.000+01:00",  # the host's time, winter
            "duration": {"hours": 1, "minutes": 0},
            "recurrence": {
                "recurWeekly": {
                    day: day == "Monday"
                    for day in (
                        "Sunday",
                        "Monday",
                        "Tuesday",
                        "Wednesday",
                        "Thursday",
                        "Friday",
                        "Saturday",
                    )
                }  # fmt: skip
            },
        }
    }
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


def test_a_summer_start_is_sent_with_the_summer_offset(helpdesk_client, apio, wake):
    fields = {f"{OPEN}-startTime": "2027-07-05T09:30"}
    response = helpdesk_client.post(STAFF_NEW, new_conference(helpdesk_client, STAFF_NEW, fields))
    assert response.status_code == 302
    schedule = PendingChange.objects.get().payload["conferenceSchedule"]
    assert schedule == {"scheduleReservationless": {"startTime": "2027-07-05T09:30:00.000+02:00"}}


def test_two_kinds_of_repeat_at_once(own_client, wake):
    kinds = weekly(**{f"{RECURRENCE}-recurDaily": "set", f"{RECURRENCE}-recurWeekly": "set"})
    del kinds[f"{RECURRENCE}-_pick_recurDaily"]  # posted as two choices, not one
    html = refused(own_client, MY_NEW, new_conference(own_client, MY_NEW, kinds))
    pick = f"{RECURRENCE}-_pick_recurDaily"
    message = "Choose only one of: “Every day”, “Every week, on chosen days”."
    assert field_error(html, pick) == message
    assert error_ids(html) == {pick}


def test_an_end_before_the_start(own_client, wake):
    fields = {f"{OPEN}-startTime": "2027-01-04T10:00", f"{OPEN}-endTime": "2027-01-04T09:00"}
    html = refused(own_client, MY_NEW, new_conference(own_client, MY_NEW, fields))
    assert field_error(html, f"{OPEN}-endTime") == "The end must come after the start."
    assert error_ids(html) == {f"{OPEN}-endTime"}
    assert 'value="2027-01-04T09:00"' in html  # what was typed, to be corrected


def test_a_last_date_before_the_first_conference(own_client, wake):
    fields = weekly(
        **{
            f"{RECURRENCE}-_pick_recurForEver": "recurEndDate",
            f"{RECURRENCE}-recurEndDate": "2026-12-31",
        }
    )
    html = refused(own_client, MY_NEW, new_conference(own_client, MY_NEW, fields))
    message = "The last date cannot be before the first conference."
    assert field_error(html, f"{RECURRENCE}-recurEndDate") == message
    assert error_ids(html) == {f"{RECURRENCE}-recurEndDate"}


def test_more_participants_than_the_bridge_has_ports(helpdesk_client, apio, wake):
    fields = {"conference-maxParticipants": "25", "conference-estimatedParticipants": "21"}
    html = refused(helpdesk_client, STAFF_NEW, new_conference(helpdesk_client, STAFF_NEW, fields))
    message = "At most 20: the bridge “Acme HQ bridge” has 20 ports."
    assert field_error(html, "conference-maxParticipants") == message
    assert field_error(html, "conference-estimatedParticipants") == message
    assert error_ids(html) == {"conference-maxParticipants", "conference-estimatedParticipants"}


def test_a_required_field_left_empty(own_client, wake):
    fields = {"conference-title": "", f"{OPEN}-startTime": ""}
    html = refused(own_client, MY_NEW, new_conference(own_client, MY_NEW, fields))
    assert field_error(html, "conference-title") == "This field is required."
    assert field_error(html, f"{OPEN}-startTime") == "This field is required."


def test_a_security_pin_is_the_platforms_to_give(own_client, apio, wake):
    """Participants need a PIN: the platform sets it (the spec has no PIN to send); the form
    offers no PIN to type, and a PIN slipped into the post is not sent."""
    page = own_client.get(MY_NEW).content.decode()
    assert "securityPin" not in page and "moderatorPin" not in page
    fields = {"conference-requireSecurityPin": "on", "conference-securityPin": "1234"}
    response = own_client.post(MY_NEW, new_conference(own_client, MY_NEW, fields))
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.payload["requireSecurityPin"] is True
    assert "securityPin" not in change.payload


def test_a_changed_kind_needs_its_start(helpdesk_client, apio, wake):
    """The schedule sent replaces the platform's whole: switching a conference to another kind
    needs that kind's start, though the spec makes a change's start optional."""
    page = reverse("features:conference", args=[*USER, HQ_BRIDGE, "012345"])
    data = rule_fields(helpdesk_client.get(page).content.decode().split('id="delegates"')[0])
    data[f"{SCHEDULE}-_pick_scheduleReservationless"] = ["scheduleOneTime"]
    data[f"{SCHEDULE}-scheduleOneTime-duration-hours"] = ["1"]
    data[f"{SCHEDULE}-scheduleOneTime-duration-minutes"] = ["0"]
    html = refused(helpdesk_client, page, data)
    start = f"{SCHEDULE}-scheduleOneTime-startTime"
    assert field_error(html, start) == "Enter when the conference starts."
    assert error_ids(html) == {start}
