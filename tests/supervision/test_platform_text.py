"""Call centers and agents as the platform names them: isolated in <bdi>, and an id that no URL
can hold listed without a link rather than failing the page. The sandbox's data holds no such
names: the APIO client's answers are doctored here."""

import re

import pytest
from django.urls import reverse

from portal.apio import paths
from portal.apio.client import get_client
from tests.accounts.people import OWN_CALL_CENTER, platform_admin

pytestmark = pytest.mark.integration

TENANT, GROUP = "acme", "acme-hq"
RLO = "\u202e"
UNLINKABLE = "evil/zed?x#y@acme.example"


def doctor(monkeypatch, change) -> None:
    client = get_client()
    real_get = client.get
    monkeypatch.setattr(client, "get", lambda path, body=None: change(path, real_get(path, body)))


def odd_agents(path, answer):
    if path == paths.call_center_agents(TENANT, GROUP, OWN_CALL_CENTER):
        agents = [dict(agent) for agent in answer["agents"]]
        agents[0]["lastName"] = f"Dupont{RLO}Evil"
        agents[1]["userId"] = UNLINKABLE
        return {**answer, "agents": agents}
    return answer


def test_agents_are_isolated_and_an_unlinkable_one_has_no_link(client, apio, db, monkeypatch):
    doctor(monkeypatch, odd_agents)
    client.force_login(platform_admin())

    page = client.get(reverse("supervision:call_center", args=[TENANT, GROUP, OWN_CALL_CENTER]))

    assert page.status_code == 200
    html = page.content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html.split("<tbody>", 1)[1], re.S)
    (overriding,) = [row for row in rows if RLO in row]
    assert re.search(rf"<bdi>[^<]*Dupont{RLO}Evil</bdi>", overriding)
    (unlinkable,) = [row for row in rows if UNLINKABLE in row]
    assert "cannot be opened here" in unlinkable and "<a " not in unlinkable
    assert f"<bdi>{UNLINKABLE}</bdi>" in unlinkable


def test_a_call_center_id_no_url_can_hold_is_listed_without_a_link(client, apio, db, monkeypatch):
    def odd_center(path, answer):
        if path == paths.call_centers(TENANT, GROUP):
            centers = [dict(c) for c in answer["callCenters"]]
            centers[0].update(serviceUserId="cc/odd@acme.example", name=f"Odd{RLO}Center")
            return {**answer, "callCenters": centers}
        return answer

    doctor(monkeypatch, odd_center)
    client.force_login(platform_admin())

    page = client.get(reverse("supervision:group", args=[TENANT, GROUP]))

    assert page.status_code == 200
    html = page.content.decode()
    assert f"<bdi>Odd{RLO}Center</bdi> <small>cannot be opened here</small>" in html
