"""The demo dataset, generated deterministically from a seed and a user count.

The same (seed, users) always gives the same rows, so two fresh databases agree and tests can
name users. Landmarks the portal's demo relies on:
- user00001@acme.example: every service assigned, forwarding and voice messaging configured
  (group mail server), three announcements, and conference 012345 on bridge-hq@acme.example
  with user00002 as its delegate, two recordings and no greeting;
- user00002@acme.example, also in acme-hq: no Call Forwarding Always, voice messaging nor
  selective forwarding (the "not assigned" pages);
- user00003@acme.example: 50 selective forwarding criteria with schedules;
- supervisor1..3@acme.example: supervise 10, 200 and 2,000 agents (fewer when N is smaller).
- the agents' own call center settings: AGENT_SETTINGS (the Support line allows no log off).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

from portal.sandbox import catalog
from portal.sandbox.auth import hash_password
from portal.sandbox.demo_settings import (
    DOMAIN,
    GROUP_HOLIDAY_SCHEDULES,
    GROUP_TIME_SCHEDULES,
    TENANT_HOLIDAY_SCHEDULES,
    TENANT_TIME_SCHEDULES,
    USER_HOLIDAY_SCHEDULE,
    USER_TIME_SCHEDULE,
    SettingsFactory,
)

TENANT_ID, TENANT_NAME = "acme", "Acme Corp"
GROUPS = (("acme-hq", "Acme HQ"), ("acme-sales", "Acme Sales"), ("acme-support", "Acme Support"))
GROUP_WEIGHTS = ("acme-hq",) * 4 + ("acme-sales",) * 3 + ("acme-support",) * 3
DEFAULT_USER_PASSWORD = "user-demo-pass"  # noqa: S105 (the documented demo password)

FIRST_NAMES = (
    "Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jonas",
    "Katrien", "Lucas", "Marie", "Nathan", "Olivia", "Pieter", "Quentin", "Rania", "Sofia",
    "Thomas", "Ulla", "Victor", "Wout", "Xavier", "Yasmine", "Zoé", "Amir", "Bart", "Claire",
    "Dirk", "Elise", "Filip", "Greet", "Hanne", "Ivan", "Julie", "Koen", "Laura", "Mehdi", "Nora",
)  # fmt: skip
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Simon", "Laurent",
    "Lefebvre", "Van Damme", "Hermans", "Michiels", "Smets", "Desmet", "Renard", "Lemaire",
    "Aerts", "Vermeulen", "Pauwels", "Cools", "Baert", "Doe", "Nguyen", "El Amrani", "Rossi",
    "Garcia", "Kowalski", "Schmidt", "Moreau", "Fontaine", "Thys",
)  # fmt: skip
DEPARTMENTS = ("Sales", "Support", "Engineering", "Finance", "Marketing", "Operations", "HR", "")

# (service user id, name, type, group, agent count); supervisorK supervises the K-th.
CALL_CENTERS = (
    (f"cc-helpdesk@{DOMAIN}", "Helpdesk", "Basic", "acme-hq", 10),
    (f"cc-sales@{DOMAIN}", "Sales line", "Standard", "acme-sales", 200),
    (f"cc-support@{DOMAIN}", "Support line", "Premium", "acme-support", 2000),
)
SUPERVISORS = tuple(f"supervisor{k}@{DOMAIN}" for k in (1, 2, 3))
# How each call center takes its agents (a user's own call center settings, contract §5.9):
# their priority, whether they may log off (make themselves unavailable), and a skill level for
# the Premium one. Every agent starts available. With 60 users, user00009 (acme-hq) is an agent
# of all three; with 20,000, user05661 of the Helpdesk and the Support line.
AGENT_SETTINGS = {
    f"cc-helpdesk@{DOMAIN}": {"priority": "1.0", "logOffAllowed": True},
    f"cc-sales@{DOMAIN}": {"priority": "5.0", "logOffAllowed": True},
    f"cc-support@{DOMAIN}": {"priority": "2.0", "logOffAllowed": False, "skillLevel": "5"},
}
# (bridge id, name, group, ports or None for unlimited)
BRIDGES = (
    (f"bridge-hq@{DOMAIN}", "Acme HQ bridge", "acme-hq", 20),
    (f"bridge-board@{DOMAIN}", "Board bridge", "acme-hq", None),
    (f"bridge-sales@{DOMAIN}", "Sales bridge", "acme-sales", 10),
    (f"bridge-support@{DOMAIN}", "Support bridge", "acme-support", 30),
)
CONFERENCE_COUNT = 200
# user00001's conference on the HQ bridge, named by the contract's examples. Its id lies below
# the range the others are drawn from, so it never collides with them.
DEMO_CONFERENCE = (f"bridge-hq@{DOMAIN}", "012345")
# Its delegate (user00002, also in acme-hq) and its recordings: (start time, kilobytes).
DEMO_DELEGATE_INDEX = 2
DEMO_RECORDINGS = (
    ("2026-11-02T09:30:00.000+01:00", 2048),
    ("2026-11-09T09:30:00.000+01:00", 1536),
)
# Supervisors' own services; the agents among them get Call Center - Standard as well.
SUPERVISOR_SERVICES = {catalog.CALL_CENTER, catalog.CFA, "Call Waiting", "Authentication"}
BASE_TIME = datetime.fromisoformat("2026-01-05T09:00:00.000+01:00")


def user_id(index: int) -> str:
    return f"user{index:05d}@{DOMAIN}"


# The periods of a user's own schedules: weekdays 08:00-18:00, and two holidays.
OFFICE_HOURS_PERIODS = [
    {"name": f"{day} office", "type": "Day of the week", "dayOfWeek": day,
     "startTime": "08:00", "stopTime": "18:00", "active": True}
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
]  # fmt: skip
HOLIDAY_PERIODS = [
    {"name": "Summer", "startDate": "2026-07-20", "stopDate": "2026-08-07"},
    {"name": "Christmas", "startDate": "2026-12-24", "stopDate": "2026-12-31"},
]


def _weekdays(start: str, stop: str, days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")):
    return [
        {"name": f"{day} {start}", "type": "Day of the week", "dayOfWeek": day,
         "startTime": start, "stopTime": stop, "active": True}
        for day in days
    ]  # fmt: skip


def _days(*named: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"name": name, "startDate": first, "stopDate": last} for name, first, last in named]


# The periods of the groups' and the tenant's schedules, by (kind, name).
SHARED_PERIODS = {
    ("time", "Office hours"): _weekdays("08:30", "17:30"),
    ("time", "Lunch break"): _weekdays("12:00", "13:00"),
    ("time", "Weekend"): _weekdays("00:00", "23:59", ("Saturday", "Sunday")),
    ("holiday", "Belgian holidays"): _days(
        ("New Year", "2026-01-01", "2026-01-01"),
        ("Easter Monday", "2026-04-06", "2026-04-06"),
        ("Labour Day", "2026-05-01", "2026-05-01"),
        ("National Day", "2026-07-21", "2026-07-21"),
        ("Armistice", "2026-11-11", "2026-11-11"),
        ("Christmas", "2026-12-25", "2026-12-25"),
    ),
    ("time", "Acme business hours"): _weekdays("08:00", "18:00"),
    ("time", "Acme night service"): _weekdays("00:00", "08:00") + _weekdays("18:00", "23:59"),
    ("holiday", "Acme closing days"): _days(("Year end", "2026-12-28", "2026-12-31")),
}


class _Builder:
    def __init__(self, seed: int, count: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not secrets)
        self.count = count
        self.tables: dict[str, list[tuple]] = {}
        self.settings = SettingsFactory(self.rng)

    def add(self, table: str, *row: Any) -> None:
        self.tables.setdefault(table, []).append(row)

    def doc(self, uid: str, kind: str, body: dict) -> None:
        self.add("documents", uid, kind, json.dumps(body))

    def phone(self) -> str:
        return self.settings.phone()

    # ------------------------------------------------------------------ directory

    def directory(self) -> list[dict[str, Any]]:
        self.add("tenants", TENANT_ID, TENANT_NAME)
        for group_id, name in GROUPS:
            self.add("groups", TENANT_ID, group_id, name)
        rng, people = self.rng, []
        numbers = rng.sample(range(10**6), self.count + len(SUPERVISORS))
        for index in range(1, self.count + len(SUPERVISORS) + 1):
            if index <= self.count:
                uid = user_id(index)
                group = "acme-hq" if index == 1 else rng.choice(GROUP_WEIGHTS)
                if index == 2:
                    # Drawn all the same, so that the other users stay as the seed makes them.
                    group = "acme-hq"
            else:
                uid = SUPERVISORS[index - self.count - 1]
                group = CALL_CENTERS[index - self.count - 1][3]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            slug = f"{first}.{last}".lower().replace(" ", "").replace("é", "e").replace("è", "e")
            email = f"{slug}.{index}@{DOMAIN}"
            person = {"uid": uid, "index": index, "group": group, "email": email}
            self.add(
                "users", uid, TENANT_ID, group, first, last, f"+3225{numbers[index - 1]:06d}",
                str(1000 + index), email, rng.choice(DEPARTMENTS),
                hash_password(uid, DEFAULT_USER_PASSWORD),
                uid.lower(), first.lower(), last.lower(), email.lower(),
            )  # fmt: skip
            people.append(person)
        return people

    def schedules(self, people: list[dict[str, Any]]) -> None:
        # Every schedule comes with its periods (contract §5.7).
        owners = [("Group", group_id) for group_id, _ in GROUPS]
        for level, owner in [*owners, ("Tenant", TENANT_ID)]:
            time, holiday = (
                (GROUP_TIME_SCHEDULES, GROUP_HOLIDAY_SCHEDULES)
                if level == "Group"
                else (TENANT_TIME_SCHEDULES, TENANT_HOLIDAY_SCHEDULES)
            )
            for kind, name in [*(("time", n) for n in time), *(("holiday", n) for n in holiday)]:
                self.add("schedules", level, owner, kind, name)
                body = json.dumps(SHARED_PERIODS.get((kind, name), []))
                self.add("schedule_periods", level, owner, kind, name, body)
        for person in people:
            person["own_schedules"] = person["index"] <= 3 or self.rng.random() < 0.1
            if person["own_schedules"]:
                self.add("schedules", "User", person["uid"], "time", USER_TIME_SCHEDULE)
                self.add("schedules", "User", person["uid"], "holiday", USER_HOLIDAY_SCHEDULE)
                for kind, name, periods in (
                    ("time", USER_TIME_SCHEDULE, OFFICE_HOURS_PERIODS),
                    ("holiday", USER_HOLIDAY_SCHEDULE, HOLIDAY_PERIODS),
                ):
                    body = json.dumps(periods)
                    self.add("schedule_periods", "User", person["uid"], kind, name, body)

    def user_services(self, person: dict[str, Any], services: set[str]) -> None:
        for name in sorted(services):
            self.add("user_services", person["uid"], name)
        for kind, body in self.settings.documents(person, services).items():
            self.doc(person["uid"], kind, body)

    # ------------------------------------------------------------------ meet-me, call centers

    def meet_me(self, hosts: list[dict[str, Any]]) -> None:
        rng = self.rng
        for bridge_id, name, group, ports in BRIDGES:
            extension = str(900 + len(self.tables.get("bridges", [])))
            self.add(
                "bridges", bridge_id, TENANT_ID, group, name, self.phone(), extension, ports, 1
            )
        if not hosts:
            return
        ids = iter(rng.sample(range(100000, 1000000), CONFERENCE_COUNT))
        kinds = ("Reservationless", "One Time", "Daily", "Weekly", "MonthlyByDay", "YearlyByWeek")
        for k in range(CONFERENCE_COUNT):
            host = hosts[0] if k < 5 else rng.choice(hosts)
            bridges = [b for b in BRIDGES if b[2] == host["group"]]
            bridge_id, _, _, ports = rng.choice(bridges)
            start = BASE_TIME + timedelta(days=rng.randint(-30, 90), hours=rng.randint(0, 8))
            limit = ports or 50
            body = {
                "title": f"{rng.choice(('Weekly', 'Project', 'Team', 'Customer', 'Board'))} "
                f"meeting {k + 1}",
                "estimatedParticipants": rng.randint(2, limit),
                "restrictParticipants": False,
                "maxParticipants": limit,
                "accountCode": "",
                "muteAllAttendeesOnEntry": rng.random() < 0.3,
                "endConferenceOnModeratorExit": rng.random() < 0.5,
                "moderatorRequired": rng.random() < 0.5,
                "requireSecurityPin": rng.random() < 0.3,
                "allowUniqueIdentifier": False,
                "attendeeNotification": rng.choice(
                    ("Play Tone", "Play Recorded Name", "No Notification")
                ),
                "conferenceSchedule": conference_schedule(kinds[k % len(kinds)], start),
                "moderatorPin": f"{rng.randrange(10**6):06d}",
                "hostTimeZone": "Europe/Brussels",
                "status": rng.choice(("active",) * 16 + ("inactive",) * 3 + ("expired",)),
            }
            if body["requireSecurityPin"]:
                body["securityPin"] = f"{rng.randrange(10**4):04d}"
            conference_id = str(next(ids))
            if k == 0:
                # Replaced after the draws, so the rest of the data stays as the seed makes it.
                (bridge_id, conference_id), body = DEMO_CONFERENCE, demo_conference()
            self.add("conferences", bridge_id, conference_id, host["uid"], json.dumps(body))
        self.demo_conference_parts()

    def demo_conference_parts(self) -> None:
        """The demo conference's delegate and recordings (no draws: the seed's data stays)."""
        bridge_id, conference_id = DEMO_CONFERENCE
        if self.count >= DEMO_DELEGATE_INDEX:
            delegate = user_id(DEMO_DELEGATE_INDEX)
            self.add("conference_delegates", bridge_id, conference_id, 0, delegate)
        title = demo_conference()["title"]
        for start, size in DEMO_RECORDINGS:
            self.add("conference_recordings", bridge_id, conference_id, start, title, size)

    def call_centers(self, people: list[dict[str, Any]]) -> None:
        agents_pool = [p["uid"] for p in people[: self.count]]
        supervisors = people[self.count :]
        for (cc_id, name, cc_type, group, count), supervisor in zip(
            CALL_CENTERS, supervisors, strict=True
        ):
            self.add("call_centers", cc_id, TENANT_ID, group, name, cc_type)
            self.add("cc_supervisors", cc_id, supervisor["uid"])
            for agent in sorted(self.rng.sample(agents_pool, min(count, len(agents_pool)))):
                self.add("cc_agents", cc_id, agent)
                self.add("cc_supervised", cc_id, supervisor["uid"], agent)


def demo_conference() -> dict[str, Any]:
    return {
        "title": "Weekly",
        "estimatedParticipants": 5,
        "restrictParticipants": False,
        "maxParticipants": 20,
        "accountCode": "",
        "muteAllAttendeesOnEntry": False,
        "endConferenceOnModeratorExit": False,
        "moderatorRequired": False,
        "requireSecurityPin": False,
        "allowUniqueIdentifier": False,
        "attendeeNotification": "Play Tone",
        "conferenceSchedule": conference_schedule("Reservationless", BASE_TIME),
        "moderatorPin": "246810",
        "hostTimeZone": "Europe/Brussels",
        "status": "active",
    }


def conference_schedule(kind: str, start: datetime) -> dict[str, Any]:
    """A conferenceSchedule object of one kind, as meet_me_conference_schedule defines it."""
    start_text = start.isoformat(timespec="milliseconds")
    duration = {"hours": 1, "minutes": 0}
    if kind == "Reservationless":
        return {"scheduleReservationless": {"startTime": start_text}}
    if kind == "One Time":
        return {"scheduleOneTime": {"startTime": start_text, "duration": duration}}
    recurrence: dict[str, Any] = {
        "Daily": {"recurDaily": {"recurInterval": 1}, "recurForEver": True},
        "Weekly": {
            "recurWeekly": {
                "recurInterval": 1,
                **{day: day in ("Monday", "Thursday") for day in WEEKDAYS},
            },
            "recurEndOccurrence": 10,
        },
        "MonthlyByDay": {
            "recurMonthlyByDay": {"recurInterval": 1, "dayOfMonth": start.day},
            "recurEndDate": (start + timedelta(days=365)).date().isoformat(),
        },
        "YearlyByWeek": {
            "recurYearlyByWeek": {
                "recurInterval": 1,
                "dayOfWeek": "Monday",
                "dayOfWeekInMonth": "First",
                "month": "March",
            },
            "recurForEver": True,
        },
    }[kind]
    return {
        "scheduleRecurring": {
            "startTime": start_text,
            "duration": duration,
            "recurrence": recurrence,
        }
    }


WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def generate(seed: int, users: int) -> dict[str, list[tuple]]:
    """Every table's rows for (seed, users): the state /sandbox/reset/ restores."""
    builder = _Builder(seed, users)
    people = builder.directory()
    builder.schedules(people)
    hosts = []
    for person in people:
        supervisor = person["index"] > users
        services = SUPERVISOR_SERVICES if supervisor else builder.settings.services_of(person)
        builder.user_services(person, services)
        if catalog.MEET_ME in services:
            hosts.append(person)
    builder.meet_me(hosts)
    builder.call_centers(people)
    agents = {agent for _, agent in builder.tables.get("cc_agents", [])}
    assigned = set(builder.tables["user_services"])
    for agent in sorted(agents):
        if (agent, catalog.CALL_CENTER) not in assigned:
            builder.add("user_services", agent, catalog.CALL_CENTER)
    return builder.tables
