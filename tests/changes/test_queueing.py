"""One broker message wakes a push that sends every due change: the real Redis, in-process push."""

import pytest

from portal.changes import tasks
from portal.changes.models import ChangeStatus, PendingChange
from tests.changes.pipeline import forwarding_change, staff_user, users_with_service

QUEUE = "celery"  # the broker list the push messages go to


@pytest.fixture
def broker(redis_server):
    redis_server.flushdb()
    yield redis_server
    redis_server.flushdb()  # no message left for a later test's worker


def submit(refs, destination, django_capture_on_commit_callbacks):
    from portal.changes.services import submit_change

    actor = staff_user()
    with django_capture_on_commit_callbacks(execute=True):
        return [submit_change(actor, forwarding_change(ref, destination)) for ref in refs]


def test_changes_submitted_while_a_push_is_pending_send_no_message(
    apio, broker, db, django_capture_on_commit_callbacks
):
    refs = users_with_service(apio, 4)
    submit(refs[:3], "+32471000001", django_capture_on_commit_callbacks)
    assert broker.llen(QUEUE) == 1

    tasks.push_done()  # the push found nothing more to send
    submit(refs[3:], "+32471000002", django_capture_on_commit_callbacks)
    assert broker.llen(QUEUE) == 2


def test_one_push_sends_the_changes_that_sent_no_message(
    apio, broker, db, django_capture_on_commit_callbacks
):
    refs = users_with_service(apio, 5)
    changes = submit(refs, "+32471000003", django_capture_on_commit_callbacks)
    assert broker.llen(QUEUE) == 1

    assert tasks.push_change(changes[0].pk) == 5

    applied = PendingChange.objects.filter(pk__in=[c.pk for c in changes])
    assert set(applied.values_list("status", flat=True)) == {ChangeStatus.APPLIED}
    assert {apio.object(c.path)["destination"] for c in changes} == {"+32471000003"}
    assert not broker.exists(tasks.PUSH_PENDING_KEY)  # the next change sends a message


def test_a_long_push_hands_over_to_a_fresh_task(
    apio, broker, db, settings, django_capture_on_commit_callbacks
):
    settings.CHANGES_PUSH_BATCH = 2
    settings.CHANGES_PUSH_SECONDS = 0
    refs = users_with_service(apio, 5)
    changes = submit(refs, "+32471000004", django_capture_on_commit_callbacks)
    broker.delete(QUEUE)

    assert tasks.push_change(changes[0].pk) == 2  # one round, then a new message for the rest

    assert broker.llen(QUEUE) == 1
    queued = PendingChange.objects.filter(status=ChangeStatus.QUEUED)
    assert queued.count() == 3
