"""A change, an audit entry and their moments in people's words.

"Forward when busy: Off → On, to 0470 99 88 77", "Your helpdesk", "5 minutes ago": what the
changes pages and the audit log show instead of API names. The words of settings and values
come from `portal.features.wording`; numbers are written the way people of the region write them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.directory.phone import national
from portal.features import wording
from portal.features.registry import get_feature

# A switch that turns the whole section on or off: its values say it, without its label.
SWITCHES = ("active", "isActive")
# Under a day old, a moment also reads as "5 minutes ago".
RELATIVE_FOR = timedelta(hours=23)


@dataclass(frozen=True)
class ChangedValue:
    name: str  # the field's API name: for staff's technical details only
    label: str
    old: str
    new: str


def section_title(feature: str) -> str:
    """What a change is about: "Forward when busy" (from the feature declarations)."""
    if not feature:
        return _("Settings")
    return wording.section_title(feature)


def value(feature: str, name: str, raw: object) -> str:
    """A value as the person would write it; phone numbers in the region's national form."""
    return national(str(wording.value_text(feature, name, raw)))


def changed_values(feature: str, fields: dict | None) -> list[ChangedValue]:
    """(label, before, after) for each field an audit entry recorded (secrets already masked)."""
    return [
        ChangedValue(
            name=name,
            label=str(wording.field_label(feature, name)),
            old=value(feature, name, values.get("old")),
            new=value(feature, name, values.get("new")),
        )
        for name, values in (fields or {}).items()
        if isinstance(values, dict)
    ]


def _destinations(feature: str) -> tuple[str, ...]:
    key, _sep, section_key = feature.partition("/")
    found = get_feature(key)
    if found is None:
        return ()
    section = next((s for s in found.sections if s.key == section_key), None)
    return section.destinations if section else ()


def bdi(text: str) -> SafeString:
    """A value from the platform, isolated: a right-to-left override in it cannot reverse the
    words after it. A list's entries stay one a line."""
    return format_html("<bdi>{}</bdi>", lines(text))


def lines(text: str) -> SafeString:
    """Text whose lines (a list's entries) stay apart in a page."""
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in str(text).split("\n")))


def what_changed(feature: str, fields: dict | None) -> SafeString:
    """The values a change sets, in one line: "Off → On, to 0470 99 88 77"."""
    destinations = _destinations(feature)
    parts = []
    for item in changed_values(feature, fields):
        if item.old == item.new:
            continue
        if item.name in SWITCHES:
            parts.append(format_html(_("{old} → {new}"), old=item.old, new=item.new))
        elif item.name in destinations and item.new != value(feature, item.name, None):
            parts.append(format_html(_("to {number}"), number=bdi(item.new)))
        else:
            parts.append(
                format_html(
                    _("{setting}: {old} → {new}"),
                    setting=item.label,
                    old=bdi(item.old),
                    new=bdi(item.new),
                )  # fmt: skip
            )
    return format_html_join(_(", "), "{}", ((part,) for part in parts))


def change_summary(feature: str, fields: dict | None) -> SafeString:
    """ "Forward when busy: Off → On, to 0470 99 88 77" (the section's title alone if no value
    changed)."""
    title = section_title(feature)
    values = what_changed(feature, fields)
    if not values:
        return format_html("{}", title)
    return format_html(_("{setting}: {values}"), setting=title, values=values)


# What people did with a change, or around it; a change's own entry reads as its values.
ACTIONS = {
    "act-as start": lambda: _("Started acting for this user"),
    "act-as stop": lambda: _("Stopped acting for this user"),
    "cancel": lambda: _("Cancelled the change"),
    "retry": lambda: _("Sent the change again"),
    "reapply": lambda: _("Kept their own values over the platform's"),
}


def audit_summary(action: str, feature: str, fields: dict | None) -> SafeString:
    """An audit entry in words: "Forward when busy: Off → On" or "Cancelled the change"."""
    known = ACTIONS.get(action)
    if known is not None:
        if feature:
            return format_html(
                _("{action} ({setting})"), action=known(), setting=section_title(feature)
            )
        return format_html("{}", known())
    if feature or fields:
        return change_summary(feature, fields)
    return format_html("{}", action.replace("-", " ").replace("_", " ").capitalize())


# -- who --------------------------------------------------------------------------------------


def person_name(person: User) -> str:
    return person.get_full_name() or person.username


def who(actor: User, viewer: User, staff_view: bool) -> str:
    """Who made a change, for the person reading: "You", "Your helpdesk" (an end user reading
    what staff did for them), or the person's role and name for staff ("Helpdesk Hanna Desk")."""
    if actor.pk == viewer.pk:
        return _("You")
    if not staff_view:
        return _("Your helpdesk")
    return _("%(role)s %(name)s") % {"role": actor.get_role_display(), "name": person_name(actor)}


# -- when -------------------------------------------------------------------------------------


def relative(moment: datetime, now: datetime | None = None) -> str:
    """ "5 minutes ago" for a recent moment, "" for an older one."""
    now = now or timezone.now()
    age = now - moment
    if age < timedelta(0) or age > RELATIVE_FOR:
        return ""
    if age < timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment, now, depth=1)}


def when(moment: datetime | None) -> SafeString | str:
    """A <time> element: the local date and time in the person's language, and how long ago."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    shown = formats.date_format(local, "DATETIME_FORMAT")
    ago = relative(moment)
    if ago:
        return format_html(
            '<time datetime="{}">{}</time> <small>({})</small>', local.isoformat(), shown, ago,
        )  # fmt: skip
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), shown)


def count(number: int) -> str:
    """A count with the locale's grouping: 1,234 / 1 234 / 1.234."""
    return formats.number_format(number, force_grouping=True)
