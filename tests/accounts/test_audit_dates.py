"""The audit log's date filters take whole days of the portal's time zone, the days a person
reads on the page (a day that changes the clocks included)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from portal.accounts.audit import AuditFilterForm, filtered_entries
from portal.accounts.models import AuditEntry
from tests.accounts.people import platform_admin

LOCAL = ZoneInfo(settings.TIME_ZONE)
# Around the night the clocks go forward in Brussels (29 March 2026, 02:00 -> 03:00).
MOMENTS = {
    "day before, late": datetime(2026, 3, 28, 23, 59, 59, tzinfo=LOCAL),
    "first minute": datetime(2026, 3, 29, 0, 0, tzinfo=LOCAL),
    "after the change": datetime(2026, 3, 29, 3, 30, tzinfo=LOCAL),
    "last second": datetime(2026, 3, 29, 23, 59, 59, 999999, tzinfo=LOCAL),
    "day after": datetime(2026, 3, 30, 0, 0, tzinfo=LOCAL),
}


@pytest.fixture
def ada(db):
    person = platform_admin()
    for label, moment in MOMENTS.items():
        entry = AuditEntry.objects.create(actor=person, target_user_id=label, action="put")
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)
    return person


def shown(ada, query: dict) -> set[str]:
    form = AuditFilterForm(query)
    return {entry.target_user_id for entry in filtered_entries(ada, form)}


def test_one_day_is_midnight_to_midnight_local_time(ada):
    day = {"date_from": "2026-03-29", "date_to": "2026-03-29"}

    assert shown(ada, day) == {"first minute", "after the change", "last second"}


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2026-03-29"},
        {"date_to": "2026-03-28"},
        {"date_from": "2026-03-28", "date_to": "2026-03-30"},
        {"date_from": "2026-03-30", "date_to": "2026-03-29"},
    ],
)
def test_the_days_are_those_the_dates_of_the_entries_say(ada, query):
    by_date = AuditEntry.objects.all()
    if "date_from" in query:
        by_date = by_date.filter(created_at__date__gte=date.fromisoformat(query["date_from"]))
    if "date_to" in query:
        by_date = by_date.filter(created_at__date__lte=date.fromisoformat(query["date_to"]))

    assert shown(ada, query) == {entry.target_user_id for entry in by_date}


def test_the_page_lists_the_day_asked(client, ada):
    client.force_login(ada)
    query = {"date_from": "2026-03-30", "date_to": "2026-03-30"}

    html = client.get(reverse("accounts:audit_list"), query).content.decode()

    assert "day after" in html and "last second" not in html
