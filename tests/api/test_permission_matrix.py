"""The API refuses what the pages refuse, for every kind of person.

Each API call below is paired with the page that does the same thing; the expected answers
are read from the pages' own table (tests/accounts/test_permission_matrix.py), so the two
cannot drift apart: a page that answers 404 to a person means the API does too, a page that
sends someone to sign in means the API answers 401, and a page that serves them means the
API does as well.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.accounts.people import HQ_ARGS, HQ_USER
from tests.accounts.test_permission_matrix import (
    CASES,
    CF,
    CF_ALWAYS,
    CHANGE,
    CONF,
    CONFS,
    MY_CONF,
    MY_SF_RULE,
    OWN_CALL_CENTER,
    OWN_SCHEDULE,
    PROBES,
    REMOVE_DELEGATE,
    SEES_HQ_USER,
    SF,
    SF_RULE,
    VM,
    VM_CHANGE,
    SignIn,
    fill,
    make_person,
    url_names,
)
from tests.api.conftest import bearer

NEW_DESTINATION = {"destination": "+3225550177"}
STAFF_CHANGE = {
    "tenant_id": HQ_USER.tenant_id, "group_id": HQ_USER.group_id, "user_id": HQ_USER.user_id,
    "feature": "call-forwarding", "section": "always", "values": NEW_DESTINATION,
}  # fmt: skip
STAFF_RULE = {
    "tenant_id": HQ_USER.tenant_id, "group_id": HQ_USER.group_id, "user_id": HQ_USER.user_id,
    "feature": "selective-forwarding", "rule": "office-hours",
}  # fmt: skip
OWN_RULE = {"feature": "selective-forwarding", "rule": "office-hours"}
OWN_CHANGE = {"feature": "call-forwarding", "section": "always", "values": NEW_DESTINATION}
# The item lists (rules, schedules, conferences) and an agent's availability.
SF_LIST = (*HQ_ARGS, "selective-forwarding")
CONF_ITEM = (*HQ_ARGS, "conferences", f"{CONF[3]}~{CONF[4]}")
MY_CONF_ITEM = ("conferences", f"{MY_CONF[0]}~{MY_CONF[1]}")
NEW_RULE = {
    "values": {"name": "probe-rule", "forwardToNumberSelection": "Forward To Default Number"}
}
NEW_TIME_SCHEDULE = {
    "values": {
        "name": "probe-schedule",
        "lines": [{"days": ["Monday"], "start": "09:00", "stop": "10:00"}],
    },
}
NEW_CONFERENCE = {
    "values": {
        "bridgeId": CONF[3],
        "title": "probe-conference",
        "maxParticipants": 10,
        "conferenceSchedule": {
            "scheduleReservationless": {"startTime": "2027-01-04T10:00:00+01:00"}
        },
    },
}


@dataclass(frozen=True)
class Pair:
    """An API call and the page probe (name, args, method, label) whose answers it follows."""

    api: str
    args: tuple
    page: tuple
    method: str = "get"
    body: dict | None = None
    query: dict | None = None
    # Allowed, yet refused by the change's state: a queued change is no failed one to retry.
    allowed: tuple[int, ...] = (200,)

    @property
    def id(self) -> str:
        name, _args, _method, label = self.page
        return f"{self.api}-{self.method}-as-{name}{'-' + label if label else ''}"


PAIRS = (
    Pair("api:change_list", (), ("changes:change_list", (), "get", "")),
    Pair("api:change_detail", (CHANGE,), ("changes:change_detail", (CHANGE,), "get", "")),
    Pair("api:change_detail", (VM_CHANGE,),
         ("changes:change_detail", (VM_CHANGE,), "get", "voice-messaging")),
    Pair("api:change_retry", (CHANGE,), ("changes:change_retry", (CHANGE,), "post", ""),
         "post", allowed=(409,)),
    Pair("api:change_retry", (VM_CHANGE,),
         ("changes:change_retry", (VM_CHANGE,), "post", "voice-messaging"), "post",
         allowed=(409,)),
    Pair("api:change_reapply", (CHANGE,), ("changes:change_reapply", (CHANGE,), "post", ""),
         "post", allowed=(409,)),
    Pair("api:change_cancel", (CHANGE,), ("changes:change_cancel", (CHANGE,), "post", ""),
         "post"),
    Pair("api:change_cancel", (VM_CHANGE,),
         ("changes:change_cancel", (VM_CHANGE,), "post", "voice-messaging"), "post"),
    Pair("api:change_list", (), ("features:section", CF_ALWAYS, "post", ""), "post",
         body=STAFF_CHANGE, allowed=(201,)),
    # The page queues without reading the platform; the API reads the current values first,
    # and answers 409 to a user without the service (user00002 lacks it): allowed, not refused.
    Pair("api:change_list", (), ("features:my_section", ("call-forwarding", "always"), "post", ""),
         "post", body=OWN_CHANGE, allowed=(201, 409)),
    Pair("api:rule_change", (), ("features:rule_active", SF_RULE, "post", ""), "post",
         body={**STAFF_RULE, "action": "turn_off"}, allowed=(201,)),
    Pair("api:rule_change", (), ("features:rule_delete", SF_RULE, "post", ""), "post",
         body={**STAFF_RULE, "action": "delete"}, allowed=(201,)),
    Pair("api:rule_change", (), ("features:my_rule_active", MY_SF_RULE, "post", ""), "post",
         body={**OWN_RULE, "action": "turn_off"}, allowed=(201,)),
    Pair("api:user_items", SF_LIST, ("features:rules", SF, "get", "")),
    Pair("api:user_items", SF_LIST, ("features:rule_new", SF, "post", ""), "post",
         body=NEW_RULE, allowed=(201,)),
    Pair("api:user_items", (*HQ_ARGS, "time-schedules"),
         ("features:new_schedule", (*HQ_ARGS, "time"), "post", ""), "post",
         body=NEW_TIME_SCHEDULE, allowed=(201,)),
    Pair("api:user_items", (*HQ_ARGS, "conferences"),
         ("features:conference_new", CONFS, "post", ""), "post", body=NEW_CONFERENCE,
         allowed=(201,)),
    Pair("api:user_item", (*SF_LIST, "office-hours"), ("features:rule", SF_RULE, "post", ""),
         "put", body={"values": {"name": "office-hours-renamed"}}, allowed=(201,)),
    Pair("api:user_item", (*SF_LIST, "office-hours"),
         ("features:rule_delete", SF_RULE, "post", ""), "delete", allowed=(201,)),
    Pair("api:user_item", (*HQ_ARGS, "time-schedules", OWN_SCHEDULE[-1]),
         ("features:schedule_delete", OWN_SCHEDULE, "post", ""), "delete", allowed=(201,)),
    Pair("api:user_item", CONF_ITEM, ("features:conference", CONF, "post", ""), "put",
         body={"values": {"title": "renamed"}}, allowed=(201,)),
    Pair("api:user_item", CONF_ITEM, ("features:conference_delete", CONF, "post", ""),
         "delete", allowed=(201,)),
    Pair("api:user_item_part", (*CONF_ITEM, "delegates"),
         ("features:conference_delegates", CONF, "post", ""), "post",
         body={"values": REMOVE_DELEGATE}, allowed=(201,)),
    Pair("api:my_items", ("selective-forwarding",),
         ("features:my_rules", ("selective-forwarding",), "get", "")),
    Pair("api:my_items", ("selective-forwarding",),
         ("features:my_rule_new", ("selective-forwarding",), "post", ""), "post",
         body=NEW_RULE, allowed=(201,)),
    Pair("api:my_items", ("conferences",), ("features:my_conference_new", (), "post", ""),
         "post", body=NEW_CONFERENCE, allowed=(201,)),
    Pair("api:my_item", ("selective-forwarding", "office-hours"),
         ("features:my_rule_delete", MY_SF_RULE, "post", ""), "delete", allowed=(201,)),
    Pair("api:my_item", ("time-schedules", OWN_SCHEDULE[-1]),
         ("features:my_schedule_delete", OWN_SCHEDULE[-2:], "post", ""), "delete",
         allowed=(201,)),
    Pair("api:my_item", MY_CONF_ITEM, ("features:my_conference_delete", MY_CONF, "post", ""),
         "delete", allowed=(201,)),
    Pair("api:my_item_part", (*MY_CONF_ITEM, "delegates"),
         ("features:my_conference_delegates", MY_CONF, "post", ""), "post",
         body={"values": REMOVE_DELEGATE}, allowed=(201,)),
    Pair("api:user_call_centers", HQ_ARGS, ("features:agent_call_centers", HQ_ARGS, "get", "")),
    # user00001 is no agent of cc-helpdesk: its switch answers 404 to everyone.
    Pair("api:user_availability", (*HQ_ARGS, OWN_CALL_CENTER),
         ("features:agent_availability", (*HQ_ARGS, OWN_CALL_CENTER), "post", ""), "put",
         body={"available": False}, allowed=(201,)),
    Pair("api:my_call_centers", (),
         ("features:my_agent_call_centers", (), "get", "not-allowed")),
    Pair("api:my_availability", (OWN_CALL_CENTER,),
         ("features:my_agent_availability", (OWN_CALL_CENTER,), "post", "not-allowed"), "put",
         body={"available": False}, allowed=(201,)),
    Pair("api:audit_list", (), ("accounts:audit_list", (), "get", "")),
    Pair("api:user_search", (), ("directory:user_search", (), "get", ""),
         query={"q": HQ_USER.user_id}),
    Pair("api:user_features", HQ_ARGS, ("directory:user_detail", HQ_ARGS, "get", "")),
    Pair("api:user_feature", CF, ("features:feature", CF, "get", "")),
    Pair("api:user_feature", VM, ("features:feature", VM, "get", "voice-messaging")),
    Pair("api:user_feature", (*HQ_ARGS, "no-such-feature"),
         ("features:feature", (*HQ_ARGS, "no-such-feature"), "get", "unknown")),
    Pair("api:my_features", (), ("features:my_home", (), "get", "")),
    Pair("api:my_feature", ("call-forwarding",),
         ("features:my_feature", ("call-forwarding",), "get", "")),
    Pair("api:my_feature", ("voice-messaging",),
         ("features:my_feature", ("voice-messaging",), "get", "not-allowed")),
    Pair("api:definition_list", (), ("gallery:definition_list", (), "get", "")),
    Pair("api:definition_detail", ("call_forwarding",),
         ("gallery:definition_form", ("call_forwarding", "PUT"), "get", "")),
)  # fmt: skip

# The API's addresses that follow no page: its description, the documentation page and the
# keys page are everyone's (tests/api/test_schema.py, test_keys.py).
OWN_RULES = {"api:schema", "api:docs", "api:keys", "api:key_revoke"}


def page_answer(pair: Pair, case: str):
    name, args, method, label = pair.page
    for p in PROBES:
        if (p.name, p.args, p.method, p.label) == (name, args, method, label):
            return p.answers[CASES.index(case)]
    raise LookupError(f"the pages' table has no probe {pair.page}")


def expected(pair: Pair, case: str) -> tuple[int, ...]:
    answer = page_answer(pair, case)
    if isinstance(answer, SignIn):
        return (401,)
    if answer == 404:
        return (404,)
    return pair.allowed


def test_every_api_url_follows_a_page_or_has_its_own_rule():
    api_urls = {name for name in url_names() if name.startswith("api:")}
    assert {pair.api for pair in PAIRS} | OWN_RULES == api_urls


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.id)
@pytest.mark.parametrize("case", CASES)
def test_the_api_refuses_what_the_page_refuses(
    client, apio_read_only, helpdesk_in, changes, pair, case
):
    person = make_person(case, apio_read_only, helpdesk_in)
    headers = bearer(person) if person is not None else {}
    url = reverse(pair.api, args=fill(pair.args, changes))
    if pair.method == "get":
        response = client.get(url, pair.query or {}, headers=headers)
    else:
        send = getattr(client, pair.method)
        response = send(url, pair.body or {}, content_type="application/json",
                        headers=headers)  # fmt: skip

    assert response.status_code in expected(pair, case), response.content
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "fields"}


# -- what lists show: as the pages' lists ------------------------------------------------------

API_LISTS = {"changes": "api:change_list", "audit": "api:audit_list"}


@pytest.mark.parametrize(
    ("page", "case", "sees"),
    [(page, case, sees) for page in API_LISTS for case, sees in SEES_HQ_USER[page].items()],
)
def test_lists_show_only_what_is_in_scope(
    client, apio_read_only, helpdesk_in, change, page, case, sees
):
    person = make_person(case, apio_read_only, helpdesk_in)
    response = client.get(reverse(API_LISTS[page]), headers=bearer(person))

    assert response.status_code == 200
    rows = response.json()["results"]
    ids = {row.get("change") if page == "audit" else row["id"] for row in rows}
    assert (change.pk in ids) is sees
