from celery import shared_task

from portal.changes import pusher, services


@shared_task(
    name="changes.push",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def push_change(change_id: int) -> int:
    return pusher.push(change_id)


@shared_task(name="changes.sweep", ignore_result=True)
def sweep_changes() -> dict[str, int]:
    return services.sweep()
