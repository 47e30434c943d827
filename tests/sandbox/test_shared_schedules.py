"""A group's and the tenant's schedules, read one by one: by name, or with their periods."""

import pytest

from tests.sandbox.helpers import TENANT, error_of

pytestmark = pytest.mark.integration

GROUP = f"{TENANT}/groups/acme-hq/"


def full(client, path: str) -> dict:
    answer = client.request("GET", path, json={"full_list": True})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_group_time_schedule_gives_its_periods_with_full_list(admin):
    path = f"{GROUP}time_schedules/Office%20hours/"
    brief = admin.get(path).json()
    assert brief["name"] == "Office hours"
    assert brief["periods"][0] == {"name": "Monday 08:30"}
    monday = full(admin, path)["periods"][0]
    assert monday == {"name": "Monday 08:30", "type": "Day of the week", "dayOfWeek": "Monday",
                      "startTime": "08:30", "stopTime": "17:30", "active": True}  # fmt: skip


def test_a_group_holiday_schedule_gives_its_days(admin):
    periods = full(admin, f"{GROUP}calendar_schedules/Belgian%20holidays/")["periods"]
    assert {"name": "Christmas", "startDate": "2026-12-25", "stopDate": "2026-12-25"} in periods


def test_the_tenants_schedules_are_read_at_tenant_level(admin):
    hours = full(admin, f"{TENANT}/time_schedules/Acme%20business%20hours/")
    assert {p["dayOfWeek"] for p in hours["periods"]} == {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"
    }  # fmt: skip
    closing = full(admin, f"{TENANT}/calendar_schedules/Acme%20closing%20days/")
    assert closing["periods"][0]["startDate"] == "2026-12-28"


def test_a_schedule_is_read_only_at_its_own_level_and_kind(admin):
    # The tenant's schedule is not the group's, and a time schedule is no holiday schedule.
    for path in (
        f"{GROUP}time_schedules/Acme%20business%20hours/",
        f"{TENANT}/time_schedules/Office%20hours/",
        f"{GROUP}calendar_schedules/Office%20hours/",
        f"{TENANT}/groups/nowhere/time_schedules/Office%20hours/",
    ):
        assert "not found" in error_of(admin.get(path), 404)["message"], path


def test_unknown_filters_are_refused(admin):
    answer = admin.request("GET", f"{GROUP}time_schedules/Weekend/", json={"fullList": True})
    assert answer.status_code == 400
