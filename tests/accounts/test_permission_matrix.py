"""Every URL of the portal, asked by every kind of person: who gets what answer.

The table below has a rule for every named URL outside the admin site; a test compares it
with the URL configuration, so that a new URL without a rule fails here. What is outside a
person's role or scope answers 404, never 403, so that nobody learns it exists.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.accounts.models import AuditEntry, Role
from portal.changes.models import PendingChange
from portal.changes.services import submit_change
from tests.accounts.people import (
    HQ_ARGS,
    HQ_USER,
    OTHER_SUPERVISOR_ID,
    OTHER_USER_ID,
    OWN_CALL_CENTER,
    SUPERVISOR_ID,
    forward_always_form,
    forwarding_request,
    helpdesk,
    linked_user,
    platform_admin,
    voice_messaging_request,
)

# The people, in the order of the table's columns. Every one of them asks about the same
# data: user00001 in acme-hq, cc-helpdesk (supervisor1's call center), and a change to
# user00001's forwarding made by the helpdesk in scope.
CASES = (
    "anonymous",
    "end_user_own",  # user00001 themself
    "end_user_other",  # user00002
    "supervisor_own",  # supervisor1, whose call center is cc-helpdesk
    "supervisor_other",  # supervisor2, of cc-sales
    "helpdesk_in",  # scope: tenant acme
    "helpdesk_out_group",  # scope: acme / acme-sales only
    "helpdesk_out_tenant",  # scope: another tenant
    "admin",
)


def make_person(case: str, sandbox, helpdesk_in):
    return {
        "anonymous": lambda: None,
        "end_user_own": lambda: linked_user(sandbox, HQ_USER.user_id),
        "end_user_other": lambda: linked_user(sandbox, OTHER_USER_ID),
        "supervisor_own": lambda: linked_user(sandbox, SUPERVISOR_ID, Role.SUPERVISOR),
        "supervisor_other": lambda: linked_user(sandbox, OTHER_SUPERVISOR_ID, Role.SUPERVISOR),
        "helpdesk_in": lambda: helpdesk_in,
        "helpdesk_out_group": lambda: helpdesk("hd-sales", "acme", "acme-sales"),
        "helpdesk_out_tenant": lambda: helpdesk("hd-globex", "globex"),
        "admin": platform_admin,
    }[case]()


# -- expected answers -------------------------------------------------------------------------


class SignIn:
    """302 to the sign-in page, which sends the person back here afterwards."""

    def __repr__(self) -> str:
        return "sign-in"


class Public:
    """Answered to anyone alike, signed in or not: health says 200 or 503 by what is up."""

    def __repr__(self) -> str:
        return "public"


@dataclass(frozen=True)
class Redirect:
    """302 to a known place: the URL name, and its arguments (CHANGE: the change's id)."""

    name: str
    args: tuple = ()
    fragment: str = ""


CHANGE = object()  # stands for the id of the change made for the test
VM_CHANGE = object()  # and this one for a change of voice messaging, made for the same user

L, P = SignIn(), Public()
HOME = Redirect("home")
OUT = Redirect("accounts:login")  # where signing out leads
ME = Redirect("features:my_home")
CHG = Redirect("changes:change_detail", (CHANGE,))
VMCHG = Redirect("changes:change_detail", (VM_CHANGE,))
FWD = Redirect("features:feature", (*HQ_ARGS, "call-forwarding"))
MYFW = Redirect("features:my_feature", ("call-forwarding",))
AGENTS = Redirect("supervision:call_center_list")
# A supervisor of one call center has nothing to choose: its agents at once.
OWN_AGENTS = Redirect("supervision:agent_list", (OWN_CALL_CENTER,))
SALES_AGENTS = Redirect("supervision:agent_list", ("cc-sales@acme.example",))
PREFS = Redirect("accounts:preferences")
# A section alone is a part of its page: opened as a page, it leads to its page.
FWD_ALWAYS = Redirect("features:feature", (*HQ_ARGS, "call-forwarding"), "#section-always")
MYFW_ALWAYS = Redirect("features:my_feature", ("call-forwarding",), "#section-always")


@dataclass(frozen=True)
class Probe:
    name: str
    args: tuple
    answers: tuple
    method: str = "get"
    data: Any = None  # a dict, or a function building one when the test runs
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}-{self.method}{'-' + self.label if self.label else ''}"


def probe(name, args, answers, method="get", data=None, label="") -> Probe:
    assert len(answers) == len(CASES), f"{name}: one answer per case"
    return Probe(name, tuple(args), tuple(answers), method, data, label)


CF = (*HQ_ARGS, "call-forwarding")
HQ_GROUP = (HQ_USER.tenant_id, HQ_USER.group_id)
VM = (*HQ_ARGS, "voice-messaging")
CF_ALWAYS = (*CF, "always")
SAVE = forward_always_form  # a valid save of "Forward always", built when the test runs
GALLERY = {"destination": "+3225550199"}
BLOCK = {"_block": ""}
ROW_QUERY = {"list": "mobilesNumbers"}
SECTION_BLOCK = {"_block": "always", "always-active": "true"}  # a section's form is prefixed
NO_LIST = {"list": "nope"}
PREFERENCES = {"language": "fr", "theme": "dark"}
THEME_ALONE = {"theme": "dark"}  # the header's switch
SWITCH = {"_snapshot": "expired", "always-active": "on"}  # a home page switch

SF = (*HQ_ARGS, "selective-forwarding")
SF_RULE = (*SF, "office-hours")  # one of user00001's rules in the demo data
MY_SF_RULE = ("selective-forwarding", "office-hours")
SF_RULES = Redirect("features:feature", SF, "#rules")
RULE_BLOCK = {"_block": "rule-fromDnCriteria", "rule-fromDnCriteria-selection": "Any"}
NUMBERS_ROW = {"list": "rule-fromDnCriteria-phoneNumbers", "_root": "rule"}
SCHEDS = Redirect("features:schedules", HQ_ARGS)
OWN_SCHEDULE = (*HQ_ARGS, "time", "My office hours")  # user00001's own, in the demo data
MY_SCHEDULE = ("time", "My office hours")
NEW_SCHEDULE = {"name": "probe-schedule", "days": ["Monday"], "start": "09:00", "stop": "10:00"}


CONFS = (*HQ_ARGS,)
CONF = (*HQ_ARGS, "bridge-hq@acme.example", "012345")  # user00001's, in the demo data
MY_CONF = ("bridge-hq@acme.example", "012345")
CONF_LIST = Redirect("features:conferences", HQ_ARGS)
CONF_PAGE = Redirect("features:conference", CONF)
NEW_CONFERENCE = {
    "host-bridge_id": "bridge-hq@acme.example",
    "conference-title": "probe-conference",
    "conference-maxParticipants": "10",
    "conference-attendeeNotification": "Play Tone",
    "conference-conferenceSchedule-_pick_scheduleReservationless": "scheduleReservationless",
    "conference-conferenceSchedule-scheduleReservationless-startTime": "2027-01-04T10:00",
}
CONF_BLOCK = {"_block": "conference-conferenceSchedule", **NEW_CONFERENCE}
REMOVE_DELEGATE = {"remove": "user00002@acme.example"}
RECORDING = {"startTime": "2026-11-02T09:30:00.000+01:00"}
GREETING = {"greeting-name": "Greeting 1"}


def edit_conference_form() -> dict:
    """A valid rename of the demo conference, as its form posts it."""
    from portal.features.criteria import sign

    return {**NEW_CONFERENCE, "_snapshot": sign({"title": "Weekly"}), "_method": "PUT"}


def new_rule_form() -> dict:
    """A valid "Add a rule", as the form posts it (its signed snapshot made when it runs)."""
    from portal.features.criteria import NEW_RULE, sign

    return {
        "_snapshot": sign(NEW_RULE),
        "rule-name": "probe-rule",
        "rule-active": "on",
        "rule-fromDnCriteria-selection": "Any",
        "rule-forwardToNumberSelection": "Forward To Default Number",
    }


def edit_rule_form() -> dict:
    """A valid rename of office-hours, as its edit form posts it."""
    from portal.features.criteria import sign

    data = new_rule_form()
    data["_snapshot"] = sign({"name": "office-hours", "active": True})
    data["rule-name"] = "office-hours-renamed"
    return data


# One row per request; one column per case, in the order of CASES.
# fmt: off
PROBES = (
    #      anon  own   other sup   sup-x hd-in hd-gr hd-tn admin
    probe("home", (),
          (L,    ME,   ME,   200,  200,  200,  200,  200,  200)),
    probe("health", (),
          (P,    P,    P,    P,    P,    P,    P,    P,    P)),
    probe("accounts:login", (),
          (200,  HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME)),
    probe("accounts:logout", (),
          (405,  405,  405,  405,  405,  405,  405,  405,  405)),
    probe("accounts:logout", (),
          (OUT,  OUT,  OUT,  OUT,  OUT,  OUT,  OUT,  OUT,  OUT), method="post"),
    # Everyone signed in has preferences of their own.
    probe("accounts:preferences", (),
          (L,    200,  200,  200,  200,  200,  200,  200,  200)),
    probe("accounts:preferences", (),
          (L,    PREFS, PREFS, PREFS, PREFS, PREFS, PREFS, PREFS, PREFS), method="post",
          data=PREFERENCES),
    probe("accounts:preferences", (),
          (L,    PREFS, PREFS, PREFS, PREFS, PREFS, PREFS, PREFS, PREFS), method="post",
          data=THEME_ALONE, label="theme"),
    probe("accounts:preferences", (),
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="delete"),
    probe("accounts:act_as_start", HQ_ARGS,
          (L,    404,  404,  404,  404,  ME,   404,  404,  ME), method="post"),
    probe("accounts:act_as_start", HQ_ARGS,
          (L,    404,  404,  404,  404,  405,  405,  405,  405)),
    probe("accounts:act_as_stop", (),
          (L,    404,  404,  404,  404,  HOME, HOME, HOME, HOME), method="post"),
    probe("accounts:act_as_stop", (),
          (L,    404,  404,  404,  404,  405,  405,  405,  405)),
    probe("accounts:audit_list", (),
          (L,    404,  404,  404,  404,  200,  200,  200,  200)),
    probe("accounts:audit_export", (),
          (L,    404,  404,  404,  404,  200,  200,  200,  200)),
    probe("changes:change_list", (),
          (L,    200,  200,  200,  200,  200,  200,  200,  200)),
    probe("changes:change_detail", (CHANGE,),
          (L,    200,  404,  404,  404,  200,  404,  404,  200)),
    probe("changes:change_status", (CHANGE,),
          (L,    200,  404,  404,  404,  200,  404,  404,  200)),
    probe("changes:change_retry", (CHANGE,),
          (L,    CHG,  404,  404,  404,  CHG,  404,  404,  CHG), method="post"),
    probe("changes:change_retry", (CHANGE,),
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("changes:change_cancel", (CHANGE,),
          (L,    CHG,  404,  404,  404,  CHG,  404,  404,  CHG), method="post"),
    probe("changes:change_reapply", (CHANGE,),
          (L,    CHG,  404,  404,  404,  CHG,  404,  404,  CHG), method="post"),
    # A change of a feature the user's tenant does not let them change (by default: all but
    # call forwarding) is neither theirs to see nor to act on, as the feature's own screens.
    probe("changes:change_detail", (VM_CHANGE,),
          (L,    404,  404,  404,  404,  200,  404,  404,  200), label="voice-messaging"),
    probe("changes:change_status", (VM_CHANGE,),
          (L,    404,  404,  404,  404,  200,  404,  404,  200), label="voice-messaging"),
    probe("changes:change_retry", (VM_CHANGE,),
          (L,    404,  404,  404,  404,  VMCHG, 404, 404,  VMCHG), method="post",
          label="voice-messaging"),
    probe("changes:change_cancel", (VM_CHANGE,),
          (L,    404,  404,  404,  404,  VMCHG, 404, 404,  VMCHG), method="post",
          label="voice-messaging"),
    probe("changes:change_reapply", (VM_CHANGE,),
          (L,    404,  404,  404,  404,  VMCHG, 404, 404,  VMCHG), method="post",
          label="voice-messaging"),
    probe("directory:user_search", (),
          (L,    404,  404,  404,  404,  200,  200,  200,  200)),
    # The user page is a staff page: its links lead to staff screens and to act-as.
    probe("directory:user_detail", HQ_ARGS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:feature", CF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:feature", VM,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), label="voice-messaging"),
    probe("features:feature", (*HQ_ARGS, "no-such-feature"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="unknown"),
    probe("features:section", CF_ALWAYS,
          (L,    404,  404,  404,  404,  FWD_ALWAYS, 404, 404, FWD_ALWAYS)),
    probe("features:section", CF_ALWAYS,
          (L,    404,  404,  404,  404,  FWD,  404,  404,  FWD), method="post", data=SAVE),
    probe("features:section", CF_ALWAYS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="delete"),
    probe("features:section_block", CF_ALWAYS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), method="post", data=SECTION_BLOCK),
    probe("features:section_block", CF_ALWAYS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:section_rows", CF_ALWAYS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), method="delete"),
    probe("features:section_rows", CF_ALWAYS,
          (L,    404,  404,  404,  404,  400,  404,  404,  400), data=NO_LIST),
    probe("features:section_rows", CF_ALWAYS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="post"),
    probe("features:my_home", (),
          (L,    200,  200,  200,  200,  404,  404,  404,  404)),
    probe("features:my_feature", ("call-forwarding",),
          (L,    200,  200,  200,  200,  404,  404,  404,  404)),
    # Not among the tenant's end-user features (by default: call forwarding only).
    probe("features:my_feature", ("voice-messaging",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="not-allowed"),
    probe("features:my_section", ("call-forwarding", "always"),
          (L,    MYFW_ALWAYS, MYFW_ALWAYS, MYFW_ALWAYS, MYFW_ALWAYS, 404, 404, 404, 404)),
    probe("features:my_section", ("call-forwarding", "always"),
          (L,    MYFW, MYFW, MYFW, MYFW, 404,  404,  404,  404), method="post", data=SAVE),
    probe("features:my_section_block", ("call-forwarding", "always"),
          (L,    200,  200,  200,  200,  404,  404,  404,  404), method="post", data=SECTION_BLOCK),
    probe("features:my_section_rows", ("call-forwarding", "always"),
          (L,    200,  200,  200,  200,  404,  404,  404,  404), method="delete"),
    # The home page's switches: the section's save, with its `active` alone; an expired
    # snapshot queues nothing and leads home.
    probe("features:my_switch", ("call-forwarding", "always"),
          (L,    ME,   ME,   ME,   ME,   404,  404,  404,  404), method="post", data=SWITCH),
    probe("features:my_switch", ("call-forwarding", "always"),
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:my_switch", ("do-not-disturb", "settings"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data={"_snapshot": "x", "settings-active": "on"}, label="not-allowed"),
    probe("features:my_switch", ("call-forwarding", "busy"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data={"_snapshot": "x", "busy-active": "on"}, label="no-switch"),
    probe("features:feature", SF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), label="selective-forwarding"),
    # The list alone, read again once a change is done: part of its page without htmx.
    probe("features:rules", SF,
          (L,    404,  404,  404,  404,  SF_RULES, 404, 404, SF_RULES)),
    probe("features:rules", SF,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="post"),
    probe("features:rule_new", SF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:rule_new", SF,
          (L,    404,  404,  404,  404,  SF_RULES, 404, 404, SF_RULES), method="post",
          data=new_rule_form),
    probe("features:rules_block", SF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), method="post",
          data=RULE_BLOCK),
    probe("features:rules_block", SF,
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:rules_rows", SF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), data=NUMBERS_ROW),
    probe("features:rules_rows", SF,
          (L,    404,  404,  404,  404,  400,  404,  404,  400), data=NO_LIST, label="no-list"),
    probe("features:rules_rows", SF,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="post"),
    probe("features:rule", SF_RULE,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:rule", (*SF, "no-such-rule"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="unknown"),
    probe("features:rule", SF_RULE,
          (L,    404,  404,  404,  404,  SF_RULES, 404, 404, SF_RULES), method="post",
          data=edit_rule_form),
    probe("features:rule", SF_RULE,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="delete"),
    probe("features:rule_active", SF_RULE,
          (L,    404,  404,  404,  404,  SF_RULES, 404, 404, SF_RULES), method="post",
          data={"active": "false"}),
    probe("features:rule_active", SF_RULE,
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:rule_delete", SF_RULE,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:rule_delete", SF_RULE,
          (L,    404,  404,  404,  404,  SF_RULES, 404, 404, SF_RULES), method="post"),
    # Not among the tenant's end-user features by default: the user's own rules are out of
    # reach too (tests/features/test_selective.py opens them once the tenant allows it).
    probe("features:my_rules", ("selective-forwarding",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_rule_new", ("selective-forwarding",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_rule_new", ("selective-forwarding",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post", data=new_rule_form),
    probe("features:my_rules_block", ("selective-forwarding",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data=RULE_BLOCK),
    probe("features:my_rules_rows", ("selective-forwarding",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), data=NUMBERS_ROW),
    probe("features:my_rule", MY_SF_RULE,
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_rule_active", MY_SF_RULE,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data={"active": "false"}),
    probe("features:my_rule_delete", MY_SF_RULE,
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_rule_delete", MY_SF_RULE,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post"),
    # A user's own schedules follow selective forwarding: whoever may change its rules.
    probe("features:schedules", HQ_ARGS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:schedules", HQ_ARGS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="post"),
    probe("features:new_schedule", (*HQ_ARGS, "time"),
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:new_schedule", (*HQ_ARGS, "time"),
          (L,    404,  404,  404,  404,  SCHEDS, 404, 404, SCHEDS), method="post",
          data=NEW_SCHEDULE),
    probe("features:new_schedule", (*HQ_ARGS, "weekly"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="unknown"),
    probe("features:schedule", OWN_SCHEDULE,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:schedule", OWN_SCHEDULE,
          (L,    404,  404,  404,  404,  SCHEDS, 404, 404, SCHEDS), method="post",
          data=NEW_SCHEDULE),
    probe("features:schedule_delete", OWN_SCHEDULE,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:schedule_delete", OWN_SCHEDULE,
          (L,    404,  404,  404,  404,  SCHEDS, 404, 404, SCHEDS), method="post"),
    # On the user's own portal, as their rules: not until the tenant allows selective forwarding
    # (tests/features/test_schedules.py opens them then).
    probe("features:my_schedules", (),
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_new_schedule", ("time",),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post", data=NEW_SCHEDULE),
    probe("features:my_schedule", MY_SCHEDULE,
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_schedule_delete", MY_SCHEDULE,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post"),
    # A host's conferences: staff in scope; the user themself once the tenant allows it (not
    # by default: tests/features/test_conferences.py opens them then).
    probe("features:conferences", CONFS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:conferences", CONFS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="post"),
    probe("features:conference_new", CONFS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:conference_new", CONFS,
          (L,    404,  404,  404,  404,  CONF_LIST, 404, 404, CONF_LIST), method="post",
          data=NEW_CONFERENCE),
    probe("features:conference_block", CONFS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200), method="post", data=CONF_BLOCK),
    probe("features:conference_block", CONFS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:conference", CONF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:conference", CONF,
          (L,    404,  404,  404,  404,  CONF_LIST, 404, 404, CONF_LIST), method="post",
          data=edit_conference_form),
    probe("features:conference", (*HQ_ARGS, "bridge-hq@acme.example", "999999"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="unknown"),
    probe("features:conference_delete", CONF,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:conference_delete", CONF,
          (L,    404,  404,  404,  404,  CONF_LIST, 404, 404, CONF_LIST), method="post"),
    probe("features:conference_delegates", CONF,
          (L,    404,  404,  404,  404,  Redirect("features:conference", CONF, "#delegates"),
           404,  404,  Redirect("features:conference", CONF, "#delegates")), method="post",
          data=REMOVE_DELEGATE),
    probe("features:conference_recordings", CONF,
          (L,    404,  404,  404,  404,  Redirect("features:conference", CONF, "#recordings"),
           404,  404,  Redirect("features:conference", CONF, "#recordings")), method="post",
          data=RECORDING),
    probe("features:conference_recordings", CONF,
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:conference_greeting", CONF,
          (L,    404,  404,  404,  404,  Redirect("features:conference", CONF, "#greeting"),
           404,  404,  Redirect("features:conference", CONF, "#greeting")), method="post",
          data=GREETING),
    probe("features:my_conferences", (),
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_conference_new", (),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data=NEW_CONFERENCE),
    probe("features:my_conference_block", (),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post", data=CONF_BLOCK),
    probe("features:my_conference", MY_CONF,
          (L,    404,  404,  404,  404,  404,  404,  404,  404)),
    probe("features:my_conference_delete", MY_CONF,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post"),
    probe("features:my_conference_delegates", MY_CONF,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data=REMOVE_DELEGATE),
    probe("features:my_conference_recordings", MY_CONF,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post", data=RECORDING),
    probe("features:my_conference_greeting", MY_CONF,
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post", data=GREETING),
    # An agent's call centers: staff in scope; the user themself once the tenant allows it (not
    # by default: tests/features/test_agent_call_centers.py opens them then). user00001 is no
    # agent of cc-helpdesk: its switch answers 404 to everyone.
    probe("features:agent_call_centers", HQ_ARGS,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("features:agent_call_centers", HQ_ARGS,
          (L,    405,  405,  405,  405,  405,  405,  405,  405), method="post"),
    probe("features:agent_availability", (*HQ_ARGS, OWN_CALL_CENTER),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data={"available": "false"}),
    probe("features:agent_availability", (*HQ_ARGS, OWN_CALL_CENTER),
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    probe("features:my_agent_call_centers", (),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="not-allowed"),
    probe("features:my_agent_availability", (OWN_CALL_CENTER,),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), method="post",
          data={"available": "false"}, label="not-allowed"),
    probe("features:my_agent_availability", (OWN_CALL_CENTER,),
          (L,    405,  405,  405,  405,  405,  405,  405,  405)),
    # Staff supervise nobody, yet see every call center in scope (the admin: all of them): they
    # choose a tenant and a group, as a supervisor's own address names neither. Each one's
    # chooser lists what is in their scope, none at all for the helpdesk of another tenant.
    probe("supervision:call_center_list", (),
          (L,    404,  404,  OWN_AGENTS, SALES_AGENTS, 200, 200, 200, 200)),
    probe("supervision:agent_list", (OWN_CALL_CENTER,),
          (L,    404,  404,  200,  404,  AGENTS, AGENTS, AGENTS, AGENTS)),
    probe("supervision:agent_export", (OWN_CALL_CENTER,),
          (L,    404,  404,  200,  404,  AGENTS, AGENTS, AGENTS, AGENTS)),
    probe("supervision:group", HQ_GROUP,
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("supervision:call_center", (*HQ_GROUP, OWN_CALL_CENTER),
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("supervision:call_center", (*HQ_GROUP, "cc-nope@acme.example"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="unknown"),
    probe("supervision:call_center_export", (*HQ_GROUP, OWN_CALL_CENTER),
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("supervision:call_center_export", (*HQ_GROUP, "cc-nope@acme.example"),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="unknown"),
    # Who a supervisor supervises: changed by the helpdesk of the group and the admin only.
    probe("supervision:supervisor_agents", (*HQ_GROUP, OWN_CALL_CENTER, SUPERVISOR_ID),
          (L,    404,  404,  404,  404,  200,  404,  404,  200)),
    probe("supervision:supervisor_agents", (*HQ_GROUP, OWN_CALL_CENTER, SUPERVISOR_ID),
          (L,    404,  404,  404,  404,
           Redirect("supervision:supervisor_agents", (*HQ_GROUP, OWN_CALL_CENTER, SUPERVISOR_ID)),
           404,  404,
           Redirect("supervision:supervisor_agents", (*HQ_GROUP, OWN_CALL_CENTER, SUPERVISOR_ID))),
          method="post", data={"remove": "user00009@acme.example"}),
    probe("supervision:supervisor_agents", (*HQ_GROUP, OWN_CALL_CENTER, OTHER_SUPERVISOR_ID),
          (L,    404,  404,  404,  404,  404,  404,  404,  404), label="not-its-supervisor"),
    probe("gallery:definition_list", (),
          (L,    404,  404,  404,  404,  404,  404,  404,  200)),
    probe("gallery:definition_form", ("call_forwarding", "PUT"),
          (L,    404,  404,  404,  404,  404,  404,  404,  200)),
    probe("gallery:definition_form", ("call_forwarding", "PUT"),
          (L,    404,  404,  404,  404,  404,  404,  404,  200), method="post", data=GALLERY),
    probe("gallery:definition_block", ("call_forwarding", "PUT"),
          (L,    404,  404,  404,  404,  404,  404,  404,  200), method="post", data=BLOCK),
    probe("gallery:definition_block", ("call_forwarding", "PUT"),
          (L,    404,  404,  404,  404,  404,  404,  404,  405)),
    probe("gallery:definition_row", ("devices_to_ring", "POST"),
          (L,    404,  404,  404,  404,  404,  404,  404,  200), data=ROW_QUERY),
    probe("gallery:definition_row", ("devices_to_ring", "POST"),
          (L,    404,  404,  404,  404,  404,  404,  404,  200), method="delete"),
    probe("gallery:definition_row", ("devices_to_ring", "POST"),
          (L,    404,  404,  404,  404,  404,  404,  404,  405), method="post"),
)
# fmt: on

MATRIX = [
    pytest.param(p, case, id=f"{p.id}-{case}") for p in PROBES for case in CASES
]  # fmt: skip


# -- the URL configuration -------------------------------------------------------------------


def url_names(resolver=None, namespace: tuple[str, ...] = ()) -> set[str]:
    """Every named URL pattern, as namespace:name, found by walking the URL configuration."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(":".join((*namespace, pattern.name)))
    return names


def test_every_url_has_a_rule():
    # The API's addresses follow these rules in tests/api/test_permission_matrix.py.
    portal_urls = {name for name in url_names() if not name.startswith(("admin:", "api:"))}
    assert {p.name for p in PROBES} == portal_urls


def test_the_walk_finds_the_admin_site():
    # The admin namespace is left to one rule below; it must be there to be left out.
    assert "admin:index" in url_names()


# -- asking ------------------------------------------------------------------------------------


@pytest.fixture
def quick_health(settings):
    # No Celery worker runs here: the broker ping would wait its whole timeout for nobody.
    settings.HEALTH_CHECK_TIMEOUT_SECONDS = 0.05


@pytest.fixture
def helpdesk_in(db):
    return helpdesk("hd-acme", "acme")


@pytest.fixture
def change(helpdesk_in):
    # Inside the test's transaction the change is never handed to the broker: nothing is sent.
    return submit_change(helpdesk_in, forwarding_request())


@pytest.fixture
def changes(change, helpdesk_in) -> dict:
    """The changes the table's placeholders stand for."""
    return {CHANGE: change, VM_CHANGE: submit_change(helpdesk_in, voice_messaging_request())}


def fill(args: tuple, changes) -> list:
    if isinstance(changes, PendingChange):
        changes = {CHANGE: changes}
    return [changes[arg].pk if arg in (CHANGE, VM_CHANGE) else arg for arg in args]


def send(client, p: Probe, change):
    url = reverse(p.name, args=fill(p.args, change))
    data = p.data() if callable(p.data) else p.data
    request = getattr(client, p.method)
    return request(url) if data is None else request(url, data)


def check(response, expected, change) -> None:
    status, location = response.status_code, response.get("Location", "")
    got = f"answered {status} {location}".strip()
    if isinstance(expected, SignIn):
        assert status == 302 and location.startswith(f"{reverse('accounts:login')}?next="), got
    elif isinstance(expected, Public):
        assert status in (200, 503) and response["Content-Type"] == "application/json", got
    elif isinstance(expected, Redirect):
        target = reverse(expected.name, args=fill(expected.args, change)) + expected.fragment
        assert (status, location) == (302, target), got
    else:
        assert status == expected, got


@pytest.mark.parametrize(("p", "case"), MATRIX)
def test_answer(client, apio_read_only, quick_health, helpdesk_in, changes, p, case):
    person = make_person(case, apio_read_only, helpdesk_in)
    if person is not None:
        client.force_login(person)
    expected = p.answers[CASES.index(case)]
    check(send(client, p, changes), expected, changes)


@pytest.mark.parametrize("case", CASES)
def test_admin_site_is_for_the_platform_admin_only(client, apio_read_only, helpdesk_in, case):
    person = make_person(case, apio_read_only, helpdesk_in)
    if person is not None:
        client.force_login(person)
    response = client.get("/admin/")
    if case == "admin":
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


# -- what lists show -------------------------------------------------------------------------


def change_link(change) -> str:
    return reverse("changes:change_detail", args=[change.pk])


# Each list page, how it is asked, and what on it shows that user00001 or their change is
# there (not the bare user id on HTML pages: the header names an end user by it).
LISTS = {
    "changes": ("changes:change_list", {}, change_link),
    "audit": ("accounts:audit_list", {}, change_link),
    "audit-csv": ("accounts:audit_export", {}, lambda change: HQ_USER.user_id),
    "search": (
        "directory:user_search",
        {"q": HQ_USER.user_id},
        lambda change: reverse("directory:user_detail", args=HQ_ARGS),
    ),
}
SEES_HQ_USER = {
    "changes": {"end_user_own": True, "end_user_other": False, "supervisor_own": False,
                "helpdesk_in": True, "helpdesk_out_group": False, "helpdesk_out_tenant": False,
                "admin": True},
    "audit": {"helpdesk_in": True, "helpdesk_out_group": False, "helpdesk_out_tenant": False,
              "admin": True},
    "search": {"helpdesk_in": True, "helpdesk_out_group": False, "helpdesk_out_tenant": False,
               "admin": True},
}  # fmt: skip
SEES_HQ_USER["audit-csv"] = SEES_HQ_USER["audit"]


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize(
    ("page", "case", "sees"),
    [(page, case, sees) for page, cases in SEES_HQ_USER.items() for case, sees in cases.items()],
)
def test_lists_show_only_what_is_in_scope(
    client, apio_read_only, helpdesk_in, change, page, case, sees
):
    person = make_person(case, apio_read_only, helpdesk_in)
    client.force_login(person)
    name, query, marker = LISTS[page]
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert (marker(change) in body_of(response)) is sees


# -- where the user lives --------------------------------------------------------------------
# Scopes are checked against the tenant and group a URL names; the portal must also make sure
# the user lives there, or a URL naming a group of the person's scope would reach anyone.

CLAIMED_IN_SALES = ("acme", "acme-sales", HQ_USER.user_id)  # user00001 lives in acme-hq


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_section_of_a_user_not_in_the_named_group_is_not_found(
    client, apio_read_only, db, method
):
    client.force_login(helpdesk("hd-sales", "acme", "acme-sales"))
    url = reverse("features:section", args=[*CLAIMED_IN_SALES, "call-forwarding", "always"])

    response = client.get(url) if method == "get" else client.post(url, forward_always_form())

    assert response.status_code == 404
    assert not PendingChange.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("features:my_home"),
        reverse("features:my_feature", args=["call-forwarding"]),
        reverse("features:my_section", args=["call-forwarding", "always"]),
    ],
)
def test_own_portal_of_a_user_no_longer_in_their_group_is_not_found(
    client, apio_read_only, db, url
):
    # Linked at sign-in; since moved to another group (or deleted) on the platform.
    user = linked_user(apio_read_only, HQ_USER.user_id)
    user.apio_group_id = "acme-sales"
    user.save()
    client.force_login(user)
    client.raise_request_exception = False

    assert client.get(url).status_code == 404
