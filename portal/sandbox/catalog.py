"""The services the sandbox knows: BroadWorks display names, stored documents, fresh defaults.

A user's service settings are stored as JSON documents, one per *kind* ("cfa", "vm_basic"...).
Assigning a service creates its documents from the defaults below; unassigning deletes them, as
BroadWorks forgets the settings of an unassigned service.
"""

from __future__ import annotations

from typing import Any

VOICE_MESSAGING = "Voice Messaging User"
CFA = "Call Forwarding Always"
CFB = "Call Forwarding Busy"
CFNA = "Call Forwarding No Answer"
CFNR = "Call Forwarding Not Reachable"
CFS = "Call Forwarding Selective"
SCR = "Selective Call Rejection"
SCA = "Selective Call Acceptance"
PRIORITY_ALERT = "Priority Alert"
CUSTOM_RINGBACK = "Custom Ringback User"
EXECUTIVE = "Executive"
MEET_ME = "Meet-Me Conferencing"
CALL_CENTER = "Call Center - Standard"
# One-switch services (§5.12 of the contract): an object with "active", and at most one option.
DND = "Do Not Disturb"
CALL_WAITING = "Call Waiting"
ACR = "Anonymous Call Rejection"
CLIR = "Calling Line ID Delivery Blocking"
# Other phones rung too (§5.6): in turn, or at once.
SEQUENTIAL_RING = "Sequential Ring"
SIMULTANEOUS_RING = "Simultaneous Ring Personal"

# Services without an endpoint here: assignable and listed, so the summary looks like a real one.
OTHER_SERVICES = (
    "Authentication",
    "Busy Lamp Field",
    "Intercept User",
)

SERVICES: tuple[str, ...] = (
    VOICE_MESSAGING,
    CFA,
    CFB,
    CFNA,
    CFNR,
    CFS,
    SCR,
    SCA,
    PRIORITY_ALERT,
    CUSTOM_RINGBACK,
    EXECUTIVE,
    MEET_ME,
    CALL_CENTER,
    ACR,
    CALL_WAITING,
    CLIR,
    DND,
    SEQUENTIAL_RING,
    SIMULTANEOUS_RING,
    *OTHER_SERVICES,
)

# Document kinds each service owns; the first one carries the service's "active" flag, if any.
SERVICE_KINDS: dict[str, tuple[str, ...]] = {
    VOICE_MESSAGING: ("vm_basic", "vm_advanced", "vm_greetings"),
    CFA: ("cfa",),
    CFB: ("cfb",),
    CFNA: ("cfna",),
    CFNR: ("cfnr",),
    CFS: ("cfs",),
    SCR: ("scr",),
    SCA: ("sca",),
    PRIORITY_ALERT: ("priority_alert",),
    CUSTOM_RINGBACK: ("custom_ringback",),
    EXECUTIVE: ("executive",),
    DND: ("dnd",),
    CALL_WAITING: ("call_waiting",),
    ACR: ("acr",),
    CLIR: ("clir",),
    SEQUENTIAL_RING: ("sequential_ring",),
    SIMULTANEOUS_RING: ("simultaneous_ring",),
}

# API path (after users/{user_id}/) -> (document kind, service that must be assigned or None).
RESOURCES: dict[str, tuple[str, str | None]] = {
    "services/cfa": ("cfa", CFA),
    "services/cfb": ("cfb", CFB),
    "services/cfna": ("cfna", CFNA),
    "services/cfnr": ("cfnr", CFNR),
    "services/voice_messaging/basic_config": ("vm_basic", VOICE_MESSAGING),
    "services/voice_messaging/advanced_config": ("vm_advanced", VOICE_MESSAGING),
    "services/voice_messaging/greetings": ("vm_greetings", VOICE_MESSAGING),
    "services/call_forwarding_selective": ("cfs", CFS),
    "services/selective_call_rejection": ("scr", SCR),
    "services/selective_call_acceptance": ("sca", SCA),
    "services/priority_alert": ("priority_alert", PRIORITY_ALERT),
    "services/custom_ringback": ("custom_ringback", CUSTOM_RINGBACK),
    "services/executive": ("executive", EXECUTIVE),  # assumed path (contract §6)
    "services/dnd": ("dnd", DND),
    "services/call_waiting": ("call_waiting", CALL_WAITING),
    "services/acr": ("acr", ACR),
    "services/clir": ("clir", CLIR),
    "services/sequential_ring": ("sequential_ring", SEQUENTIAL_RING),
    "services/simultaneous_ring_personal": ("simultaneous_ring", SIMULTANEOUS_RING),
    "announcements": ("announcements", None),
}


def _alternate_greeting() -> dict[str, Any]:
    return {"name": "", "audioFile": {"name": "", "mediaType": ""}}


def default_document(kind: str, email: str) -> dict[str, Any]:
    """The settings of a freshly assigned service (BroadWorks' defaults, roughly)."""
    match kind:
        case "cfa":
            return {"active": False, "destination": "", "ringSplashActive": False}
        case "cfb" | "cfnr":
            return {"active": False, "destination": ""}
        case "cfna":
            return {"active": False, "destination": "", "numberOfRings": 3}
        case "cfs":
            return {
                "active": False,
                "playRingReminder": False,
                "defaultForwardToPhoneNumber": "",
                "criteria": [],
            }
        case "dnd":
            return {"active": False, "ringSplash": False}
        case "call_waiting":
            return {"active": True, "disableCallingLineIdDelivery": False}
        case "acr" | "clir":
            return {"active": False}
        case "sequential_ring":
            return {
                "ringBaseLocationFirst": True,
                "baseLocationNumberOfRings": 3,
                "continueIfBaseLocationIsBusy": True,
                "callerMayStopSearch": False,
                "locations": [],
                "criteria": [],
            }
        case "simultaneous_ring":
            return {
                "active": False,
                "doNotRingIfOnCall": True,
                "simultaneousRingNumber": [],
                "criteria": [],
            }
        case "scr" | "sca" | "priority_alert" | "custom_ringback" | "executive":
            return {"criteria": []}
        case "vm_basic":
            return {
                "active": False,
                "processing": "Unified",
                "voiceMessageDeliveryEmailAddress": email,
                "usePhoneMessageWaitingIndicator": True,
                "sendVoiceMessageNotifyEmail": False,
                "voiceMessageNotifyEmailAddress": "",
                "sendCarbonCopyVoiceMessage": False,
                "voiceMessageCarbonCopyEmailAddress": "",
                "transferOnZeroToPhoneNumber": False,
                "transferPhoneNumber": "",
                "alwaysRedirectToVoiceMail": False,
                "busyRedirectToVoiceMail": True,
                "noAnswerRedirectToVoiceMail": True,
                "outOfPrimaryZoneRedirectToVoiceMail": False,
            }
        case "vm_advanced":
            return {
                "mailServerSelection": "Group Mail Server",
                "groupMailServerEmailAddress": email,
                "groupMailServerUserId": email.split("@")[0],
                "groupMailServerPassword": "group-mail-secret",
                "mailboxLimit": "useGroupSetting",
            }
        case "vm_greetings":
            return {
                "disableMessageDeposit": False,
                "disableMessageDepositAction": "Disconnect",
                "greetingOnlyForwardDestination": "",
                "busyAnnouncementSelection": False,
                "busyPersonalAudioFile": "",
                "noAnswerNumberOfRings": 3,
                "extendedAwayEnabled": False,
                "extendedAwayDisableMessageDeposit": False,
                "extendedAwayAudioFile": "",
                "noAnswerAnnouncementSelection": "Default",
                "noAnswerPersonalAudioFile": "",
                "noAnswerAlternateGreeting01": _alternate_greeting(),
                "noAnswerAlternateGreeting02": _alternate_greeting(),
                "noAnswerAlternateGreeting03": _alternate_greeting(),
            }
    raise KeyError(f"no default for document kind {kind!r}")
