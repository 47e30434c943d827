"""The changes pages speak to an end user in plain words; staff still get the technical details."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role, Scope, User
from portal.apio.paths import user_service
from portal.changes import services
from portal.changes.models import AttemptOutcome, ChangeAttempt, ChangeStatus, PendingChange
from portal.changes.services import ChangeRequest
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
    "feature key": re.compile(r"call-forwarding/"),
    "API field name": re.compile(r"\b(destination|active|numberOfRings|ringSplashActive)\b"),
    "international number": re.compile(r"\+32"),
    "method": re.compile(r"\bPUT\b"),
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
    assert "Forward always: Off → On, to <bdi>02 555 11 11</bdi>" in found["list"]
    assert found["list"].count(">Your helpdesk<") == 2 and ">You<" in found["list"]
    assert "Your helpdesk" in found["detail-failed"] and "Your helpdesk" in found["detail-acting"]
    assert "did not take this change" in found["detail-failed"]
    assert "02 555 22 22" in found["detail-failed"]  # what was asked for, as people write it


def test_staff_still_find_the_technical_details(client, harry, changes):
    client.force_login(harry)

    found = pages(client, changes)

    detail = found["detail-failed"]
    assert "<details" in detail
    technical = detail.split('<details class="technical">')[-1]
    for shown in (
        APIO_MESSAGE,
        "/api/v1/",
        "503",
        "call_forwarding",
        "PUT ",
        "&quot;destination&quot;: &quot;+3225552222&quot;",
    ):
        assert shown in technical, shown
    assert '<pre class="wrap">' in technical  # long paths and JSON wrap on a phone
    # Who and when, in words.
    assert "<bdi>You</bdi>" in detail and "<time datetime=" in detail
    assert "Field &#x27;destination&#x27; must be a phone number" in found["status"]


def test_other_staff_are_named_by_role_and_name(client, harry, changes):
    colleague = User.objects.create_user(
        "hd-hanna", password="pw-hanna-123", role=Role.HELPDESK, first_name="Hanna",
        last_name="Desk",
    )  # fmt: skip
    Scope.objects.create(user=colleague, tenant_id=ALICE.tenant_id)
    client.force_login(colleague)

    found = pages(client, changes)

    assert "Helpdesk Harry Helpdesk" in found["list"] and "hd-harry" in found["list"]
    assert "Helpdesk Harry Helpdesk" in found["detail-failed"]


def test_acting_for_is_named_only_where_staff_acted_for_the_user(client, harry, changes):
    client.force_login(harry)

    found = pages(client, changes)

    assert f"acting for <bdi>{ALICE.user_id}</bdi>" in found["detail-acting"]
    assert "acting for" not in found["detail-failed"]
    rows = re.findall(r"<tr[ >].*?</tr>", found["list"], re.S)
    acting_rows = [row for row in rows if "acting for" in row]
    assert len(acting_rows) == 1 and f"#{changes['acting'].pk}<" in acting_rows[0]


def busy_request(ref=ALICE):
    """Turn "Forward when busy" on, to a mobile number; and ring 6 times before "no answer"."""
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/busy",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfb"),
        payload={"active": True, "destination": "+32470998877"},
        snapshot={"active": False, "destination": ""},
    )


def rings_request(ref=ALICE):
    return ChangeRequest(
        target=ref,
        feature="call-forwarding/no-answer",
        definition="call_forwarding",
        method="PUT",
        path=user_service(ref, "cfna"),
        payload={"numberOfRings": 6},
        snapshot={"numberOfRings": 3},
    )


def test_a_forwarding_change_reads_as_the_settings_page_says_it(client, harry, alice):
    busy = services.submit_change(harry, busy_request())
    rings = services.submit_change(alice, rings_request())
    client.force_login(alice)

    listing = client.get(reverse("changes:change_list")).content.decode()
    detail = client.get(reverse("changes:change_detail", args=[busy.pk])).content.decode()
    rings_detail = client.get(reverse("changes:change_detail", args=[rings.pk])).content.decode()

    summary = "Forward when busy: Off → On, to <bdi>0470 99 88 77</bdi>"
    assert summary in listing
    assert "Forward when not answered: Rings before forwarding: <bdi>3</bdi> → <bdi>6</bdi>" in (
        listing
    )
    assert "<h1>Forward when busy" in detail
    assert "Off → On, to <bdi>0470 99 88 77</bdi>" in detail
    assert '<td data-label="Before"><bdi>Off</bdi></td><td data-label="After"><bdi>On</bdi>' in (
        detail
    )
    assert "Your helpdesk" in detail and "<time datetime=" in detail
    assert "Rings before forwarding" in rings_detail
    for html in (listing, detail, rings_detail):
        for what, pattern in TECHNICAL.items():
            assert not pattern.search(html), what


def test_the_technical_details_are_a_toggle_for_staff_only(client, harry, alice):
    busy = services.submit_change(harry, busy_request())
    url = reverse("changes:change_detail", args=[busy.pk])

    client.force_login(harry)
    staff_page = client.get(url).content.decode()
    client.force_login(alice)
    own_page = client.get(url).content.decode()

    toggle = staff_page.split('<details class="technical">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Technical details</summary>" in toggle
    assert f"PUT {user_service(ALICE, 'cfb')}" in toggle
    assert "&quot;destination&quot;: &quot;+32470998877&quot;" in toggle
    assert "Not sent yet." in toggle
    assert "<details" not in own_page and "/api/v1/" not in own_page
