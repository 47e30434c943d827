"""One sandbox APIO process for the whole session, reset to its demo state before each test."""

import pytest

from tests.sandbox.helpers import DEMO_USER
from tests.sandbox_process import SandboxProcess


@pytest.fixture(scope="session")
def sandbox():
    process = SandboxProcess().start(users=50, seed=1)
    yield process
    process.stop()


@pytest.fixture(autouse=True)
def fresh_sandbox(sandbox):
    """Every test starts from the demo data, start-up faults and an empty request log."""
    sandbox.reset()


@pytest.fixture
def admin(sandbox):
    """Signed in as the portal's system account (user_level 16)."""
    client = sandbox.client()
    yield client
    client.close()


@pytest.fixture
def end_user(sandbox):
    """Signed in as the demo end user user00001@acme.example (user_level 0)."""
    client = sandbox.client(DEMO_USER)
    yield client
    client.close()
