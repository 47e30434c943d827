"""The push against the sandbox APIO over HTTP, run here in the test (no worker process)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portal.apio.paths import user_service
from portal.changes import push, services
from portal.changes.models import AttemptOutcome, ChangeStatus, PendingChange
from portal.changes.services import ChangeRequest, waking
from tests.changes.pipeline import forwarding_change, submit_all, users_with_service

pytestmark = pytest.mark.integration

NO_ANSWER = "Call Forwarding No Answer"
RINGS_REFUSED = "Field 'numberOfRings' must be 0 or between 2 and 20, got 99"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """The push runs here: no message for a worker of a later test."""
    monkeypatch.setattr(waking, "wake", lambda pk, **kwargs: True)


def no_answer_change(ref, payload: dict) -> ChangeRequest:
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/no-answer",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfna"),
        payload=payload,
        snapshot={},
    )


def puts(sandbox, path: str) -> list[tuple[int, dict]]:
    """The PUTs the sandbox received on `path`, oldest first: (status, body)."""
    return [
        (request["status"], request["body"])
        for request in sandbox.requests()
        if (request["method"], request["path"]) == ("PUT", path)
    ]


@pytest.mark.parametrize("invalid_first", [False, True], ids=["valid-first", "invalid-first"])
def test_a_refused_merged_request_is_sent_again_change_by_change(apio, db, invalid_first):
    ref = users_with_service(apio, 1, NO_ANSWER)[0]
    valid = no_answer_change(ref, {"active": True, "destination": "+32477000001"})
    invalid = no_answer_change(ref, {"numberOfRings": 99})  # the platform allows 0 or 2 to 20
    requests = [invalid, valid] if invalid_first else [valid, invalid]
    changes = submit_all(requests)
    by_payload = {id(request): change for request, change in zip(requests, changes, strict=True)}
    good, bad = by_payload[id(valid)], by_payload[id(invalid)]

    push.push_round(services.claim(changes[0].pk))

    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == ChangeStatus.APPLIED
    assert (bad.status, bad.message) == (ChangeStatus.FAILED, RINGS_REFUSED)
    assert bad.field_errors == {"numberOfRings": [RINGS_REFUSED]}
    held = apio.object(valid.path)
    assert (held["active"], held["destination"]) == (True, "+32477000001")
    assert held["numberOfRings"] != 99
    # The merged request first, then each change on its own, in the order they were made.
    sent = puts(apio, valid.path)
    assert [status for status, _ in sent[:1]] == [400]
    assert [body for _, body in sent[1:]] == [request.payload for request in requests]
    assert good.attempts.get().outcome == AttemptOutcome.APPLIED
    assert bad.attempts.get().status_code == 400


@pytest.mark.parametrize("one_more_behind", [False, True], ids=["alone", "with-a-later-change"])
def test_a_line_whose_sending_got_through_before_its_worker_died_is_not_sent_twice(
    apio, db, one_more_behind
):
    ref = users_with_service(apio, 1)[0]
    path = forwarding_change(ref, "").path
    loaded = {"destination": apio.object(path)["destination"]}
    first, second = submit_all(
        forwarding_change(ref, f"+3247600000{n}", snapshot=loaded) for n in (1, 2)
    )
    [line] = services.claim(first.pk)
    # The worker sent the line as one request, APIO applied it, and the worker died before it
    # could record the answer: its lease lapses and the sweeper takes the line back.
    platform = apio.client()
    platform.put(path, json={"active": True, "destination": "+32476000002"}).raise_for_status()
    platform.close()
    PendingChange.objects.filter(pk__in=[c.pk for c in line]).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.sweep()["recovered"] == 1
    line_changes = [first, second]
    if one_more_behind:
        line_changes += submit_all([forwarding_change(ref, "+32476000003", snapshot=loaded)])
    apio.clear_requests()

    push.push_round(services.claim(first.pk))

    statuses = PendingChange.objects.filter(pk__in=[c.pk for c in line_changes])
    assert set(statuses.values_list("status", flat=True)) == {ChangeStatus.APPLIED}  # no conflict
    sent = [body["destination"] for _, body in puts(apio, path)]
    assert sent == (["+32476000003"] if one_more_behind else [])
    assert apio.object(path)["destination"] == line_changes[-1].payload["destination"]


def test_a_round_longer_than_the_lease_keeps_its_changes_while_it_lives(
    apio, transactional_db, settings
):
    settings.CHANGES_HEARTBEAT_SECONDS = 0.9
    ref = users_with_service(apio, 1)[0]
    (change,) = submit_all([forwarding_change(ref, "+32478000001")])
    apio.set_faults(latency_ms=1500)  # the PUT outlasts the lease: only renewals keep it
    apio.clear_requests()
    sweeps = []

    def sweep_meanwhile():
        try:
            time.sleep(1.2)
            sweeps.append(services.sweep())
        finally:
            connection.close()

    sweeper = threading.Thread(target=sweep_meanwhile)
    sweeper.start()
    push.push_round(services.claim(change.pk))
    sweeper.join()

    assert sweeps == [{"recovered": 0, "requeued": 0}]
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert len(puts(apio, change.path)) == 1
