"""Matching what a person types against listed people, the way people type it.

- Names and user ids: every word typed, in any order, found in the first name, last name or
  user id, whatever the case and accents ("baert olivia" and "Olivia Baert"; "Ines" finds
  "Inès").
- Numbers: the digits typed, anywhere in the number written internationally or nationally
  ("0891", "02 514 08 91", "+32 2 514", "0032 2 514" all find +3225140891).
- Extensions: exactly ("1001").

Keys are folded once per listing (`Searchable`), so a search only compares strings.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from portal.directory.phone import digit_forms, is_extension, typed_digits

NOT_A_WORD = re.compile(r"[\W_]+")
MIN_DIGITS = 3


def fold(text: str) -> str:
    """Lower case, no accents, words apart by one space: "Chloé De-Smet" -> "chloe de smet"."""
    text = text or ""
    if text.isascii():  # most names: nothing to decompose, and casefold() is lower() there
        return " ".join(NOT_A_WORD.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(NOT_A_WORD.sub(" ", bare.casefold()).split())


class Searchable(NamedTuple):
    """What a typed query is compared with, for one person (a tuple: cached by the thousand)."""

    text: str  # folded first name, last name and user id
    international: str  # the number's digits, international form
    national: str  # the number's digits, national form
    extension: str

    @classmethod
    def of(
        cls, first_name: str, last_name: str, user_id: str, number: str, extension: str
    ) -> "Searchable":
        international, national = digit_forms(number)
        text = fold(f"{first_name} {last_name} {user_id}")
        # No tab nor line break: the directory index keeps keys as tab-separated lines.
        return cls(text, international, national, " ".join((extension or "").split()))


@dataclass(frozen=True)
class Needle:
    """A typed query, ready to compare."""

    words: tuple[str, ...]
    digits: str = ""
    international: bool = False
    extension: str = ""

    @classmethod
    def parse(cls, query: str) -> "Needle":
        text = " ".join((query or "").split())
        typed = typed_digits(text)
        if typed is None:
            return cls(tuple(fold(text).split()))
        digits, international = typed
        return cls(
            # A number may be the user id too (BroadWorks ids are often numbers).
            words=(digits,) if len(digits) >= MIN_DIGITS else (),
            digits=digits if len(digits) >= MIN_DIGITS else "",
            international=international,
            extension=text if is_extension(text) else "",
        )

    @property
    def is_number(self) -> bool:
        return bool(self.digits or self.extension)

    def __bool__(self) -> bool:
        return bool(self.words or self.digits or self.extension)

    def matches(self, person: Searchable | Sequence[str]) -> bool:
        """Whether `person` (a Searchable, or its four strings) is what was typed."""
        text, international, national, extension = person
        if self.extension and extension == self.extension:
            return True
        if self.digits:
            if self.digits in international:
                return True
            if not self.international and national and self.digits in national:
                return True
            return self.digits in text
        return bool(self.words) and all(word in text for word in self.words)
