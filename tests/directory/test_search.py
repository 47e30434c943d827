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
    return re.findall(
        r'<td data-label="User id"><bdi>([^<@]+@[^<]+)</bdi></td>', response.content.decode()
    )


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


# -- what people type -----------------------------------------------------------------------
# The sandbox's user00001 is Olivia Baert, +3225140891 (02 514 08 91), extension 1001, in
# Acme HQ; user00040 is Inès Martin, in Acme Sales.


@pytest.mark.parametrize(
    "typed",
    ["0891", "02 514 08 91", "025140891", "+32 2 514 08 91", "0032 2 514 08 91", "514 08", "1001"],
)
def test_a_number_is_found_in_any_form(apio, helpdesk_client, typed):
    apio.clear_requests()
    assert "user00001@acme.example" in found_ids(helpdesk_client.get(SEARCH, {"q": typed}))
    sent = criteria_sent(apio)
    assert sent and all(DOCUMENTED.match(key) for key in sent), sent


@pytest.mark.parametrize("typed", ["baert olivia", "Olivia Baert", "BAERT", "olivia  baert"])
def test_names_are_found_in_either_order_and_any_case(apio, helpdesk_client, typed):
    assert "user00001@acme.example" in found_ids(helpdesk_client.get(SEARCH, {"q": typed}))


@pytest.mark.parametrize("typed", ["Ines Martin", "martin ines", "Inès"])
def test_accented_names_are_found_without_accents(apio, helpdesk_client, typed):
    apio.clear_requests()
    assert "user00040@acme.example" in found_ids(helpdesk_client.get(SEARCH, {"q": typed}))
    sent = criteria_sent(apio)
    assert sent and all(DOCUMENTED.match(key) for key in sent), sent


def test_a_name_typed_shows_only_who_matches(apio, helpdesk_client):
    assert found_ids(helpdesk_client.get(SEARCH, {"q": "baert olivia"})) == [
        "user00001@acme.example"
    ]


@pytest.mark.parametrize("group", ["Acme Sales", "acme sales", "ACME-SALES", "acme-sales", "Sales"])
def test_the_group_is_chosen_by_its_name_or_its_id(apio, helpdesk_client, group):
    response = helpdesk_client.get(SEARCH, {"q": "acme.example", "group": group})
    found = found_ids(response)
    assert "user00040@acme.example" in found  # Acme Sales
    assert "user00001@acme.example" not in found  # Acme HQ
    assert '<option value="Acme Sales">acme-sales</option>' in response.content.decode()


def test_a_group_nobody_looks_after_is_said_so(apio, helpdesk_client):
    html = helpdesk_client.get(SEARCH, {"q": "Baert", "group": "Nowhere"}).content.decode()
    assert "None of the groups you look after is called “Nowhere”" in html
    assert "Try again" not in html


def test_nobody_found_is_said_so(apio, helpdesk_client):
    html = helpdesk_client.get(SEARCH, {"q": "Zzyzx"}).content.decode()
    assert "No user matches “<bdi>Zzyzx</bdi>”." in html
    assert "<table" not in html and "Try again" not in html


def test_numbers_are_shown_as_people_of_the_region_write_them(apio, helpdesk_client):
    html = helpdesk_client.get(SEARCH, {"q": "user00001"}).content.decode()
    assert '<td data-label="Phone number"><bdi>02 514 08 91</bdi></td>' in html
    assert "+3225140891" not in html


# -- pages and order ------------------------------------------------------------------------


def everyone(apio) -> list[dict]:
    return get_client().get("/api/v1/tenants/acme/search/users/", {"responseSizeLimit": 1000})[
        "users"
    ]


def test_results_come_in_pages_with_true_counts(apio, helpdesk_client):
    total = len(everyone(apio))
    assert total > 50  # the sandbox's 60 users and 3 supervisors

    first = helpdesk_client.get(SEARCH, {"q": "acme.example"}).content.decode()
    second = helpdesk_client.get(SEARCH, {"q": "acme.example", "page": 2}).content.decode()

    assert f"Showing 1–50 of {total} users" in first
    assert f"Showing 51–{total} of {total} users" in second
    assert len(re.findall(r'<td data-label="User id">', first)) == 50
    assert len(re.findall(r'<td data-label="User id">', second)) == total - 50
    nav = re.search(r'<nav class="pagination" aria-label="[^"]+">.*?</nav>', first, re.S).group(0)
    assert 'aria-current="page"' in nav and "page=2" in nav and "q=acme.example" in nav


def test_a_page_past_the_end_shows_the_last(apio, helpdesk_client):
    total = len(everyone(apio))
    html = helpdesk_client.get(SEARCH, {"q": "acme.example", "page": 99}).content.decode()
    assert f"Showing 51–{total} of {total} users" in html


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("name", lambda u: (u["lastName"].lower(), u["firstName"].lower(), u["userId"])),
        ("user_id", lambda u: u["userId"]),
        ("-user_id", lambda u: u["userId"]),
        ("phone_number", lambda u: u["phoneNumber"]),
        ("group", lambda u: ({"acme-hq": 0, "acme-sales": 1, "acme-support": 2}[u["groupId"]],)),
    ],
)
def test_results_sort_by_their_columns(apio, helpdesk_client, sort, key):
    people = everyone(apio)
    response = helpdesk_client.get(SEARCH, {"q": "acme.example", "sort": sort})
    shown = found_ids(response)
    ordered = sorted(people, key=key, reverse=sort.startswith("-"))
    expected = [u["userId"] for u in ordered]
    if sort == "group":  # within a group, by name
        shown_groups = [next(u["groupId"] for u in people if u["userId"] == i) for i in shown]
        assert shown_groups == sorted(shown_groups)
    else:
        assert shown == expected[:50]
    html = response.content.decode()
    column = sort.removeprefix("-")
    label = {"name": "Name", "user_id": "User id", "phone_number": "Phone number"}.get(column)
    if label:
        direction = "descending" if sort.startswith("-") else "ascending"
        assert re.search(rf'<th scope="col" class="[^"]*" aria-sort="{direction}">', html)
