"""Custom Ringback and the Executive's filtering: criteria services like the others (their
criteria handled by the same code as tests/sandbox/test_criteria.py), with fields of their own."""

import pytest

from tests.sandbox import test_criteria
from tests.sandbox.helpers import assert_invalid, error_of, user_path

pytestmark = pytest.mark.integration

SLUGS = ("custom_ringback", "executive")


@pytest.mark.parametrize("slug", SLUGS)
def test_create_read_rename_delete_like_the_others(admin, sandbox, slug):
    test_criteria.test_create_read_rename_delete(admin, sandbox, slug)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_selection_the_service_does_not_take_is_refused(admin, slug):
    body = test_criteria.new_criteria(slug)
    body["fromDnCriteria"] = {**test_criteria.FROM_VIP, "selection": "Forwarded"}
    assert_invalid(
        admin.post(f"{test_criteria.service(slug)}criteria/", json=body),
        "fromDnCriteria.selection",
    )


def test_ring_back_lists_and_keeps_its_recordings(admin):
    base = test_criteria.service("custom_ringback")
    listed = {e["name"]: e for e in admin.get(base).json()["criteria"]}
    assert listed["office-hours"]["audioSelection"] == "File"
    assert listed["office-hours"]["audioFile"] == {"name": "Greeting 1", "mediaType": "WAV"}
    body = {
        **test_criteria.new_criteria("custom_ringback"),
        "audioSelection": "File",
        "audioFile": {"name": "Greeting 3", "mediaType": "WAV"},
    }
    created = admin.post(f"{base}criteria/", json=body)
    assert created.status_code == 201
    assert created.json()["audioFile"]["name"] == "Greeting 3"
    assert admin.get(f"{base}criteria/new-vip/").json()["callWaitingAudioSelection"] == "Default"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"audioSelection": "Sometimes"}, "audioSelection"),
        ({"audioFile": {"name": "Not recorded", "mediaType": "WAV"}}, "audioFile.name"),
        ({"callWaitingAudioFile": {"mediaType": "WAV"}}, "callWaitingAudioFile.name"),
    ],
)
def test_ring_back_refuses_what_it_cannot_play(admin, change, field):
    body = {**test_criteria.new_criteria("custom_ringback"), **change}
    response = admin.post(f"{test_criteria.service('custom_ringback')}criteria/", json=body)
    assert_invalid(response, field)


def test_executive_criteria_carry_filter(admin):
    base = test_criteria.service("executive")
    listed = {e["name"]: e for e in admin.get(base).json()["criteria"]}
    assert (listed["board"]["filter"], listed["office-hours"]["filter"]) == (False, True)
    body = {**test_criteria.new_criteria("executive"), "filter": "yes"}
    assert_invalid(admin.post(f"{base}criteria/", json=body), "filter")


@pytest.mark.parametrize("slug", SLUGS)
def test_not_assigned_answers_404(admin, slug):
    base = f"{user_path(admin, 'user00002@acme.example')}services/{slug}/"
    assert error_of(admin.get(base), 404)["message"].endswith("is not assigned to the user")
