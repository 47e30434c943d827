"""What the reads layer keeps, for how long, and how it is forgotten: against the sandbox over
HTTP, Redis and (for an applied change) a real Celery worker."""

import threading

import pytest
from django.urls import reverse
from django.utils import translation

from portal.apio.client import ApioClient
from portal.apio.paths import user_service
from portal.changes.models import ChangeStatus
from portal.core import UserRef
from portal.reads import SettingsReading, forget_user, read_settings, side_by_side
from portal.reads.kept import kept, owner
from tests.accounts.people import helpdesk
from tests.changes.pipeline import forwarding_change, submit_all, wait_until_final

pytestmark = pytest.mark.integration

USER = UserRef("acme", "acme-hq", "user00001@acme.example")
CFA = user_service(USER, "cfa")
FORWARDING = reverse("features:feature", args=[*vars(USER).values(), "call-forwarding"])


@pytest.fixture
def keeping(settings):
    """Settings kept as in production (the tests' own settings read them afresh)."""
    settings.READS_SETTINGS_CACHE_SECONDS = 30


def gets(sandbox, path: str | None = None) -> list[str]:
    return [
        r["path"]
        for r in sandbox.requests()
        if r["method"] == "GET" and (path is None or r["path"] == path)
    ]


def change_behind_the_portal(sandbox, path: str, body: dict) -> None:
    client = sandbox.client()
    try:
        client.put(path, json=body).raise_for_status()
    finally:
        client.close()


def test_a_setting_is_read_once_then_kept(apio, keeping):
    first = read_settings(CFA)
    apio.clear_requests()
    assert read_settings(CFA) == first
    assert gets(apio, CFA) == []


def test_kept_until_read_again_on_demand(apio, keeping):
    read_settings(CFA)
    change_behind_the_portal(apio, CFA, {"active": True, "destination": "+3225550111"})
    assert read_settings(CFA).get("destination") != "+3225550111"  # kept: the platform's change
    forget_user(USER)
    assert read_settings(CFA)["destination"] == "+3225550111"


def test_a_user_s_details_are_one_read_for_profile_and_settings(apio, keeping):
    from portal.apio.paths import user
    from portal.reads import get_profile

    get_profile(USER)
    apio.clear_requests()
    details = read_settings(user(USER))
    assert details.get("firstName") and details.get("lastName")
    assert gets(apio) == []


def test_a_read_begun_before_a_forget_is_not_kept_as_current(apio, keeping):
    """A change applied while a read is on its way: what that read brings back is stale."""
    who = owner(USER)
    reads = []

    def read_while_a_change_is_applied():
        reads.append("read")
        if len(reads) == 1:
            forget_user(USER)  # the change is applied between the read and its keeping
        return len(reads)

    assert kept("settings", who, 30, read_while_a_change_is_applied, "/test/") == 1
    assert kept("settings", who, 30, read_while_a_change_is_applied, "/test/") == 2
    assert kept("settings", who, 30, read_while_a_change_is_applied, "/test/") == 2


def test_objects_read_together_are_kept_together(apio, keeping):
    reading = SettingsReading([CFA])
    assert reading.known == {}
    value = reading.read(CFA)
    reading.keep()
    apio.clear_requests()
    assert SettingsReading([CFA]).known == {CFA: value}
    assert read_settings(CFA) == value
    assert gets(apio) == []


def test_objects_read_together_before_a_forget_are_not_kept_as_current(apio, keeping):
    """A change applied while they are read: what they bring back is stale."""
    reading = SettingsReading([CFA])
    reading.read(CFA)
    forget_user(USER)  # the change is applied between the read and its keeping
    reading.keep()
    assert SettingsReading([CFA]).known == {}
    apio.clear_requests()
    read_settings(CFA)
    assert gets(apio, CFA) == [CFA]


@pytest.mark.django_db(transaction=True)
def test_a_change_applied_by_the_portal_is_never_shown_undone(apio, keeping, celery_worker):
    page = read_settings(CFA)  # kept, as a page drawn before the save keeps it
    assert page.get("destination") != "+3225550199"
    changes = submit_all([forwarding_change(USER, "+3225550199", snapshot=page)])
    wait_until_final(changes, timeout=30)
    changes[0].refresh_from_db()
    assert changes[0].status == ChangeStatus.APPLIED
    assert read_settings(CFA)["destination"] == "+3225550199"


def test_the_feature_page_makes_no_apio_call_when_kept(apio, keeping, client, db):
    client.force_login(helpdesk("hd-page", "acme"))
    assert client.get(FORWARDING).status_code == 200
    apio.clear_requests()
    assert client.get(FORWARDING).status_code == 200
    assert gets(apio) == []


def test_refresh_on_the_feature_page_reads_the_platform_again(apio, keeping, client, db):
    client.force_login(helpdesk("hd-refresh", "acme"))
    html = client.get(FORWARDING).content.decode()
    assert 'href="?refresh=1"' in html
    change_behind_the_portal(apio, CFA, {"active": True, "destination": "+3225550122"})
    assert "02 555 01 22" not in client.get(FORWARDING).content.decode()
    response = client.get(FORWARDING, {"refresh": "1"})
    assert response.status_code == 302 and response.url == FORWARDING
    assert "02 555 01 22" in client.get(response.url).content.decode()


def test_a_feature_page_reads_its_sections_side_by_side(apio, client, monkeypatch, db):
    """Every section's object is read in the reads' pool, not one after the other in the
    request's own thread."""
    threads: dict[str, str] = {}
    original = ApioClient.request

    def noting_the_thread(self, method, path, *args, **kwargs):
        threads[path] = threading.current_thread().name
        return original(self, method, path, *args, **kwargs)

    monkeypatch.setattr(ApioClient, "request", noting_the_thread)
    client.force_login(helpdesk("hd-threads", "acme"))
    assert client.get(FORWARDING).status_code == 200
    sections = [path for path in threads if "/services/cf" in path]
    assert len(sections) == 4  # always, busy, no answer, not reachable
    assert all(threads[path].startswith("apio-read") for path in sections)


def test_side_by_side_runs_reads_at_once_in_the_caller_s_language():
    meeting = threading.Barrier(3, timeout=5)  # passes only if all three wait at once

    def read(number):
        meeting.wait()
        return number, translation.get_language()

    with translation.override("fr"):
        results = side_by_side([lambda n=n: read(n) for n in range(3)])
    assert results == [(0, "fr"), (1, "fr"), (2, "fr")]


def test_side_by_side_raises_what_a_read_raised_after_all_ended():
    ended = []

    def fails():
        raise ValueError("no")

    def ends():
        ended.append(True)
        return 1

    with pytest.raises(ValueError, match="no"):
        side_by_side([fails, ends])
    assert ended == [True]
