"""Queuing a change through the API: the page's form checks it, the outbox stores it."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.accounts.models import AuditEntry
from portal.changes.models import ChangeStatus, PendingChange
from tests.accounts.people import (
    HQ_ARGS,
    HQ_USER,
    OTHER_USER_ID,
    forward_always_form,
    linked_user,
)
from tests.api.conftest import bearer

CHANGES = reverse("api:change_list")


def forwarding(values: dict, **ids) -> dict:
    ref = ids or {"tenant_id": HQ_USER.tenant_id, "group_id": HQ_USER.group_id,
                  "user_id": HQ_USER.user_id}  # fmt: skip
    return {**ref, "feature": "call-forwarding", "section": "always", "values": values}


def post(client, user, body):
    return client.post(CHANGES, body, content_type="application/json", headers=bearer(user))


def test_a_change_is_queued_as_the_page_queues_it(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, forwarding({"destination": "+3225550177"}))

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    assert response.json()["id"] == change.pk
    assert response["Location"] == f"{CHANGES}{change.pk}/"
    assert (change.feature, change.method, change.status) == (
        "call-forwarding/always", "PUT", ChangeStatus.QUEUED,
    )  # fmt: skip
    assert change.payload == {"destination": "+3225550177"}
    assert AuditEntry.objects.filter(change=change, actor=hd_acme).exists()


def test_the_same_change_again_answers_the_queued_one(client, apio_read_only, hd_acme):
    body = forwarding({"destination": "+3225550177"})
    first = post(client, hd_acme, body)
    again = post(client, hd_acme, body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert PendingChange.objects.count() == 1


def test_values_the_platform_holds_already_change_nothing(client, apio_read_only, hd_acme):
    current = client.get(
        reverse("api:user_feature", args=[*HQ_ARGS, "call-forwarding"]),
        headers=bearer(hd_acme),
    ).json()
    always = next(s for s in current["sections"] if s["key"] == "always")

    response = post(client, hd_acme, forwarding({"active": always["values"]["active"]}))

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "nothing_changed"
    assert not PendingChange.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"destination": "not a number"}, "destination"),
        ({"active": True, "destination": ""}, "destination"),
    ],
)
def test_refused_values_get_the_forms_own_messages(client, apio_read_only, hd_acme, values, field):
    response = post(client, hd_acme, forwarding(values))

    # The page, posted the same values, shows the same messages on the same field.
    form = {**forward_always_form(), "always-destination": values["destination"]}
    if values.get("active"):
        form["always-active"] = "true"
    url = reverse("features:section", args=[*HQ_ARGS, "call-forwarding", "always"])
    client.force_login(hd_acme)
    page = client.post(url, form)
    shown = next(s for s in page.context["sections"] if s["section"].key == "always")
    page_errors = shown["form"].errors[field]

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"][field] == list(page_errors)
    assert not PendingChange.objects.exists()


def test_unknown_fields_are_refused_by_name(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, forwarding({"nope": 1, "active": "maybe-not"}))

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"nope"}
    assert not PendingChange.objects.exists()


def test_a_malformed_body_says_which_field(client, apio_read_only, hd_acme):
    response = post(client, hd_acme, {"feature": "call-forwarding", "values": []})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"section", "values"}


def test_a_session_needs_its_csrf_token_as_the_pages_do(apio_read_only, hd_acme):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(hd_acme)
    body = forwarding({"destination": "+3225550177"})

    refused = browser.post(CHANGES, body, content_type="application/json")
    browser.get(reverse("api:keys"))  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        CHANGES, body, content_type="application/json", headers={"X-CSRFToken": token}
    )

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert accepted.status_code == 201


def test_an_end_user_changes_their_own_line_without_naming_it(client, apio_read_only, db):
    person = linked_user(apio_read_only, HQ_USER.user_id)
    body = {"feature": "call-forwarding", "section": "always", "values": {"active": False}}
    body["values"]["destination"] = "+3225550166"

    response = post(client, person, body)

    assert response.status_code == 201, response.content
    change = PendingChange.objects.get()
    assert (change.user_id, change.created_by) == (HQ_USER.user_id, person)


def test_an_end_user_cannot_name_someone_else(client, apio_read_only, db):
    person = linked_user(apio_read_only, OTHER_USER_ID)

    response = post(client, person, forwarding({"destination": "+3225550177"}))

    assert response.status_code == 404
    assert not PendingChange.objects.exists()
