"""`{% load feature_words %}{% feature_state_line feature ref %}`: a feature's state in one line.

Read from the platform (the sections that have summary sentences only); when it cannot be read,
the feature's own description stands in.
"""

from django import template

from portal.core import UserRef
from portal.features.base import Feature
from portal.features.sections import load_section
from portal.features.summary import feature_state

register = template.Library()


@register.simple_tag
def feature_state_line(
    feature: Feature, ref: UserRef, own: bool = False, assigned: set[str] | None = None
) -> str:
    """`assigned`: the user's assigned services, when the page has read them (one read for
    every feature it lists, not one per section)."""
    sections = feature.own_sections() if own else feature.sections
    loaded = [load_section(ref, section, assigned) for section in sections if section.summary]
    return feature_state(feature, loaded) or str(feature.summary)
