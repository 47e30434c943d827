"""A conference is named by APIO when it is created: a create whose sending may have got
through (its worker died before the answer) is looked for in the host's list, and applied
without a second conference; one that did not get through is sent again."""

import pytest

from portal.apio import paths
from portal.changes import push, services
from portal.changes.models import ChangeStatus
from portal.changes.services import ChangeRequest
from portal.features.conferences.declaration import NEW_CONFERENCE
from portal.reasons import ALREADY_APPLIED
from tests.accounts.people import HQ_USER
from tests.changes.pipeline import submit_all
from tests.changes.test_collection_items import cut_short, platform_request, reloaded

pytestmark = pytest.mark.integration

BRIDGE = "bridge-hq@acme.example"
CREATE = paths.meet_me_new_conference(HQ_USER, BRIDGE)
LIST = paths.meet_me_conferences(HQ_USER)
# A new conference as its form sends it: the usual choices, a title, a size and a start.
TEAM_CALL = {
    **NEW_CONFERENCE,
    "title": "Team call",
    "maxParticipants": 10,
    "conferenceSchedule": {
        "scheduleReservationless": {"startTime": "2027-01-04T09:30:00.000+01:00"}
    },
}


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr(services.waking, "wake", lambda pk, **kwargs: True)


def create() -> ChangeRequest:
    return ChangeRequest(
        HQ_USER, "conferences/conferences", "meet_me_conference_instance", "POST", CREATE,
        TEAM_CALL, {},
    )  # fmt: skip


def team_calls(sandbox) -> int:
    client = sandbox.client()
    try:
        listed = client.get(LIST).json()["conferences"]
    finally:
        client.close()
    return sum(1 for entry in listed if entry["title"] == "Team call")


def conference_requests(sandbox) -> list[tuple[str, str, int]]:
    return [
        (r["method"], r["path"], r["status"])
        for r in sandbox.requests()
        if r["path"].startswith(LIST)
    ]


def test_a_conference_created_before_its_worker_died_is_not_created_twice(apio, db, no_broker):
    (change,) = submit_all([create()])
    [line] = services.claim(change.pk)
    platform_request(apio, "POST", CREATE, TEAM_CALL)  # it got through; the worker died
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_APPLIED)
    assert conference_requests(apio) == [("GET", LIST, 200)]
    assert team_calls(apio) == 1


def test_a_conference_that_did_not_get_through_is_created(apio, db, no_broker):
    (change,) = submit_all([create()])
    cut_short(services.claim(change.pk)[0])
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    assert reloaded(change).status == ChangeStatus.APPLIED
    assert conference_requests(apio) == [("GET", LIST, 200), ("POST", CREATE, 201)]
    assert team_calls(apio) == 1
