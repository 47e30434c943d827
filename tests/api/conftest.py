import pytest

from portal.api.tokens import create_token
from tests.accounts.conftest import apio_read_only, sandbox_for_module  # noqa: F401 (fixtures)
from tests.accounts.people import helpdesk
from tests.accounts.test_permission_matrix import change, changes, helpdesk_in  # noqa: F401


def bearer(user) -> dict:
    """The header a script sends with a new key of this person's."""
    return {"Authorization": f"Bearer {create_token(user, 'tests').key}"}


@pytest.fixture
def hd_acme(db):
    return helpdesk("hd-acme", "acme")


@pytest.fixture(autouse=True)
def no_rate_limit_in_the_way(settings):
    """Keys of successive tests take the same ids, and their counts live in Redis for a minute:
    the rate limit is tested on its own (test_limits.py), and out of the way elsewhere."""
    settings.API_RATE_LIMIT = "100000/minute"
