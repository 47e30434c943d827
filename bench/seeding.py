"""Data the page benchmarks need beyond the sandbox's demo set: many rows, many conferences."""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from portal.accounts.models import AuditEntry, User
from portal.apio.paths import user_service
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.services import ChangeRequest

BATCH = 5000
# What a GET of a conference answers that a POST does not take.
NOT_POSTED = ("conferenceId", "bridgeId", "status", "hostTimeZone", "moderatorPin", "securityPin")


def copied(model, count: int) -> None:
    """Fill the model's table up to `count` rows by copying the rows there, in SQL: filing
    100,000 rows through the ORM would take most of a benchmark's minute."""
    table = model._meta.db_table
    columns = ", ".join(
        connection.ops.quote_name(f.column)
        for f in model._meta.concrete_fields
        if not f.primary_key
    )
    with connection.cursor() as cursor:
        while (have := model.objects.count()) < count:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} "
                f"ORDER BY id LIMIT %s",
                [count - have],
            )


def file_changes(actor: User, count: int) -> None:
    """`count` applied changes to the call forwarding of 500 users, a minute apart."""
    now = timezone.now()
    with transaction.atomic():
        for first in range(0, min(count, BATCH), BATCH):
            rows = []
            for number in range(first, min(count, first + BATCH)):
                user_id = f"user{number % 500 + 1:05d}@acme.example"
                path = f"/api/v1/tenants/acme/groups/acme-hq/users/{user_id}/services/cfa/"
                when = now - timedelta(minutes=count - number)
                rows.append(
                    PendingChange(
                        created_by=actor,
                        tenant_id="acme",
                        group_id="acme-hq",
                        user_id=user_id,
                        feature="call-forwarding/always",
                        definition="call_forwarding",
                        method="PUT",
                        path=path,
                        object_key=path,
                        payload={"active": number % 2 == 0},
                        status=ChangeStatus.APPLIED,
                        loaded_at=when,
                        queued_at=when,
                        next_attempt_at=when,
                        deadline_at=when + timedelta(hours=1),
                        finished_at=when,
                        attempt_count=1,
                    )
                )
            PendingChange.objects.bulk_create(rows)
        copied(PendingChange, count)


def file_audit_entries(actor: User, count: int) -> None:
    with transaction.atomic():
        for first in range(0, min(count, BATCH), BATCH):
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    actor=actor,
                    tenant_id="acme",
                    group_id="acme-hq",
                    target_user_id=f"user{number % 500 + 1:05d}@acme.example",
                    feature="call-forwarding/always",
                    action="change queued",
                    fields={"active": [False, True]},
                )
                for number in range(first, min(count, first + BATCH))
            )
        copied(AuditEntry, count)


def add_conferences(apio, tenant: str, group: str, host: str, total: int) -> None:
    """Give `host` `total` conferences, copies of one they host (the sandbox over HTTP)."""
    base = f"/api/v1/tenants/{tenant}/groups/{group}/users/{host}/services/meet_me_confs/"
    listed = apio.get(f"{base}conferences/").json()["conferences"]
    if len(listed) >= total:
        return
    model = listed[0]
    bridge, conference = model["bridgeId"], model["conferenceId"]
    body = apio.get(f"{base}conferences/{bridge}/{conference}/").json()
    body = {name: value for name, value in body.items() if name not in NOT_POSTED}
    for number in range(len(listed), total):
        answer = apio.post(
            f"{base}conferences/{bridge}/", json={**body, "title": f"Bench meeting {number}"}
        )
        answer.raise_for_status()


def forward_always(ref, destination: str, platform: dict, loaded_at) -> ChangeRequest:
    """A save of "forward always" to `destination`, from a form that read `platform`."""
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/always",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfa"),
        payload={"active": True, "destination": destination},
        snapshot={k: platform.get(k) for k in ("active", "destination")},
        loaded_at=loaded_at,
    )
