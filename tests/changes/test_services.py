"""The outbox's bookkeeping, on the database alone (the push itself is tested end to end)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portal.accounts.models import AuditEntry, Role, User
from portal.changes import push, services
from portal.changes.models import AttemptOutcome, ChangeStatus, PendingChange
from portal.changes.push.batch import Batch
from portal.changes.push.heartbeat import Heartbeat
from portal.changes.services import claims, waking
from portal.changes.services.outcomes import UNSENT, Outcome, record
from portal.changes.signals import changes_applied
from portal.core import UserRef
from tests.changes.conftest import forwarding_request


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Record what would be queued instead of publishing it."""
    queued = []
    monkeypatch.setattr(waking, "wake", lambda pk, **kwargs: queued.append(pk) or True)
    return queued


def submit(helpdesk, django_capture_on_commit_callbacks, destination="+3225551111"):
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_change(helpdesk, forwarding_request(destination))


def test_submit_writes_change_and_audit_and_queues_after_commit(
    helpdesk, no_broker, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    assert change.status == ChangeStatus.QUEUED
    assert no_broker == [change.pk]
    audit = AuditEntry.objects.get(change=change)
    assert audit.actor == helpdesk
    assert audit.fields["destination"] == {"old": "+3225550000", "new": "+3225551111"}


def test_only_the_first_change_of_an_object_is_claimed(
    helpdesk, django_capture_on_commit_callbacks
):
    first = submit(helpdesk, django_capture_on_commit_callbacks, "+3225551111")
    second = submit(helpdesk, django_capture_on_commit_callbacks, "+3225552222")
    assert claims.claim(second.pk) == []
    [line] = claims.claim(first.pk)
    assert [c.pk for c in line] == [first.pk, second.pk]  # consecutive PUTs go together
    assert set(PendingChange.objects.values_list("status", flat=True)) == {ChangeStatus.SENDING}
    assert claims.claim(first.pk) == []  # already being sent


def test_transient_failure_waits_with_backoff_then_fails_at_the_deadline(
    helpdesk, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    [line] = claims.claim(change.pk)
    record([Outcome(line, AttemptOutcome.TRANSIENT, 503, "APIO answered 503")])
    change.refresh_from_db()
    assert change.status == ChangeStatus.QUEUED
    assert change.next_attempt_at > timezone.now()
    assert change.attempts.get().status_code == 503

    PendingChange.objects.filter(pk=change.pk).update(
        next_attempt_at=timezone.now(), deadline_at=timezone.now() - timedelta(seconds=1)
    )
    [line] = claims.claim(change.pk)
    record([Outcome(line, AttemptOutcome.TRANSIENT, None, "timeout")])
    change.refresh_from_db()
    assert change.status == ChangeStatus.FAILED
    assert "after 2 attempts" in change.message


def test_rejection_is_final_and_keeps_apio_reason(helpdesk, django_capture_on_commit_callbacks):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    [line] = claims.claim(change.pk)
    record(
        [
            Outcome(
                line, AttemptOutcome.PERMANENT, 400, "Invalid destination", {"destination": ["x"]}
            )
        ]
    )
    change.refresh_from_db()
    assert (change.status, change.message) == (ChangeStatus.FAILED, "Invalid destination")
    assert change.can_retry


def test_backoff_grows_and_is_capped(settings):
    settings.CHANGES_BACKOFF_BASE_SECONDS = 1
    settings.CHANGES_BACKOFF_MAX_SECONDS = 8
    assert 0.5 <= services.backoff_seconds(1) <= 1
    assert 4 <= services.backoff_seconds(4) <= 8
    assert services.backoff_seconds(20) <= 8


def test_sweeper_takes_back_a_change_whose_worker_died(
    helpdesk, no_broker, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    claims.claim(change.pk)
    PendingChange.objects.filter(pk=change.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    change.refresh_from_db()
    assert change.status_label == "Retrying"  # not "Sending": nobody is sending it
    no_broker.clear()
    assert services.sweep() == {"recovered": 1, "requeued": 1}
    change.refresh_from_db()
    assert (change.status, change.sender, change.maybe_sent) == (ChangeStatus.QUEUED, "", True)
    assert change.status_label == "Retrying"
    assert no_broker == [change.pk]


def test_a_claim_is_held_a_few_seconds_and_renewed_while_its_sender_lives(
    helpdesk, no_broker, settings, django_capture_on_commit_callbacks
):
    settings.CHANGES_HEARTBEAT_SECONDS = 6
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    [line] = claims.claim(change.pk)
    lease = line[0].lease_expires_at
    assert timedelta(seconds=5) < lease - timezone.now() <= timedelta(seconds=6)
    assert services.renew(line, lease + timedelta(seconds=4)) == 1
    assert services.sweep()["recovered"] == 0
    change.refresh_from_db()
    assert (change.status_label, change.lease_expires_at) == (
        "Sending",
        lease + timedelta(seconds=4),
    )

    PendingChange.objects.filter(pk=change.pk).update(sender="another push")
    assert services.renew(line, lease + timedelta(seconds=8)) == 0  # not ours any more


def test_sweeper_queues_a_change_the_broker_never_got(helpdesk, no_broker, settings):
    settings.CHANGES_SWEEP_GRACE_SECONDS = 0
    change = services.submit_change(helpdesk, forwarding_request("+3225551111"))  # no commit hook
    PendingChange.objects.filter(pk=change.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=5)
    )
    assert services.sweep()["requeued"] == 1
    assert no_broker == [change.pk]


def test_sweeper_asks_for_one_push_for_due_changes_still_within_the_grace(
    helpdesk, monkeypatch, settings
):
    settings.CHANGES_SWEEP_GRACE_SECONDS = 30
    woken = []
    monkeypatch.setattr(waking, "wake", lambda pk, **kwargs: woken.append((pk, kwargs)) or True)
    # Their push's message went with a dead worker (no commit hook here: no message at all).
    first = services.submit_change(helpdesk, other_user_request(70, "+3225550070"))
    services.submit_change(helpdesk, other_user_request(71, "+3225550071"))
    assert services.sweep() == {"recovered": 0, "requeued": 0}
    # An ordinary wake: a push unless one is pending, and that push takes both.
    assert woken == [(first.pk, {})]


def test_cancel_and_retry_rules(helpdesk, django_capture_on_commit_callbacks):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    with pytest.raises(ValueError):
        services.retry_change(change, helpdesk)
    services.cancel_change(change, helpdesk)
    change.refresh_from_db()
    assert change.status == ChangeStatus.CANCELLED
    with pytest.raises(ValueError):
        services.cancel_change(change, helpdesk)


def other_user_request(number: int, destination: str):
    return forwarding_request(
        destination, ref=UserRef("acme", "acme-hq", f"user{number:05d}@acme.example")
    )


def test_a_push_takes_other_objects_first_changes_but_never_out_of_turn(
    helpdesk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.submit_change(helpdesk, other_user_request(10, "+3225550010"))
        ready = [
            services.submit_change(helpdesk, other_user_request(n, "+3225550011")) for n in (11, 12)
        ]
        waiting = services.submit_change(helpdesk, other_user_request(13, "+3225550013"))
        behind = services.submit_change(helpdesk, other_user_request(13, "+3225550014"))
        later = services.submit_change(helpdesk, other_user_request(14, "+3225550015"))
    # Object 13's first change is being sent by someone else; object 14's is not due yet.
    PendingChange.objects.filter(pk=waiting.pk).update(status=ChangeStatus.SENDING)
    PendingChange.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=1)
    )

    lines = claims.claim(mine.pk, others=5)

    taken = [[c.pk for c in line] for line in lines]
    assert taken == [[mine.pk], [ready[0].pk], [ready[1].pk]]
    behind.refresh_from_db()
    assert behind.status == ChangeStatus.QUEUED


def test_a_push_takes_no_more_objects_than_asked(helpdesk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        changes = [
            services.submit_change(helpdesk, other_user_request(20 + n, f"+32255500{n:02d}"))
            for n in range(6)
        ]
    lines = claims.claim(changes[0].pk, others=2)
    assert [line[0].pk for line in lines] == [c.pk for c in changes[:3]]
    assert PendingChange.objects.filter(status=ChangeStatus.QUEUED).count() == 3


def test_outcomes_of_one_push_are_recorded_together(
    helpdesk, no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submit_change(helpdesk, other_user_request(30, "+3225550030"))
        second = services.submit_change(helpdesk, other_user_request(31, "+3225550031"))
        follower = services.submit_change(helpdesk, other_user_request(31, "+3225550032"))
        third = services.submit_change(helpdesk, other_user_request(32, "+3225550033"))
    applied, conflicted, rejected = claims.claim(first.pk, others=5)
    no_broker.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record(
            [
                Outcome(applied, AttemptOutcome.APPLIED, 200),
                Outcome(conflicted[:1], AttemptOutcome.CONFLICT, message="x"),
                Outcome(conflicted[1:], UNSENT),
                Outcome(rejected, AttemptOutcome.PERMANENT, 400, "No such number"),
            ]
        )
    status = dict(PendingChange.objects.values_list("pk", "status"))
    assert status == {
        first.pk: ChangeStatus.APPLIED,
        second.pk: ChangeStatus.CONFLICT,
        follower.pk: ChangeStatus.QUEUED,
        third.pk: ChangeStatus.FAILED,
    }
    assert no_broker == [follower.pk]  # next in line once the change before it is settled
    assert [a.outcome for a in first.attempts.all()] == [AttemptOutcome.APPLIED]
    assert not follower.attempts.exists()


def test_an_object_with_a_change_being_sent_is_left_alone(
    helpdesk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        being_sent = services.submit_change(helpdesk, other_user_request(40, "+3225550040"))
        committed_later = services.submit_change(helpdesk, other_user_request(40, "+3225550041"))
    # Stamped earlier but committed after the first change was taken: it must still wait.
    PendingChange.objects.filter(pk=being_sent.pk).update(status=ChangeStatus.SENDING)
    PendingChange.objects.filter(pk=committed_later.pk).update(
        queued_at=being_sent.queued_at - timedelta(seconds=1)
    )
    assert claims.claim(committed_later.pk, others=5) == []
    committed_later.refresh_from_db()
    assert committed_later.status == ChangeStatus.QUEUED


def test_a_long_line_on_one_object_does_not_hide_the_others(
    helpdesk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(150):
            services.submit_change(helpdesk, other_user_request(50, f"+32255{n:05d}"))
        others = [
            services.submit_change(helpdesk, other_user_request(51 + n, "+3225550051"))
            for n in range(3)
        ]
    lines = claims.claim(others=4)
    assert len(lines[0]) == claims.MAX_MERGED_CHANGES  # the long line, merged
    assert [line[0].pk for line in lines[1:]] == [change.pk for change in others]


def test_an_outcome_is_not_recorded_for_a_change_taken_back_meanwhile(
    helpdesk, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    [line] = claims.claim(change.pk)
    # Held past its lease: the sweeper put it back in line, and another push may have it.
    PendingChange.objects.filter(pk=change.pk).update(
        status=ChangeStatus.QUEUED, lease_expires_at=None
    )
    record([Outcome(line, AttemptOutcome.APPLIED, 200)])
    change.refresh_from_db()
    assert change.status == ChangeStatus.QUEUED
    assert not change.attempts.exists()


def test_a_batch_held_past_its_lease_is_not_sent(helpdesk, django_capture_on_commit_callbacks):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    [line] = claims.claim(change.pk)
    heartbeat = Heartbeat(line, objects=1)  # not started: no renewal comes
    heartbeat.held_until = timezone.now() + timedelta(seconds=1)  # less than a beat to spare
    assert push.send(Batch(line), heartbeat).kind == UNSENT  # the APIO client is never called


def test_pushes_claiming_at_once_never_take_an_object_twice(transactional_db):
    actor = User.objects.create_user("hd-claims", password="pw", role=Role.HELPDESK)
    for n in range(20):
        for edit in range(3):
            services.submit_change(actor, other_user_request(60 + n, f"+32255{n:03d}{edit:02d}"))
    claimed: list[list[list[PendingChange]]] = []

    def push_claims():
        try:
            for _ in range(6):
                claimed.append(claims.claim(others=4))
        finally:
            connection.close()

    pushes = [threading.Thread(target=push_claims) for _ in range(4)]
    for thread in pushes:
        thread.start()
    for thread in pushes:
        thread.join()

    while rest := claims.claim(others=20):  # whatever the pushes left
        claimed.append(rest)
    lines = [line for taken in claimed for line in taken]
    objects = [line[0].object_key for line in lines]
    assert len(objects) == len(set(objects)) == 20  # each object once, by one push
    assert sorted(len(line) for line in lines) == [3] * 20  # its whole line, in order
    for line in lines:
        assert [c.pk for c in line] == sorted(c.pk for c in line)


def test_a_failing_listener_of_applied_changes_does_not_stop_the_line(
    helpdesk, no_broker, django_capture_on_commit_callbacks
):
    first = submit(helpdesk, django_capture_on_commit_callbacks, "+3225551111")
    [line] = claims.claim(first.pk)
    second = submit(helpdesk, django_capture_on_commit_callbacks, "+3225552222")  # waits behind

    def cache_down(**kwargs):
        raise ConnectionError("the cache's Redis is down")

    changes_applied.connect(cache_down, dispatch_uid="test.cache_down")
    no_broker.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record([Outcome(line, AttemptOutcome.APPLIED, 200)])
    finally:
        changes_applied.disconnect(dispatch_uid="test.cache_down")
    assert no_broker == [second.pk]  # the next in line is on its way all the same
