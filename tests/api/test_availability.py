"""An agent's availability through the API: the same change as the call centers page's switch,
the same refusal (as a field error), for staff in scope and for the agent themself."""

from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.changes.models import PendingChange
from tests.accounts.people import linked_user
from tests.api.conftest import bearer
from tests.api.test_conference_items import page_change
from tests.api.test_rule_items import same_change
from tests.features.test_agent_call_centers import AGENT, HELPDESK, SUPPORT

IDS = [*vars(AGENT).values()]


def put(client, user, url: str, available) -> object:
    return client.put(
        url, {"available": available}, content_type="application/json", headers=bearer(user)
    )


def switch(call_center: str) -> str:
    return reverse("api:user_availability", args=[*IDS, call_center])


def test_staff_queue_what_the_switch_queues(client, apio_read_only, hd_acme):
    page_url = reverse("features:agent_availability", args=[*IDS, HELPDESK])
    page = page_change(client, hd_acme, page_url, {"available": "false"})

    response = put(client, hd_acme, switch(HELPDESK), False)

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    same_change(change, page)
    assert change.payload == {"call_centers": [{"serviceUserId": HELPDESK, "available": False}]}


def test_a_call_center_that_keeps_its_agents_refuses_on_the_field(client, apio_read_only, hd_acme):
    response = put(client, hd_acme, switch(SUPPORT), False)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "available": ["Support line does not let its agents log off: this person stays available."]
    }
    assert not PendingChange.objects.exists()


def test_what_the_platform_holds_already_changes_nothing(client, apio_read_only, hd_acme):
    listed = client.get(reverse("api:user_call_centers", args=IDS), headers=bearer(hd_acme))
    state = {row["call_center_id"]: row["available"] for row in listed.json()}

    response = put(client, hd_acme, switch(HELPDESK), state[HELPDESK])

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "nothing_changed"


def test_a_value_that_is_no_yes_or_no_is_refused(client, apio_read_only, hd_acme):
    response = put(client, hd_acme, switch(HELPDESK), "perhaps")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"available"}


def test_the_agent_sets_their_own_availability(client, apio_read_only, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["call-forwarding", "call-centers"]}
    )
    agent = linked_user(apio_read_only, AGENT.user_id)
    own = reverse("api:my_availability", args=[HELPDESK])

    listed = client.get(reverse("api:my_call_centers"), headers=bearer(agent))
    response = put(client, agent, own, False)
    refused = put(client, agent, reverse("api:my_availability", args=[SUPPORT]), False)

    assert {row["call_center_id"] for row in listed.json()} >= {HELPDESK, SUPPORT}
    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    assert (change.user_id, change.created_by) == (AGENT.user_id, agent)
    assert refused.json()["error"]["fields"]["available"] == [
        "Support line does not let its agents log off: you stay available."
    ]


def test_someone_elses_switch_is_out_of_an_agents_reach(client, apio_read_only, db):
    agent = linked_user(apio_read_only, AGENT.user_id)

    assert put(client, agent, switch(HELPDESK), False).status_code == 404
    assert not PendingChange.objects.exists()
