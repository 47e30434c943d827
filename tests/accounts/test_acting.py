"""Acting as a user: staff open a user's own portal, checked against their scope every time."""

import re

from django.urls import reverse

from portal.accounts.acting import SESSION_KEY
from portal.accounts.models import AuditEntry, Scope
from portal.changes.models import PendingChange
from tests.accounts.people import HQ_ARGS, HQ_USER, forward_always_form, helpdesk

MY_FORWARDING = reverse("features:my_feature", args=["call-forwarding"])
# Another user in acme-hq with Call Forwarding Always, in the tests' sandbox data.
OTHER_ARGS = ("acme", "acme-hq", "user00003@acme.example")


def start(client, tenant_id: str, group_id: str, user_id: str):
    return client.post(reverse("accounts:act_as_start", args=[tenant_id, group_id, user_id]))


def test_acting_opens_the_users_own_portal_with_a_banner(client, apio_read_only, db):
    hd = helpdesk("hd", "acme")
    client.force_login(hd)
    assert client.get(reverse("features:my_home")).status_code == 404

    response = start(client, *HQ_ARGS)

    assert (response.status_code, response.url) == (302, reverse("features:my_home"))
    page = client.get(MY_FORWARDING)
    assert page.status_code == 200
    assert (
        f"You are acting for <strong><bdi>{HQ_USER.user_id}</bdi></strong>" in page.content.decode()
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.acting_for) == ("act-as start", hd, HQ_USER.user_id)


def test_stop_acting_returns_to_the_user_page(client, apio_read_only, db):
    client.force_login(helpdesk("hd", "acme"))
    start(client, *HQ_ARGS)

    response = client.post(reverse("accounts:act_as_stop"))

    assert response.url == reverse("directory:user_detail", args=HQ_ARGS)
    assert SESSION_KEY not in client.session
    assert client.get(MY_FORWARDING).status_code == 404
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        "act-as start",
        "act-as stop",
    ]


def test_scope_is_checked_again_on_every_request(client, apio_read_only, db):
    hd = helpdesk("hd", "acme")
    client.force_login(hd)
    start(client, *HQ_ARGS)
    assert client.get(MY_FORWARDING).status_code == 200

    Scope.objects.filter(user=hd).update(group_id="acme-sales")

    assert client.get(MY_FORWARDING).status_code == 404
    assert client.get(reverse("features:my_home")).status_code == 404


def test_acting_for_a_user_who_does_not_exist_is_not_found(client, apio_read_only, db):
    client.force_login(helpdesk("hd", "acme"))

    response = start(client, "acme", "acme-hq", "nobody@acme.example")

    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    assert not AuditEntry.objects.exists()


def test_acting_for_a_user_named_in_a_group_of_the_scope_they_are_not_in(
    client, apio_read_only, db
):
    # The scope covers acme-sales; user00001 lives in acme-hq, whatever the URL says.
    client.force_login(helpdesk("hd", "acme", "acme-sales"))

    response = start(client, "acme", "acme-sales", HQ_USER.user_id)

    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def audit_row_of(client, change) -> str:
    """The audit list's row of the entry written with the change."""
    html = client.get(reverse("accounts:audit_list")).content.decode()
    link = f'href="{reverse("changes:change_detail", args=[change.pk])}"'
    rows = [row for row in re.findall(r"<tr[ >].*?</tr>", html, re.S) if link in row]
    assert len(rows) == 1
    return rows[0]


def test_a_change_made_while_acting_names_both_on_the_change_and_audit_pages(
    client, apio_read_only, db
):
    client.force_login(helpdesk("hd", "acme"))
    start(client, *HQ_ARGS)

    my_section = reverse("features:my_section", args=["call-forwarding", "always"])
    client.post(my_section, forward_always_form())

    change = PendingChange.objects.get(user_id=HQ_USER.user_id)
    detail = client.get(reverse("changes:change_detail", args=[change.pk])).content.decode()
    acting = f"<small>acting for <bdi>{HQ_USER.user_id}</bdi></small>"
    assert f"<bdi>You</bdi>, {acting}" in detail
    assert f"<bdi>You</bdi>, {acting}" in audit_row_of(client, change)


def test_a_staff_page_change_while_acting_for_someone_else_is_the_staff_members_own(
    client, apio_read_only, db
):
    hd = helpdesk("hd", "acme")
    client.force_login(hd)
    start(client, *HQ_ARGS)  # acting for user00001 ...

    # ... then, from the staff pages, changing another user's forwarding.
    page = client.get(reverse("features:feature", args=[*OTHER_ARGS, "call-forwarding"]))
    assert page.status_code == 200
    section = reverse("features:section", args=[*OTHER_ARGS, "call-forwarding", "always"])
    client.post(section, forward_always_form())

    change = PendingChange.objects.get(user_id=OTHER_ARGS[2])
    entry = AuditEntry.objects.get(change=change)
    assert (change.created_by, entry.actor, entry.target_user_id) == (hd, hd, OTHER_ARGS[2])
    assert entry.acting_for == ""
    client.post(reverse("accounts:act_as_stop"))
    detail = client.get(reverse("changes:change_detail", args=[change.pk])).content.decode()
    assert "acting for" not in detail
    assert "acting for" not in audit_row_of(client, change)
