"""`{% load polling %}`: how often a page asks whether a change is done (htmx's "every")."""

from django import template
from django.conf import settings

register = template.Library()

INTERVALS = {
    "status": "CHANGES_STATUS_POLL_SECONDS",
    "rules": "CHANGES_RULES_POLL_SECONDS",
}


@register.simple_tag
def poll_interval(what: str) -> str:
    """`hx-trigger="every {% poll_interval 'status' %}"`: "1s", or "250ms" for less than whole
    seconds."""
    seconds = float(getattr(settings, INTERVALS[what]))
    if seconds.is_integer():
        return f"{int(seconds)}s"
    return f"{round(seconds * 1000)}ms"
