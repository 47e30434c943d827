import pytest

from portal.accounts.models import Role, User


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
