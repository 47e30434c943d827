"""A user's own time and holiday schedules: created, read, changed, renamed and deleted."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid, error_of

pytestmark = pytest.mark.integration

TIMES = f"{DEMO_USER_PATH}time_schedules/"
HOLIDAYS = f"{DEMO_USER_PATH}calendar_schedules/"
CFS = f"{DEMO_USER_PATH}services/call_forwarding_selective/"


def period(day: str, start: str, stop: str, name: str = "") -> dict:
    return {
        "name": name or f"{day} {start}",
        "type": "Day of the week",
        "dayOfWeek": day,
        "startTime": start,
        "stopTime": stop,
    }


EVENINGS = {
    "name": "Evenings",
    "periods": [period("Monday", "18:00", "23:59"), period("Tuesday", "00:00", "08:00")],
}


# A rule of the user's selective forwarding that applies during Evenings.
EVENING_CALLS = {
    "name": "evening-calls",
    "forwardToNumberSelection": "Forward To Default Number",
    "timeSchedule": {"name": "Evenings", "level": "User"},
    "fromDnCriteria": {
        "selection": "Any",
        "includeAnonymousCallers": False,
        "includeUnavailableCallers": False,
    },
}


@pytest.fixture
def evenings_in_use(admin):
    """Evenings, and a rule that uses it: the admin's client."""
    admin.post(TIMES, json=EVENINGS)
    assert admin.post(f"{CFS}criteria/", json=EVENING_CALLS).status_code == 201
    return admin


def names(client, path: str) -> set[str]:
    return {s["name"] for s in client.get(path).json()["schedules"]}


def test_time_schedule_created_read_and_listed(end_user):
    created = end_user.post(TIMES, json=EVENINGS)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Evenings"
    assert "Evenings" in names(end_user, TIMES)
    brief = end_user.get(f"{TIMES}Evenings/").json()
    assert brief["periods"] == [{"name": "Monday 18:00"}, {"name": "Tuesday 00:00"}]
    full = end_user.request("GET", f"{TIMES}Evenings/", json={"full_list": True}).json()
    assert full["periods"][0] == {**period("Monday", "18:00", "23:59"), "active": True}


def test_holiday_schedule_created_with_dates(end_user):
    body = {
        "name": "Trips",
        "periods": [{"name": "Ski", "startDate": "2027-02-01", "stopDate": "2027-02-07"}],
    }
    assert end_user.post(HOLIDAYS, json=body).status_code == 201
    full = end_user.request("GET", f"{HOLIDAYS}Trips/", json={"full_list": True}).json()
    assert full == body
    assert "Trips" not in names(end_user, TIMES)


def test_bad_time_answers_400_with_its_field(admin):
    body = {"name": "Late", "periods": [period("Monday", "25:00", "23:00")]}
    assert_invalid(admin.post(TIMES, json=body), "periods[0].startTime")
    assert "Late" not in names(admin, TIMES)


def test_a_period_ends_on_the_day_it_starts(admin):
    body = {"name": "Night", "periods": [period("Friday", "18:00", "08:00")]}
    assert_invalid(admin.post(TIMES, json=body), "periods[0].stopTime")


def test_day_of_week_is_required_for_a_weekly_period(admin):
    weekly = period("Monday", "09:00", "10:00")
    del weekly["dayOfWeek"]
    assert_invalid(
        admin.post(TIMES, json={"name": "X", "periods": [weekly]}), "periods[0].dayOfWeek"
    )


def test_holiday_ending_before_it_starts_answers_400(admin):
    body = {
        "name": "Odd",
        "periods": [{"name": "a", "startDate": "2027-02-07", "stopDate": "2027-02-01"}],
    }
    assert_invalid(admin.post(HOLIDAYS, json=body), "periods[0].stopDate")


def test_a_name_taken_answers_409(admin):
    assert admin.post(TIMES, json=EVENINGS).status_code == 201
    error_of(admin.post(TIMES, json=EVENINGS), 409)


def test_put_replaces_periods_and_renames(admin):
    admin.post(TIMES, json=EVENINGS)
    changed = admin.put(
        f"{TIMES}Evenings/",
        json={
            "name": "Evenings",
            "newName": "Late",
            "periods": [period("Sunday", "20:00", "22:00")],
        },
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Late" and len(changed.json()["periods"]) == 1
    error_of(admin.get(f"{TIMES}Evenings/"), 404)
    assert names(admin, TIMES) >= {"Late"} and "Evenings" not in names(admin, TIMES)


def test_put_without_periods_keeps_them(admin):
    admin.post(TIMES, json=EVENINGS)
    admin.put(f"{TIMES}Evenings/", json={"name": "Evenings", "newName": "Nights"})
    full = admin.request("GET", f"{TIMES}Nights/", json={"full_list": True}).json()
    assert len(full["periods"]) == 2


def test_delete_answers_204_then_404(admin):
    admin.post(TIMES, json=EVENINGS)
    deleted = admin.delete(f"{TIMES}Evenings/")
    assert deleted.status_code == 204 and not deleted.content
    error_of(admin.delete(f"{TIMES}Evenings/"), 404)
    assert "Evenings" not in names(admin, TIMES)


def test_schedule_used_by_a_criteria_is_not_deleted(evenings_in_use):
    admin = evenings_in_use
    error = assert_invalid(admin.delete(f"{TIMES}Evenings/"), "name")
    assert "evening-calls" in error["message"]
    assert "Evenings" in names(admin, TIMES)


def test_renamed_schedule_stays_with_its_criteria(evenings_in_use):
    admin = evenings_in_use
    admin.put(f"{TIMES}Evenings/", json={"name": "Evenings", "newName": "Nights"})
    instance = admin.get(f"{CFS}criteria/evening-calls/").json()
    assert instance["timeSchedule"] == {"name": "Nights", "level": "User"}


def test_demo_schedules_have_periods(end_user):
    full = end_user.request("GET", f"{TIMES}My%20office%20hours/", json={"full_list": True})
    assert full.status_code == 200
    assert {p["dayOfWeek"] for p in full.json()["periods"]} == {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    }  # fmt: skip
