import pytest
from django.core.cache import cache

from portal.apio.client import reset_client


@pytest.fixture(scope="module")
def sandbox_for_module(sandbox):
    """The sandbox at its demo data, reset once for the module, with nothing cached."""
    sandbox.reset()
    cache.clear()
    reset_client()
    yield sandbox
    reset_client()


@pytest.fixture
def apio_read_only(sandbox_for_module, settings):
    """Like ``apio``, for tests that never write to the sandbox: hundreds of requests would
    otherwise each pay a reset and a new APIO sign-in."""
    settings.APIO_BASE_URL = sandbox_for_module.url
    return sandbox_for_module
