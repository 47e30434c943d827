"""A user's own schedules: listed in words, created, changed and deleted through the outbox."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from portal.accounts.models import Scope, TenantPolicy, User
from portal.changes.models import ChangeStatus, PendingChange
from portal.features.schedule_forms import ScheduleEditor
from portal.features.schedule_kinds import HOLIDAY, TIME, holiday_lines, holiday_periods, time_lines
from portal.features.schedule_periods import time_summary, weekly_periods
from tests.accounts.people import linked_user
from tests.features import test_selective
from tests.features.conftest import ALL_SERVICES, FEWER_SERVICES_ID
from tests.processes import wait_for

pytestmark = pytest.mark.integration

wake = test_selective.wake  # no worker woken: the changes stay queued

ARGS = [*vars(ALL_SERVICES).values()]
PAGE = reverse("features:schedules", args=ARGS)
MY_PAGE = reverse("features:my_schedules")
FORWARDING = reverse("features:feature", args=[*ARGS, "selective-forwarding"])
USER_PATH = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
EVENINGS = {"name": "Evenings", "days": WEEKDAYS, "start": "18:00", "stop": "08:00"}
CAMEL_CASE = re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b")  # an API field's name


@pytest.fixture
def own_client(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["selective-forwarding"]}
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    return client


def text_of(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def platform_get(apio, path: str, body: dict | None = None):
    client = apio.client()
    try:
        return client.request("GET", path, json=body)
    finally:
        client.close()


def test_periods_of_an_evening_that_runs_past_midnight():
    periods = weekly_periods(WEEKDAYS, "18:00", "08:00")
    assert len(periods) == 10
    assert periods[:2] == [
        {"name": "Monday 00:00", "type": "Day of the week", "dayOfWeek": "Monday",
         "startTime": "00:00", "stopTime": "08:00"},
        {"name": "Monday 18:00", "type": "Day of the week", "dayOfWeek": "Monday",
         "startTime": "18:00", "stopTime": "23:59"},
    ]  # fmt: skip
    assert time_summary(periods) == "Weekdays 18:00–08:00"
    assert time_lines(periods) == [{"days": WEEKDAYS, "start": "18:00", "stop": "08:00"}]
    assert time_summary(weekly_periods(["Saturday", "Sunday"], "10:00", "12:00")) == (
        "Weekends 10:00–12:00"
    )


def test_lines_of_a_time_schedule_and_its_periods_round_trip():
    lines = [
        {"days": ["Monday", "Friday"], "start": "18:00", "stop": "08:00"},
        {"days": ["Saturday"], "start": "10:00", "stop": "12:00"},
    ]
    periods = TIME.lines.to_periods(lines)
    assert len(periods) == 5
    assert time_lines(periods) == lines
    # A day of the month is more than lines can say: the page starts over and says so.
    monthly = {"name": "Payday", "type": "Day of the month", "dayOfMonth": 25,
               "startTime": "09:00", "stopTime": "10:00"}  # fmt: skip
    assert time_lines([*periods, monthly]) is None


def test_a_holiday_without_a_last_day_is_one_day():
    lines = [{"name": "Wedding", "first": "2027-05-15", "last": ""}]
    periods = holiday_periods(lines)
    assert periods == [{"name": "Wedding", "startDate": "2027-05-15", "stopDate": "2027-05-15"}]
    assert holiday_lines(periods) == [{**lines[0], "last": "2027-05-15"}]


def test_the_schedule_forms_are_the_definitions_in_peoples_words():
    form = ScheduleEditor(TIME)
    line = form.lines[0]
    # Built from the period's definition: its fields, named as the page names them.
    assert line.definition.name == "user_time_schedule_line"
    assert [f.name for f in line.definition.fields] == ["days", "start", "stop"]
    assert [str(label) for _value, label in line.fields["days"].choices][:2] == [
        "Monday",
        "Tuesday",
    ]
    assert line["start"].widget_type == "time" and str(line.fields["start"].label) == "From"
    assert form.head.definition.name == "user_time_schedule_head"
    assert str(form.head.fields["name"].label) == "Name"
    holidays = ScheduleEditor(HOLIDAY)
    assert len(holidays.lines) == 3 and holidays.lines[0]["first"].widget_type == "date"


def test_two_lines_make_one_schedule(apio, helpdesk_client, wake):
    data = {
        **EVENINGS,
        "_lines": "2",
        "line2-days": ["Saturday", "Sunday"],
        "line2-start": "10:00",
        "line2-stop": "12:00",
    }
    assert helpdesk_client.post(f"{PAGE}new/time/", data).status_code == 302
    periods = PendingChange.objects.get().payload["periods"]
    assert len(periods) == 12
    assert time_summary(periods) == "Weekdays 18:00–08:00; Weekends 10:00–12:00"


def test_lines_that_repeat_a_start_are_refused_in_words(apio, helpdesk_client, wake):
    again = {"line2-days": ["Monday"], "line2-start": "18:00", "line2-stop": "20:00"}
    answer = helpdesk_client.post(f"{PAGE}new/time/", {**EVENINGS, "_lines": "2", **again})
    assert answer.status_code == 200
    assert "Two lines start at the same time on the same day" in answer.content.decode()
    assert not PendingChange.objects.exists()


def test_staff_see_the_users_schedules_in_words(apio, helpdesk_client):
    html = helpdesk_client.get(PAGE).content.decode()
    text = text_of(html)
    assert "My office hours Weekdays 08:00–18:00" in text
    assert "My holidays Summer: 20 Jul 2026 – 7 Aug 2026" in text
    # The group's schedules are not this user's own: they are not offered for change here.
    assert "Lunch break" not in text


def test_creating_evenings_queues_the_documented_post(apio, helpdesk_client, wake):
    answer = helpdesk_client.post(f"{PAGE}new/time/", EVENINGS)
    assert answer.status_code == 302 and answer["Location"] == PAGE
    change = PendingChange.objects.get()
    assert (change.method, change.path) == ("POST", f"{USER_PATH}time_schedules/")
    assert change.payload["name"] == "Evenings"
    monday = [p for p in change.payload["periods"] if p["dayOfWeek"] == "Monday"]
    assert [(p["startTime"], p["stopTime"]) for p in monday] == [
        ("00:00", "08:00"),
        ("18:00", "23:59"),
    ]
    assert "New schedule Evenings" in text_of(helpdesk_client.get(PAGE).content.decode())


def test_a_name_in_use_is_refused_on_its_field(apio, helpdesk_client, wake):
    taken = {**EVENINGS, "name": "My office hours"}
    answer = helpdesk_client.post(f"{PAGE}new/time/", taken)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "There is already a schedule called “My office hours”." in text_of(html)
    assert 'id="id_name_error"' in html  # on the name's field
    assert not PendingChange.objects.exists()
    # Nor the name of one still on its way, nor a rename to an existing one.
    assert helpdesk_client.post(f"{PAGE}new/time/", EVENINGS).status_code == 302
    again = helpdesk_client.post(f"{PAGE}new/time/", EVENINGS)
    assert "There is already a schedule called “Evenings”." in text_of(again.content.decode())
    rename = {**EVENINGS, "name": "Evenings"}
    refused = helpdesk_client.post(f"{PAGE}time/My%20office%20hours/", rename)
    assert refused.status_code == 200
    # A holiday schedule is another list: the same name is free there.
    holiday = {"name": "My office hours", "first": "2026-12-24"}
    assert helpdesk_client.post(f"{PAGE}new/holiday/", holiday).status_code == 302
    assert PendingChange.objects.count() == 2


def test_a_time_that_does_not_exist_is_refused_in_words(apio, helpdesk_client, wake):
    answer = helpdesk_client.post(f"{PAGE}new/time/", {**EVENINGS, "start": "25:00"})
    assert answer.status_code == 200
    assert "Enter a time of day, e.g. 18:00." in text_of(answer.content.decode())
    assert not PendingChange.objects.exists()


def test_renaming_queues_a_put_with_new_name(apio, helpdesk_client, wake):
    url = f"{PAGE}time/My%20office%20hours/"
    form = helpdesk_client.get(url).content.decode()
    assert 'name="start" value="08:00"' in form
    assert re.search(r'value="Monday" id="[^"]+" checked', form)
    assert not re.search(r'value="Sunday" id="[^"]+" checked', form)
    data = {"name": "Office", "days": WEEKDAYS, "start": "08:00", "stop": "18:00"}
    assert helpdesk_client.post(url, data).status_code == 302
    change = PendingChange.objects.get()
    assert change.method == "PUT" and change.path.endswith("/time_schedules/My%20office%20hours/")
    assert change.payload["name"] == "My office hours" and change.payload["newName"] == "Office"
    assert len(change.payload["periods"]) == 5


def test_a_holiday_schedule_with_dated_days(apio, own_client, wake):
    data = {
        "name": "Trips",
        "_lines": "3",
        "line1-name": "Ski",
        "line1-first": "2027-02-01",
        "line1-last": "2027-02-07",
        "line2-name": "Wedding",
        "line2-first": "2027-05-15",
    }
    assert own_client.post(f"{MY_PAGE}new/holiday/", data).status_code == 302
    change = PendingChange.objects.get()
    assert change.path == f"{USER_PATH}calendar_schedules/"
    assert change.payload["periods"] == [
        {"name": "Ski", "startDate": "2027-02-01", "stopDate": "2027-02-07"},
        {"name": "Wedding", "startDate": "2027-05-15", "stopDate": "2027-05-15"},
    ]


def test_deleting_asks_first_then_queues_a_delete(apio, own_client, wake):
    url = f"{MY_PAGE}holiday/My%20holidays/delete/"
    assert "Delete the schedule" in own_client.get(url).content.decode()
    assert not PendingChange.objects.exists()
    assert own_client.post(url).status_code == 302
    change = PendingChange.objects.get()
    assert (change.method, change.path) == (
        "DELETE",
        f"{USER_PATH}calendar_schedules/My%20holidays/",
    )


def test_an_end_user_reaches_only_their_own(apio, own_client):
    assert own_client.get(MY_PAGE).status_code == 200
    other = reverse("features:schedules", args=["acme", "acme-hq", FEWER_SERVICES_ID])
    assert own_client.get(other).status_code == 404
    assert own_client.get(PAGE).status_code == 404  # staff pages, even on oneself
    assert own_client.post(f"{other}new/time/", EVENINGS).status_code == 404
    assert not PendingChange.objects.exists()


def test_helpdesk_out_of_scope_gets_404(apio, client, db):
    outside = User.objects.create_user("hd-sales-only", password="pw-sched-1", role="helpdesk")
    Scope.objects.create(user=outside, tenant_id="acme", group_id="acme-sales")
    client.force_login(outside)
    assert client.get(PAGE).status_code == 404
    assert client.post(f"{PAGE}new/time/", EVENINGS).status_code == 404
    assert not PendingChange.objects.exists()


def test_the_end_user_needs_the_tenant_to_allow_selective_forwarding(apio, client, db):
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    assert client.get(MY_PAGE).status_code == 404


# -- through a real worker --------------------------------------------------------------------


def test_evenings_reaches_the_platform_and_a_rule_can_use_it(apio, helpdesk_client, celery_worker):
    assert helpdesk_client.post(f"{PAGE}new/time/", EVENINGS).status_code == 302
    change = PendingChange.objects.get()
    wait_for(
        lambda: PendingChange.objects.get(pk=change.pk).status == ChangeStatus.APPLIED,
        timeout=30,
        message="the new schedule was not applied in time",
    )
    held = platform_get(apio, f"{USER_PATH}time_schedules/Evenings/", {"full_list": True}).json()
    assert len(held["periods"]) == 10
    assert "Evenings Weekdays 18:00–08:00" in text_of(helpdesk_client.get(PAGE).content.decode())

    # Offered to a selective forwarding rule as this person's own, once the rule is to follow
    # a schedule (the rule form draws its schedule part again then).
    block = {"_block": "rule", "_root": "rule", "rule-timeSchedule": "set"}
    rule_form = helpdesk_client.post(f"{FORWARDING}rules/block/", block).content.decode()
    assert re.search(r'<option value="User\|Evenings">\s*Evenings — this person', rule_form)


def test_the_selective_forwarding_page_leads_here(apio, helpdesk_client):
    html = helpdesk_client.get(FORWARDING).content.decode()
    assert f'href="{PAGE}?from=selective-forwarding"' in html


def test_the_users_selective_forwarding_page_leads_to_their_schedules(apio, own_client):
    my_forwarding = reverse("features:my_feature", args=["selective-forwarding"])
    assert (
        f'href="{MY_PAGE}?from=selective-forwarding"'
        in own_client.get(my_forwarding).content.decode()
    )


def test_the_schedules_lead_back_where_they_were_opened_from(apio, helpdesk_client, wake):
    rejection = reverse("features:feature", args=[*ARGS, "selective-call-rejection"])
    html = helpdesk_client.get(rejection).content.decode()
    assert f'href="{PAGE}?from=selective-call-rejection"' in html
    html = helpdesk_client.get(f"{PAGE}?from=selective-call-rejection").content.decode()
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</p>", html.index("breadcrumbs"))]
    assert f'href="{rejection}"' in crumbs and "Selective forwarding" not in crumbs
    assert f'href="{rejection}"' in html[html.index("Back to") - 200 :]
    # Every page on the way carries it, and saving comes back with it.
    assert f'href="{PAGE}new/time/?from=selective-call-rejection"' in html
    answer = helpdesk_client.post(f"{PAGE}new/time/?from=selective-call-rejection", EVENINGS)
    assert answer["Location"] == f"{PAGE}?from=selective-call-rejection"
    # Not a feature with rules, or none: back to the person's page.
    person = reverse("directory:user_detail", args=ARGS)
    for where in ("?from=call-forwarding", "?from=nothing", ""):
        html = helpdesk_client.get(f"{PAGE}{where}").content.decode()
        assert "Selective forwarding" not in html[: html.index("<h1")]
        assert f'href="{person}"' in html[html.index("Back to") - 200 :]


def test_the_end_user_reads_no_api_names(apio, own_client):
    pages = [MY_PAGE, f"{MY_PAGE}new/time/", f"{MY_PAGE}new/holiday/"]
    pages += [f"{MY_PAGE}time/My%20office%20hours/", f"{MY_PAGE}holiday/My%20holidays/delete/"]
    for path in pages:
        text = text_of(own_client.get(path).content.decode())
        assert not CAMEL_CASE.findall(text), (path, CAMEL_CASE.findall(text))
        assert "Day of the week" not in text and "periods" not in text


# -- in a browser: the schedule pages pass axe and fit a phone --------------------------------


@pytest.mark.browser
def test_schedule_pages_are_accessible_and_fit_a_phone(
    browser, live_server, apio, transactional_db, wake
):
    from tests.accounts.people import helpdesk
    from tests.browser.rules import pass_axe_and_fit_a_phone, seen
    from tests.features.test_browser import settle

    def refused(page, viewport, found) -> None:
        # A refused schedule: its messages pass too.
        page.goto(f"{live_server.url}{PAGE}new/time/")
        page.get_by_role("button", name="Add the schedule").click()
        settle(page)
        found["refused"] = seen(page)
        assert page.locator(".field-error").count() >= 2
        assert not PendingChange.objects.exists()

    helpdesk("hd-schedules", "acme")
    pages = [
        PAGE,
        f"{PAGE}new/time/",
        f"{PAGE}new/holiday/",
        f"{PAGE}time/My%20office%20hours/",
        f"{PAGE}holiday/My%20holidays/",
        f"{PAGE}time/My%20office%20hours/delete/",
    ]
    pass_axe_and_fit_a_phone(browser, live_server.url, "hd-schedules", pages, refused)
