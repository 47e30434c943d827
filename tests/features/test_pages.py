"""Helpdesk feature screens, through the Django test client against the sandbox APIO."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.changes.models import PendingChange
from portal.definitions.loader import get_definition
from portal.forms import payload_to_form_data
from tests.features.conftest import ALL_SERVICES, FEWER_SERVICES_ID, snapshot_of, user_of

pytestmark = pytest.mark.integration

FORWARDING = reverse("features:feature", args=[*vars(ALL_SERVICES).values(), "call-forwarding"])
VOICE = reverse("features:feature", args=[*vars(ALL_SERVICES).values(), "voice-messaging"])


def post_section(client, page_url: str, section: str, payload: dict, definition: str):
    html = client.get(page_url).content.decode()
    data = payload_to_form_data(get_definition(definition), "PUT", payload, prefix=section)
    data["_snapshot"] = snapshot_of(html, section)
    return client.post(f"{page_url}{section}/", data, HTTP_HX_REQUEST="true")


def test_user_page_shows_profile_services_and_features(apio, helpdesk_client):
    details = user_of(apio, ALL_SERVICES.user_id)
    page = helpdesk_client.get(
        reverse("directory:user_detail", args=[*vars(ALL_SERVICES).values()])
    ).content.decode()
    for value in (details["firstName"], national(details["phoneNumber"]), details["extension"]):
        assert value in page
    assert "Call Forwarding Always" in page
    assert FORWARDING in page and VOICE in page


def test_a_feature_not_assigned_says_so(apio, helpdesk_client):
    ref = user_of(apio, FEWER_SERVICES_ID)
    args = [ref["tenantId"], ref["groupId"], ref["userId"]]
    user_page = helpdesk_client.get(reverse("directory:user_detail", args=args)).content.decode()
    assert "Not assigned to this user" in user_page
    page = helpdesk_client.get(reverse("features:feature", args=[*args, "call-forwarding"]))
    assert page.status_code == 200
    assert "Call Forwarding Always is not assigned to this user" in page.content.decode()


def test_saving_forwarding_queues_only_what_changed(apio, helpdesk_client, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "portal.changes.services.waking.wake", lambda pk, **kwargs: queued.append(pk)
    )
    response = post_section(
        helpdesk_client, FORWARDING, "always",
        {"active": True, "destination": "02 555 12 34"}, "call_forwarding",
    )  # fmt: skip
    assert response.status_code == 200
    change = PendingChange.objects.get()
    assert change.payload["destination"] == "+3225551234"  # typed nationally, sent as E.164
    assert "ringSplashActive" not in change.payload
    assert change.path.endswith("/services/cfa/")
    assert "Queued" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "section", "definition", "payload", "field"),
    [
        (FORWARDING, "always", "call_forwarding", {"destination": "call me maybe"}, "destination"),
        (
            VOICE, "basic", "user_voice_messaging_basic",
            {"voiceMessageNotifyEmailAddress": "not-an-email"}, "voiceMessageNotifyEmailAddress",
        ),
    ],
)  # fmt: skip
def test_invalid_input_shows_the_message_by_the_field_and_queues_nothing(
    apio, helpdesk_client, page, section, definition, payload, field
):
    html = helpdesk_client.get(page).content.decode()
    data = {"_snapshot": snapshot_of(html, section), f"{section}-{field}": payload[field]}
    response = helpdesk_client.post(f"{page}{section}/", data, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{section}-{field}_error"' in body
    assert not PendingChange.objects.exists()


def national(e164: str) -> str:
    digits = e164.removeprefix("+32")
    return f"0{digits[0]} {digits[1:4]} {digits[4:6]} {digits[6:]}"


def test_search_by_a_number_typed_in_national_format(apio, helpdesk_client):
    details = user_of(apio, ALL_SERVICES.user_id)
    response = helpdesk_client.get(
        reverse("directory:user_search"), {"q": national(details["phoneNumber"])}
    )
    assert details["userId"] in response.content.decode()


@pytest.mark.parametrize("query", ["Baert", "user0000", "1001"])
def test_search_answers_as_a_fragment_for_htmx(apio, helpdesk_client, query):
    response = helpdesk_client.get(
        reverse("directory:user_search"),
        {"q": query},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body


def queries_for(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_the_number_of_users(apio, helpdesk_client):
    search = reverse("directory:user_search")
    one = queries_for(helpdesk_client, search, {"q": "user00001"})
    many = queries_for(helpdesk_client, search, {"q": "user000"})
    assert one == many
    assert helpdesk_client.get(search, {"q": "user000"}).content.decode().count("<tr>") > 40
    few = user_of(apio, FEWER_SERVICES_ID)
    rich_page = reverse("directory:user_detail", args=[*vars(ALL_SERVICES).values()])
    poor_page = reverse(
        "directory:user_detail", args=[few["tenantId"], few["groupId"], few["userId"]]
    )
    assert queries_for(helpdesk_client, rich_page) == queries_for(helpdesk_client, poor_page)
