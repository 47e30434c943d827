"""Helpers for end-to-end tests of the outbox: submit through the service, watch the sandbox."""

from collections.abc import Iterable

from portal.accounts.models import Role, Scope, User
from portal.apio.paths import user_service, user_services
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.services import ChangeRequest, submit_change
from portal.core import UserRef
from tests.processes import wait_for

TENANT, GROUP = "acme", "acme-hq"


def staff_user() -> User:
    user, created = User.objects.get_or_create(username="pipeline-helpdesk", role=Role.HELPDESK)
    if created:
        Scope.objects.create(user=user, tenant_id="acme")  # the changes' users live there
    return user


def users_with_service(sandbox, count: int, service: str = "Call Forwarding Always") -> list:
    """Demo users of the sandbox that have the service assigned, asked over its API."""
    client = sandbox.client()
    try:
        listing = client.request(
            "GET", f"/api/v1/tenants/{TENANT}/search/users/", json={"responseSizeLimit": 1000}
        ).json()["users"]
        found = []
        for entry in listing:
            ref = UserRef(TENANT, entry["groupId"], entry["userId"])
            services = client.request(
                "GET", user_services(ref), json={"assignementStatus": True}
            ).json()
            assigned = {
                s["name"] for s in services["assignementStatus"]["services"] if s["assigned"]
            }
            if service in assigned:
                found.append(ref)
            if len(found) == count:
                return found
    finally:
        client.close()
    raise AssertionError(f"the sandbox has only {len(found)} users with {service}")


def forwarding_change(ref: UserRef, destination: str, snapshot: dict | None = None):
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/always",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfa"),
        payload={"active": True, "destination": destination},
        snapshot=snapshot or {},
    )


def submit_all(requests: Iterable[ChangeRequest]) -> list[PendingChange]:
    actor = staff_user()
    return [submit_change(actor, request) for request in requests]


def wait_until_final(changes: list[PendingChange], timeout: float) -> None:
    ids = [c.pk for c in changes]

    def done() -> bool:
        open_statuses = (ChangeStatus.QUEUED, ChangeStatus.SENDING)
        return not PendingChange.objects.filter(pk__in=ids, status__in=open_statuses).exists()

    wait_for(done, timeout, interval=0.5, message=_summary(ids))


def _summary(ids) -> str:
    counts: dict[str, int] = {}
    for status in PendingChange.objects.filter(pk__in=ids).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return f"changes not final in time: {counts}"


def statuses(changes: list[PendingChange]) -> set[str]:
    return set(
        PendingChange.objects.filter(pk__in=[c.pk for c in changes]).values_list(
            "status", flat=True
        )
    )
