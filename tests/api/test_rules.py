"""A rule turned on, off or deleted through the API: the same request as the list's buttons."""

from django.urls import reverse

from portal.changes.models import PendingChange
from portal.features.criteria.declaration import LISTS
from tests.accounts.people import HQ_ARGS, HQ_USER
from tests.api.conftest import bearer

RULE_CHANGES = reverse("api:rule_change")
IDS = dict(zip(("tenant_id", "group_id", "user_id"), HQ_ARGS, strict=True))


def post(client, user, **body):
    return client.post(RULE_CHANGES, body, content_type="application/json", headers=bearer(user))


def test_turning_a_rule_off_queues_what_the_list_queues(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, **IDS, feature="selective-forwarding",
                    rule="office-hours", action="turn_off")  # fmt: skip

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    rules = LISTS["selective-forwarding"]
    assert (change.method, change.path) == ("PUT", rules.item_path(HQ_USER, "office-hours"))
    assert change.payload == {"name": "office-hours", "active": False}
    assert change.feature == f"selective-forwarding/{rules.section}"


def test_deleting_a_rule_queues_a_delete(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, **IDS, feature="selective-forwarding",
                    rule="office-hours", action="delete")  # fmt: skip

    assert response.status_code == 201, response.content
    assert PendingChange.objects.get().method == "DELETE"


def test_a_rule_that_is_not_there_is_not_found(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, **IDS, feature="selective-forwarding",
                    rule="no-such-rule", action="delete")  # fmt: skip

    assert response.status_code == 404
    assert not PendingChange.objects.exists()


def test_a_feature_without_rules_has_none_to_change(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, **IDS, feature="call-forwarding",
                    rule="office-hours", action="turn_on")  # fmt: skip

    assert response.status_code == 404
