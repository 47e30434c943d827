import os
import shutil
import tempfile

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from demo.redis import EmbeddedRedis
from portal import env
from portal.apio.client import reset_client
from tests.processes import CeleryWorker, worker_environment
from tests.sandbox_process import SandboxProcess


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("SWITCHBOARD_VAR_DIR", "").startswith(tempfile.gettempdir()):
        shutil.rmtree(os.environ["SWITCHBOARD_VAR_DIR"], ignore_errors=True)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request through the test client leaves the
    language it chose active in the thread (LocaleMiddleware), as a French page would."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def quick_polling_in_browsers(request):
    """In a browser test with a worker, a change's status asks every quarter second, not every
    second, whether the change is done: the same questions and answers, sooner. Other tests
    keep the production intervals: pages asked through the test client (tests check them), and
    pages waited on until the network is quiet for half a second. Lists waiting for a change
    keep theirs too: a list drawn again that often races the next step of some tests."""
    if not {"live_server", "celery_worker"} <= set(request.fixturenames):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.CHANGES_STATUS_POLL_SECONDS = 0.25
    yield


@pytest.fixture(scope="session", autouse=True)
def redis_server():
    """The Redis every test uses: REDIS_URL when set, otherwise an embedded server."""
    embedded = EmbeddedRedis(env.embedded_redis_socket()) if env.uses_embedded_redis() else None
    if embedded:
        embedded.start()
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    yield client
    client.close()
    if embedded:
        embedded.stop()


@pytest.fixture(scope="session")
def sandbox():
    """The sandbox APIO in its own process, over real HTTP, with a small demo data set."""
    process = SandboxProcess().start(users=60, seed=1)
    yield process
    process.stop()


@pytest.fixture
def apio(sandbox, settings):
    """The portal pointed at the sandbox, reset to its demo data, with nothing cached."""
    sandbox.reset()
    settings.APIO_BASE_URL = sandbox.url
    reset_client()
    cache.clear()
    yield sandbox
    reset_client()


@pytest.fixture(scope="session")
def shared_worker(sandbox, redis_server, django_db_setup):
    """The Celery worker process of this test process, started by the first test that asks for
    one: starting a worker costs seconds, and dozens of tests need one."""
    worker = CeleryWorker(worker_environment(APIO_BASE_URL=sandbox.url))
    yield worker
    worker.stop()


@pytest.fixture
def celery_worker(transactional_db, apio, shared_worker):
    """A real Celery worker process consuming the test broker and using the test database;
    started again when a test before stopped or killed it."""
    if shared_worker.process is None or shared_worker.process.poll() is not None:
        shared_worker.start()
    return shared_worker


@pytest.fixture
def own_workers(shared_worker):
    """For a test that starts workers of its own on the test broker: the shared one stopped,
    so that it takes none of their tasks (the next test that needs one starts it again)."""
    shared_worker.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
