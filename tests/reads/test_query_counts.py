"""The database queries of a page do not grow with the data it lists or shows: the same count
with few rows as with many (no query per row). Against the sandbox over HTTP."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import AuditEntry, Role
from portal.apio.paths import user_service
from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from tests.accounts.people import OTHER_SUPERVISOR_ID, SUPERVISOR_ID, helpdesk, linked_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

USER = UserRef("acme", "acme-hq", "user00001@acme.example")
USER_PAGE = reverse("directory:user_detail", args=[*vars(USER).values()])


def file_changes(actor, count: int) -> None:
    now = timezone.now()
    path = user_service(USER, "cfa")
    PendingChange.objects.bulk_create(
        PendingChange(
            created_by=actor,
            tenant_id=USER.tenant_id,
            group_id=USER.group_id,
            user_id=USER.user_id,
            feature="call-forwarding/always",
            definition="call_forwarding",
            method="PUT",
            path=path,
            object_key=path,
            payload={"active": number % 2 == 0},
            status=ChangeStatus.APPLIED,
            loaded_at=now,
            queued_at=now,
            next_attempt_at=now,
            deadline_at=now,
            finished_at=now,
        )
        for number in range(count)
    )


def file_audit_entries(actor, count: int) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            tenant_id=USER.tenant_id,
            group_id=USER.group_id,
            target_user_id=USER.user_id,
            feature="call-forwarding/always",
            action="change queued",
            fields={"active": [False, True]},
        )
        for _ in range(count)
    )


def queries(client, url: str, query: dict | None = None) -> tuple[int, str]:
    client.get(url, query or {})  # once before: what is read once per process or cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def rows(html: str) -> int:
    return len(re.findall(r"<tr[ >]", html))


@pytest.fixture
def staff(client, apio):
    person = helpdesk("hd-queries", "acme")
    client.force_login(person)
    return client, person


@pytest.mark.parametrize(
    ("url", "filing"),
    [
        (reverse("changes:change_list"), file_changes),
        (reverse("accounts:audit_list"), file_audit_entries),
        (USER_PAGE, file_changes),
    ],
    ids=["changes", "audit", "user page"],
)
def test_a_page_s_queries_do_not_grow_with_its_rows(staff, url, filing):
    client, person = staff
    filing(person, 10)
    few, few_html = queries(client, url)
    filing(person, 190)
    many, many_html = queries(client, url)
    if url != USER_PAGE:  # the lists show more rows (a page of 50), with the same queries
        assert rows(many_html) > rows(few_html)
    assert many == few


def test_search_queries_do_not_grow_with_the_users_found(staff):
    client, _ = staff
    search = reverse("directory:user_search")
    one, one_html = queries(client, search, {"q": "user00001@acme.example", "tenant": "acme"})
    all_, all_html = queries(client, search, {"q": "acme.example", "tenant": "acme"})
    assert rows(all_html) > rows(one_html)
    assert all_ == one


def test_agent_list_queries_do_not_grow_with_the_agents(client, apio):
    counts, sizes = [], []
    for supervisor, center in (
        (SUPERVISOR_ID, "cc-helpdesk@acme.example"),
        (OTHER_SUPERVISOR_ID, "cc-sales@acme.example"),
    ):
        client.force_login(linked_user(apio, supervisor, role=Role.SUPERVISOR))
        count, html = queries(client, reverse("supervision:agent_list", args=[center]))
        counts.append(count)
        sizes.append(rows(html))
    assert sizes[1] > sizes[0]
    assert counts[0] == counts[1]
