import pytest

from portal.accounts.models import Role, User
from portal.definitions.loader import all_definitions


def cases(*, write: bool | None = None) -> list:
    """(definition, method) for every definition and method, as pytest params."""
    return [
        pytest.param(d, m, id=f"{d.name}-{m}")
        for d in all_definitions()
        for m in d.methods
        if write is None or (m != "GET") == write
    ]


@pytest.fixture
def staff(db):
    return User.objects.create_user("staff", password="pw", role=Role.ADMIN, is_staff=True)


@pytest.fixture
def helpdesk(db):
    return User.objects.create_user("desk", password="pw", role=Role.HELPDESK)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def helpdesk_client(client, helpdesk):
    client.force_login(helpdesk)
    return client
