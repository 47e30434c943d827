"""A filter of the audit log that cannot be read is refused with its reason (400), on the page and
in the export: it never quietly becomes no filter, listing or exporting the whole log."""

import pytest
from django.urls import reverse

from portal.accounts.models import AuditEntry
from portal.features import wording
from tests.accounts.people import platform_admin

LISTED = "user00001@acme.example"
RLO = "\u202e"


@pytest.fixture
def admin_client(client, db):
    ada = platform_admin()
    AuditEntry.objects.create(
        actor=ada, tenant_id="acme", group_id="acme-hq", target_user_id=LISTED,
        action="put call_forwarding",
        fields={"destination": {"old": f"+3225550100{RLO}evil", "new": "+3225550199"}},
    )  # fmt: skip
    client.force_login(ada)
    return client


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"date_from": "notadate"}, "From: Enter a valid date."),
        ({"date_to": "2026-02-30"}, "To: Enter a valid date."),
        ({"outcome": "bogus"}, "Outcome: Select a valid choice."),
        ({"date_from": "notadate", "user": "user00001"}, "From: Enter a valid date."),
    ],
)
def test_the_page_refuses_an_unreadable_filter_with_its_reason(admin_client, query, reason):
    response = admin_client.get(reverse("accounts:audit_list"), query)

    assert response.status_code == 400
    html = response.content.decode()
    field_error = reason.split(": ", 1)[1]
    assert f'<p class="field-error">{field_error}' in html
    assert "These filters cannot be applied" in html
    assert LISTED not in html.split("<tbody>", 1)[1]  # nothing listed, least of all everything
    assert reverse("accounts:audit_export") not in html


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"date_from": "notadate"}, "From: Enter a valid date."),
        ({"outcome": "bogus"}, "Outcome: Select a valid choice."),
    ],
)
def test_the_export_refuses_an_unreadable_filter_in_plain_text(admin_client, query, reason):
    response = admin_client.get(reverse("accounts:audit_export"), query)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("Nothing was exported: the filters are not valid.")
    assert reason in body
    assert LISTED not in body


def test_readable_filters_still_list_and_export(admin_client):
    query = {"date_from": "2000-01-01", "user": "user00001"}
    assert LISTED in admin_client.get(reverse("accounts:audit_list"), query).content.decode()
    export = admin_client.get(reverse("accounts:audit_export"), query)
    assert export.status_code == 200
    assert LISTED in b"".join(export.streaming_content).decode()


def test_an_old_value_from_the_platform_cannot_reverse_the_new_one(admin_client):
    html = admin_client.get(reverse("accounts:audit_list")).content.decode()

    label = wording.field_label("", "destination")
    assert f"{label}: <bdi>+3225550100{RLO}evil</bdi> → <bdi>02 555 01 99</bdi>" in html
