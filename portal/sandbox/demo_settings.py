"""One demo user's services and their settings, drawn from the dataset's random generator.

`SettingsFactory.documents` gives the JSON documents of the services a user has (document kind
-> body), varied enough for the portal's demo: forwarding on for some, voice messaging with
different options, selective criteria with schedules and caller lists.
"""

from __future__ import annotations

import random
from typing import Any

from portal.sandbox import catalog

DOMAIN = "acme.example"
GROUP_TIME_SCHEDULES = ("Office hours", "Lunch break", "Weekend")
GROUP_HOLIDAY_SCHEDULES = ("Belgian holidays",)
TENANT_TIME_SCHEDULES = ("Acme business hours", "Acme night service")
TENANT_HOLIDAY_SCHEDULES = ("Acme closing days",)
USER_TIME_SCHEDULE, USER_HOLIDAY_SCHEDULE = "My office hours", "My holidays"
CRITERIA_NAMES = ("office-hours", "vip", "lunch", "weekend", "family", "night", "boss")
# Share of users having each service (user00001 has them all).
SERVICE_SHARES = {
    catalog.VOICE_MESSAGING: 0.85, catalog.CFA: 0.9, catalog.CFB: 0.85, catalog.CFNA: 0.85,
    catalog.CFNR: 0.8, catalog.CFS: 0.9, catalog.SCR: 0.5, catalog.SCA: 0.2,
    catalog.PRIORITY_ALERT: 0.3, catalog.MEET_ME: 0.3, "Call Waiting": 0.95,
    "Busy Lamp Field": 0.4, "Do Not Disturb": 0.7, "Authentication": 1.0,
    "Calling Line ID Delivery Blocking": 0.5,
}  # fmt: skip
# Share of users with each forwarding switched on.
FORWARDING_SHARES = {"cfa": 0.1, "cfb": 0.15, "cfna": 0.2, "cfnr": 0.1}
Person = dict[str, Any]  # uid, index, group, email, own_schedules
ONE_SWITCH_KINDS = ("dnd", "call_waiting", "acr", "clir")


def one_switch(kind: str, index: int) -> dict[str, Any]:
    """A one-switch service's settings, set by the user's index rather than drawn, so that
    adding these services left every other setting of the demo data as the seed made it.
    user00001 keeps the defaults: Do Not Disturb off, Call Waiting on."""
    body = catalog.default_document(kind, "")
    if index == 1:
        return body
    if kind == "dnd":
        body.update(active=index % 4 == 3, ringSplash=index % 8 == 7)
    elif kind == "call_waiting":
        body.update(active=index % 10 != 5, disableCallingLineIdDelivery=index % 9 == 4)
    elif kind == "acr":
        body["active"] = index % 6 == 3
    else:  # clir
        body["active"] = index % 7 == 2
    return body


def ring_back() -> dict[str, Any]:
    """Custom ring back's rules, fixed rather than drawn (only user00001 has the service), so
    that adding the service left every other setting of the demo data as the seed made it."""
    anyone = {
        "selection": "Any",
        "includeAnonymousCallers": False,
        "includeUnavailableCallers": False,
        "phoneNumbers": [],
    }
    office = {"name": "Office hours", "level": "Group"}
    return {
        "criteria": [
            {
                "name": "office-hours",
                "active": True,
                "doNotPerformAction": False,
                "fromDnCriteria": anyone,
                "timeSchedule": office,
                "audioSelection": "File",
                "audioFile": {"name": "Greeting 1", "mediaType": "WAV"},
                "callWaitingAudioSelection": "Default",
            },
            {
                "name": "vip",
                "active": False,
                "doNotPerformAction": False,
                "fromDnCriteria": {
                    **anyone,
                    "selection": "Specified Only",
                    "phoneNumbers": ["+3225550001"],
                },
                "audioSelection": "Default",
                "callWaitingAudioSelection": "Default",
            },
        ]
    }


def ring_numbers(kind: str, index: int) -> dict[str, Any]:
    """The other phones a user rings, in turn or at once, set by the user's index rather than
    drawn, like the one-switch services. user00001 rings two phones in turn and one at once."""
    body = catalog.default_document(kind, "")
    phones = [f"+3247{digit}{index:06d}" for digit in (5, 6, 7)]
    if kind == "sequential_ring":
        count = 2 if index == 1 else 1 + index % 3
        body["locations"] = [
            {
                "id": place,
                "phoneNumber": phone,
                "numberOfRings": 3 + place,
                "answerConfirmationRequired": place == 2,
            }
            for place, phone in enumerate(phones[:count], 1)
        ]
    else:
        body["active"] = index == 1 or index % 2 == 0
        body["simultaneousRingNumber"] = [
            {"phoneNumber": phones[2], "answerConfirmationRequired": False}
        ]
    return body


def executive_filtering() -> dict[str, Any]:
    """The executive's filtering rules, fixed like the ring back's."""
    return {
        "criteria": [
            {
                "name": "board",
                "active": True,
                "doNotPerformAction": False,
                "filter": False,
                "fromDnCriteria": {
                    "selection": "Specified Only",
                    "includeAnonymousCallers": False,
                    "includeUnavailableCallers": False,
                    "phoneNumbers": ["+3225551200"],
                },
            },
            {
                "name": "office-hours",
                "active": True,
                "doNotPerformAction": False,
                "filter": True,
                "fromDnCriteria": {
                    "selection": "Any",
                    "includeAnonymousCallers": False,
                    "includeUnavailableCallers": False,
                    "phoneNumbers": [],
                },
                "timeSchedule": {"name": "Office hours", "level": "Group"},
            },
        ]
    }


# Services only user00001 has: their rules set, not drawn (see ring_back).
FIXED_RULES = {"custom_ringback": ring_back, "executive": executive_filtering}


class SettingsFactory:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def phone(self) -> str:
        return f"+3247{self.rng.randrange(10**7):07d}"

    def services_of(self, person: Person) -> set[str]:
        index = person["index"]
        if index == 1:
            return set(catalog.SERVICES)
        chosen = {name for name, share in SERVICE_SHARES.items() if self.rng.random() < share}
        if index == 2:
            chosen -= {catalog.CFA, catalog.VOICE_MESSAGING, catalog.CFS}
        if index == 3:
            chosen.add(catalog.CFS)
        if index % 3 == 0:  # by index, not drawn: the other users stay as the seed makes them
            chosen.add(catalog.ACR)
        if index % 4 == 1:
            chosen.add(catalog.SEQUENTIAL_RING)
        if index % 5 == 4:
            chosen.add(catalog.SIMULTANEOUS_RING)
        return chosen

    def documents(self, person: Person, services: set[str]) -> dict[str, dict[str, Any]]:
        """Every document of the services in `services` (plus the announcements, if any)."""
        result: dict[str, dict[str, Any]] = {}
        for service, kinds in catalog.SERVICE_KINDS.items():
            if service not in services:
                continue
            kind = kinds[0]
            if kind in FORWARDING_SHARES:
                demo = person["index"] == 1 and kind != "cfa"
                result[kind] = self.forwarding(kind, 1.0 if demo else FORWARDING_SHARES[kind])
            elif kind == "vm_basic":
                result.update(self.voice_messaging(person))
            elif kind in ONE_SWITCH_KINDS:
                result[kind] = one_switch(kind, person["index"])
            elif kind in ("sequential_ring", "simultaneous_ring"):
                result[kind] = ring_numbers(kind, person["index"])
            elif kind in FIXED_RULES:
                result[kind] = FIXED_RULES[kind]()
            else:
                result[kind] = self.selective(person, kind)
        return result

    def forwarding(self, kind: str, share_active: float) -> dict[str, Any]:
        body = catalog.default_document(kind, "")
        if self.rng.random() < share_active:
            body.update(active=True, destination=self.phone())
        if kind == "cfa":
            body["ringSplashActive"] = self.rng.random() < 0.3
        if kind == "cfna":
            body["numberOfRings"] = self.rng.randint(2, 6)
        return body

    def voice_messaging(self, person: Person) -> dict[str, dict[str, Any]]:
        rng, email = self.rng, person["email"]
        basic = catalog.default_document("vm_basic", email)
        basic.update(
            active=person["index"] == 1 or rng.random() < 0.7,
            processing="Unified" if rng.random() < 0.8 else "Address Only",
            alwaysRedirectToVoiceMail=rng.random() < 0.05,
            busyRedirectToVoiceMail=rng.random() < 0.8,
            noAnswerRedirectToVoiceMail=rng.random() < 0.85,
        )
        if rng.random() < 0.2:
            basic.update(sendVoiceMessageNotifyEmail=True, voiceMessageNotifyEmailAddress=email)
        if rng.random() < 0.1:
            basic.update(
                sendCarbonCopyVoiceMessage=True,
                voiceMessageCarbonCopyEmailAddress=f"assistant.{person['index']}@{DOMAIN}",
            )
        if rng.random() < 0.15:
            basic.update(transferOnZeroToPhoneNumber=True, transferPhoneNumber=self.phone())
        advanced = catalog.default_document("vm_advanced", email)
        if rng.random() < 0.2:
            advanced = {
                "mailServerSelection": "Personal Mail Server",
                "personalMailServerNetAddress": "mail.acme.example",
                "personalMailServerProtocol": rng.choice(("IMAP", "POP3")),
                "personalMailServerRealDeleteForImap": False,
                "personalMailServerEmailAddress": email,
                "personalMailServerUserId": email.split("@")[0],
                "personalMailServerPassword": "personal-mail-secret",
            }
        elif rng.random() < 0.3:
            advanced["mailboxLimit"] = rng.choice((50, 100, 200))
        if person["index"] == 1:
            # The demo user keeps the group mail server the contract's examples show; set after
            # the draws so that every other user's settings stay as the seed makes them.
            advanced = catalog.default_document("vm_advanced", email)
        documents = {"vm_basic": basic, "vm_advanced": advanced}
        greetings = catalog.default_document("vm_greetings", email)
        greetings["noAnswerNumberOfRings"] = rng.randint(2, 6)
        count = 3 if person["index"] == 1 else (rng.randint(1, 3) if rng.random() < 0.3 else 0)
        if count:
            files = [{"name": f"Greeting {k}", "mediaType": "WAV"} for k in range(1, count + 1)]
            documents["announcements"] = {"announcements": [{**f, "level": "User"} for f in files]}
            greetings.update(
                busyAnnouncementSelection=True,
                busyPersonalAudioFile=files[0],
                noAnswerAnnouncementSelection="Personal",
                noAnswerPersonalAudioFile=files[-1],
                noAnswerAlternateGreeting01={"name": "Holidays", "audioFile": files[0]},
            )
        documents["vm_greetings"] = greetings
        return documents

    def from_dn(self, any_value: str = "Any") -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.5:
            return {
                "selection": any_value,
                "includeAnonymousCallers": False,
                "includeUnavailableCallers": False,
                "phoneNumbers": [],
            }
        return {
            "selection": "Specified Only",
            "includeAnonymousCallers": rng.random() < 0.3,
            "includeUnavailableCallers": rng.random() < 0.2,
            "phoneNumbers": [self.phone() for _ in range(rng.randint(1, 3))],
        }

    def criteria(self, person: Person, kind: str, count: int) -> list[dict[str, Any]]:
        rng, result = self.rng, []
        times, holidays = schedule_refs(person)
        any_value = "Any External" if kind == "priority_alert" else "Any"
        for k in range(count):
            name = CRITERIA_NAMES[k] if count <= len(CRITERIA_NAMES) else f"criteria-{k + 1:02d}"
            entry: dict[str, Any] = {
                "name": name,
                "active": rng.random() < 0.8,
                "fromDnCriteria": self.from_dn(any_value),
            }
            if rng.random() < 0.6:
                entry["timeSchedule"] = dict(rng.choice(times))
            if rng.random() < 0.3:
                entry["holidaySchedule"] = dict(rng.choice(holidays))
            if kind == "cfs":
                if rng.random() < 0.5:
                    entry["forwardToNumberSelection"] = "Forward To Specified Number"
                    entry["forwardToPhoneNumber"] = self.phone()
                else:
                    entry["forwardToNumberSelection"] = "Forward To Default Number"
            else:
                entry["doNotPerformAction"] = rng.random() < 0.1
            result.append(entry)
        return result

    def selective(self, person: Person, kind: str) -> dict[str, Any]:
        rng, index = self.rng, person["index"]
        if kind != "cfs":
            count = 3 if index == 1 else rng.choice((0, 1, 2))
            return {"criteria": self.criteria(person, kind, count)}
        if index == 3 or (index > 3 and index % 997 == 0):  # a few users with many criteria
            count = 50 if index == 3 else rng.randint(20, 50)
        else:
            count = 3 if index == 1 else rng.choice((0, 0, 1, 2, 3))
        body = catalog.default_document("cfs", "")
        body.update(
            active=index == 1 or rng.random() < 0.3,
            playRingReminder=rng.random() < 0.3,
            defaultForwardToPhoneNumber=self.phone(),
            criteria=self.criteria(person, kind, count),
        )
        return body


def schedule_refs(person: Person) -> tuple[list[dict], list[dict]]:
    """The time and holiday schedules a user's criteria may name."""
    times = [{"name": n, "level": "Group"} for n in GROUP_TIME_SCHEDULES]
    times += [{"name": n, "level": "Tenant"} for n in TENANT_TIME_SCHEDULES]
    holidays = [{"name": n, "level": "Group"} for n in GROUP_HOLIDAY_SCHEDULES]
    holidays += [{"name": n, "level": "Tenant"} for n in TENANT_HOLIDAY_SCHEDULES]
    if person["own_schedules"]:
        times.append({"name": USER_TIME_SCHEDULE, "level": "User"})
        holidays.append({"name": USER_HOLIDAY_SCHEDULE, "level": "User"})
    return times, holidays
