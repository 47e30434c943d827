"""A rule's form refuses what the platform would refuse: each message under the field at fault,
in that field's error element, and nothing queued for the platform."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.changes.models import PendingChange
from portal.definitions.loader import get_definition
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES
from tests.features.test_selective import platform, rule_fields, text_of

pytestmark = pytest.mark.integration

STAFF_PAGE = reverse(
    "features:feature", args=[*vars(ALL_SERVICES).values(), "selective-forwarding"]
)
STAFF_NEW_RULE = f"{STAFF_PAGE}rules/new/"
MY_NEW_RULE = reverse("features:my_feature", args=["selective-forwarding"]) + "rules/new/"
NUMBERS = "rule-fromDnCriteria-phoneNumbers"
FORWARD_NUMBER = "rule-forwardToPhoneNumber"
# BroadWorks takes a list of up to 12 numbers (or digit patterns) in a rule's callers.
MOST_CALLERS = 12


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def own_client(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id=ALL_SERVICES.tenant_id,
        defaults={"end_user_features": ["call-forwarding", "selective-forwarding"]},
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    return client


def field_error(html: str, field: str) -> str:
    """The words of a field's error element (id "<field id>_error"); "" when it has none."""
    match = re.search(rf'<div id="id_{re.escape(field)}_error"[^>]*>(.*?)</div>', html, re.S)
    return text_of(match.group(1)) if match else ""


def error_ids(html: str) -> set[str]:
    return set(re.findall(r'id="id_([^"]+)_error"', html))


def told_where(html: str, field: str) -> bool:
    """Every input of the field points to its error: a screen reader reads it there."""
    inputs = re.findall(rf'<input[^>]*name="{re.escape(field)}"[^>]*>', html)
    return bool(inputs) and all(f"id_{field}_error" in tag for tag in inputs)


def new_rule(client, url: str, fields: dict[str, list[str]]) -> dict:
    """The new rule's form as the browser would post it, named Evenings, with these fields."""
    data = rule_fields(client.get(url).content.decode())
    data["rule-name"] = ["Evenings"]
    data.update(fields)
    return data


def numbers(count: int) -> list[str]:
    return [f"02 555 00 {index:02d}" for index in range(1, count + 1)]


def test_only_these_callers_without_a_number(own_client, wake):
    data = new_rule(
        own_client,
        MY_NEW_RULE,
        {"rule-fromDnCriteria-selection": ["Specified Only"], NUMBERS: [""]},
    )
    response = own_client.post(MY_NEW_RULE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, NUMBERS) == "Enter at least one number, or choose any caller."
    assert error_ids(html) == {NUMBERS}
    assert told_where(html, NUMBERS)
    assert not PendingChange.objects.exists()


def test_another_number_without_a_number(helpdesk_client, apio, wake):
    data = new_rule(
        helpdesk_client,
        STAFF_NEW_RULE,
        {"rule-forwardToNumberSelection": ["Forward To Specified Number"], FORWARD_NUMBER: [""]},
    )
    response = helpdesk_client.post(STAFF_NEW_RULE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, FORWARD_NUMBER) == "Enter the number to forward these calls to."
    assert error_ids(html) == {FORWARD_NUMBER}
    assert told_where(html, FORWARD_NUMBER)
    assert not PendingChange.objects.exists()


def test_the_editor_knows_the_platforms_limit():
    numbers_field = get_definition("criteria_from_dn").field("phoneNumbers")
    assert numbers_field.max_items == MOST_CALLERS


def test_as_many_callers_as_the_platform_keeps_are_taken(own_client, apio, wake):
    data = new_rule(
        own_client,
        MY_NEW_RULE,
        {"rule-fromDnCriteria-selection": ["Specified Only"], NUMBERS: numbers(MOST_CALLERS)},
    )
    response = own_client.post(MY_NEW_RULE, data)
    assert response.status_code == 302, text_of(response.content.decode())
    change = PendingChange.objects.get()
    assert len(change.payload["fromDnCriteria"]["phoneNumbers"]) == MOST_CALLERS
    assert platform(apio, "POST", change.path, change.payload).status_code == 201


def test_more_callers_than_the_platform_keeps(own_client, apio, wake):
    data = new_rule(
        own_client,
        MY_NEW_RULE,
        {"rule-fromDnCriteria-selection": ["Specified Only"], NUMBERS: numbers(MOST_CALLERS + 1)},
    )
    response = own_client.post(MY_NEW_RULE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, NUMBERS) == "At most 12 numbers: remove 1."
    assert error_ids(html) == {NUMBERS}
    assert told_where(html, NUMBERS)
    assert not PendingChange.objects.exists()
    # The numbers typed are all still there, to be thinned out.
    for number in numbers(MOST_CALLERS + 1):
        assert f'value="{html_lib.escape(number)}"' in html
