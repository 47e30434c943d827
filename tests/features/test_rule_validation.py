"""A rule's form refuses what the platform would refuse: each message under the field at fault,
in that field's error element, and nothing queued for the platform."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from portal.changes.models import PendingChange
from portal.definitions.loader import get_definition
from tests.features import test_selective
from tests.features.conftest import ALL_SERVICES
from tests.features.test_selective import platform, rule_fields, text_of

pytestmark = pytest.mark.integration

# The rules' own fixtures: the end user signed in, and no worker woken.
own_client, wake = test_selective.own_client, test_selective.wake

STAFF_PAGE = reverse(
    "features:feature", args=[*vars(ALL_SERVICES).values(), "selective-forwarding"]
)
STAFF_NEW_RULE = f"{STAFF_PAGE}rules/new/"
MY_NEW_RULE = reverse("features:my_feature", args=["selective-forwarding"]) + "rules/new/"
NUMBERS = "rule-fromDnCriteria-phoneNumbers"
FORWARD_NUMBER = "rule-forwardToPhoneNumber"
# BroadWorks takes a list of up to 12 numbers (or digit patterns) in a rule's callers.
MOST_CALLERS = 12


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


@pytest.mark.parametrize(
    ("person", "url", "fields", "field", "message"),
    [
        pytest.param(
            "own_client",
            MY_NEW_RULE,
            {"rule-fromDnCriteria-selection": ["Specified Only"], NUMBERS: [""]},
            NUMBERS,
            "Enter at least one number, or choose any caller.",
            id="only-these-callers-without-a-number",
        ),
        pytest.param(
            "helpdesk_client",
            STAFF_NEW_RULE,
            {
                "rule-forwardToNumberSelection": ["Forward To Specified Number"],
                FORWARD_NUMBER: [""],
            },
            FORWARD_NUMBER,
            "Enter the number to forward these calls to.",
            id="another-number-without-a-number",
        ),
        pytest.param(
            "own_client",
            MY_NEW_RULE,
            {
                "rule-fromDnCriteria-selection": ["Specified Only"],
                NUMBERS: numbers(MOST_CALLERS + 1),
            },
            NUMBERS,
            "At most 12 numbers: remove 1.",
            id="more-callers-than-the-platform-keeps",
        ),
    ],
)
def test_a_refused_rule_is_told_at_its_field(
    request, apio, wake, person, url, fields, field, message
):
    client = request.getfixturevalue(person)
    response = client.post(url, new_rule(client, url, fields))
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, field) == message
    assert error_ids(html) == {field}
    assert told_where(html, field)
    assert not PendingChange.objects.exists()
    # What was typed is all still there, to be put right.
    for value in fields[field]:
        assert not value or f'value="{html_lib.escape(value)}"' in html


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
