import pytest

from tests.accounts.people import helpdesk


@pytest.fixture
def helpdesk_client(client, db):
    client.force_login(helpdesk("hd-directory", "acme"))
    return client
