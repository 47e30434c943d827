"""An end user's home: where their calls go now, the one-tap switches, and links to the rest."""

import contextlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.apio.client import get_client
from portal.apio.paths import criteria_list, user_schedules, user_service
from portal.changes.models import ChangeStatus, PendingChange
from portal.features.home import CallsState, RuleState, calls_sentence, schedule_ref
from portal.features.schedule_times import Schedule, applies_at
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES
from tests.processes import wait_for

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BRUSSELS)
SUNDAY_10 = datetime(2026, 11, 29, 10, 0, tzinfo=BRUSSELS)
HOME = reverse("features:my_home")
DND_SWITCH = reverse("features:my_switch", args=["do-not-disturb", "settings"])
FORWARD_ALL_SWITCH = reverse("features:my_switch", args=["call-forwarding", "always"])


def weekly(day: str, start: str, stop: str) -> dict:
    return {"name": f"{day} {start}", "type": "Day of the week", "dayOfWeek": day,
            "startTime": start, "stopTime": stop, "active": True}  # fmt: skip


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in Brussels, in the week of Monday 30 November 2026 (day 30 to 6 December)."""
    month, day = (11, day) if day >= 30 else (12, day)
    return datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


# -- when a rule applies ----------------------------------------------------------------------


def test_a_rule_without_schedules_applies_at_any_time():
    assert applies_at(SUNDAY_10) is True


def test_a_weekday_period_holds_on_its_day_and_hours_only():
    office = Schedule("Office", periods=(weekly("Monday", "08:00", "18:00"),))
    assert applies_at(MONDAY_10, time=office) is True
    assert applies_at(at(30, 18, 0), time=office) is False  # the stop is not in the period
    assert applies_at(at(30, 7, 59), time=office) is False
    assert applies_at(SUNDAY_10, time=office) is False


def test_a_period_across_midnight_holds_into_the_next_morning():
    # As one period whose stop comes before its start, or as two that meet at midnight.
    night = Schedule("Night", periods=(weekly("Monday", "22:00", "06:00"),))
    split = Schedule(
        "Night", periods=(weekly("Monday", "22:00", "23:59"), weekly("Tuesday", "00:00", "06:00"))
    )
    for schedule in (night, split):
        assert applies_at(at(30, 23, 59), time=schedule) is True
        assert applies_at(at(1, 0, 30), time=schedule) is True  # Tuesday, half past midnight
        assert applies_at(at(1, 6, 0), time=schedule) is False
        assert applies_at(at(30, 21, 59), time=schedule) is False
        assert applies_at(at(2, 1, 0), time=schedule) is False  # Wednesday night: not Monday's


def test_a_day_of_the_month_period():
    first = Schedule("First", periods=({"type": "Day of the month", "dayOfMonth": 1,
                                         "startTime": "00:00", "stopTime": "23:59"},))  # fmt: skip
    assert applies_at(at(1, 12), time=first) is True
    assert applies_at(at(2, 12), time=first) is False


def test_a_holiday_schedule_narrows_the_rule_to_its_holidays():
    # "Forward on public holidays": the rule applies on the schedule's days, and only then.
    office = Schedule("Office", periods=(weekly("Monday", "08:00", "18:00"),))
    holidays = Schedule(
        "Holidays", periods=({"startDate": "2026-11-27", "stopDate": "2026-11-30"},)
    )
    assert applies_at(MONDAY_10, holiday=holidays) is True  # its last day counts
    assert applies_at(at(1, 10), holiday=holidays) is False
    assert applies_at(at(26, 10), holiday=holidays) is False
    # With a time schedule too, both must hold.
    assert applies_at(MONDAY_10, time=office, holiday=holidays) is True
    assert applies_at(at(30, 19), time=office, holiday=holidays) is False
    tuesday_off = Schedule("Tuesday off", periods=({"startDate": "2026-12-01"},))
    assert applies_at(MONDAY_10, time=office, holiday=tuesday_off) is False
    assert applies_at(at(1, 10), holiday=tuesday_off) is True  # a one-day holiday


def test_unread_periods_leave_it_unknown_unless_the_other_schedule_decides():
    unread = Schedule("Evenings")
    office = Schedule("Office", periods=(weekly("Monday", "08:00", "18:00"),))
    holidays = Schedule("Holidays", periods=({"startDate": "2026-11-30"},))
    assert applies_at(MONDAY_10, time=unread) is None
    assert applies_at(MONDAY_10, holiday=Schedule("Holidays")) is None
    assert applies_at(MONDAY_10, time=office, holiday=Schedule("Holidays")) is None
    assert applies_at(SUNDAY_10, time=office, holiday=Schedule("Holidays")) is False
    assert applies_at(MONDAY_10, time=unread, holiday=holidays) is None
    assert applies_at(at(1, 10), time=unread, holiday=holidays) is False


def test_a_rules_schedule_is_read_in_either_form_apio_gives():
    assert schedule_ref("Lunch break(Group)") == ("Lunch break", "Group")
    assert schedule_ref({"name": "My holidays"}) == ("My holidays", "User")
    assert schedule_ref("None") is None and schedule_ref(None) is None


# -- the sentence -----------------------------------------------------------------------------

EVENINGS = "0470 12 34 56"


def said(state: CallsState) -> str:
    """The sentence, its numbers' unbreakable spaces read as spaces."""
    return calls_sentence(state).replace("\N{NO-BREAK SPACE}", " ")


def test_a_number_is_never_broken_across_lines():
    assert "0470\N{NO-BREAK SPACE}99\N{NO-BREAK SPACE}88\N{NO-BREAK SPACE}77." in (
        calls_sentence(CallsState(busy="0470 99 88 77"))
    )


def test_the_sentence_for_ringing_with_forwarding_when_busy():
    state = CallsState(busy="0470 99 88 77")
    assert said(state) == (
        "Your calls ring on your phone. When you are busy they go to 0470 99 88 77."
    )


def test_the_sentence_for_do_not_disturb():
    assert said(CallsState(dnd=True, busy="0470 99 88 77")) == (
        "Do not disturb is on: calls go to voicemail."
    )
    assert said(CallsState(dnd=True, voicemail=False)) == (
        "Do not disturb is on: callers hear a busy signal."
    )


def test_the_sentence_for_forward_always():
    assert said(CallsState(always=EVENINGS, dnd=True)) == (f"All your calls go to {EVENINGS}.")


def test_the_sentence_names_a_rule_that_applies_now_and_not_one_that_does_not():
    now = RuleState("Evenings", EVENINGS, applies=True)
    later = RuleState("Lunch", "0470 00 00 01", applies=False)
    assert said(CallsState(rules=(now, later))) == (
        f"Rule “Evenings” forwards calls now to {EVENINGS}. Other calls ring on your phone."
    )
    assert said(CallsState(rules=(later,))) == "Your calls ring on your phone."


def test_the_sentence_does_not_guess_when_a_schedule_cannot_be_read():
    unknown = RuleState("Evenings", EVENINGS, applies=None, during="Evenings")
    assert said(CallsState(rules=(unknown,))) == (
        "Your calls ring on your phone. "
        f"Rule “Evenings” forwards calls to {EVENINGS} during its schedule “Evenings”."
    )


def test_the_sentence_names_an_unread_holiday_schedule_as_the_days_the_rule_holds():
    holidays = RuleState("Closed", EVENINGS, applies=None, on_holidays="Belgian holidays")
    assert said(CallsState(rules=(holidays,))) == (
        "Your calls ring on your phone. "
        f"Rule “Closed” forwards calls to {EVENINGS} on the holidays of “Belgian holidays”."
    )
    both = RuleState("Closed", "", applies=None, during="Office", on_holidays="Belgian holidays")
    assert said(CallsState(rules=(both,))) == (
        "Your calls ring on your phone. Rule “Closed” keeps calls from being forwarded "
        "during its schedule “Office” on the holidays of “Belgian holidays”."
    )


# -- the page, against the sandbox ------------------------------------------------------------


def on_platform(apio, method: str, path: str, payload: dict | None = None) -> None:
    with contextlib.closing(apio.client()) as client:
        client.request(method, path, json=payload).raise_for_status()


def read_platform(apio, path: str) -> dict:
    with contextlib.closing(apio.client()) as client:
        return client.get(path).json()


def quiet_line(apio) -> None:
    """Nothing forwarded, Do not disturb off, no selective forwarding."""
    for code in ("cfa", "cfb", "cfna", "cfnr"):
        on_platform(apio, "PUT", user_service(ALL_SERVICES, code), {"active": False})
    on_platform(apio, "PUT", user_service(ALL_SERVICES, "dnd"), {"active": False})
    cfs = user_service(ALL_SERVICES, "call_forwarding_selective")
    on_platform(apio, "PUT", cfs, {"active": False})


def sentence(html: str) -> str:
    match = re.search(r'<p class="calls-now-sentence">(.*?)</p>', html, re.S)
    assert match, "no sentence"
    return " ".join(match.group(1).replace("\N{NO-BREAK SPACE}", " ").split())


def allow(*features: str) -> None:
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": list(features)}
    )


def snapshot_for(html: str, switch_url: str) -> str:
    return re.search(rf'action="{switch_url}".*?name="_snapshot" value="([^"]+)"', html, re.S)[1]


@pytest.fixture
def end_user(apio, client, db):
    allow("call-forwarding", "do-not-disturb")
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    quiet_line(apio)
    return client


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def add_rule(apio, name: str, schedule: dict | None, holidays: dict | None = None) -> None:
    """A selective forwarding rule of its own, on and alone, forwarding to 0470 12 34 56."""
    cfs = user_service(ALL_SERVICES, "call_forwarding_selective")
    old = [{"name": rule["name"], "delete": True} for rule in read_platform(apio, cfs)["criteria"]]
    on_platform(apio, "PUT", cfs, {"active": True, "criteria": old})
    rule = {
        "name": name, "active": True,
        "forwardToNumberSelection": "Forward To Specified Number",
        "forwardToPhoneNumber": "+32470123456",
        "fromDnCriteria": {"selection": "Any", "includeAnonymousCallers": False,
                           "includeUnavailableCallers": False, "phoneNumbers": []},
    }  # fmt: skip
    if schedule:
        rule["timeSchedule"] = schedule
    if holidays:
        rule["holidaySchedule"] = holidays
    on_platform(apio, "POST", criteria_list(ALL_SERVICES, "call_forwarding_selective"), rule)


@pytest.mark.integration
def test_the_page_says_where_calls_go_from_the_platform(apio, end_user):
    on_platform(apio, "PUT", user_service(ALL_SERVICES, "cfb"),
                {"active": True, "destination": "+32470998877"})  # fmt: skip
    html = end_user.get(HOME).content.decode()
    assert sentence(html) == (
        "Your calls ring on your phone. When you are busy they go to 0470 99 88 77."
    )
    on_platform(apio, "PUT", user_service(ALL_SERVICES, "dnd"), {"active": True})
    assert sentence(end_user.get(HOME).content.decode()) == (
        "Do not disturb is on: calls go to voicemail."
    )


@pytest.mark.integration
def test_a_rule_is_said_while_its_schedule_holds(apio, end_user, monkeypatch):
    # The user's own "My office hours": Monday to Friday, 08:00 to 18:00, read with its periods.
    periods = read_platform(apio, f"{user_schedules(ALL_SERVICES)}My%20office%20hours/")
    assert periods["name"] == "My office hours"
    add_rule(apio, "Office", {"name": "My office hours", "level": "User"})
    monkeypatch.setattr("portal.features.home.current_time", lambda: MONDAY_10)
    assert sentence(end_user.get(HOME).content.decode()) == (
        "Rule “Office” forwards calls now to 0470 12 34 56. Other calls ring on your phone."
    )
    monkeypatch.setattr("portal.features.home.current_time", lambda: SUNDAY_10)
    assert sentence(end_user.get(HOME).content.decode()) == "Your calls ring on your phone."


@pytest.mark.integration
def test_a_rule_with_the_groups_schedule_is_said_while_it_holds(apio, end_user, monkeypatch):
    # The group's "Office hours": Monday to Friday, 08:30 to 17:30.
    add_rule(apio, "Office", {"name": "Office hours", "level": "Group"})
    monkeypatch.setattr("portal.features.home.current_time", lambda: MONDAY_10)
    assert sentence(end_user.get(HOME).content.decode()) == (
        "Rule “Office” forwards calls now to 0470 12 34 56. Other calls ring on your phone."
    )
    monkeypatch.setattr("portal.features.home.current_time", lambda: at(30, 18))
    assert sentence(end_user.get(HOME).content.decode()) == "Your calls ring on your phone."


@pytest.mark.integration
def test_a_rule_with_a_holiday_schedule_applies_on_its_holidays(apio, end_user, monkeypatch):
    # The group's "Belgian holidays" hold Christmas Day, not the last day of November.
    add_rule(apio, "Holidays", None, {"name": "Belgian holidays", "level": "Group"})
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS)
    monkeypatch.setattr("portal.features.home.current_time", lambda: christmas)
    assert sentence(end_user.get(HOME).content.decode()) == (
        "Rule “Holidays” forwards calls now to 0470 12 34 56. Other calls ring on your phone."
    )
    monkeypatch.setattr("portal.features.home.current_time", lambda: MONDAY_10)
    assert sentence(end_user.get(HOME).content.decode()) == "Your calls ring on your phone."


@pytest.mark.integration
def test_a_rule_whose_periods_cannot_be_read_is_said_with_its_schedule(apio, end_user, monkeypatch):
    # A platform that names a schedule's periods without their days and hours.
    class NamesOnly:
        def get(self, path, query=None):
            answer = get_client().get(path, query)
            return {**answer, "periods": [{"name": p["name"]} for p in answer["periods"]]}

    monkeypatch.setattr("portal.features.home.get_client", NamesOnly)
    add_rule(apio, "Lunch", {"name": "Lunch break", "level": "Group"})
    assert sentence(end_user.get(HOME).content.decode()) == (
        "Your calls ring on your phone. "
        "Rule “Lunch” forwards calls to 0470 12 34 56 during its schedule “Lunch break”."
    )


@pytest.mark.integration
def test_the_dnd_switch_reaches_the_platform_through_the_worker(apio, end_user, celery_worker):
    html = end_user.get(HOME).content.decode()
    assert re.search(r'role="switch"\s+aria-checked="false"', html)
    data = {
        "_snapshot": snapshot_for(html, DND_SWITCH),
        "settings-active": "on",
    }
    response = end_user.post(DND_SWITCH, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = " ".join(response.content.decode().split())
    assert "Do not disturb: turning on." in body
    assert re.search(r'role="switch"\s+aria-checked="true"', body)
    change = PendingChange.objects.get()
    assert (change.method, change.payload) == ("PUT", {"active": True})
    assert change.path.endswith("/users/user00001@acme.example/services/dnd/")
    wait_for(
        lambda: PendingChange.objects.get(pk=change.pk).status == ChangeStatus.APPLIED,
        timeout=30,
        message="the switch's change was not applied in time",
    )
    assert read_platform(apio, user_service(ALL_SERVICES, "dnd"))["active"] is True
    # The page's refresh, once applied: the sentence read again.
    again = end_user.get(HOME, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="calls-now" hx-swap-oob="innerHTML"' in again
    assert "Do not disturb is on." in again  # its link's line too
    assert sentence(again).startswith("Do not disturb is on: ")


@pytest.mark.integration
def test_no_dnd_switch_where_the_tenant_does_not_allow_it(apio, end_user, no_broker):
    allow("call-forwarding")
    html = end_user.get(HOME).content.decode()
    assert DND_SWITCH not in html
    assert "Do not disturb" not in html
    response = end_user.post(DND_SWITCH, {"_snapshot": "x", "settings-active": "on"})
    assert response.status_code == 404
    assert not PendingChange.objects.exists()


@pytest.mark.integration
def test_forward_all_without_a_number_leads_to_the_form(apio, end_user, no_broker):
    on_platform(
        apio, "PUT", user_service(ALL_SERVICES, "cfa"), {"active": False, "destination": ""}
    )
    html = end_user.get(HOME).content.decode()
    assert FORWARD_ALL_SWITCH not in html
    form = reverse("features:my_feature", args=["call-forwarding"]) + "#section-always"
    assert f'class="switch-link" href="{form}"' in html


@pytest.mark.integration
def test_forward_all_turns_on_to_the_number_set(apio, end_user, no_broker):
    on_platform(apio, "PUT", user_service(ALL_SERVICES, "cfa"),
                {"active": False, "destination": "+32470123456"})  # fmt: skip
    html = end_user.get(HOME).content.decode()
    assert "Every call goes to 0470 12 34 56." in html
    snapshot = snapshot_for(html, FORWARD_ALL_SWITCH)
    response = end_user.post(FORWARD_ALL_SWITCH, {"_snapshot": snapshot, "always-active": "on"})
    assert (response.status_code, response.url) == (302, HOME)
    assert PendingChange.objects.get().payload == {"active": True}


@pytest.mark.integration
def test_a_switch_sends_its_state_alone(apio, end_user, no_broker):
    data = {"_snapshot": "x", "settings-active": "on", "settings-ringSplash": "on"}
    assert end_user.post(DND_SWITCH, data).status_code == 400
    assert not PendingChange.objects.exists()


@pytest.mark.integration
def test_the_links_lead_to_each_feature_with_its_state(apio, end_user):
    html = end_user.get(HOME).content.decode()
    for key in ("call-forwarding", "do-not-disturb"):
        assert f'href="{reverse("features:my_feature", args=[key])}"' in html
    assert "Calls are not forwarded." in html and "Do not disturb is off." in html


@pytest.mark.integration
def test_a_change_on_its_way_is_shown_in_the_status_region(apio, end_user, no_broker):
    html = end_user.get(HOME).content.decode()
    data = {"_snapshot": snapshot_for(html, DND_SWITCH), "settings-active": "on"}
    response = end_user.post(DND_SWITCH, data)  # without htmx: back home, the news with it
    assert (response.status_code, response.url) == (302, HOME)
    html = end_user.get(HOME).content.decode()
    status = html[html.index('id="home-status"') :]
    status = " ".join(status[: status.index("</section>")].split())
    assert "Do not disturb: turning on." in status and "Queued" in status
    change = PendingChange.objects.get()
    assert f"change-applied-{change.pk} from:body" in status
    # Not made yet: the sentence and the switch still say what the platform holds.
    assert not sentence(html).startswith("Do not disturb is on")
    assert re.search(r'role="switch"\s+aria-checked="false"', html)
