"""A feature page tells the platform's state, and a save never hangs on the platform answering."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.apio.client import reset_client
from portal.changes.models import ChangeStatus, PendingChange
from portal.definitions.loader import get_definition
from portal.forms import payload_to_form_data
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES, FEWER_SERVICES_ID, snapshot_of, user_of
from tests.features.test_pages import FORWARDING, post_section

pytestmark = pytest.mark.integration


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def save_forward_always(client, destination: str = "+3225550177"):
    payload = {"active": True, "destination": destination}
    return post_section(client, FORWARDING, "always", payload, "call_forwarding")


# -- assigned or not: the services list says ------------------------------------------------


def test_not_assigned_comes_from_the_services_list(apio, helpdesk_client):
    ref = user_of(apio, FEWER_SERVICES_ID)
    page = reverse("features:feature", args=[ref["tenantId"], ref["groupId"], ref["userId"]] + [
        "call-forwarding"
    ])  # fmt: skip
    apio.clear_requests()
    html = helpdesk_client.get(page).content.decode()
    assert "Call Forwarding Always is not assigned to this user" in html
    asked = [entry["path"] for entry in apio.requests()]
    assert not any(path.endswith("/services/cfa/") for path in asked), asked


def test_a_404_from_an_assigned_service_is_an_error_not_not_assigned(
    apio, helpdesk_client, settings, caplog
):
    # An operator's wrong path for an assumed endpoint: APIO answers 404 for it.
    settings.APIO_ASSUMED_PATHS = {**settings.APIO_ASSUMED_PATHS, "cfna": "cfna-elsewhere"}
    html = helpdesk_client.get(FORWARDING).content.decode()
    section = html[html.index('id="section-no-answer"') :]
    section = section[: section.index("</section>")]
    assert "The platform did not find this setting" in section
    assert "not assigned" not in section
    assert any("cfna-elsewhere" in record.getMessage() for record in caplog.records)


def test_each_assumed_path_is_a_setting(apio, helpdesk_client, settings):
    settings.APIO_ASSUMED_PATHS = {**settings.APIO_ASSUMED_PATHS, "cfnr": "cfnr"}
    apio.clear_requests()
    helpdesk_client.get(FORWARDING)
    assert any(entry["path"].endswith("/services/cfnr/") for entry in apio.requests())


# -- saves ----------------------------------------------------------------------------------


def test_a_double_click_on_save_makes_one_change(apio, helpdesk_client, no_broker):
    first = save_forward_always(helpdesk_client)
    second = save_forward_always(helpdesk_client)
    assert PendingChange.objects.count() == 1
    assert "queued already" in second.content.decode()
    assert "Queued" in first.content.decode() and "Queued" in second.content.decode()
    # A different change to the same object is a change of its own.
    save_forward_always(helpdesk_client, "+3225550178")
    assert PendingChange.objects.count() == 2


def test_saving_while_the_platform_is_down_queues_the_change(apio, helpdesk_client, no_broker):
    html = helpdesk_client.get(FORWARDING).content.decode()  # the form, read while APIO was up
    apio.set_faults(error_rate=1.0)
    cache.clear()  # nothing left of the user's profile: the save must not need it
    data = payload_to_form_data(
        get_definition("call_forwarding"), "PUT",
        {"active": True, "destination": "+3225550177"}, prefix="always",
    )  # fmt: skip
    data["_snapshot"] = snapshot_of(html, "always")
    response = helpdesk_client.post(f"{FORWARDING}always/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Queued" in response.content.decode()
    assert PendingChange.objects.get().status == ChangeStatus.QUEUED


def test_last_change_says_what_when_and_who(apio, helpdesk_client, helpdesk, no_broker):
    html = save_forward_always(helpdesk_client).content.decode()
    assert "Last change: Forward all calls, Forward to, by you" in " ".join(html.split())
    other = linked_user(apio, ALL_SERVICES.user_id)
    change = PendingChange.objects.get()
    change.created_by = other
    change.save()
    page = helpdesk_client.get(FORWARDING).content.decode()
    assert f"by {other.get_full_name() or other.username}" in page


def test_last_change_is_not_shown_beside_a_validation_error(apio, helpdesk_client, no_broker):
    save_forward_always(helpdesk_client)
    response = post_section(
        helpdesk_client, FORWARDING, "always", {"destination": "call me maybe"}, "call_forwarding"
    )
    html = response.content.decode()
    assert 'id="id_always-destination_error"' in html
    assert "Last change" not in html


# -- pages -----------------------------------------------------------------------------------


def test_feature_pages_are_never_kept_by_the_browser(apio, helpdesk_client):
    response = helpdesk_client.get(FORWARDING)
    assert "no-store" in response["Cache-Control"]


def test_a_feature_page_when_the_platform_is_down_says_so_with_a_retry(apio, helpdesk_client):
    apio.set_faults(error_rate=1.0)
    response = helpdesk_client.get(FORWARDING)
    html = response.content.decode()
    assert response.status_code == 503
    assert "The telephony platform is not answering" in html
    assert f'href="{FORWARDING}"' in html


def test_a_feature_page_does_not_wait_for_a_platform_that_hangs(apio, helpdesk_client, settings):
    # A page gives up after its own read timeout; a worker's push waits longer (see
    # tests/apio/test_client.py): here the platform takes 2 s and a page waits 0.3 s.
    settings.APIO_READ_TIMEOUT = 0.3
    reset_client()
    apio.set_faults(latency_ms=2000)
    try:
        response = helpdesk_client.get(FORWARDING)
    finally:
        apio.set_faults(latency_ms=0)
        reset_client()
    assert response.status_code == 503
    assert "The telephony platform is not answering" in response.content.decode()


def test_an_end_users_page_when_the_platform_is_down_says_so(apio, client, db):
    client.force_login(linked_user(apio, "user00003@acme.example"))
    apio.set_faults(error_rate=1.0)
    cache.clear()
    for url in (
        reverse("features:my_home"),
        reverse("features:my_feature", args=["call-forwarding"]),
    ):
        response = client.get(url)
        assert response.status_code == 503
        assert "The telephony platform is not answering" in response.content.decode()
