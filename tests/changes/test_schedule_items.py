"""A user's own schedules through the outbox, when a sending may have got through.

APIO names a schedule's periods only, unless asked for them in full (contract §5.7): the read
before a resend asks, so that a schedule APIO holds already is recognised and not sent twice.
"""

from urllib.parse import unquote

import pytest

from portal.apio.paths import user_schedules
from portal.changes import push, services
from portal.changes.models import ChangeStatus
from portal.changes.paths import item_path
from portal.changes.services import create_item, update_item, waking
from portal.reasons import ALREADY_APPLIED
from tests.changes.pipeline import submit_all, users_with_service
from tests.changes.test_collection_items import (
    CFS,
    cut_short,
    platform_request,
    reloaded,
)

pytestmark = pytest.mark.integration

FEATURE, DEFINITION = "call-forwarding/selective/settings", "user_time_schedule"
EVENINGS = [
    {"name": "Monday 18:00", "type": "Day of the week", "dayOfWeek": "Monday",
     "startTime": "18:00", "stopTime": "23:59"},
    {"name": "Tuesday 00:00", "type": "Day of the week", "dayOfWeek": "Tuesday",
     "startTime": "00:00", "stopTime": "08:00"},
]  # fmt: skip


@pytest.fixture
def no_broker(monkeypatch):
    """The push runs here: no message for a worker of a later test."""
    monkeypatch.setattr(waking, "wake", lambda pk, **kwargs: True)


@pytest.fixture
def ref(apio):
    return users_with_service(apio, 1, CFS)[0]


def schedule_requests(sandbox, ref) -> list[tuple[str, str, int]]:
    """The requests on the user's time schedules, oldest first; paths as the portal writes."""
    collection = unquote(user_schedules(ref))
    return [
        (request["method"], request["path"], request["status"])
        for request in sandbox.requests()
        if request["path"].startswith(collection)
    ]


def test_a_schedule_created_before_its_worker_died_is_not_sent_twice(apio, db, no_broker, ref):
    collection = user_schedules(ref)
    values = {"name": "Evenings", "periods": EVENINGS}
    (change,) = submit_all([create_item(ref, FEATURE, DEFINITION, collection, values)])
    [line] = services.claim(change.pk)
    # The POST reached APIO, then the worker died before the answer came.
    platform_request(apio, "POST", collection, values)
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_APPLIED)
    item = unquote(item_path(collection, "Evenings"))
    assert schedule_requests(apio, ref) == [("GET", item, 200)]


def test_a_schedule_created_with_other_periods_meanwhile_is_refused(apio, db, no_broker, ref):
    collection = user_schedules(ref)
    values = {"name": "Evenings", "periods": EVENINGS}
    (change,) = submit_all([create_item(ref, FEATURE, DEFINITION, collection, values)])
    [line] = services.claim(change.pk)
    platform_request(apio, "POST", collection, {"name": "Evenings", "periods": EVENINGS[:1]})
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    assert reloaded(change).status == ChangeStatus.FAILED
    assert [request[0] for request in schedule_requests(apio, ref)] == ["GET", "POST"]


def test_periods_changed_before_the_worker_died_are_not_sent_again(apio, db, no_broker, ref):
    collection = user_schedules(ref)
    platform_request(apio, "POST", collection, {"name": "Evenings", "periods": EVENINGS[:1]})
    values = {"periods": EVENINGS}
    (change,) = submit_all([update_item(ref, FEATURE, DEFINITION, collection, "Evenings", values)])
    [line] = services.claim(change.pk)
    item = item_path(collection, "Evenings")
    platform_request(apio, "PUT", item, {"name": "Evenings", "periods": EVENINGS})
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_APPLIED)
    assert schedule_requests(apio, ref) == [("GET", unquote(item), 200)]
