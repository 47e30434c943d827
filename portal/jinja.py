"""The Jinja2 environment of templates/jinja2/: the parts of pages drawn many times over.

A list of hundreds of rows spent most of its time in Django's template language, which looks
up every variable through a chain of attempts at drawing time; Jinja2 compiles a template to
Python, many times faster for the same markup. Pages stay in Django's language and draw such a
part with `{% jinja "name.html" key=value ... %}` (portal.features.templatetags.jinja).

Words are translated by `_("...")` with Django's catalogs: `makemessages` reads that call in
these templates as it reads it in Django's (tests/test_translations.py checks each is gathered).
Undefined names fail loudly, so that a mistyped one breaks a test rather than a page.
"""

from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

import jinja2
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext


def url_part(value) -> str:
    """One path segment: every reserved character escaped (Django's `urlencode:''`)."""
    return quote(str(value), safe="")


@lru_cache(maxsize=16)
def calendar_words(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Days and months as Django's `D` and `M` draw them, in `language` (the active one)."""
    days = tuple(str(WEEKDAYS_ABBR[day]) for day in range(7))
    months = ("",) + tuple(str(MONTHS_3[month]).title() for month in range(1, 13))
    return days, months


class Instants:
    """Instants in the time zone and language of the request, both looked up once per list.

    The same text as Django's `date` filter, which looks up both and translates the day and
    month names again for every instant: most of the time of a list of hundreds.
    """

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.days, self.months = calendar_words(get_language())

    def local(self, value: datetime) -> datetime:
        return value.astimezone(self.zone) if timezone.is_aware(value) else value

    def iso(self, value: datetime) -> str:
        """`date:"c"`, for a <time datetime="...">."""
        return self.local(value).isoformat()

    def short(self, value: datetime) -> str:
        """`date:"D j M Y, H:i"`: "Thu 3 Dec 2026, 15:00"."""
        at = self.local(value)
        return f"{self.days[at.weekday()]} {at.day} {self.months[at.month]} {at.year}, {at:%H:%M}"


def environment(**options) -> jinja2.Environment:
    options.pop("autoescape", None)
    options["undefined"] = jinja2.StrictUndefined
    env = jinja2.Environment(autoescape=True, **options)
    env.globals.update(_=gettext, instants=Instants)
    env.filters["url_part"] = url_part
    return env
