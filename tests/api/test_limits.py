"""Rate limits per key, answered 429 in the one error shape with Retry-After."""

from django.core.cache import cache
from django.urls import reverse

from portal.api.tokens import create_token
from tests.accounts.people import helpdesk

CHANGES = reverse("api:change_list")


def test_each_key_has_its_own_budget(client, db, settings):
    settings.API_RATE_LIMIT = "3/minute"
    cache.clear()  # the counts of earlier tests' keys, whose ids a new key may take again
    person = helpdesk("hd-busy", "acme")
    busy, other = (create_token(person, name).key for name in ("busy", "other"))

    answers = [
        client.get(CHANGES, headers={"Authorization": f"Bearer {busy}"}).status_code
        for _ in range(4)
    ]
    refused = client.get(CHANGES, headers={"Authorization": f"Bearer {busy}"})
    fresh = client.get(CHANGES, headers={"Authorization": f"Bearer {other}"})

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert fresh.status_code == 200
