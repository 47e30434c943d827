"""`{% load change_words %}`: a change's settings, values and moments in people's words."""

from django import template

from portal.changes import describe
from portal.features import wording

register = template.Library()


@register.simple_tag(name="when")
def when_tag(moment):
    """`{% when change.created_at %}`: a <time> in the person's language, and how long ago."""
    return describe.when(moment)


@register.simple_tag
def field_label(feature: str, name: str) -> str:
    return wording.field_label(feature or "", str(name))


@register.simple_tag
def value_text(feature: str, name: str, value):
    return describe.lines(describe.value(feature or "", str(name), value))
