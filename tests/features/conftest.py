import re

import pytest

from portal.accounts.models import Role, Scope, User
from portal.core import UserRef

ALL_SERVICES = UserRef("acme", "acme-hq", "user00001@acme.example")  # every service assigned
FEWER_SERVICES_ID = "user00002@acme.example"  # no forwarding always, no voice messaging


@pytest.fixture
def helpdesk(db):
    user = User.objects.create_user("hd-features", password="pw-features-1", role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id="acme")
    return user


@pytest.fixture
def helpdesk_client(client, helpdesk):
    client.force_login(helpdesk)
    return client


def user_of(sandbox, user_id: str) -> dict:
    client = sandbox.client()
    try:
        found = client.request(
            "GET", "/api/v1/tenants/acme/search/users/", json={"insensitiveUserIdEquals": user_id}
        ).json()["users"]
    finally:
        client.close()
    return found[0]


def snapshot_of(html: str, section: str) -> str:
    """The signed snapshot a section's form carries (what the browser would post back)."""
    start = html.index(f'id="section-{section}"')
    match = re.search(r'name="_snapshot" value="([^"]+)"', html[start:])
    assert match, f"section {section} has no form"
    return match.group(1)
