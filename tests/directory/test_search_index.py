"""The directory index a search reads: kept in the process while the cache holds the same
version, replaced as soon as the cache holds another, and matching exactly as `Needle` does."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.directory import search
from portal.directory.matching import Needle
from portal.directory.search import GroupIndex, searchable

SEARCH = reverse("directory:user_search")

PEOPLE = [
    {"userId": "olivia.baert@acme.example", "firstName": "Olivia", "lastName": "Baert",
     "phoneNumber": "+3225140891", "extension": "0891"},
    {"userId": "ines@acme.example", "firstName": "Inès", "lastName": "De-Smet",
     "phoneNumber": "+3225140892", "extension": "1001"},
    {"userId": "baert2@acme.example", "firstName": "Baert", "lastName": "Baert",
     "phoneNumber": "", "extension": ""},
    {"userId": "xavier@acme.example", "firstName": "Xavier", "lastName": "Smet",
     "phoneNumber": "+3225140000", "extension": "2000"},
]  # fmt: skip


def index_of(people: list[dict]) -> GroupIndex:
    entries = "\n".join(json.dumps(person) for person in people)
    keys = "\n".join("\t".join(searchable(person)) for person in people)
    return GroupIndex("stamp", entries, keys)


@pytest.mark.parametrize(
    "typed",
    ["baert", "Baert Olivia", "smet", "de smet ines", "INES", "et", "t", "xavier smet",
     "nobody", "1001", "0891", "02 514 08 9", "+32 2 514", "acme.example", "example baert"],
)  # fmt: skip
def test_the_index_finds_whom_the_needle_matches(typed):
    needle = Needle.parse(typed)
    expected = [p["userId"] for p in PEOPLE if needle.matches(searchable(p))]

    found = [entry["userId"] for entry in index_of(PEOPLE).matching(needle)]

    assert found == expected


def test_an_empty_group_finds_nobody():
    assert list(GroupIndex("stamp", "", "").matching(Needle.parse("baert"))) == []


@pytest.mark.integration
def test_a_second_search_reuses_the_index_until_the_cache_holds_another(
    apio, helpdesk_client, monkeypatch
):
    reads = []
    index_value = search._index_value
    monkeypatch.setattr(
        search, "_index_value", lambda *args: reads.append(args) or index_value(*args)
    )
    first = helpdesk_client.get(SEARCH, {"q": "user00018"}).content.decode()
    read_first = len(reads)
    again = helpdesk_client.get(SEARCH, {"q": "user00018"}).content.decode()

    assert "user00018@acme.example" in first and "user00018@acme.example" in again
    assert read_first > 0 and len(reads) == read_first, "the second search read no index"

    # Another version of one group's index in the cache: the next search uses it.
    group_id = reads[0][1]
    key = search._index_key("acme", group_id)
    stamp, entries, keys = cache.get(key)
    newcomer = {"userId": "newcomer@acme.example", "firstName": "Zelda", "lastName": "Quokka",
                "phoneNumber": "", "extension": ""}  # fmt: skip
    entries += "\n" + json.dumps(newcomer)
    keys += "\n" + "\t".join(searchable(newcomer))
    cache.set_many({key: ("another", entries, keys), f"{key}:stamp": "another"}, 60)

    html = helpdesk_client.get(SEARCH, {"q": "quokka"}).content.decode()

    assert "newcomer@acme.example" in html


@pytest.mark.integration
def test_an_emptied_cache_reads_the_index_again(apio, helpdesk_client):
    helpdesk_client.get(SEARCH, {"q": "user00018"})
    cache.clear()
    apio.clear_requests()

    html = helpdesk_client.get(SEARCH, {"q": "user00018"}).content.decode()

    assert "user00018@acme.example" in html
    listings = [r for r in apio.requests() if r["path"].endswith("/users/")]
    assert any((r.get("body") or {}).get("responseSizeLimit") for r in listings)
