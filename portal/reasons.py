"""Reasons the portal stores in English (a change's message, an APIO error), shown translated.

A change's message is written by a worker, in no person's language, and kept as it was
written: the logs and the database hold one language. Pages show it through `shown`, which
puts the sentences the portal itself writes in the language of the person reading. Text
that came from the platform is left as it is.
"""

import re

from django.utils.translation import gettext, gettext_noop, ngettext

SENDER_STOPPED = gettext_noop("Its sending stopped before APIO answered: it is sent again.")
ALREADY_APPLIED = gettext_noop("APIO held these values already: an earlier sending got through.")
REJECTED = gettext_noop("APIO rejected the request")
SIGN_IN_TIMEOUT = gettext_noop("APIO did not answer the sign-in in time")
ALREADY_REMOVED = gettext_noop("Already removed on the platform.")

_FIXED = frozenset({SENDER_STOPPED, ALREADY_APPLIED, ALREADY_REMOVED, REJECTED, SIGN_IN_TIMEOUT})

_ANSWERED = re.compile(r"APIO answered (?P<status>\d+)")
_TIMEOUT = re.compile(r"APIO did not answer in time \((?P<request>.*)\)", re.S)
_UNREACHABLE = re.compile(r"APIO unreachable \((?P<error>[^,]*), (?P<request>.*)\)", re.S)
_UNREACHABLE_SIGN_IN = re.compile(r"APIO unreachable: (?P<error>.*)", re.S)
_CONFLICT = re.compile(r"Changed on the platform since the form was loaded: (?P<names>.*)", re.S)
_GAVE_UP = re.compile(
    r"APIO could not be reached after (?P<count>\d+) attempts?: (?P<reason>.*)", re.S
)
_UNEXPECTED = re.compile(r"Unexpected error: (?P<error>.*)", re.S)


def shown(text: str) -> str:
    """`text` in the active language when the portal wrote it; platform text unchanged."""
    if not text:
        return text
    if text in _FIXED:
        return gettext(text)
    if match := _ANSWERED.fullmatch(text):
        return gettext("APIO answered %(status)s") % match.groupdict()
    if match := _TIMEOUT.fullmatch(text):
        return gettext("APIO did not answer in time (%(request)s)") % match.groupdict()
    if match := _UNREACHABLE.fullmatch(text):
        return gettext("APIO unreachable (%(error)s, %(request)s)") % match.groupdict()
    if match := _UNREACHABLE_SIGN_IN.fullmatch(text):
        return gettext("APIO unreachable: %(error)s") % match.groupdict()
    if match := _CONFLICT.fullmatch(text):
        return gettext("Changed on the platform since the form was loaded: %(names)s") % (
            match.groupdict()
        )
    if match := _GAVE_UP.fullmatch(text):
        count = int(match["count"])
        return ngettext(
            "APIO could not be reached after %(count)d attempt: %(reason)s",
            "APIO could not be reached after %(count)d attempts: %(reason)s",
            count,
        ) % {"count": count, "reason": shown(match["reason"])}
    if match := _UNEXPECTED.fullmatch(text):
        return gettext("Unexpected error: %(error)s") % match.groupdict()
    return text
