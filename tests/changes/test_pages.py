"""The changes pages speak to an end user in plain words; staff still get the technical details."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role, Scope, User
from portal.changes import services
from portal.changes.models import AttemptOutcome, ChangeAttempt, ChangeStatus, PendingChange
from tests.changes.conftest import ALICE, forwarding_request

APIO_MESSAGE = "APIO answered 503 (PUT /api/v1/tenants/acme/groups/acme-hq/users/x/services/cfa/)"
# What an end user must never read: staff names, APIO's paths, HTTP statuses, definitions.
TECHNICAL = {
    "staff user name": re.compile(r"hd-harry"),
    "staff full name": re.compile(r"Harry"),
    "APIO path": re.compile(r"/api/v1/"),
    "HTTP status": re.compile(r"\b503\b"),
    "definition name": re.compile(r"call_forwarding"),
    "technical details": re.compile(r"<details"),
}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def harry(db):
    user = User.objects.create_user(
        "hd-harry", password="pw-harry-123", role=Role.HELPDESK, first_name="Harry",
        last_name="Helpdesk",
    )  # fmt: skip
    Scope.objects.create(user=user, tenant_id=ALICE.tenant_id)
    return user


@pytest.fixture
def alice(db):
    return User.objects.create(
        username=ALICE.user_id, role=Role.END_USER, apio_user_id=ALICE.user_id,
        apio_tenant_id=ALICE.tenant_id, apio_group_id=ALICE.group_id,
    )  # fmt: skip


@pytest.fixture
def changes(harry, alice):
    """Alice's own change, one the helpdesk made for her that failed, one made acting for her."""
    own = services.submit_change(alice, forwarding_request("+3225551111"))
    failed = services.submit_change(harry, forwarding_request("+3225552222"))
    now = timezone.now()
    PendingChange.objects.filter(pk=failed.pk).update(
        status=ChangeStatus.FAILED, message=APIO_MESSAGE, attempt_count=1, finished_at=now,
        field_errors={"destination": ["Field 'destination' must be a phone number"]},
    )  # fmt: skip
    ChangeAttempt.objects.create(
        change=failed, number=1, started_at=now, finished_at=now,
        outcome=AttemptOutcome.PERMANENT, status_code=503, message=APIO_MESSAGE,
    )  # fmt: skip
    acting = services.submit_change(
        harry, forwarding_request("+3225553333"), acting_for=ALICE.user_id
    )
    return {"own": own, "failed": failed, "acting": acting}


def pages(client, changes) -> dict[str, str]:
    urls = {
        "list": reverse("changes:change_list"),
        **{
            f"detail-{k}": reverse("changes:change_detail", args=[c.pk]) for k, c in changes.items()
        },
        "status": reverse("changes:change_status", args=[changes["failed"].pk]),
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def test_the_end_user_reads_their_changes_in_plain_words(client, alice, changes):
    client.force_login(alice)

    found = pages(client, changes)

    for name, html in found.items():
        for what, pattern in TECHNICAL.items():
            assert not pattern.search(html), f"{what} on the end user's {name} page"
    assert "Call forwarding: Forward always" in found["list"]
    assert found["list"].count("Your helpdesk") == 2 and ">You<" in found["list"]
    assert "Your helpdesk" in found["detail-failed"] and "Your helpdesk" in found["detail-acting"]
    assert "did not take this change" in found["detail-failed"]
    assert "+3225552222" in found["detail-failed"]  # what was asked for


def test_staff_still_find_the_technical_details(client, harry, changes):
    client.force_login(harry)

    found = pages(client, changes)

    detail = found["detail-failed"]
    assert "<details" in detail
    for shown in (APIO_MESSAGE.split(" (")[0], "/api/v1/", "503", "call_forwarding", "hd-harry"):
        assert shown in detail, shown
    assert "Harry Helpdesk" in detail
    assert "Field &#x27;destination&#x27; must be a phone number" in found["status"]
    assert "hd-harry" in found["list"]


def test_acting_for_is_named_only_where_staff_acted_for_the_user(client, harry, changes):
    client.force_login(harry)

    found = pages(client, changes)

    assert f"acting for {ALICE.user_id}" in found["detail-acting"]
    assert "acting for" not in found["detail-failed"]
    rows = re.findall(r"<tr>.*?</tr>", found["list"], re.S)
    acting_rows = [row for row in rows if "acting for" in row]
    assert len(acting_rows) == 1 and f"#{changes['acting'].pk}<" in acting_rows[0]
