"""The changes list and the audit log page through every row with true counts, sort by what a
person asks, stack on a phone, and cost the same few queries however long they grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import AuditEntry, Role, User
from portal.changes import describe, services
from portal.changes.models import ChangeStatus, PendingChange
from tests.changes.conftest import ALICE, forwarding_request


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def alice(db):
    return User.objects.create(
        username=ALICE.user_id, role=Role.END_USER, apio_user_id=ALICE.user_id,
        apio_tenant_id=ALICE.tenant_id, apio_group_id=ALICE.group_id,
    )  # fmt: skip


def make_changes(actor, count: int, start: int = 0) -> list[PendingChange]:
    return [
        services.submit_change(actor, forwarding_request(f"+32255{number:05d}"))
        for number in range(start, start + count)
    ]


def listed(html: str) -> list[int]:
    """The change numbers the table lists, in its order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [int(n) for n in re.findall(r'href="/changes/(\d+)/">#', body)]


def test_the_list_pages_through_120_changes_with_true_counts(client, helpdesk):
    changes = make_changes(helpdesk, 120)
    client.force_login(helpdesk)
    url = reverse("changes:change_list")

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    last = client.get(url, {"page": 3}).content.decode()

    assert "Showing 1–50 of 120 changes" in first
    assert "Showing 51–100 of 120 changes" in second
    assert "Showing 101–120 of 120 changes" in last
    newest_first = [c.pk for c in reversed(changes)]
    assert listed(first) + listed(second) + listed(last) == newest_first
    nav = re.search(r'<nav class="pagination" aria-label="[^"]+">.*?</nav>', second, re.S)
    assert nav, "the pages are a navigation landmark with a name"
    assert re.search(r'aria-current="page"[^>]*>2</a>', nav.group(0))
    assert 'rel="prev"' in nav.group(0) and 'rel="next"' in nav.group(0)


def test_sorting_by_status_keeps_the_filters_and_says_which_column(client, helpdesk):
    changes = make_changes(helpdesk, 6)
    PendingChange.objects.filter(pk__in=[changes[1].pk, changes[4].pk]).update(
        status=ChangeStatus.FAILED
    )
    PendingChange.objects.filter(pk=changes[2].pk).update(status=ChangeStatus.APPLIED)
    client.force_login(helpdesk)
    url = reverse("changes:change_list")

    by_status = client.get(url, {"sort": "status"}).content.decode()
    backwards = client.get(url, {"sort": "-status"}).content.decode()
    failed_only = client.get(url, {"sort": "status", "status": "failed"}).content.decode()

    order = [PendingChange.objects.get(pk=pk).status for pk in listed(by_status)]
    assert order == sorted(order)
    assert listed(backwards)[0] in (changes[0].pk, changes[3].pk, changes[5].pk)  # queued
    assert re.search(
        r'<th scope="col" class="[^"]*" aria-sort="ascending">\s*<a[^>]*>Status', by_status
    )
    assert 'aria-sort="descending"' in backwards and 'aria-sort="ascending"' not in backwards
    assert sorted(listed(failed_only)) == [changes[1].pk, changes[4].pk]
    # The sort links keep the filter; the filter form keeps the sort.
    assert 'href="?sort=-status&amp;status=failed"' in failed_only or (
        'href="?status=failed&amp;sort=-status"' in failed_only
    )
    assert '<input type="hidden" name="sort" value="status">' in failed_only


def test_every_cell_names_its_column_for_phones(client, helpdesk):
    make_changes(helpdesk, 3)
    client.force_login(helpdesk)

    html = client.get(reverse("changes:change_list")).content.decode()

    table = html.split('<table class="stack changes">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    cells = re.findall(r"<td(?=[ >])[^>]*>", body)
    assert cells and all("data-label=" in cell for cell in cells)
    assert "<caption>" in table and '<th scope="col"' in table


def queries_for(client, url: str, query: dict) -> int:
    client.get(url, query)  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        pytest.param("changes:change_list", {}, id="changes"),
        pytest.param(
            "changes:change_list", {"sort": "by", "status": "queued"}, id="changes-sorted"
        ),
        pytest.param("accounts:audit_list", {}, id="audit"),
        pytest.param("accounts:audit_list", {"sort": "outcome", "page": 2}, id="audit-sorted"),
    ],
)
def test_a_list_costs_the_same_queries_for_10_rows_and_200(client, helpdesk, url, query):
    client.force_login(helpdesk)
    make_changes(helpdesk, 10)
    with_10 = queries_for(client, reverse(url), query)

    make_changes(helpdesk, 190, start=10)
    with_200 = queries_for(client, reverse(url), query)

    assert with_10 == with_200 <= 10


def test_the_audit_log_pages_and_sorts_by_person(client, helpdesk):
    make_changes(helpdesk, 60)
    other = User.objects.create_user("aaron", password="pw-aaron-123", role=Role.ADMIN)
    services.submit_change(other, forwarding_request("+3224440000"))
    client.force_login(helpdesk)
    url = reverse("accounts:audit_list")

    second = client.get(url, {"page": 2, "user": "user00002"}).content.decode()
    by_person = client.get(url, {"sort": "person"}).content.decode()

    assert "Showing 51–61 of 61 entries" in second
    assert "user=user00002" in second.split('<nav class="pagination"', 1)[1]  # filter kept
    first_row = by_person.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Platform admin" in first_row and "aaron" in first_row
    assert AuditEntry.objects.count() == 61


def test_counts_are_written_in_the_persons_language():
    with translation.override("en"):
        assert describe.count(1234) == "1,234"
    with translation.override("nl"):
        assert describe.count(1234) == "1.234"
    with translation.override("fr"):
        assert describe.count(1234).replace("\u202f", " ").replace("\xa0", " ") == "1 234"


def test_the_end_user_pages_through_their_own_changes_only(client, alice, helpdesk):
    make_changes(alice, 55)
    client.force_login(alice)

    html = client.get(reverse("changes:change_list"), {"page": 2}).content.decode()

    assert "Showing 51–55 of 55 changes" in html
    assert 'name="user"' not in html  # no filter by user id for them
    assert ">User<" not in html
