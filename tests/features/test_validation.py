"""What the platform would refuse is refused before a change is queued, in the person's words."""

import dataclasses

import pytest
from django.core import checks
from django.urls import reverse
from django.utils import timezone

from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from portal.definitions.loader import get_definition
from portal.features import lookups, registry
from portal.features.base import Feature, Section
from portal.features.call_forwarding import CALL_FORWARDING
from portal.features.checks import check_feature_declarations
from portal.features.forms import SAME_LINE, build_section_form
from portal.features.voice_messaging import VOICE_MESSAGING
from portal.forms import (
    build_form_class,
    form_to_payload,
    payload_to_form_data,
    payload_to_initial,
)
from portal.reads import UserSummary
from tests.features.conftest import ALL_SERVICES, snapshot_of, user_of

REF = UserRef("acme", "acme-hq", "user00001@acme.example")
PROFILE = UserSummary.from_apio(
    {"userId": REF.user_id, "phoneNumber": "+3225140891", "extension": "1001"},
    REF.tenant_id,
    REF.group_id,
)
CFA = {"active": False, "destination": "", "ringSplashActive": False}
CFNA = {"active": True, "destination": "+3225551234", "numberOfRings": 3}
RINGS = "must be 0 or between 2 and 20."


def section_form(section, current, typed, profile=PROFILE):
    """The section's form as posted: what APIO holds, with `typed` (field names) changed."""
    data = payload_to_form_data(
        get_definition(section.definition), "PUT", {**current, **typed}, prefix=section.key
    )
    for name, value in typed.items():
        data[f"{section.key}-{name}"] = value
    return build_section_form(
        section, REF, "/section/", data=data, initial_values=current, profile=profile
    )


# -- number of rings: BroadWorks takes 0, or 2 to 20 ------------------------------------------


@pytest.mark.parametrize("rings", ["-1", "1", "21", "99"])
def test_rings_outside_what_broadworks_takes_are_refused_in_words(rings):
    form = section_form(CALL_FORWARDING.section("no-answer"), CFNA, {"numberOfRings": rings})
    assert not form.is_valid()
    assert form.error_map() == {"no-answer-numberOfRings": [f"Rings before forwarding {RINGS}"]}


@pytest.mark.parametrize("rings", ["0", "2", "20"])
def test_rings_broadworks_takes_are_queued(rings):
    form = section_form(CALL_FORWARDING.section("no-answer"), CFNA, {"numberOfRings": rings})
    assert form.is_valid(), form.error_map()


@pytest.mark.parametrize("rings", ["-1", "99"])
def test_greeting_rings_follow_the_same_range(rings):
    definition = get_definition("user_voice_messaging_announcements")
    current = {"noAnswerNumberOfRings": 3}
    form = build_form_class(definition, "PUT")(
        {"noAnswerNumberOfRings": rings}, initial=payload_to_initial(definition, current)
    )
    assert not form.is_valid()
    assert form.error_map() == {"noAnswerNumberOfRings": [f"No answer number of rings {RINGS}"]}


# -- the user's own line is no destination ---------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "+3225140891",
        "02 514 08 91",
        "0032 2 514 08 91",
        "1001",
        "sip:1001@acme.example",
        "sip:+3225140891@acme.example",
    ],
)
def test_forwarding_to_the_users_own_number_or_extension_is_refused(typed):
    form = section_form(CALL_FORWARDING.section("always"), CFA, {"destination": typed})
    assert not form.is_valid()
    assert form.error_map() == {"always-destination": [SAME_LINE]}


@pytest.mark.parametrize("typed", ["+3225551234", "1002", "sip:1002@acme.example"])
def test_forwarding_to_another_line_is_queued(typed):
    form = section_form(CALL_FORWARDING.section("busy"), CFA, {"destination": typed})
    assert form.is_valid(), form.error_map()


def test_a_destination_the_platform_already_holds_is_not_judged_again():
    current = {**CFA, "active": True, "destination": "+3225140891"}
    form = section_form(CALL_FORWARDING.section("always"), current, {"ringSplashActive": "true"})
    assert form.is_valid(), form.error_map()


def test_the_greeting_only_destination_is_a_destination_too(monkeypatch):
    monkeypatch.setitem(lookups.SOURCES, "user_announcements", lambda ref: ["Greeting 1"])
    section = VOICE_MESSAGING.section("greetings")
    form = section_form(section, {}, {"greetingOnlyForwardDestination": "1001"})
    assert form.error_map() == {"greetings-greetingOnlyForwardDestination": [SAME_LINE]}


def test_a_destination_that_names_no_number_field_fails_the_check(monkeypatch):
    wrong = Section(
        key="wrong",
        title="Wrong",
        definition="call_forwarding",
        service_path="cfa",
        service_name="Call Forwarding Always",
        destinations=("active",),
    )
    feature = Feature(key="wrong", title="Wrong", summary="", sections=(wrong,))
    monkeypatch.setitem(registry.FEATURES, "wrong", feature)
    found = [e.id for e in check_feature_declarations() if isinstance(e, checks.Error)]
    assert found == ["features.E006"]


@pytest.mark.integration
def test_the_page_refuses_the_users_own_number(apio, helpdesk_client):
    page = reverse("features:feature", args=[*vars(ALL_SERVICES).values(), "call-forwarding"])
    own = user_of(apio, ALL_SERVICES.user_id)["phoneNumber"]
    html = helpdesk_client.get(page).content.decode()
    data = {"_snapshot": snapshot_of(html, "busy"), "busy-active": "true", "busy-destination": own}
    response = helpdesk_client.post(f"{page}busy/", data, HTTP_HX_REQUEST="true")
    assert str(SAME_LINE) in response.content.decode()
    assert not PendingChange.objects.exists()


# -- emptying a forwarding number ------------------------------------------------------------


def test_forwarding_on_needs_a_number():
    form = section_form(CALL_FORWARDING.section("busy"), CFA, {"active": "true"})
    assert form.error_map() == {
        "busy-destination": ["Enter the number to forward calls to, or turn forwarding off."]
    }


def test_emptying_the_number_while_forwarding_stays_on_says_why_not():
    current = {"active": True, "destination": "+3225551234"}
    form = section_form(CALL_FORWARDING.section("busy"), current, {"destination": ""})
    assert form.error_map() == {
        "busy-destination": ["Turn forwarding off before removing its number."]
    }


def test_emptying_the_number_with_forwarding_off_clears_it():
    current = {"active": True, "destination": "+3225551234"}
    typed = {"active": "false", "destination": ""}
    form = section_form(CALL_FORWARDING.section("not-reachable"), current, typed)
    assert form.is_valid(), form.error_map()
    assert form_to_payload(form) == {"active": False, "destination": ""}


def test_a_section_rule_on_a_field_it_does_not_show_fails_the_check(monkeypatch):
    always = CALL_FORWARDING.section("always")
    rule = dataclasses.replace(always.conditions[0], when="numberOfRings")
    wrong = dataclasses.replace(always, conditions=(rule,))
    feature = Feature(key="wrong", title="Wrong", summary="", sections=(wrong,))
    monkeypatch.setitem(registry.FEATURES, "wrong", feature)
    found = [e.id for e in check_feature_declarations() if isinstance(e, checks.Error)]
    assert found == ["features.E007"]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("active", "said", "queued"),
    [
        (True, "Turn forwarding off before removing its number.", None),
        (False, "", {"destination": ""}),
    ],
)
def test_emptying_the_number_clears_it_or_says_why_not(
    apio, helpdesk_client, monkeypatch, active, said, queued
):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: None)
    client = apio.client()
    path = f"/api/v1/tenants/acme/groups/acme-hq/users/{ALL_SERVICES.user_id}/services/cfb/"
    try:
        client.put(path, json={"active": active, "destination": "+3225551234"})
    finally:
        client.close()
    page = reverse("features:feature", args=[*vars(ALL_SERVICES).values(), "call-forwarding"])
    html = helpdesk_client.get(page).content.decode()
    data = {
        "_snapshot": snapshot_of(html, "busy"),
        "busy-active": "true" if active else "false",
        "busy-destination": "",
    }
    body = helpdesk_client.post(f"{page}busy/", data, HTTP_HX_REQUEST="true").content.decode()
    assert "Nothing changed" not in body
    if said:
        assert said in body
        assert not PendingChange.objects.exists()
    else:
        assert PendingChange.objects.get().payload == queued


# -- a refusal without a field ---------------------------------------------------------------


def test_a_refusal_that_names_no_field_is_said_once(db, helpdesk_client, helpdesk):
    now = timezone.now()
    message = "The service is being updated, try again in a minute"
    change = PendingChange.objects.create(
        created_by=helpdesk,
        tenant_id=REF.tenant_id,
        group_id=REF.group_id,
        user_id=REF.user_id,
        feature="call-forwarding/always",
        definition="call_forwarding",
        method="PUT",
        path="/services/cfa/",
        object_key="/services/cfa/",
        payload={"active": True},
        status=ChangeStatus.FAILED,
        message=message,
        field_errors={None: [message]},  # APIO's "field": null, as the push records it
        loaded_at=now,
        queued_at=now,
        next_attempt_at=now,
        deadline_at=now,
    )
    change.refresh_from_db()
    assert change.field_errors == {"null": [message]}  # how the database gives it back
    body = helpdesk_client.get(reverse("changes:change_status", args=[change.pk])).content
    assert body.decode().count(message) == 1
    assert "null" not in body.decode()
