"""The audit log: written with every change, read through filters and CSV, never rewritten."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from portal.accounts.models import AuditEntry
from portal.apio.paths import user_service
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.secrets import MASK
from portal.changes.services import ChangeRequest, submit_change
from portal.core import UserRef
from tests.accounts.people import (
    HQ_ARGS,
    HQ_USER,
    forward_always_form,
    forwarding_request,
    helpdesk,
    platform_admin,
)

CSV_HEADER = ["when", "person", "acting for", "tenant", "group", "user", "feature", "action",
              "fields", "outcome"]  # fmt: skip


@pytest.fixture
def hd(db):
    return helpdesk("hd-acme", "acme")


# -- written with each change ----------------------------------------------------------------


def test_every_action_on_every_definition_fits_its_column():
    # SQLite ignores a column's length; PostgreSQL refuses the whole change, so check here.
    import portal.features  # noqa: F401  (registers the definitions composed in code)
    from portal.definitions.loader import all_definitions, derived_definitions

    action_room = AuditEntry._meta.get_field("action").max_length
    definition_room = PendingChange._meta.get_field("definition").max_length
    names = [d.name for d in (*all_definitions(), *derived_definitions())]
    assert derived_definitions(), "the composed definitions were not registered"
    too_long = [n for n in names if len(f"delete {n}") > action_room or len(n) > definition_room]
    assert too_long == []


def test_saving_a_section_writes_an_audit_entry(client, apio_read_only, hd):
    client.force_login(hd)
    url = reverse("features:section", args=[*HQ_ARGS, "call-forwarding", "always"])

    response = client.post(url, forward_always_form("+3225550199"))

    assert response.status_code == 302
    change = PendingChange.objects.get()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.acting_for, entry.change) == (hd, "", change)
    assert (entry.tenant_id, entry.group_id, entry.target_user_id) == HQ_ARGS
    assert (entry.feature, entry.action) == ("call-forwarding/always", "put call_forwarding")
    assert entry.fields == {"destination": {"old": "", "new": "+3225550199"}}


def test_acting_for_a_user_is_audited_in_both_names(client, apio_read_only, hd):
    client.force_login(hd)

    client.post(reverse("accounts:act_as_start", args=HQ_ARGS))
    my_section = reverse("features:my_section", args=["call-forwarding", "always"])
    assert client.post(my_section, forward_always_form()).status_code == 302
    client.post(reverse("accounts:act_as_stop"))

    entries = AuditEntry.objects.order_by("id")
    assert [(e.action, e.actor, e.acting_for, e.target_user_id) for e in entries] == [
        ("act-as start", hd, HQ_USER.user_id, HQ_USER.user_id),
        ("put call_forwarding", hd, HQ_USER.user_id, HQ_USER.user_id),
        ("act-as stop", hd, HQ_USER.user_id, HQ_USER.user_id),
    ]
    page = client.get(reverse("accounts:audit_list")).content.decode()
    acting = f"<bdi>You</bdi>, <small>acting for <bdi>{HQ_USER.user_id}</bdi></small>"
    assert page.count(acting) == 3
    assert "Started acting for this user" in page and "Stopped acting for this user" in page


def test_secret_values_are_masked_in_the_audit(hd):
    request = ChangeRequest(
        target=HQ_USER,
        feature="voice-messaging/advanced",
        definition="user_voice_messaging_advanced",
        method="PUT",
        path=user_service(HQ_USER, "voice_messaging/advanced_config"),
        payload={"mailServerSelection": "Group Mail Server", "groupMailServerPassword": "n3w-pw"},
        snapshot={"mailServerSelection": "Personal Mail Server", "groupMailServerPassword": "0ld"},
    )

    change = submit_change(hd, request)

    assert AuditEntry.objects.get(change=change).fields == {
        "mailServerSelection": {"old": "Personal Mail Server", "new": "Group Mail Server"},
        "groupMailServerPassword": {"old": MASK, "new": MASK},
    }


def test_what_people_do_with_a_change_is_audited(client, hd):
    change = submit_change(hd, forwarding_request())
    client.force_login(hd)

    client.post(reverse("changes:change_cancel", args=[change.pk]))

    assert [e.action for e in AuditEntry.objects.filter(change=change).order_by("id")] == [
        "put call_forwarding",
        "cancel",
    ]


# -- reading: filters, CSV, scope ------------------------------------------------------------


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


@pytest.fixture
def entries(hd):
    """Four entries, each named by its target user: who, for whom, what, when, outcome."""
    ada = platform_admin()
    rows = [
        # actor, tenant, group, user, feature, day, outcome of its change (None: no change)
        (hd, "acme", "acme-hq", "user00001@acme.example", "call-forwarding/always",
         "2026-01-10", ChangeStatus.APPLIED),
        (hd, "acme", "acme-sales", "user00002@acme.example", "voice-messaging/advanced",
         "2026-01-20", ChangeStatus.FAILED),
        (ada, "acme", "acme-hq", "user00003@acme.example", "", "2026-02-01", None),
        (ada, "globex", "globex-hq", "user00009@globex.example", "call-forwarding/always",
         "2026-02-15", ChangeStatus.QUEUED),
    ]  # fmt: skip
    for actor, tenant_id, group_id, user_id, feature, day, outcome in rows:
        if outcome is None:
            entry = AuditEntry.objects.create(
                actor=actor, tenant_id=tenant_id, group_id=group_id, target_user_id=user_id,
                acting_for=user_id, action="act-as start",
            )  # fmt: skip
        else:
            change = submit_change(actor, forwarding_request(UserRef(tenant_id, group_id, user_id)))
            PendingChange.objects.filter(pk=change.pk).update(status=outcome, feature=feature)
            entry = AuditEntry.objects.get(change=change)
            entry.feature = feature
            entry.save()
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=at(day))
    return ada


def listed_users(client, query: dict) -> set[str]:
    """The users the audit page lists (from its table, not the echoed filter form)."""
    html = client.get(reverse("accounts:audit_list"), query).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return set(re.findall(r"<td data-label=\"User\"><bdi>(user\d+@[\w.]+)</bdi></td>", body))


def exported(client, query: dict) -> list[list[str]]:
    response = client.get(reverse("accounts:audit_export"), query)
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="audit.csv"'
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


U1, U2, U3, U9 = (
    "user00001@acme.example",
    "user00002@acme.example",
    "user00003@acme.example",
    "user00009@globex.example",
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({}, {U1, U2, U3, U9}, id="no-filter"),
        pytest.param({"person": "hd-"}, {U1, U2}, id="person"),
        pytest.param({"person": "ADA"}, {U3, U9}, id="person-any-case"),
        pytest.param({"user": "user00001"}, {U1}, id="user"),
        pytest.param({"feature": "voice"}, {U2}, id="feature"),
        pytest.param({"feature": "call-forwarding"}, {U1, U9}, id="feature-family"),
        pytest.param({"date_from": "2026-01-20"}, {U2, U3, U9}, id="date-from-inclusive"),
        pytest.param({"date_to": "2026-01-20"}, {U1, U2}, id="date-to-inclusive"),
        pytest.param({"date_from": "2026-01-11", "date_to": "2026-02-01"}, {U2, U3}, id="dates"),
        pytest.param({"outcome": "failed"}, {U2}, id="outcome-failed"),
        pytest.param({"outcome": "applied"}, {U1}, id="outcome-applied"),
        pytest.param({"person": "ada", "feature": "always"}, {U9}, id="combined"),
    ],
)
def test_audit_filters(client, entries, query, expected):
    client.force_login(entries)  # the platform admin sees every entry

    assert listed_users(client, query) == expected
    assert {row[5] for row in exported(client, query)[1:]} == expected


def test_csv_export_has_the_header_and_one_row_per_entry(client, entries, hd):
    client.force_login(entries)

    rows = exported(client, {"user": "user00002"})

    assert rows[0] == CSV_HEADER
    assert len(rows) == 2
    row = dict(zip(CSV_HEADER, rows[1], strict=True))
    assert row["when"].startswith("2026-01-20T12:00:00")
    expected = {
        "person": "hd-acme",
        "acting for": "",
        "tenant": "acme",
        "group": "acme-sales",
        "user": U2,
        "feature": "voice-messaging/advanced",
        "action": "put call_forwarding",
        "fields": '{"destination": {"new": "+3225550199", "old": ""}}',
        "outcome": "failed",
    }
    assert {name: row[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        pytest.param(("acme", ""), {U1, U2, U3}, id="tenant"),
        pytest.param(("acme", "acme-hq"), {U1, U3}, id="group"),
        pytest.param(("globex", "globex-hq"), {U9}, id="other-tenant"),
    ],
)
def test_helpdesk_sees_only_entries_in_scope(client, entries, scope, expected):
    client.force_login(helpdesk("hd-scoped", *scope))

    assert listed_users(client, {}) == expected
    assert {row[5] for row in exported(client, {})[1:]} == expected


# -- never rewritten -------------------------------------------------------------------------


@pytest.fixture
def entry(hd):
    return AuditEntry.objects.get(change=submit_change(hd, forwarding_request()))


def test_admin_grants_no_add_change_or_delete(entry):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = platform_admin()

    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_admin_refuses_to_edit_an_entry(client, entry):
    client.force_login(platform_admin())
    url = reverse("admin:accounts_auditentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200  # readable

    response = client.post(url, {"action": "edited", "target_user_id": "someone@else.example"})

    assert response.status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.target_user_id) == ("put call_forwarding", HQ_USER.user_id)


def test_admin_refuses_to_delete_an_entry(client, entry):
    client.force_login(platform_admin())

    response = client.post(
        reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:accounts_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert bulk.status_code in (200, 302)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_admin_offers_no_add_page(client, db):
    client.force_login(platform_admin())

    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
