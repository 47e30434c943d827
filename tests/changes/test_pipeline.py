"""The outbox end to end: real Redis, real worker processes, the sandbox APIO over HTTP."""

import random
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from demo.redis import EmbeddedRedis
from portal.changes.models import AttemptOutcome, ChangeAttempt, ChangeStatus
from portal.changes.services import reapply_change
from tests.changes.pipeline import (
    forwarding_change,
    staff_user,
    statuses,
    submit_all,
    users_with_service,
    wait_until_final,
)
from tests.processes import CeleryBeat, CeleryWorker, use_broker, wait_for, worker_environment

pytestmark = pytest.mark.integration

# Short timers so that recovery happens within a test's patience.
FAST_RECOVERY = {
    "CHANGES_SWEEP_INTERVAL_SECONDS": "1",
    "CHANGES_SWEEP_GRACE_SECONDS": "3",
    "CHANGES_LEASE_SECONDS": "6",
    "CHANGES_BACKOFF_BASE_SECONDS": "0.2",
    "CHANGES_BACKOFF_MAX_SECONDS": "2",
    "APIO_PUSH_READ_TIMEOUT": "2",
}
# Long enough for the worker and beat to find Redis gone and for the sweeper's grace to pass.
OUTAGE_SECONDS = 5


@pytest.fixture
def fast_settings(settings):
    for name, value in FAST_RECOVERY.items():
        setattr(settings, name, float(value))
    return settings


def destinations_in_sandbox(sandbox, refs) -> dict:
    return {ref.user_id: (sandbox.object(path_of(ref)) or {}).get("destination") for ref in refs}


def path_of(ref) -> str:
    return forwarding_change(ref, "").path


def successful_puts(sandbox) -> dict[str, list[str]]:
    """The destinations APIO took on each path, in the order it took them."""
    taken: dict[str, list[str]] = {}
    for request in sandbox.requests():
        if request["method"] == "PUT" and request["status"] == 200:
            taken.setdefault(request["path"], []).append(request["body"]["destination"])
    return taken


def test_a_killed_worker_s_changes_are_applied_once_in_order_within_30_s(
    apio, transactional_db, own_workers, tmp_path
):
    # The production timers: a lease of a few seconds, the sweeper every 10 s.
    refs = users_with_service(apio, 40)
    apio.set_faults(latency_ms=150)  # rounds last long enough to be caught half-way
    rng = random.Random(7)
    requests = [forwarding_change(rng.choice(refs), f"+32470{number:06d}") for number in range(200)]
    environment = worker_environment(APIO_BASE_URL=apio.url)
    first, beat = CeleryWorker(environment, concurrency=2), CeleryBeat(environment, tmp_path)
    second = CeleryWorker(environment, concurrency=2)
    first.start()
    beat.start()
    try:
        apio.clear_requests()
        changes = submit_all(requests)
        wait_for(
            lambda: {ChangeStatus.APPLIED, ChangeStatus.SENDING} <= statuses(changes),
            30,
            interval=0.05,
            message="no push caught half-way",
        )
        first.kill()  # as a crash would: no warm shutdown, the changes it held stay "Sending"
        killed = time.monotonic()
        second.start()
        wait_until_final(changes, timeout=30 - (time.monotonic() - killed))
    finally:
        first.kill()
        second.stop()
        beat.stop()
    assert statuses(changes) == {ChangeStatus.APPLIED}
    applied_attempts = ChangeAttempt.objects.filter(
        change__in=changes, outcome=AttemptOutcome.APPLIED
    )
    assert applied_attempts.count() == len(changes)
    # Each change's number reached APIO at most once (merged away behind a later change, or
    # once), and each user's numbers arrived in the order they were submitted.
    taken = successful_puts(apio)
    every = [destination for destinations in taken.values() for destination in destinations]
    assert len(every) == len(set(every)), "a change was applied twice"
    for destinations in taken.values():
        assert destinations == sorted(destinations), "a user's changes arrived out of order"
    last = {request.path: request.payload["destination"] for request in requests}
    assert {path: destinations[-1] for path, destinations in taken.items()} == last


def test_changes_submitted_while_redis_is_down_are_all_applied(
    apio, transactional_db, fast_settings, tmp_path
):
    broker = EmbeddedRedis(tmp_path / "fault-redis.sock", tmp_path / "fault-redis")
    broker.start()
    environment = worker_environment(APIO_BASE_URL=apio.url, REDIS_URL=broker.url, **FAST_RECOVERY)
    worker, beat = CeleryWorker(environment), CeleryBeat(environment, tmp_path)
    use_broker(f"redis+socket://{broker.socket_path}")
    refs = users_with_service(apio, 20)
    try:
        worker.start()
        beat.start()
        before = submit_all(forwarding_change(ref, "+32471000001") for ref in refs[:10])
        broker.stop()
        during = submit_all(forwarding_change(ref, "+32471000002") for ref in refs[10:])
        # Accepted and kept in the database; a push still running may already send some.
        assert statuses(during) <= {ChangeStatus.QUEUED, ChangeStatus.SENDING, ChangeStatus.APPLIED}
        time.sleep(OUTAGE_SECONDS)
        broker.start()
        wait_until_final(before + during, timeout=120)
    finally:
        beat.stop()
        worker.stop()
        broker.stop()
        use_broker(settings.CELERY_BROKER_URL)
    assert statuses(before + during) == {ChangeStatus.APPLIED}
    assert set(destinations_in_sandbox(apio, refs[10:]).values()) == {"+32471000002"}


def test_server_errors_and_timeouts_are_retried_until_applied(
    apio, transactional_db, own_workers, fast_settings
):
    refs = users_with_service(apio, 20)
    apio.set_faults(error_rate=0.3, timeout_rate=0.1, timeout_seconds=3)
    worker = CeleryWorker(worker_environment(APIO_BASE_URL=apio.url, **FAST_RECOVERY), 2)
    worker.start()
    try:
        changes = submit_all(forwarding_change(ref, "+32472000003") for ref in refs)
        wait_until_final(changes, timeout=180)
    finally:
        worker.stop()
    assert statuses(changes) == {ChangeStatus.APPLIED}
    attempts = ChangeAttempt.objects.filter(change__in=changes)
    assert attempts.filter(outcome=AttemptOutcome.TRANSIENT).exists()
    assert attempts.filter(outcome=AttemptOutcome.APPLIED).count() == len(changes)
    assert set(destinations_in_sandbox(apio, refs).values()) == {"+32472000003"}


def test_a_rejected_change_fails_once_with_apio_message_on_the_page(apio, celery_worker, client):
    ref = users_with_service(apio, 1)[0]
    request = forwarding_change(ref, "+32473000004")
    request.payload["numberOfRings"] = "many"  # APIO wants an integer
    (change,) = submit_all([request])
    wait_until_final([change], timeout=30)
    change.refresh_from_db()
    assert change.status == ChangeStatus.FAILED
    assert change.attempts.count() == 1
    sent = [r for r in apio.requests() if r["method"] == "PUT"]
    assert len(sent) == 1
    client.force_login(staff_user())
    page = client.get(reverse("changes:change_detail", args=[change.pk])).content.decode()
    assert change.message and escape(change.message) in page
    assert "numberOfRings" in page


def test_two_quick_changes_apply_in_order(apio, celery_worker):
    ref = users_with_service(apio, 1)[0]
    changes = submit_all(
        [forwarding_change(ref, "+32474000001"), forwarding_change(ref, "+32474000002")]
    )
    wait_until_final(changes, timeout=30)
    assert statuses(changes) == {ChangeStatus.APPLIED}
    assert destinations_in_sandbox(apio, [ref])[ref.user_id] == "+32474000002"


def test_a_platform_edit_since_load_is_a_conflict_until_reapplied(apio, celery_worker):
    ref = users_with_service(apio, 1)[0]
    loaded = apio.object(path_of(ref))
    platform = apio.client()
    platform.put(path_of(ref), json={"active": True, "destination": "+32475999999"})
    platform.close()
    (change,) = submit_all(
        [forwarding_change(ref, "+32475000001", snapshot={"destination": loaded["destination"]})]
    )
    wait_until_final([change], timeout=30)
    change.refresh_from_db()
    assert change.status == ChangeStatus.CONFLICT
    assert change.conflict["destination"]["platform"] == "+32475999999"
    assert destinations_in_sandbox(apio, [ref])[ref.user_id] == "+32475999999"

    reapply_change(change, staff_user())
    wait_until_final([change], timeout=30)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert destinations_in_sandbox(apio, [ref])[ref.user_id] == "+32475000001"
