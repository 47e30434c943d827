"""Schedule lists at user, group and tenant level, with and without allLevels."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, TENANT, assert_invalid

pytestmark = pytest.mark.integration


def levels(answer: dict) -> set[str]:
    return {s["level"] for s in answer["schedules"]}


def test_user_time_schedules(admin):
    own = admin.get(f"{DEMO_USER_PATH}time_schedules/").json()
    assert own == {"schedules": [{"name": "My office hours", "level": "User"}]}
    every = admin.request("GET", f"{DEMO_USER_PATH}time_schedules/", json={"allLevels": True})
    assert levels(every.json()) == {"User", "Group", "Tenant"}
    assert {"name": "Office hours", "level": "Group"} in every.json()["schedules"]


def test_user_calendar_schedules_hold_holidays(admin):
    answer = admin.request(
        "GET", f"{DEMO_USER_PATH}calendar_schedules/", json={"allLevels": True}
    ).json()
    assert {"name": "Belgian holidays", "level": "Group"} in answer["schedules"]
    assert "Office hours" not in {s["name"] for s in answer["schedules"]}


def test_group_and_tenant_schedules(admin):
    group = admin.get(f"{TENANT}/groups/acme-hq/time_schedules/").json()
    assert levels(group) == {"Group"}
    group_all = admin.request(
        "GET", f"{TENANT}/groups/acme-hq/time_schedules/", json={"allLevels": True}
    )
    assert levels(group_all.json()) == {"Group", "Tenant"}
    tenant = admin.get(f"{TENANT}/time_schedules/").json()
    assert tenant["schedules"] and levels(tenant) == {"Tenant"}


def test_end_user_sees_their_schedules(end_user):
    answer = end_user.request("GET", f"{DEMO_USER_PATH}time_schedules/", json={"allLevels": True})
    assert answer.status_code == 200


def test_unknown_filter_answers_400(admin):
    response = admin.request("GET", f"{DEMO_USER_PATH}time_schedules/", json={"everything": True})
    assert_invalid(response, "everything")
