"""Personal keys: made, named and revoked on a page of one's own; only a digest kept; a key
that is revoked, unknown or whose owner is disabled opens nothing; never written to a log."""

import logging

from django.urls import reverse

from portal.accounts.models import AuditEntry
from portal.api.models import ApiToken
from portal.api.tokens import create_token, digest_of
from tests.accounts.people import HQ_USER, helpdesk, linked_user

KEYS = reverse("api:keys")
CHANGES = reverse("api:change_list")


def make_key(client, name="Night report") -> str:
    response = client.post(KEYS, {"name": name})
    assert response.status_code == 200
    return response.context["new_key"]


def test_a_key_is_shown_once_and_only_its_digest_is_kept(client, db):
    person = helpdesk("hd-keys", "acme")
    client.force_login(person)

    key = make_key(client)

    token = ApiToken.objects.get(owner=person)
    assert token.name == "Night report"
    assert token.digest == digest_of(key) and key not in (token.digest, token.prefix)
    assert key not in client.get(KEYS).content.decode()  # shown on the answer that made it only
    assert AuditEntry.objects.filter(actor=person, action__startswith="api key created").exists()


def test_a_revoked_key_opens_nothing(client, db):
    person = helpdesk("hd-keys", "acme")
    client.force_login(person)
    key = make_key(client)
    token = ApiToken.objects.get(owner=person)
    headers = {"Authorization": f"Bearer {key}"}
    client.logout()
    assert client.get(CHANGES, headers=headers).status_code == 200

    client.force_login(person)
    assert client.post(reverse("api:key_revoke", args=[token.pk])).status_code == 302
    client.logout()

    response = client.get(CHANGES, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert AuditEntry.objects.filter(actor=person, action__startswith="api key revoked").exists()


def test_nobody_revokes_another_persons_key(client, db):
    owner = helpdesk("hd-owner", "acme")
    token = create_token(owner, "theirs").token
    client.force_login(helpdesk("hd-other", "acme"))

    assert client.post(reverse("api:key_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_keys_of_a_disabled_person_or_unknown_keys_are_refused(client, db):
    person = helpdesk("hd-gone", "acme")
    key = create_token(person, "old").key
    person.is_active = False
    person.save()

    for presented in (key, key[:-1] + "x", "sb_nope_nope", "nonsense"):
        response = client.get(CHANGES, headers={"Authorization": f"Bearer {presented}"})
        assert response.status_code == 401, presented


def test_no_credentials_is_a_401_that_says_how(client, db):
    response = client.get(CHANGES)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_end_users_have_keys_too(client, db, apio_read_only):
    person = linked_user(apio_read_only, HQ_USER.user_id)
    client.force_login(person)

    assert client.get(KEYS).status_code == 200
    assert make_key(client).startswith("sb_")


def test_a_key_never_reaches_the_logs(client, db, caplog):
    person = helpdesk("hd-logs", "acme")
    key = create_token(person, "quiet").key
    caplog.set_level(logging.DEBUG)

    client.get(CHANGES, headers={"Authorization": f"Bearer {key}"})
    client.get(CHANGES, headers={"Authorization": f"Bearer {key}x"})
    client.get("/api/v1/nowhere/", headers={"Authorization": f"Bearer {key}"})

    assert caplog.records
    assert not [r for r in caplog.records if key in r.getMessage()]


def test_a_name_is_required_and_the_page_says_so(client, db):
    client.force_login(helpdesk("hd-names", "acme"))

    response = client.post(KEYS, {"name": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()
