"""A supervisor's agent list, and any call center's for staff in scope: seven columns, sorted by
any of them, searched as people type, paged, exported whole as CSV, and read from APIO through
a cache of a minute that "Refresh" drops.

The sandbox's cc-sales (group acme-sales) has every one of its 60 users as agents, all
supervised by supervisor2; cc-helpdesk (acme-hq) has 10, supervised by supervisor1.
"""

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.accounts.models import Role
from portal.apio import paths
from portal.apio.client import get_client
from portal.changes.models import PendingChange
from portal.changes.signals import changes_applied
from portal.core import UserRef
from portal.directory.phone import national
from portal.supervision.tables import safe_cell
from tests.accounts.people import (
    OTHER_SUPERVISOR_ID,
    OWN_CALL_CENTER,
    SUPERVISOR_ID,
    helpdesk,
    linked_user,
    platform_admin,
)

TENANT = "acme"
SALES = "cc-sales@acme.example"
SALES_PAGE = reverse("supervision:agent_list", args=[SALES])
SALES_CSV = reverse("supervision:agent_export", args=[SALES])
HQ_CENTER = (TENANT, "acme-hq", OWN_CALL_CENTER)
HQ_PAGE = reverse("supervision:call_center", args=HQ_CENTER)
HQ_CSV = reverse("supervision:call_center_export", args=HQ_CENTER)
HEADERS = ["Name", "User id", "Phone number", "Extension", "Department", "Email", "Location code"]


def supervised(supervisor_id: str, group: str, center: str) -> list[dict]:
    path = paths.supervised_agents(TENANT, group, center, supervisor_id)
    return get_client().get(path)["agents"]


def sales_agents() -> list[dict]:
    return supervised(OTHER_SUPERVISOR_ID, "acme-sales", SALES)


def shown_ids(html: str) -> list[str]:
    return re.findall(r'<td data-label="User id"><bdi>([^<]+)</bdi></td>', html)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def department(agent: dict) -> str:
    value = agent.get("department") or ""
    return value.get("departmentName", "") if isinstance(value, dict) else value


@pytest.fixture
def supervisor2(client, apio, db):
    client.force_login(linked_user(apio, OTHER_SUPERVISOR_ID, Role.SUPERVISOR))
    return client


# -- the table --------------------------------------------------------------------------------


def test_the_supervisor_sees_seven_columns_of_their_agents(supervisor2):
    agents = {a["userId"]: a for a in sales_agents()}

    html = supervisor2.get(SALES_PAGE).content.decode()

    headers = re.findall(r'<th scope="col"[^>]*>\s*<a [^>]*>([^<]+)</a>', html)
    assert headers == HEADERS
    row = re.search(r"<tr><td data-label=\"Name\">.*?</tr>", html, re.S).group(0)
    (user_id,) = re.findall(r'data-label="User id"><bdi>([^<]+)<', row)
    agent = agents[user_id]
    assert f'data-label="Phone number"><bdi>{national(agent["phoneNumber"])}</bdi>' in row
    assert f'data-label="Extension"><bdi>{agent["extension"]}</bdi>' in row
    assert f'data-label="Email"><bdi>{agent["emailAddress"]}</bdi>' in row
    assert f'data-label="Department"><bdi>{department(agent)}</bdi>' in row
    assert f'data-label="Location code"><bdi>{agent.get("locationCode", "")}</bdi>' in row
    assert any(a.get("locationCode") for a in agents.values())


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("email", lambda a: a["emailAddress"].lower()),
        ("-extension", lambda a: int(a["extension"])),
        ("department", lambda a: department(a).lower()),
        ("location_code", lambda a: a.get("locationCode", "").zfill(12)),
    ],
)
def test_the_supervisors_agents_sort_by_any_column(supervisor2, sort, key):
    agents = sales_agents()

    html = supervisor2.get(SALES_PAGE, {"sort": sort, "page": 2}).content.decode()

    expected = sorted(agents, key=key, reverse=sort.startswith("-"))
    shown = shown_ids(html)
    # Ties are ordered by name: compare the sort key of what is shown, page 2.
    assert [key(a) for a in expected][50:] == [
        key(next(a for a in agents if a["userId"] == uid)) for uid in shown
    ]
    assert "Showing 51–60 of 60 agents" in html


def test_an_unknown_sort_is_ignored(supervisor2):
    assert supervisor2.get(SALES_PAGE, {"sort": "password"}).status_code == 200


@pytest.mark.parametrize(
    ("typed", "user_id"),
    [
        ("ines martin", "user00040@acme.example"),  # Inès Martin: no accent, either order
        ("martin ines", "user00040@acme.example"),
        ("02 514 08 91", "user00001@acme.example"),  # +3225140891, nationally
        ("025140891", "user00001@acme.example"),
        ("USER00001", "user00001@acme.example"),
    ],
)
def test_the_supervisor_finds_agents_as_people_type(supervisor2, typed, user_id):
    html = supervisor2.get(SALES_PAGE, {"q": typed}).content.decode()
    assert user_id in shown_ids(html)
    assert f"agent matching “<bdi>{typed}</bdi>”" in html or "agents matching" in html


def test_search_as_you_type_swaps_the_table_alone(supervisor2):
    response = supervisor2.get(
        SALES_PAGE, {"q": "ines martin"}, headers={"HX-Request": "true", "HX-Target": "agents"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="agents"') and "<html" not in html
    assert "user00040@acme.example" in shown_ids(html)
    assert "HX-Request" in response["Vary"]
    # The whole page names the box, the table and its address (pushed into the history).
    page = supervisor2.get(SALES_PAGE).content.decode()
    assert 'hx-target="#agents"' in page and 'hx-push-url="true"' in page
    assert "delay:" in page


def test_pages_have_true_counts(supervisor2):
    first = supervisor2.get(SALES_PAGE).content.decode()
    found = supervisor2.get(SALES_PAGE, {"q": "acme", "page": 2}).content.decode()
    assert "Showing 1–50 of 60 agents" in first and len(shown_ids(first)) == 50
    assert "Showing 51–60 of 60 agents" in found and len(shown_ids(found)) == 10


# -- CSV --------------------------------------------------------------------------------------


def test_the_csv_holds_every_matching_agent_in_the_pages_order(supervisor2):
    agents = sales_agents()
    query = "acme.example"  # every one of them, more than a page

    response = supervisor2.get(SALES_CSV, {"q": query, "sort": "-extension"})

    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert len(rows) - 1 == len(agents) == 60
    expected = sorted(agents, key=lambda a: int(a["extension"]), reverse=True)
    assert [row[1] for row in rows[1:]] == [a["userId"] for a in expected]
    first = expected[0]
    assert rows[1] == [
        f"{first['firstName']} {first['lastName']}",
        first["userId"],
        national(first["phoneNumber"]),
        first["extension"],
        department(first),
        first["emailAddress"],
        first.get("locationCode", ""),
    ]
    assert response["Content-Disposition"] == 'attachment; filename="sales-line-agents.csv"'


def test_the_csv_holds_what_the_search_finds(supervisor2):
    page = supervisor2.get(SALES_PAGE, {"q": "martin"}).content.decode()
    rows = csv_rows(supervisor2.get(SALES_CSV, {"q": "martin"}))
    assert sorted(row[1] for row in rows[1:]) == sorted(shown_ids(page))
    assert f'href="{SALES_CSV}?q=martin"' in page


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+32 2", "'+32 2"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Dupont", "Dupont"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(value, written):
    assert safe_cell(value) == written


def test_formulas_in_names_are_not_exported_as_formulas(client, apio, db, monkeypatch):
    real_get = get_client().get

    def doctored(path, body=None):
        answer = real_get(path, body)
        if path.endswith("/agents/") and "agents" in (answer or {}):
            agents = [dict(a) for a in answer["agents"]]
            agents[0].update(firstName="=cmd|' /C calc'!A0", lastName="", department="@x")
            return {**answer, "agents": agents}
        return answer

    monkeypatch.setattr(get_client(), "get", doctored)
    client.force_login(linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR))

    response = client.get(reverse("supervision:agent_export", args=[OWN_CALL_CENTER]))

    text = response.content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and "'@x" in text
    assert not re.search(r"(^|,)[=@]", text, re.M)


# -- the cache, and Refresh -------------------------------------------------------------------


def agent_reads(sandbox, supervisor_id: str) -> int:
    return sum(
        1
        for r in sandbox.requests()
        if r["method"] == "GET" and r["path"].endswith(f"/supervisors/{supervisor_id}/agents/")
    )


def test_the_list_is_read_once_a_minute_and_refresh_reads_it_again(supervisor2, apio):
    supervisor2.get(SALES_PAGE)
    supervisor2.get(SALES_PAGE, {"sort": "email", "q": "martin"})
    supervisor2.get(SALES_CSV)
    assert agent_reads(apio, OTHER_SUPERVISOR_ID) == 1

    page = supervisor2.get(SALES_PAGE).content.decode()
    refreshed = supervisor2.get(SALES_PAGE, {"refresh": "1", "q": "martin", "sort": "email"})

    assert re.search(r"Read at \d\d:\d\d", page) and ">Refresh</button>" in page
    assert refreshed.status_code == 302
    assert refreshed["Location"] == f"{SALES_PAGE}?q=martin&sort=email"
    supervisor2.get(refreshed["Location"])
    assert agent_reads(apio, OTHER_SUPERVISOR_ID) == 2


def applied(path: str) -> None:
    """As the outbox tells that a change to `path` (for supervisor2) is applied."""
    change = SimpleNamespace(
        path=path, tenant_id=TENANT, group_id="acme-sales", user_id=OTHER_SUPERVISOR_ID
    )
    changes_applied.send(sender=PendingChange, changes=[change])


def test_a_change_to_who_they_supervise_is_seen_at_once(supervisor2, apio):
    supervisor2.get(SALES_PAGE)
    applied(paths.user_service(UserRef(TENANT, "acme-sales", OTHER_SUPERVISOR_ID), "cfa"))
    supervisor2.get(SALES_PAGE)
    assert agent_reads(apio, OTHER_SUPERVISOR_ID) == 1

    applied(paths.supervised_agents(TENANT, "acme-sales", SALES, OTHER_SUPERVISOR_ID))
    supervisor2.get(SALES_PAGE)
    assert agent_reads(apio, OTHER_SUPERVISOR_ID) == 2


def test_each_supervisor_has_a_cache_of_their_own(client, apio, db):
    client.force_login(linked_user(apio, OTHER_SUPERVISOR_ID, Role.SUPERVISOR))
    assert client.get(SALES_PAGE).status_code == 200
    client.force_login(linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR))
    # supervisor1 supervises no agent of cc-sales: what supervisor2 read is not theirs.
    assert client.get(SALES_PAGE).status_code == 404
    assert client.get(SALES_CSV).status_code == 404


# -- who sees what ----------------------------------------------------------------------------


def test_a_supervisor_never_sees_another_supervisors_agents(client, apio, db):
    client.force_login(linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR))
    own = client.get(reverse("supervision:agent_list", args=[OWN_CALL_CENTER])).content.decode()
    assert set(shown_ids(own)) == {
        a["userId"] for a in supervised(SUPERVISOR_ID, "acme-hq", OWN_CALL_CENTER)
    }
    others = {a["userId"] for a in sales_agents()} - set(shown_ids(own))
    assert others and not others & set(shown_ids(own))
    for page in (SALES_PAGE, SALES_CSV, HQ_PAGE, HQ_CSV):
        assert client.get(page).status_code == 404, page


def test_the_page_names_the_supervisor_as_the_platform_knows_them(client, apio, db):
    person = linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR)
    person.first_name, person.last_name = "Sue", "Supervisor"
    person.save()
    profile = get_client().get(paths.user(UserRef(TENANT, "acme-hq", SUPERVISOR_ID)))
    name = f"{profile['firstName']} {profile['lastName']}"
    client.force_login(person)

    html = client.get(reverse("supervision:agent_list", args=[OWN_CALL_CENTER])).content.decode()

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert name in title and "Sue Supervisor" not in title
    assert f"The agents you supervise, <bdi>{name}</bdi>." in html


def test_a_supervisor_of_several_call_centers_chooses_one(client, apio, db, monkeypatch):
    real_get = get_client().get
    second = {"serviceUserId": "cc-second@acme.example", "name": "Second line", "type": "Basic"}

    def doctored(path, body=None):
        if path == paths.call_centers(TENANT, "acme-hq"):
            answer = real_get(path, body)
            return {**answer, "callCenters": [*answer["callCenters"], second]}
        if path == paths.call_center_supervisors(TENANT, "acme-hq", second["serviceUserId"]):
            return {"supervisors": [{"userId": SUPERVISOR_ID}]}
        return real_get(path, body)

    monkeypatch.setattr(get_client(), "get", doctored)
    client.force_login(linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR))

    html = client.get(reverse("supervision:call_center_list")).content.decode()

    for center in (OWN_CALL_CENTER, second["serviceUserId"]):
        assert f'href="{reverse("supervision:agent_list", args=[center])}"' in html
    agents = client.get(reverse("supervision:agent_list", args=[OWN_CALL_CENTER]))
    assert "My call centers" in agents.content.decode()  # the way back to the choice


def test_the_admin_sees_any_call_centers_agents_supervisors_and_csv(client, apio, db):
    client.force_login(platform_admin())
    agents = get_client().get(paths.call_center_agents(*HQ_CENTER))["agents"]

    html = client.get(HQ_PAGE, {"sort": "extension"}).content.decode()
    rows = csv_rows(client.get(HQ_CSV, {"sort": "extension"}))

    assert shown_ids(html) == [a["userId"] for a in sorted(agents, key=lambda a: a["extension"])]
    assert "Supervised by:" in html and SUPERVISOR_ID in html
    assert [row[1] for row in rows[1:]] == shown_ids(html)
    assert f'href="{HQ_CSV}?sort=extension"' in html


def test_the_helpdesk_in_scope_sees_the_call_center(client, apio, db):
    client.force_login(helpdesk("hd-acme", TENANT))

    chooser = client.get(reverse("supervision:call_center_list")).content.decode()
    page = client.get(HQ_PAGE)

    assert f'href="{reverse("supervision:group", args=[TENANT, "acme-hq"])}"' in chooser
    assert page.status_code == 200 and "Supervised by:" in page.content.decode()
    assert len(csv_rows(client.get(HQ_CSV))) == 11


def test_the_helpdesk_out_of_scope_gets_nothing(client, apio, db):
    client.force_login(helpdesk("hd-sales", TENANT, "acme-sales"))

    chooser = client.get(reverse("supervision:call_center_list")).content.decode()

    assert f'href="{reverse("supervision:group", args=[TENANT, "acme-sales"])}"' in chooser
    assert reverse("supervision:group", args=[TENANT, "acme-hq"]) not in chooser
    for page in (HQ_PAGE, HQ_CSV, reverse("supervision:group", args=[TENANT, "acme-hq"])):
        assert client.get(page).status_code == 404, page
    sales = reverse("supervision:call_center", args=[TENANT, "acme-sales", SALES])
    assert client.get(sales).status_code == 200

    client.force_login(helpdesk("hd-globex", "globex"))
    elsewhere = client.get(reverse("supervision:call_center_list"))
    assert "There is no tenant here whose call centers you may see." in elsewhere.content.decode()
    assert client.get(HQ_PAGE).status_code == 404
    assert (
        client.get(reverse("supervision:call_center_list"), {"tenant": TENANT}).status_code == 404
    )


@pytest.mark.parametrize("make", [platform_admin, lambda: helpdesk("hd", TENANT)])
def test_staff_on_a_supervisors_address_are_led_to_choose(client, apio, db, make):
    client.force_login(make())
    for page in (SALES_PAGE, SALES_CSV):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"] == reverse("supervision:call_center_list")
