"""Reading phone numbers and extensions the way people type them."""

import functools
import re

import phonenumbers

from portal.forms.fields import phone_region

EXTENSION = re.compile(r"^\d{2,6}$")
PHONE_CHARACTERS = re.compile(r"^[+\d][\d\s().\-/]*$")


def to_e164(text: str) -> str | None:
    """E.164 form of a typed number (national or international), or None if it is not one."""
    candidate = text.strip()
    if not PHONE_CHARACTERS.match(candidate):
        return None
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    try:
        number = phonenumbers.parse(candidate, phone_region())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_fragment(text: str) -> str | None:
    """What a partly typed number looks like inside E.164 numbers, for "contains" searches.

    "02 514" (national, with the trunk prefix) -> "+322514"; "0032 2 5" -> "+3225";
    "514 08" -> "51408".
    """
    candidate = text.strip()
    if not PHONE_CHARACTERS.match(candidate):
        return None
    digits = re.sub(r"\D", "", candidate)
    if len(digits) < 3:
        return None
    if candidate.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    region = phone_region()
    national_prefix = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix
    if national_prefix and digits.startswith(national_prefix):
        country = phonenumbers.country_code_for_region(region)
        return f"+{country}{digits[len(national_prefix) :]}"
    return digits


def is_extension(text: str) -> bool:
    return bool(EXTENSION.match(text.strip()))


def national(number: str) -> str:
    """How a person of the portal's region writes `number`: "+32470998877" -> "0470 99 88 77".

    Numbers of another country keep their international form ("+33 1 23 45 67 89"); anything
    that is not a phone number (an extension, a SIP URI) is returned as it is.
    """
    text = (number or "").strip()
    if not text.startswith("+"):
        return text
    return _national(text, phone_region())


@functools.lru_cache(maxsize=4096)
def _national(text: str, region: str) -> str:
    """`national` of an international number: parsing it is slow, and pages list the same
    numbers again and again (a rule's callers, a list's destinations)."""
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(parsed):
        return text
    if phonenumbers.region_code_for_number(parsed) == region:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def digit_forms(number: str) -> tuple[str, str]:
    """The digits of a listed number as people may type them: international ("3225140891")
    and, for a number of the portal's region, national ("025140891"). Either may be ""."""
    text = (number or "").strip()
    if not text.startswith("+"):
        return "", re.sub(r"\D", "", text)
    international = re.sub(r"\D", "", text)
    country, national_prefix = _region_prefixes(phone_region())
    if country and international.startswith(country):
        # Cheaper than parsing each number: an index holds tens of thousands.
        return international, national_prefix + international[len(country) :]
    return international, ""


@functools.lru_cache(maxsize=8)
def _region_prefixes(region: str) -> tuple[str, str]:
    """The country code and the national (trunk) prefix of a region: ("32", "0") for BE."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return "", ""
    return str(phonenumbers.country_code_for_region(region)), metadata.national_prefix or ""


def typed_digits(text: str) -> tuple[str, bool] | None:
    """The digits of a typed (part of a) number, and whether they were typed internationally
    ("+32 2 514", "0032 2 514" -> ("322514", True); "0891", "514 08 91" -> (..., False)).
    None when the text is not a number."""
    candidate = text.strip()
    if not PHONE_CHARACTERS.match(candidate):
        return None
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("+"):
        return digits, True
    if digits.startswith("00"):
        return digits[2:], True
    return digits, False
