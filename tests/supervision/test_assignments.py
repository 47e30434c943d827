"""Staff add and remove the agents a supervisor supervises, each a pending change."""

import pytest
from django.urls import reverse

from portal.accounts.models import Role
from portal.apio import paths
from portal.apio.client import get_client
from portal.changes import push, services
from portal.changes.models import ChangeStatus, PendingChange
from portal.reasons import ALREADY_APPLIED
from tests.accounts.people import (
    OTHER_SUPERVISOR_ID,
    OWN_CALL_CENTER,
    SUPERVISOR_ID,
    helpdesk,
    linked_user,
    platform_admin,
)
from tests.changes.pipeline import wait_until_final
from tests.changes.test_collection_items import cut_short, platform_request, reloaded

pytestmark = pytest.mark.integration

TENANT, GROUP = "acme", "acme-hq"
PAGE = reverse(
    "supervision:supervisor_agents", args=[TENANT, GROUP, OWN_CALL_CENTER, SUPERVISOR_ID]
)
SUPERVISED = paths.supervised_agents(TENANT, GROUP, OWN_CALL_CENTER, SUPERVISOR_ID)


def supervised_ids() -> list[str]:
    return [agent["userId"] for agent in get_client().get(SUPERVISED)["agents"]]


def no_longer_supervised(*user_ids: str) -> None:
    """As if someone had removed them on the platform (in the demo, all agents are supervised)."""
    get_client().delete(SUPERVISED, {"agents": [{"userId": user_id} for user_id in user_ids]})


def test_removing_an_agent_queues_a_delete_the_platform_takes(client, apio, db):
    client.force_login(platform_admin())
    agent = supervised_ids()[0]

    response = client.post(PAGE, {"remove": agent})

    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert (change.method, change.path, change.payload) == (
        "DELETE",
        SUPERVISED,
        {"agents": [{"userId": agent}]},
    )
    assert (change.user_id, change.status) == (SUPERVISOR_ID, ChangeStatus.QUEUED)
    html = client.get(PAGE).content.decode()
    assert "pending" in html and "Removal pending" in html
    assert f'name="remove" value="{agent}"' not in html  # no second Remove while it waits
    detail = client.get(reverse("changes:change_detail", args=[change.pk]))
    assert detail.status_code == 200 and "Supervised agents" in detail.content.decode()
    # What the push will send, the platform takes.
    get_client().request(change.method, change.path, change.payload)
    assert agent not in supervised_ids()


def test_adding_an_agent_queues_a_post_the_platform_takes(client, apio, db):
    client.force_login(platform_admin())
    agent = supervised_ids()[-1]
    no_longer_supervised(agent)
    page = client.get(PAGE).content.decode()
    assert f'name="add" value="{agent}"' in page

    response = client.post(PAGE, {"add": agent}, headers={"HX-Request": "true"})

    change = PendingChange.objects.get()
    assert (change.method, change.path, change.payload) == (
        "POST",
        SUPERVISED,
        {"agents": [{"userId": agent}]},
    )
    html = response.content.decode()
    assert 'id="supervised-body"' in html and "<html" not in html
    assert "pending" in html and "Addition pending" in html
    assert f'hx-get="{PAGE}?watch={change.pk}"' in html  # it asks until the change is done
    assert f'name="add" value="{agent}"' not in html
    get_client().request(change.method, change.path, change.payload)
    assert agent in supervised_ids()


def test_only_agents_of_the_call_center_not_supervised_yet_can_be_added(client, apio, db):
    client.force_login(platform_admin())
    agent = supervised_ids()[0]

    client.post(PAGE, {"add": agent})  # supervised already
    client.post(PAGE, {"add": "user00001@acme.example"})  # no agent of this call center

    assert not PendingChange.objects.exists()


def test_the_search_filters_the_agents_to_add(client, apio, db):
    client.force_login(platform_admin())
    agents = get_client().get(paths.call_center_agents(TENANT, GROUP, OWN_CALL_CENTER))["agents"]
    first = agents[0]
    second = next(a for a in agents if first["lastName"] not in (a["lastName"], a["firstName"]))
    no_longer_supervised(first["userId"], second["userId"])

    html = client.get(PAGE, {"q": f"{first['lastName']} {first['firstName']}"}).content.decode()

    assert f'name="add" value="{first["userId"]}"' in html
    assert f'name="add" value="{second["userId"]}"' not in html


def test_the_page_asks_again_until_a_change_is_done(client, apio, db):
    client.force_login(platform_admin())
    agent = supervised_ids()[0]
    client.post(PAGE, {"remove": agent})
    change = PendingChange.objects.get()
    htmx = {"HX-Request": "true"}

    assert client.get(PAGE, {"watch": change.pk}, headers=htmx).status_code == 204

    PendingChange.objects.filter(pk=change.pk).update(
        status=ChangeStatus.FAILED, message="Nobody by that name"
    )
    html = client.get(PAGE, {"watch": change.pk}, headers=htmx).content.decode()
    assert "Failed" in html and "Nobody by that name" in html
    assert "hx-trigger" not in html  # final: no more asking

    # Tried again from where it failed, without making it anew.
    retry = reverse("changes:change_retry", args=[change.pk])
    assert f'action="{retry}"' in html
    client.post(retry)
    assert PendingChange.objects.get(pk=change.pk).status == ChangeStatus.QUEUED


def test_helpdesk_of_the_group_may_and_others_may_not(client, apio, db):
    client.force_login(helpdesk("hq-desk", TENANT, GROUP))
    assert client.get(PAGE).status_code == 200

    client.force_login(helpdesk("sales-desk", TENANT, "acme-sales"))
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"remove": supervised_ids()[0]}).status_code == 404
    assert not PendingChange.objects.exists()


def test_helpdesk_follows_the_change_among_their_changes_in_scope_only(client, apio, db):
    client.force_login(helpdesk("hq-desk", TENANT, GROUP))
    client.post(PAGE, {"remove": supervised_ids()[0]})
    change = PendingChange.objects.get()
    detail = reverse("changes:change_detail", args=[change.pk])
    assert client.get(detail).status_code == 200
    assert detail in client.get(reverse("changes:change_list")).content.decode()

    client.force_login(helpdesk("sales-desk", TENANT, "acme-sales"))
    assert client.get(detail).status_code == 404
    assert detail not in client.get(reverse("changes:change_list")).content.decode()


def test_supervisors_and_end_users_get_not_found(client, apio, db):
    client.force_login(linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR))
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"remove": supervised_ids()[0]}).status_code == 404
    client.force_login(linked_user(apio, "user00001@acme.example"))
    assert client.get(PAGE).status_code == 404
    assert not PendingChange.objects.exists()


def test_a_user_who_is_not_a_supervisor_of_the_call_center_is_not_found(client, apio, db):
    client.force_login(platform_admin())
    elsewhere = reverse(
        "supervision:supervisor_agents",
        args=[TENANT, GROUP, OWN_CALL_CENTER, OTHER_SUPERVISOR_ID],
    )
    assert client.get(elsewhere).status_code == 404


def test_an_added_agent_is_supervised_once_a_worker_applies_it(client, apio, celery_worker):
    client.force_login(platform_admin())
    agent = supervised_ids()[0]
    no_longer_supervised(agent)

    client.post(PAGE, {"add": agent})

    change = PendingChange.objects.get()
    wait_until_final([change], timeout=30)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED, change.message
    assert agent in supervised_ids()
    html = client.get(PAGE).content.decode()
    assert "Applied" in html and f'name="remove" value="{agent}"' in html


def test_the_call_centers_page_links_each_supervisor_for_staff(client, apio, db):
    client.force_login(platform_admin())
    call_center = reverse("supervision:call_center", args=[TENANT, GROUP, OWN_CALL_CENTER])

    assert f'href="{PAGE}"' in client.get(call_center).content.decode()


def test_an_addition_sent_before_its_worker_died_is_not_refused_as_a_duplicate(
    client, apio, db, monkeypatch
):
    monkeypatch.setattr(services.waking, "wake", lambda pk, **kwargs: True)  # pushed here
    client.force_login(platform_admin())
    agent = supervised_ids()[0]
    no_longer_supervised(agent)
    client.post(PAGE, {"add": agent})
    change = PendingChange.objects.get()
    [line] = services.claim(change.pk)
    platform_request(apio, "POST", SUPERVISED, {"agents": [{"userId": agent}]})  # got through
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_APPLIED)
    sent = [(r["method"], r["path"]) for r in apio.requests() if r["path"] == SUPERVISED]
    assert sent == [("GET", SUPERVISED)]  # read, not added a second time
    assert supervised_ids().count(agent) == 1
