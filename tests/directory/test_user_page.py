"""The user page tells the state APIO holds, also right after the portal changed it."""

import re

import pytest
from django.urls import reverse

from portal.changes import push, services
from portal.changes.models import ChangeStatus
from portal.core import UserRef
from portal.directory.phone import national
from tests.changes.pipeline import forwarding_change, staff_user
from tests.features.conftest import ALL_SERVICES

pytestmark = pytest.mark.integration

USER_PAGE = reverse("directory:user_detail", args=[*vars(ALL_SERVICES).values()])


@pytest.fixture
def no_broker(monkeypatch):
    # The push runs here, in the test: no message for a worker of a later test.
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def forward_always_state(html: str) -> str:
    row = re.search(r"<tr><td><bdi>Call Forwarding Always</bdi></td>.*?</tr>", html, re.S)
    assert row, "no row for Call Forwarding Always"
    return re.findall(r"<td>(.*?)</td>", row.group(0), re.S)[-1].strip()


def apply_forward_always(ref: UserRef, active: bool, capture) -> None:
    change = forwarding_change(ref, "+3225550123")
    change.payload["active"] = active
    submitted = services.submit_change(staff_user(), change)
    with capture(execute=True):  # what follows the outcome's commit: the signal included
        push.push_round(services.claim(submitted.pk))
    submitted.refresh_from_db()
    assert submitted.status == ChangeStatus.APPLIED


def test_a_forwarding_applied_shows_on_the_user_page_at_once(
    apio, helpdesk_client, no_broker, django_capture_on_commit_callbacks
):
    assert forward_always_state(helpdesk_client.get(USER_PAGE).content.decode()) == "Off"

    apply_forward_always(ALL_SERVICES, True, django_capture_on_commit_callbacks)
    assert forward_always_state(helpdesk_client.get(USER_PAGE).content.decode()) == "On"

    apply_forward_always(ALL_SERVICES, False, django_capture_on_commit_callbacks)
    assert forward_always_state(helpdesk_client.get(USER_PAGE).content.decode()) == "Off"


def test_refresh_reads_the_platform_again(apio, helpdesk_client):
    assert forward_always_state(helpdesk_client.get(USER_PAGE).content.decode()) == "Off"
    # Changed on the platform, not through the portal: the page has its cached reading...
    path = f"/api/v1/tenants/acme/groups/acme-hq/users/{ALL_SERVICES.user_id}/services/cfa/"
    client = apio.client()
    try:
        client.put(path, json={"active": True, "destination": "+3225550124"}).raise_for_status()
    finally:
        client.close()
    assert forward_always_state(helpdesk_client.get(USER_PAGE).content.decode()) == "Off"

    # ...until the person asks for a fresh one.
    response = helpdesk_client.get(USER_PAGE, {"refresh": "1"})
    assert (response.status_code, response["Location"]) == (302, USER_PAGE)
    assert forward_always_state(helpdesk_client.get(USER_PAGE).content.decode()) == "On"


def facts(html: str) -> dict[str, str]:
    facts = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html)
    return {name: re.sub(r"</?bdi>", "", value) for name, value in facts}  # platform text isolated


def test_the_profile_is_read_in_its_documented_shape(apio, helpdesk_client):
    """user/details.html: no ids in the answer, the department an object."""
    details = apio.object(f"/api/v1/tenants/acme/groups/acme-hq/users/{ALL_SERVICES.user_id}/")
    assert "userId" not in details and isinstance(details["department"], dict)
    shown = facts(helpdesk_client.get(USER_PAGE).content.decode())
    assert shown["User id"] == ALL_SERVICES.user_id
    assert shown["Department"] == details["department"]["departmentName"]
    assert shown["Phone number"] == national(details["phoneNumber"])  # as people write it


def test_a_platform_that_does_not_answer_gives_a_page_to_try_again(apio, helpdesk_client):
    apio.set_faults(error_rate=1.0)
    response = helpdesk_client.get(USER_PAGE)
    html = response.content.decode()
    assert response.status_code == 503
    assert "The telephony platform is not answering" in html
    assert f'href="{USER_PAGE}"' in html  # try again: the same page
    assert "Traceback" not in html
