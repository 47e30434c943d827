"""What the platform names is shown as it is, and never breaks or garbles a page.

- A user id that no URL can hold (a "/" in it, or "." / "..") is listed without a link, never a
  500 (NoReverseMatch) for the whole search.
- A name with a right-to-left override (U+202E) is isolated in <bdi>: it cannot reverse the rest
  of the line, the phone number included.

Our sandbox data holds no such users: the APIO client's answers are doctored here.
"""

import re

import pytest
from django.urls import reverse

from portal.apio import paths
from portal.apio.client import get_client
from portal.directory.phone import national
from tests.features.conftest import ALL_SERVICES, user_of

pytestmark = pytest.mark.integration

SEARCH = reverse("directory:user_search")
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
UNLINKABLE = ["evil/zed?x#y@acme.example", "..", "."]
LINKABLE = "zed.ok@acme.example"


def doctor(monkeypatch, change) -> None:
    """Pass every APIO answer through `change(path, answer)`."""
    client = get_client()
    real_get = client.get
    monkeypatch.setattr(client, "get", lambda path, body=None: change(path, real_get(path, body)))


def with_unlinkable_users(path, answer):
    if isinstance(answer, dict) and "users" in answer:
        extra = [
            {"userId": user_id, "firstName": "Eve", "lastName": f"Zed {n}", "groupId": "acme-hq"}
            for n, user_id in enumerate([*UNLINKABLE, LINKABLE])
        ]
        answer = {**answer, "users": [*answer["users"], *extra]}
    return answer


def test_a_user_id_no_url_can_hold_is_listed_without_a_link(apio, helpdesk_client, monkeypatch):
    doctor(monkeypatch, with_unlinkable_users)

    response = helpdesk_client.get(SEARCH, {"q": "Zed"})

    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html.split("<tbody>", 1)[1], re.S)
    for n, user_id in enumerate(UNLINKABLE):
        (row,) = [r for r in rows if f"Zed {n}<" in r]
        assert "<a " not in row and "cannot be opened here" in row
        assert f"<bdi>{user_id}</bdi>" in row
    linked = reverse("directory:user_detail", args=["acme", "acme-hq", LINKABLE])
    assert f'href="{linked}"' in html  # the others keep their links


def test_an_htmx_search_with_such_a_user_answers_its_results(apio, helpdesk_client, monkeypatch):
    doctor(monkeypatch, with_unlinkable_users)

    response = helpdesk_client.get(
        SEARCH, {"q": "Zed"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )

    assert response.status_code == 200
    assert "cannot be opened here" in response.content.decode()


@pytest.mark.parametrize("group", ["..", "."])
def test_a_dot_group_filter_asks_apio_nothing(apio, helpdesk_client, group):
    apio.clear_requests()
    response = helpdesk_client.get(SEARCH, {"q": "user0001", "tenant": "acme", "group": group})
    assert response.status_code == 200
    assert "None of the groups you look after is called" in response.content.decode()
    assert not [r for r in apio.requests() if "/../" in r["path"] or "/./" in r["path"]]


# -- bidirectional text --------------------------------------------------------------------


def assert_isolated(html: str, text: str, *, apart_from: str = "") -> None:
    """Every `text` in the page is inside a <bdi> (in the title, between U+2068 and U+2069),
    and `apart_from` is in the page but in none of those <bdi>."""
    head, body = html.split("<body", 1)
    found = [m.start() for m in re.finditer(re.escape(text), body)]
    assert found, f"{text!r} is not on the page"
    spans = [m.span(1) for m in re.finditer(r"<bdi>(.*?)</bdi>", body, re.S)]
    for at in found:
        assert any(start <= at < end for start, end in spans), body[max(0, at - 80) : at + 80]
    title = re.search(r"<title>(.*?)</title>", head, re.S).group(1)
    if text in title:
        assert re.search(rf"&#x2068;[^&]*{re.escape(text)}[^&]*&#x2069;", title), title
    if apart_from:
        assert apart_from in body
        assert not any(apart_from in body[s:e] for s, e in spans if text in body[s:e])


def overriding_last_name(path, answer):
    """The demo user's last name, and theirs only, with a right-to-left override in it."""

    def doctored(user):
        if user.get("userId") == ALL_SERVICES.user_id:
            return {**user, "lastName": f"Dupont{RLO}Evil"}
        return user

    if isinstance(answer, dict) and "users" in answer:
        return {**answer, "users": [doctored(u) for u in answer["users"]]}
    if path == paths.user(ALL_SERVICES):  # the user's details
        return {**answer, "lastName": f"Dupont{RLO}Evil"}
    return answer


@pytest.fixture
def phone(apio):
    return national(user_of(apio, ALL_SERVICES.user_id)["phoneNumber"])  # as shown


def test_the_user_page_isolates_the_name_from_the_phone_number(
    apio, helpdesk_client, monkeypatch, phone
):
    doctor(monkeypatch, overriding_last_name)

    page = helpdesk_client.get(
        reverse("directory:user_detail", args=[*vars(ALL_SERVICES).values()])
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(rf"<h1><bdi>[^<]* Dupont{RLO}Evil</bdi></h1>", html)
    assert_isolated(html, RLO, apart_from=phone)


def test_a_feature_page_heading_isolates_the_name_from_the_phone_number(
    apio, helpdesk_client, monkeypatch, phone
):
    doctor(monkeypatch, overriding_last_name)
    args = [*vars(ALL_SERVICES).values(), "call-forwarding"]

    html = helpdesk_client.get(reverse("features:feature", args=args)).content.decode()

    heading = re.search(r"<h1>.*?</h1>", html, re.S).group(0)
    number = re.escape(national(phone))
    assert re.search(rf"<small><bdi>[^<]*{RLO}[^<]*</bdi> · <bdi>{number}</bdi>", heading)
    assert_isolated(html, RLO, apart_from=national(phone))


def test_search_results_isolate_the_name(apio, helpdesk_client, monkeypatch, phone):
    doctor(monkeypatch, overriding_last_name)

    html = helpdesk_client.get(SEARCH, {"q": ALL_SERVICES.user_id}).content.decode()

    assert_isolated(html, RLO, apart_from=national(phone))  # numbers shown nationally
