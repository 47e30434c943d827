"""The rows of a service's rules, drawn by Jinja2, and the words they say."""

import re

from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import RequestFactory

from portal.changes.models import ChangeStatus, PendingChange
from portal.directory.phone import national
from portal.features.criteria import LISTS, Rule
from portal.features.criteria.reading import ListWords

ROWS = Template(
    '{% load jinja %}{% jinja "features/rule_rows.html" rules=rules rule_url="/rule/" '
    "outcome_title=outcome_title kept=kept csrf_token=csrf_token %}"
)


def drawn(rules: list[Rule], kept: str = "") -> str:
    request = RequestFactory().get("/")
    token = get_token(request)
    outcome_title = LISTS["selective-forwarding"].outcome_title
    names = {"rules": rules, "kept": kept, "csrf_token": token, "outcome_title": outcome_title}
    return ROWS.render(Context({**names, "request": request}))


def rule(name: str, change: PendingChange | None = None) -> Rule:
    entry = {
        "name": name,
        "active": True,
        "fromDnCriteria": {"selection": "Specified Only", "phoneNumbers": ["+3225140891"]},
        "timeScheduleObj": {"name": "Lunch", "level": "Group"},
        "forwardToNumberSelection": "Forward To Specified Number",
        "forwardTo": "+32470998877",
    }
    return Rule(entry, LISTS["selective-forwarding"], change, ListWords())


def test_each_row_says_its_rule_escaped_and_addresses_it_as_one_path_segment():
    html = drawn([rule("B&B <late>"), rule("a/b")])

    assert "<bdi>B&amp;B &lt;late&gt;</bdi>" in html
    assert 'action="/rule/B%26B%20%3Clate%3E/active/"' in html
    assert 'href="/rule/a%2Fb/delete/"' in html
    assert '<td data-label="Calls from"><bdi>02 514 08 91</bdi></td>' in html
    assert '<td data-label="When"><bdi>Lunch (the group' in html
    assert '<td data-label="Forward to"><bdi>0470 99 88 77</bdi></td>' in html


def test_the_rule_kept_from_deletion_has_the_focus_and_every_form_the_page_token():
    html = drawn([rule("Evenings"), rule("Nights")], kept="Nights")

    focused = re.findall(r'<a href="/rule/([^/]+)/delete/"[^>]* autofocus>', html)
    assert focused == ["Nights"]
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 2 and len(set(tokens)) == 1


def test_a_rule_being_added_or_deleted_offers_no_action():
    adding = PendingChange(method="POST", status=ChangeStatus.QUEUED, payload={"name": "New"})
    html = drawn([rule("New", adding)])

    assert '<em class="pending">Adding…</em>' in html
    assert "<form" not in html and "Delete" not in html


def test_a_number_is_said_the_way_of_the_region_in_force(settings):
    settings.PHONE_DEFAULT_REGION = "BE"
    assert national("+32470998877") == "0470 99 88 77"
    settings.PHONE_DEFAULT_REGION = "FR"
    assert national("+32470998877") == "+32 470 99 88 77"
