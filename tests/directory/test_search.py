"""Finding users with what APIO documents, and saying the right thing when the platform fails."""

import re

import pytest
from django.urls import reverse

from portal.apio.client import get_client
from tests.features.conftest import user_of

pytestmark = pytest.mark.integration

SEARCH = reverse("directory:user_search")
# The criteria APIO's tenant search and group listing pages list (contract §5.10).
DOCUMENTED = re.compile(
    r"^(sensitive|insensitive)(UserId|UserLastName|UserFirstName|GroupId)(Starts|Contains|Equals)$"
    r"|^responseSizeLimit$"
)


def found_ids(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r"<td><bdi>([^<@]+@[^<]+)</bdi></td>", response.content.decode())


def criteria_sent(sandbox) -> set[str]:
    return {
        key
        for entry in sandbox.requests()
        if "/users/" in entry["path"] and isinstance(entry.get("body"), dict)
        for key in entry["body"]
    }


@pytest.mark.parametrize("typed", ["extension", "national number", "number fragment"])
def test_numbers_and_extensions_are_found_without_undocumented_criteria(
    apio, helpdesk_client, typed
):
    user = user_of(apio, "user00018@acme.example")  # in acme-sales, not the first group
    query = {
        "extension": user["extension"],
        "national number": "0" + user["phoneNumber"].removeprefix("+32"),
        "number fragment": user["phoneNumber"][-6:],
    }[typed]
    apio.clear_requests()
    found = found_ids(helpdesk_client.get(SEARCH, {"q": query}))
    assert "user00018@acme.example" in found
    sent = criteria_sent(apio)
    assert sent and all(DOCUMENTED.match(key) for key in sent), sent


def test_names_are_searched_with_documented_criteria_only(apio, helpdesk_client):
    user = user_of(apio, "user00018@acme.example")
    apio.clear_requests()
    found = found_ids(helpdesk_client.get(SEARCH, {"q": user["lastName"]}))
    assert "user00018@acme.example" in found
    sent = criteria_sent(apio)
    assert sent and all(DOCUMENTED.match(key) for key in sent), sent


def test_a_search_result_without_its_group_is_placed_by_the_group_listings(
    apio, helpdesk_client, monkeypatch
):
    """The docs do not show the tenant search's answer: an APIO that leaves the group out of
    each entry must not break the results page."""
    client = get_client()
    real_get = client.get

    def get_without_group(path, body=None):
        answer = real_get(path, body)
        if "/search/users/" in path:
            for entry in answer["users"]:
                entry.pop("groupId", None)
        return answer

    monkeypatch.setattr(client, "get", get_without_group)
    response = helpdesk_client.get(SEARCH, {"q": "user00018"})
    assert found_ids(response) == ["user00018@acme.example"]
    link = reverse("directory:user_detail", args=["acme", "acme-sales", "user00018@acme.example"])
    assert link in response.content.decode()


def test_a_platform_that_does_not_answer_asks_to_try_again(apio, helpdesk_client):
    apio.set_faults(error_rate=1.0)
    html = helpdesk_client.get(SEARCH, {"q": "user00018"}).content.decode()
    assert "did not answer just now" in html
    assert "Try again" in html


def test_a_refused_search_does_not_ask_to_try_again(apio, helpdesk_client, monkeypatch):
    # A permanent refusal, as a strict APIO gives to a criterion it does not know.
    monkeypatch.setattr(
        "portal.directory.search.criteria_for", lambda query: [{"extensionEquals": query}]
    )
    html = helpdesk_client.get(SEARCH, {"q": "Baert"}).content.decode()
    assert "The platform refused this search" in html
    assert "extensionEquals" in html
    assert "Try again" not in html
