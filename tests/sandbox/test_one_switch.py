"""The one-switch services (contract §5.12): Do Not Disturb, Call Waiting, Anonymous Call
Rejection and Calling Line ID Delivery Blocking, each GET and PUT on its own path."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, TENANT, assert_invalid, error_of

pytestmark = pytest.mark.integration

# path code -> (BroadWorks service, the fields of its object as documented)
SERVICES = {
    "dnd": ("Do Not Disturb", {"active", "ringSplash"}),
    "call_waiting": ("Call Waiting", {"active", "disableCallingLineIdDelivery"}),
    "acr": ("Anonymous Call Rejection", {"active"}),
    "clir": ("Calling Line ID Delivery Blocking", {"active"}),
}
CODES = sorted(SERVICES)


@pytest.mark.parametrize("code", CODES)
def test_get_has_the_documented_fields(admin, code):
    response = admin.get(f"{DEMO_USER_PATH}services/{code}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == SERVICES[code][1]
    assert all(isinstance(value, bool) for value in body.values())


@pytest.mark.parametrize("code", CODES)
def test_put_merges_and_answers_the_whole_object(admin, sandbox, code):
    path = f"{DEMO_USER_PATH}services/{code}/"
    before = admin.get(path).json()
    body = {"active": not before["active"]}
    response = admin.put(path, json=body)
    assert response.status_code == 200
    assert response.json() == {**before, **body}  # "Similar to GET instance method response"
    assert admin.get(path).json() == {**before, **body}
    assert sandbox.object(path) == {**before, **body}
    sent = sandbox.requests()[-2]
    assert (sent["method"], sent["path"], sent["status"], sent["body"]) == ("PUT", path, 200, body)


def test_dnd_takes_its_documented_body(admin):
    path = f"{DEMO_USER_PATH}services/dnd/"
    response = admin.put(path, json={"active": True, "ringSplash": True})
    assert response.status_code == 200
    assert response.json() == {"active": True, "ringSplash": True}


def test_the_summary_says_whether_dnd_is_on(admin):
    admin.put(f"{DEMO_USER_PATH}services/dnd/", json={"active": True})
    summary = admin.request("GET", f"{DEMO_USER_PATH}services/", json={"summary": True}).json()[
        "summary"
    ]["userServices"]
    assert {"active": True, "name": "Do Not Disturb"} in summary


@pytest.mark.parametrize(
    ("code", "body", "field"),
    [
        ("dnd", {"active": "true"}, "active"),
        ("dnd", {"ringSplash": None}, "ringSplash"),
        ("dnd", {"ringSplashActive": True}, "ringSplashActive"),  # CFA's name, not DND's
        ("call_waiting", {"disableCallingLineIdDelivery": 1}, "disableCallingLineIdDelivery"),
        ("acr", {"ringSplash": False}, "ringSplash"),
        ("clir", {"active": "on"}, "active"),
    ],
)
def test_a_bad_body_answers_400_naming_the_field(admin, code, body, field):
    assert_invalid(admin.put(f"{DEMO_USER_PATH}services/{code}/", json=body), field)


@pytest.mark.parametrize("code", CODES)
def test_not_assigned_answers_404(admin, code):
    services = f"{DEMO_USER_PATH}services/"
    name = SERVICES[code][0]
    assert admin.request("DELETE", services, json={"services": [{"name": name}]}).is_success
    path = f"{services}{code}/"
    error_of(admin.get(path), 404)
    error_of(admin.put(path, json={"active": True}), 404)
    # Assigned again, the service starts from its defaults.
    assert admin.post(services, json={"services": [{"name": name}]}).is_success
    assert admin.get(path).status_code == 200


def test_an_end_user_reaches_their_own_dnd_only(end_user):
    own = f"{DEMO_USER_PATH}services/dnd/"
    assert end_user.put(own, json={"active": True}).status_code == 200
    assert end_user.get(own).json()["active"] is True
    other = f"{TENANT}/groups/acme-hq/users/user00002@acme.example/services/dnd/"
    assert end_user.get(other).status_code == 403


def test_some_demo_users_have_dnd_and_some_have_it_on(admin):
    found = admin.request(
        "GET", f"{TENANT}/search/users/", json={"insensitiveUserIdStarts": "user"}
    ).json()["users"]
    assigned = on = 0
    for user in found[:40]:
        path = f"{TENANT}/groups/{user['groupId']}/users/{user['userId']}/services/dnd/"
        response = admin.get(path)
        if response.status_code == 200:
            assigned += 1
            on += response.json()["active"]
    assert 0 < assigned < 40
    assert on > 0
