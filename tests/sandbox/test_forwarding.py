"""Call forwarding always / busy / no answer / not reachable."""

import pytest

from tests.sandbox.helpers import DEMO_USER_PATH, assert_invalid

pytestmark = pytest.mark.integration

FIELDS = {
    "cfa": {"active", "destination", "ringSplashActive"},
    "cfb": {"active", "destination"},
    "cfna": {"active", "destination", "numberOfRings"},
    "cfnr": {"active", "destination"},
}


@pytest.mark.parametrize("code", sorted(FIELDS))
def test_get_has_the_service_fields(admin, code):
    response = admin.get(f"{DEMO_USER_PATH}services/{code}/")
    assert response.status_code == 200
    assert set(response.json()) == FIELDS[code]


@pytest.mark.parametrize("code", sorted(FIELDS))
def test_put_answers_a_bare_200_and_merges(admin, sandbox, code):
    path = f"{DEMO_USER_PATH}services/{code}/"
    before = admin.get(path).json()
    response = admin.put(path, json={"active": True, "destination": "+3225551234"})
    assert response.status_code == 200
    assert response.content == b""
    after = admin.get(path).json()
    assert after == {**before, "active": True, "destination": "+3225551234"}
    assert sandbox.object(path) == after
    sent = sandbox.requests()[-2]
    assert (sent["method"], sent["path"], sent["status"]) == ("PUT", path, 200)
    assert sent["body"] == {"active": True, "destination": "+3225551234"}


@pytest.mark.parametrize("code", sorted(FIELDS))
def test_activating_without_a_destination_answers_400(admin, code):
    path = f"{DEMO_USER_PATH}services/{code}/"
    admin.put(path, json={"active": False, "destination": ""})
    assert_invalid(admin.put(path, json={"active": True}), "destination")


@pytest.mark.parametrize(
    ("code", "body", "field"),
    [
        ("cfb", {"ringSplashActive": True}, "ringSplashActive"),  # CFA only
        ("cfa", {"numberOfRings": 3}, "numberOfRings"),  # CFNA only
        ("cfa", {"active": "true"}, "active"),
        ("cfna", {"numberOfRings": "3"}, "numberOfRings"),
        ("cfa", {"destination": "not a number"}, "destination"),
        ("cfa", {"active": None}, "active"),
    ],
)
def test_fields_are_checked_against_the_definition(admin, code, body, field):
    assert_invalid(admin.put(f"{DEMO_USER_PATH}services/{code}/", json=body), field)


def test_a_sip_uri_or_an_extension_is_a_destination(admin):
    path = f"{DEMO_USER_PATH}services/cfb/"
    for destination in ("alice@acme.example", "1234"):
        assert admin.put(path, json={"active": True, "destination": destination}).status_code == 200
        assert admin.get(path).json()["destination"] == destination


def test_a_put_needs_a_json_object(admin):
    path = f"{DEMO_USER_PATH}services/cfa/"
    assert admin.put(path, content=b"").status_code == 416
    headers = {"content-type": "application/json"}
    assert admin.put(path, content=b"{not json", headers=headers).status_code == 416
    assert admin.put(path, json=[1, 2]).status_code == 416
