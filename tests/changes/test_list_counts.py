"""A long list counts its rows only as far as a reader may go from the page they are on, says
"more than" past that, and still pages through every row; done changes show the same badge
the status partial draws."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.changes.models import ChangeStatus, PendingChange
from tests.changes.test_lists import listed, make_changes


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def count_ahead_60(monkeypatch):
    monkeypatch.setattr("portal.tables.COUNT_AHEAD", 60)


def page_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    return re.findall(r"<li>(?:<a[^>]*>(\d+)</a>|<span[^>]*>(…)</span>)</li>", nav)


def test_past_the_count_the_list_says_more_than_and_pages_on(client, helpdesk, count_ahead_60):
    changes = make_changes(helpdesk, 120)
    client.force_login(helpdesk)
    url = reverse("changes:change_list")

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    third = client.get(url, {"page": 3}).content.decode()

    assert "Showing 1–50 of more than 60 changes" in first
    assert [n or gap for n, gap in page_links(first)] == ["1", "2", "…"]
    assert 'rel="next"' in first
    # From page 2 the count reaches further; from page 3 it reaches the end: exact again.
    assert "Showing 51–100 of more than 110 changes" in second
    assert "Showing 101–120 of 120 changes" in third
    assert [n or gap for n, gap in page_links(third)] == ["1", "2", "3"]
    newest_first = [c.pk for c in reversed(changes)]
    assert listed(first) + listed(second) + listed(third) == newest_first


def test_a_page_far_past_the_end_shows_the_last_with_the_true_count(
    client, helpdesk, count_ahead_60
):
    make_changes(helpdesk, 70)
    client.force_login(helpdesk)

    html = client.get(reverse("changes:change_list"), {"page": 99}).content.decode()

    assert "Showing 51–70 of 70 changes" in html


def test_the_filters_narrow_what_is_counted(client, helpdesk, count_ahead_60):
    changes = make_changes(helpdesk, 80)
    PendingChange.objects.filter(pk__in=[c.pk for c in changes[:3]]).update(
        status=ChangeStatus.FAILED
    )
    client.force_login(helpdesk)

    html = client.get(reverse("changes:change_list"), {"status": "failed"}).content.decode()

    assert "Showing 1–3 of 3 changes" in html and len(listed(html)) == 3


@pytest.mark.parametrize(
    ("url", "query"),
    [
        pytest.param("changes:change_list", {}, id="changes"),
        pytest.param("changes:change_list", {"status": "queued", "page": 2}, id="changes-page-2"),
        pytest.param("accounts:audit_list", {}, id="audit"),
        pytest.param("accounts:audit_list", {"sort": "person", "page": 2}, id="audit-sorted"),
    ],
)
def test_no_list_counts_every_row(client, helpdesk, count_ahead_60, url, query):
    make_changes(helpdesk, 120)
    client.force_login(helpdesk)
    client.get(reverse(url), query)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(url), query)

    assert response.status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts
    assert re.search(r"LIMIT \d+\) subquery$", counts[0]), counts[0]


@pytest.mark.parametrize("status", [ChangeStatus.APPLIED, ChangeStatus.CANCELLED])
def test_a_done_change_shows_the_badge_the_status_partial_draws(client, helpdesk, status):
    (change,) = make_changes(helpdesk, 1)
    PendingChange.objects.filter(pk=change.pk).update(status=status)
    change.refresh_from_db()
    client.force_login(helpdesk)

    html = client.get(reverse("changes:change_list")).content.decode()

    cell = re.search(r'<div class="change-status".*?</div>', html, re.S).group(0)
    drawn = render_to_string("changes/change_detail.html#status", {"change": change})
    assert squeezed(cell) == squeezed(drawn)


def squeezed(html: str) -> str:
    """The markup without the whitespace a browser ignores (between tags, before ">")."""
    return re.sub(r"\s+", " ", re.sub(r"\s*>\s*", ">", re.sub(r"\s*<", "<", html))).strip()


def test_rows_of_every_status_cost_no_query_each(client, helpdesk):
    """Whatever a row's badge reads (a failure's message, a conflict's values, a stopped
    sender's lease), it was loaded with the page: 40 such rows cost what 8 do."""
    client.force_login(helpdesk)
    url = reverse("changes:change_list")

    def queries_with(count: int) -> int:
        have = PendingChange.objects.count()
        changes = make_changes(helpdesk, count - have, start=have)
        for number, change in enumerate(changes):
            status = list(ChangeStatus)[number % len(ChangeStatus)]
            PendingChange.objects.filter(pk=change.pk).update(
                status=status, message="refused", field_errors={"phoneNumber": ["bad"]},
                conflict={"active": {"snapshot": False, "platform": True, "mine": False}},
                maybe_sent=True, attempt_count=1,
            )  # fmt: skip
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        assert 'class="status failed"' in html and 'class="status conflict"' in html
        return len(captured.captured_queries)

    assert queries_with(8) == queries_with(40)
