"""Creating, renaming and deleting criteria through the outbox, against the sandbox APIO.

The criteria of one user's service share one line: whatever their method, they reach APIO one
at a time in the order they were made; a PUT is merged only with PUTs to the same criteria;
a create or delete whose sending may have got through is not applied twice, nor lost.
"""

from datetime import timedelta
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.apio.paths import criteria, criteria_list
from portal.changes import push, services
from portal.changes.models import AttemptOutcome, ChangeStatus, PendingChange
from portal.changes.push.items import ALREADY_REMOVED
from portal.changes.services import (
    AlreadyQueued,
    ChangeRequest,
    create_item,
    delete_item,
    update_item,
    waking,
)
from portal.core import UserRef
from portal.reasons import ALREADY_APPLIED
from tests.changes.pipeline import staff_user, submit_all, users_with_service, wait_until_final

pytestmark = pytest.mark.integration

CFS = "Call Forwarding Selective"
SERVICE = "call_forwarding_selective"
FEATURE, DEFINITION = "call-forwarding/selective", "criteria"


def new_criteria(name: str, number: str = "+32475000001") -> dict:
    return {
        "name": name,
        "active": True,
        "forwardToNumberSelection": "Forward To Specified Number",
        "forwardToPhoneNumber": number,
        "fromDnCriteria": {
            "selection": "Any",
            "includeAnonymousCallers": False,
            "includeUnavailableCallers": False,
        },
    }


def create(ref, name: str):
    return create_item(ref, FEATURE, DEFINITION, criteria_list(ref, SERVICE), new_criteria(name))


def update(ref, name: str, values: dict, **extra):
    return update_item(ref, FEATURE, DEFINITION, criteria_list(ref, SERVICE), name, values, **extra)


def delete(ref, name: str):
    return delete_item(ref, FEATURE, DEFINITION, criteria_list(ref, SERVICE), name)


def on_platform(sandbox, ref, *names: str) -> None:
    """Criteria made on the platform itself (not through the portal)."""
    platform = sandbox.client()
    try:
        for name in names:
            answer = platform.post(criteria_list(ref, SERVICE), json=new_criteria(name))
            answer.raise_for_status()
    finally:
        platform.close()


def platform_request(sandbox, method: str, path: str, body: dict | None = None) -> None:
    platform = sandbox.client()
    try:
        platform.request(method, path, json=body).raise_for_status()
    finally:
        platform.close()


def item_requests(sandbox, ref) -> list[tuple[str, str, int]]:
    """The requests on the service's criteria, oldest first: (method, path, status); the
    sandbox logs paths unescaped."""
    collection = criteria_list(ref, SERVICE)
    return [
        (request["method"], request["path"], request["status"])
        for request in sandbox.requests()
        if request["path"].startswith(collection)
    ]


def writes(sandbox, ref) -> list[tuple[str, str, int]]:
    return [request for request in item_requests(sandbox, ref) if request[0] != "GET"]


def cut_short(changes: list[PendingChange]) -> None:
    """The worker that held the line died before APIO's answer came: its lease lapses and the
    sweeper takes the line back, marked as maybe sent."""
    PendingChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.sweep()["recovered"] == 1
    assert all(c.maybe_sent for c in PendingChange.objects.filter(pk__in=[c.pk for c in changes]))


def push_until_done(changes: list[PendingChange]) -> None:
    for _ in range(20):
        lines = services.claim(others=10)
        if not lines:
            break
        push.push_round(lines)
    assert not PendingChange.objects.filter(
        pk__in=[c.pk for c in changes], status__in=(ChangeStatus.QUEUED, ChangeStatus.SENDING)
    ).exists()


def reloaded(change: PendingChange) -> PendingChange:
    change.refresh_from_db()
    return change


@pytest.fixture
def ref(apio):
    return users_with_service(apio, 1, CFS)[0]


@pytest.fixture
def no_broker(monkeypatch):
    """The push runs here: no message for a worker of a later test."""
    monkeypatch.setattr(waking, "wake", lambda pk, **kwargs: True)


# -- one line per service's criteria, in the order of submission ------------------------------


def test_create_rename_delete_reach_apio_in_order_through_a_worker(apio, celery_worker, ref):
    collection = criteria_list(ref, SERVICE)
    # The last one as a screen may build it by hand: the path with the name URL-quoted.
    by_hand = ChangeRequest(
        ref, FEATURE, DEFINITION, "DELETE", f"{collection}{quote('Late evenings')}/", {}, {}
    )
    apio.clear_requests()
    changes = submit_all(
        [
            create(ref, "Evenings"),
            update(ref, "Evenings", {"active": False}, new_name="Late evenings"),
            by_hand,
        ]
    )
    assert {change.object_key for change in changes} == {collection}

    wait_until_final(changes, timeout=30)

    assert [reloaded(change).status for change in changes] == [ChangeStatus.APPLIED] * 3
    assert writes(apio, ref) == [
        ("POST", collection, 201),
        ("PUT", criteria(ref, SERVICE, "Evenings"), 200),
        ("DELETE", unquote(criteria(ref, SERVICE, "Late evenings")), 204),  # as the log has it
    ]
    assert apio.object(criteria(ref, SERVICE, "Evenings")) is None
    assert apio.object(criteria(ref, SERVICE, "Late evenings")) is None


def test_changes_to_criteria_wait_for_the_ones_before_them_whatever_their_method(
    apio, db, no_broker, ref
):
    on_platform(apio, ref, "Office")
    first, second, third = submit_all(
        [update(ref, "Office", {"active": False}), create(ref, "Evenings"), delete(ref, "Office")]
    )
    assert services.claim(second.pk) == []  # not its turn
    assert services.claim(third.pk) == []
    [[head]] = services.claim(first.pk)
    assert head.pk == first.pk
    assert services.claim(second.pk) == []  # one change at a time per service's criteria


# -- merging: only PUTs to the same criteria ---------------------------------------------------


def test_puts_to_two_criteria_are_never_merged(apio, db, no_broker, ref):
    on_platform(apio, ref, "Office", "Weekend")
    changes = submit_all(
        [
            update(ref, "Office", {"active": False}),
            update(ref, "Office", {"forwardToPhoneNumber": "+32475000009"}),
            update(ref, "Weekend", {"active": False}),
            update(ref, "Office", {"active": True}),
        ]
    )
    [line] = services.claim(changes[0].pk)
    assert [c.pk for c in line] == [c.pk for c in changes[:2]]  # the same criteria: merged
    push.push_round([line])
    apio.clear_requests()
    push_until_done(changes)

    assert [reloaded(change).status for change in changes] == [ChangeStatus.APPLIED] * 4
    sent = [r for r in apio.requests() if r["method"] == "PUT"]
    assert [(r["path"], r["body"]) for r in sent] == [
        (criteria(ref, SERVICE, "Weekend"), {"name": "Weekend", "active": False}),
        (criteria(ref, SERVICE, "Office"), {"name": "Office", "active": True}),
    ]
    office = apio.object(criteria(ref, SERVICE, "Office"))
    assert (office["active"], office["forwardToPhoneNumber"]) == (True, "+32475000009")


def test_a_rename_ends_a_merged_request(apio, db, no_broker, ref):
    on_platform(apio, ref, "Office")
    changes = submit_all(
        [
            update(ref, "Office", {"active": False}),
            update(ref, "Office", {}, new_name="Office hours"),
            update(ref, "Office", {"forwardToPhoneNumber": "+32475000009"}),  # a stale form
            update(ref, "Office hours", {"active": True}),
        ]
    )
    [line] = services.claim(changes[0].pk)
    assert [c.pk for c in line] == [c.pk for c in changes[:2]]
    push.push_round([line])
    push_until_done(changes)
    # Sent one after the other, as they were made: after the rename, "Office" is not found.
    assert [reloaded(change).status for change in changes] == [
        ChangeStatus.APPLIED,
        ChangeStatus.APPLIED,
        ChangeStatus.FAILED,
        ChangeStatus.APPLIED,
    ]
    assert changes[2].attempts.get().status_code == 404
    assert apio.object(criteria(ref, SERVICE, "Office")) is None
    renamed = apio.object(criteria(ref, SERVICE, "Office hours"))
    assert (renamed["active"], renamed["forwardToPhoneNumber"]) == (True, "+32475000001")


def test_a_create_or_delete_is_never_merged(apio, db, no_broker, ref):
    on_platform(apio, ref, "Office")
    changes = submit_all(
        [
            create(ref, "Evenings"),
            update(ref, "Evenings", {"active": False}),
            delete(ref, "Office"),
            delete(ref, "Evenings"),
        ]
    )
    [line] = services.claim(changes[0].pk)
    assert [c.pk for c in line] == [changes[0].pk]
    apio.clear_requests()
    push.push_round([line])
    push_until_done(changes)
    assert [reloaded(change).status for change in changes] == [ChangeStatus.APPLIED] * 4
    assert [(method, status) for method, _, status in writes(apio, ref)] == [
        ("POST", 201),
        ("PUT", 200),
        ("DELETE", 204),
        ("DELETE", 204),
    ]


def test_the_same_change_to_two_criteria_is_two_changes_and_a_double_click_is_one(
    apio, db, no_broker, ref
):
    on_platform(apio, ref, "Office", "Weekend")
    office, weekend = submit_all([delete(ref, "Office"), delete(ref, "Weekend")])
    assert office.fingerprint != weekend.fingerprint
    with pytest.raises(AlreadyQueued):
        submit_all([delete(ref, "Office")])
    with pytest.raises(AlreadyQueued):
        submit_all([create(ref, "Evenings"), create(ref, "Evenings")])


# -- never applied twice, never lost -----------------------------------------------------------


def test_a_create_that_got_through_before_its_worker_died_is_not_sent_twice(
    apio, db, no_broker, ref
):
    (change,) = submit_all([create(ref, "Evenings")])
    [line] = services.claim(change.pk)
    # The POST reached APIO (which filled in what it leaves out), then the worker died.
    on_platform(apio, ref, "Evenings")
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_APPLIED)
    assert item_requests(apio, ref) == [("GET", criteria(ref, SERVICE, "Evenings"), 200)]


def test_a_create_that_did_not_get_through_is_sent_again(apio, db, no_broker, ref):
    (change,) = submit_all([create(ref, "Evenings")])
    cut_short(services.claim(change.pk)[0])
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    assert reloaded(change).status == ChangeStatus.APPLIED
    assert item_requests(apio, ref) == [
        ("GET", criteria(ref, SERVICE, "Evenings"), 404),
        ("POST", criteria_list(ref, SERVICE), 201),
    ]


def test_a_create_whose_name_was_taken_by_others_meanwhile_fails(apio, db, no_broker, ref):
    (change,) = submit_all([create(ref, "Evenings")])
    cut_short(services.claim(change.pk)[0])
    platform_request(
        apio, "POST", criteria_list(ref, SERVICE), {**new_criteria("Evenings"), "active": False}
    )
    push.push_round(services.claim(change.pk))
    change = reloaded(change)
    assert change.status == ChangeStatus.FAILED
    assert change.attempts.get().status_code == 409


def test_a_delete_that_got_through_before_its_worker_died_is_applied(apio, db, no_broker, ref):
    on_platform(apio, ref, "Office")
    (change,) = submit_all([delete(ref, "Office")])
    [line] = services.claim(change.pk)
    platform_request(apio, "DELETE", criteria(ref, SERVICE, "Office"))  # it got through
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_REMOVED)
    assert item_requests(apio, ref) == [("GET", criteria(ref, SERVICE, "Office"), 404)]


def test_a_delete_that_did_not_get_through_is_sent_again(apio, db, no_broker, ref):
    on_platform(apio, ref, "Office")
    (change,) = submit_all([delete(ref, "Office")])
    cut_short(services.claim(change.pk)[0])
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    assert reloaded(change).status == ChangeStatus.APPLIED
    assert item_requests(apio, ref) == [
        ("GET", criteria(ref, SERVICE, "Office"), 200),
        ("DELETE", criteria(ref, SERVICE, "Office"), 204),
    ]


def test_a_delete_of_a_criteria_already_gone_is_applied(apio, db, no_broker, ref, client):
    (change,) = submit_all([delete(ref, "Gone")])
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_REMOVED)
    assert writes(apio, ref) == [("DELETE", criteria(ref, SERVICE, "Gone"), 404)]
    attempt = change.attempts.get()
    assert (attempt.outcome, attempt.status_code) == (AttemptOutcome.APPLIED, 404)
    client.force_login(staff_user())
    page = client.get(reverse("changes:change_detail", args=[change.pk])).content.decode()
    assert ALREADY_REMOVED in page


def test_a_rename_that_got_through_before_its_worker_died_is_not_sent_again(
    apio, db, no_broker, ref
):
    on_platform(apio, ref, "Office")
    (change,) = submit_all([update(ref, "Office", {"active": False}, new_name="Office hours")])
    [line] = services.claim(change.pk)
    body = {"name": "Office", "active": False, "newName": "Office hours"}
    platform_request(apio, "PUT", criteria(ref, SERVICE, "Office"), body)  # it got through
    cut_short(line)
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert (change.status, change.attempts.get().message) == (ChangeStatus.APPLIED, ALREADY_APPLIED)
    assert writes(apio, ref) == []
    assert apio.object(criteria(ref, SERVICE, "Office hours"))["active"] is False


def test_a_rename_that_did_not_get_through_is_sent_again(apio, db, no_broker, ref):
    on_platform(apio, ref, "Office")
    (change,) = submit_all([update(ref, "Office", {}, new_name="Office hours")])
    cut_short(services.claim(change.pk)[0])
    apio.clear_requests()

    push.push_round(services.claim(change.pk))

    assert reloaded(change).status == ChangeStatus.APPLIED
    assert writes(apio, ref) == [("PUT", criteria(ref, SERVICE, "Office"), 200)]
    assert apio.object(criteria(ref, SERVICE, "Office hours")) is not None


def test_an_update_of_a_criteria_gone_fails_with_apio_s_reason(apio, db, no_broker, ref):
    (change,) = submit_all([update(ref, "Gone", {"active": False})])
    push.push_round(services.claim(change.pk))
    change = reloaded(change)
    assert change.status == ChangeStatus.FAILED
    assert change.attempts.get().status_code == 404


# -- conflicts ---------------------------------------------------------------------------------


def test_a_criteria_changed_on_the_platform_since_the_form_was_loaded_is_a_conflict(
    apio, db, no_broker, ref
):
    on_platform(apio, ref, "Office")
    path = criteria(ref, SERVICE, "Office")
    loaded = {"forwardToPhoneNumber": apio.object(path)["forwardToPhoneNumber"]}
    body = {"name": "Office", "forwardToPhoneNumber": "+32475999999"}
    platform_request(apio, "PUT", path, body)  # someone else, meanwhile
    (change,) = submit_all(
        [update(ref, "Office", {"forwardToPhoneNumber": "+32475000002"}, snapshot=loaded)]
    )

    push.push_round(services.claim(change.pk))

    change = reloaded(change)
    assert change.status == ChangeStatus.CONFLICT
    assert change.conflict["forwardToPhoneNumber"]["platform"] == "+32475999999"
    assert apio.object(path)["forwardToPhoneNumber"] == "+32475999999"

    services.reapply_change(change, staff_user())
    push.push_round(services.claim(change.pk))
    assert reloaded(change).status == ChangeStatus.APPLIED
    assert apio.object(path)["forwardToPhoneNumber"] == "+32475000002"


def test_a_change_to_another_criteria_by_the_same_person_hides_no_conflict(
    apio, db, no_broker, ref
):
    on_platform(apio, ref, "Office", "Weekend")
    loaded_at = timezone.now()
    (weekend,) = submit_all([update(ref, "Weekend", {"forwardToPhoneNumber": "+32475111111"})])
    push.push_round(services.claim(weekend.pk))
    office = criteria(ref, SERVICE, "Office")
    platform_request(
        apio, "PUT", office, {"name": "Office", "forwardToPhoneNumber": "+32475111111"}
    )
    (change,) = submit_all(
        [
            update_item(
                ref,
                FEATURE,
                DEFINITION,
                criteria_list(ref, SERVICE),
                "Office",
                {"forwardToPhoneNumber": "+32475000003"},
                snapshot={"forwardToPhoneNumber": "+32475000001"},
                loaded_at=loaded_at,
            )  # fmt: skip
        ]
    )
    push.push_round(services.claim(change.pk))
    assert reloaded(change).status == ChangeStatus.CONFLICT


# -- the helpers' requests -----------------------------------------------------------------------


def test_the_helpers_build_the_contract_s_requests():
    ref = UserRef("acme", "acme-hq", "user00001@acme.example")
    collection = criteria_list(ref, SERVICE)
    created = create(ref, "Evenings")
    assert (created.method, created.path, created.payload["name"]) == (
        "POST",
        collection,
        "Evenings",
    )
    renamed = update(ref, "Late evenings", {"active": False}, new_name="Nights")
    assert (renamed.method, renamed.path) == ("PUT", f"{collection}Late%20evenings/")
    assert renamed.payload == {"name": "Late evenings", "active": False, "newName": "Nights"}
    assert "newName" not in update(ref, "Nights", {}, new_name="Nights").payload
    deleted = delete(ref, "Nights")
    assert (deleted.method, deleted.path, deleted.payload) == ("DELETE", f"{collection}Nights/", {})
    with pytest.raises(ValueError):
        create_item(ref, FEATURE, DEFINITION, collection, {"active": True})
    with pytest.raises(ValueError):
        delete_item(ref, FEATURE, DEFINITION, collection[: -len("criteria/")], "Nights")
