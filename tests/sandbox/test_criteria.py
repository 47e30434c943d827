"""Criteria-based services: the service object, bulk changes and one endpoint per criteria.

Every test runs for the four services (CFS, SCR, SCA, Priority Alert): the criteria handling is
written once.
"""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid, error_of, user_path

pytestmark = pytest.mark.integration

SLUGS = (
    "call_forwarding_selective",
    "selective_call_rejection",
    "selective_call_acceptance",
    "priority_alert",
)
LIST_KEYS = {"name", "active", "callsFrom", "fromDnCriteria"}
FROM_VIP = {
    "selection": "Specified Only",
    "includeAnonymousCallers": False,
    "includeUnavailableCallers": False,
    "phoneNumbers": ["+3225550000"],
}


def service(slug: str) -> str:
    return f"{DEMO_USER_PATH}services/{slug}/"


def new_criteria(slug: str, name: str = "new-vip") -> dict:
    body = {
        "name": name,
        "fromDnCriteria": FROM_VIP,
        "timeSchedule": {"name": "Office hours", "level": "Group"},
    }
    if slug == "call_forwarding_selective":
        body["forwardToNumberSelection"] = "Forward To Specified Number"
        body["forwardToPhoneNumber"] = "+3225559876"
    return body


@pytest.mark.parametrize("slug", SLUGS)
def test_service_lists_its_criteria_in_list_form(admin, slug):
    answer = admin.get(service(slug)).json()
    assert answer["criteria"], "the demo user has criteria in every service"
    for entry in answer["criteria"]:
        assert set(entry) >= LIST_KEYS
        if "timeSchedule" in entry:
            assert isinstance(entry["timeSchedule"], str)
            assert set(entry["timeScheduleObj"]) == {"name", "level"}
        if slug == "call_forwarding_selective":
            assert {"forwardToNumberSelection", "forwardTo"} <= set(entry)
            assert "doNotPerformAction" not in entry
        else:
            assert isinstance(entry["doNotPerformAction"], bool)
    if slug == "call_forwarding_selective":
        assert {"active", "playRingReminder", "defaultForwardToPhoneNumber"} <= set(answer)


@pytest.mark.parametrize("slug", SLUGS)
def test_create_read_rename_delete(admin, sandbox, slug):
    base = service(slug)
    created = admin.post(f"{base}criteria/", json=new_criteria(slug))
    assert created.status_code == 201
    assert created.json()["name"] == "new-vip"
    instance = admin.get(f"{base}criteria/new-vip/").json()
    assert instance["fromDnCriteria"] == FROM_VIP
    assert instance["timeSchedule"] == {"name": "Office hours", "level": "Group"}
    assert "new-vip" in [e["name"] for e in admin.get(base).json()["criteria"]]

    renamed = admin.put(
        f"{base}criteria/new-vip/", json={"name": "new-vip", "newName": "VIP line", "active": False}
    )
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["active"]) == ("VIP line", False)
    error_of(admin.get(f"{base}criteria/new-vip/"), 404)
    assert admin.get(f"{base}criteria/VIP%20line/").json()["active"] is False
    assert sandbox.object(f"{base}criteria/VIP line/")["name"] == "VIP line"

    assert admin.delete(f"{base}criteria/VIP%20line/").status_code == 204
    error_of(admin.get(f"{base}criteria/VIP%20line/"), 404)
    error_of(admin.delete(f"{base}criteria/VIP%20line/"), 404)


@pytest.mark.parametrize("slug", SLUGS)
def test_duplicate_names_answer_409(admin, slug):
    base = service(slug)
    assert admin.post(f"{base}criteria/", json=new_criteria(slug, "one")).status_code == 201
    assert admin.post(f"{base}criteria/", json=new_criteria(slug, "two")).status_code == 201
    assert (
        error_of(admin.post(f"{base}criteria/", json=new_criteria(slug, "one")), 409)["field"]
        == "name"
    )
    response = admin.put(f"{base}criteria/two/", json={"name": "two", "newName": "one"})
    assert error_of(response, 409)["field"] == "newName"


@pytest.mark.parametrize("slug", SLUGS)
def test_schedule_removed_with_null_and_phone_list_kept_when_left_out(admin, slug):
    base = service(slug)
    admin.post(f"{base}criteria/", json=new_criteria(slug))
    body = {
        "name": "new-vip",
        "timeSchedule": None,
        "fromDnCriteria": {"includeAnonymousCallers": True},
    }
    answer = admin.put(f"{base}criteria/new-vip/", json=body).json()
    assert "timeSchedule" not in answer
    assert answer["fromDnCriteria"] == {**FROM_VIP, "includeAnonymousCallers": True}


@pytest.mark.parametrize("slug", SLUGS)
def test_bulk_put_updates_creates_and_deletes(admin, slug):
    base = service(slug)
    existing = admin.get(base).json()["criteria"]
    first, second = existing[0]["name"], existing[1]["name"]
    echoed = {**existing[0], "active": not existing[0]["active"]}  # list form echoed back
    body = {"criteria": [echoed, {"name": second, "delete": True}, new_criteria(slug, "bulk-new")]}
    response = admin.put(base, json=body)
    assert response.status_code == 200
    names = {e["name"]: e for e in response.json()["criteria"]}
    assert names[first]["active"] is (not existing[0]["active"])
    assert second not in names
    assert "bulk-new" in names
    assert response.json() == admin.get(base).json()


@pytest.mark.parametrize("slug", SLUGS)
def test_a_bad_bulk_entry_changes_nothing(admin, slug):
    base = service(slug)
    before = admin.get(base).json()
    first = before["criteria"][0]["name"]
    body = {
        "criteria": [
            {"name": first, "delete": True},
            {"name": "x", "fromDnCriteria": {"selection": "Nobody"}},
        ]
    }
    assert_invalid(admin.put(base, json=body), "criteria[1].fromDnCriteria.selection")
    assert admin.get(base).json() == before


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"newName": "x"}, "newName"),  # F in a POST
        ({"fromDnCriteria": None}, "fromDnCriteria"),
        ({"active": "on"}, "active"),
        ({"fromDnCriteria": {**FROM_VIP, "selection": "Everyone"}}, "fromDnCriteria.selection"),
        ({"fromDnCriteria": {**FROM_VIP, "phoneNumbers": []}}, "fromDnCriteria.phoneNumbers"),
        ({"fromDnCriteria": {"selection": "Any"}}, "fromDnCriteria.includeAnonymousCallers"),
        ({"timeSchedule": {"name": "Never", "level": "Group"}}, "timeSchedule.name"),
        ({"holidaySchedule": {"name": "Office hours", "level": "Group"}}, "holidaySchedule.name"),
        ({"timeSchedule": {"name": "Office hours", "level": "Planet"}}, "timeSchedule.level"),
        ({"mood": "happy"}, "mood"),
    ],
)
def test_criteria_validation(admin, slug, change, field):
    body = {**new_criteria(slug), **change}
    assert_invalid(admin.post(f"{service(slug)}criteria/", json=body), field)


def test_forwarding_criteria_rules(admin):
    base = service("call_forwarding_selective")
    body = {**new_criteria("call_forwarding_selective"), "doNotPerformAction": True}
    assert_invalid(admin.post(f"{base}criteria/", json=body), "doNotPerformAction")
    body = new_criteria("call_forwarding_selective")
    del body["forwardToPhoneNumber"]
    assert_invalid(admin.post(f"{base}criteria/", json=body), "forwardToPhoneNumber")
    body["forwardToNumberSelection"] = "Forward To Default Number"
    assert admin.post(f"{base}criteria/", json=body).status_code == 201


@pytest.mark.parametrize(
    ("slug", "selection", "status"),
    [
        ("selective_call_rejection", "Forwarded", 201),
        ("call_forwarding_selective", "Forwarded", 400),
        ("priority_alert", "Any External", 201),
        ("priority_alert", "Any", 400),
        ("selective_call_acceptance", "Any", 201),
    ],
)
def test_service_specific_selections(admin, slug, selection, status):
    from_dn = {**FROM_VIP, "selection": selection, "phoneNumbers": []}
    body = {**new_criteria(slug), "fromDnCriteria": from_dn}
    assert admin.post(f"{service(slug)}criteria/", json=body).status_code == status


def test_put_needs_the_criteria_name_as_the_definition_says(admin):
    base = service("selective_call_rejection")
    first = admin.get(base).json()["criteria"][0]["name"]
    assert_invalid(admin.put(f"{base}criteria/{first}/", json={"active": False}), "name")
    assert_invalid(admin.put(f"{base}criteria/{first}/", json={"name": "other"}), "name")


def test_service_put_validates_its_own_fields(admin):
    base = service("call_forwarding_selective")
    assert_invalid(admin.put(base, json={"playRingReminder": "yes"}), "playRingReminder")
    assert_invalid(admin.put(base, json={"ringSplashActive": True}), "ringSplashActive")
    answer = admin.put(base, json={"active": False, "defaultForwardToPhoneNumber": "+3225550042"})
    assert answer.json()["defaultForwardToPhoneNumber"] == "+3225550042"


def test_not_assigned_service_answers_404_on_every_criteria_path(admin):
    path = user_path(admin, "user00002@acme.example")
    base = f"{path}services/call_forwarding_selective/"
    for response in (
        admin.get(base),
        admin.get(f"{base}criteria/vip/"),
        admin.post(f"{base}criteria/", json=new_criteria("call_forwarding_selective")),
    ):
        assert error_of(response, 404)["message"].endswith("is not assigned to the user")


def test_bulk_rename_onto_an_existing_name_answers_400(admin):
    base = service("selective_call_rejection")
    first, second = (e["name"] for e in admin.get(base).json()["criteria"][:2])
    body = {"criteria": [{"name": first, "newName": second}]}
    assert_invalid(admin.put(base, json=body), "criteria[0].newName")


@pytest.mark.parametrize("slug", SLUGS)
def test_a_criteria_sent_without_numbers_reads_back_with_an_empty_list(admin, slug):
    # fromDnCriteria.phoneNumbers is "A" on GET: always there, empty when no number was sent.
    body = new_criteria(slug, "anyone")
    body["fromDnCriteria"] = {
        "selection": "Any External" if slug == "priority_alert" else "Any",
        "includeAnonymousCallers": True,
        "includeUnavailableCallers": False,
    }
    assert admin.post(f"{service(slug)}criteria/", json=body).status_code == 201
    instance = admin.get(f"{service(slug)}criteria/anyone/").json()
    assert instance["fromDnCriteria"]["phoneNumbers"] == []
