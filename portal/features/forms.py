"""The form of a feature section: the factory's form for its definition, cut to its fields."""

from functools import cache

from django import forms

from portal.apio.paths import UserRef
from portal.definitions.loader import get_definition
from portal.features.base import Section
from portal.features.lookups import apply_lookups
from portal.forms import build_form_class, payload_to_initial
from portal.forms.base import ObjectForm

METHOD = "PUT"


@cache
def section_form_class(section: Section) -> type[ObjectForm]:
    base = build_form_class(get_definition(section.definition), METHOD)
    if not section.fields:
        return base
    shown = set(section.fields)
    attrs = {
        "__module__": __name__,
        "plans": tuple(plan for plan in base.plans if plan.name in shown),
    }
    form_class = type(f"{base.__name__}For{section.key.title()}", (base,), attrs)
    form_class.base_fields = {
        name: field for name, field in base.base_fields.items() if name in shown
    }
    return form_class


def build_section_form(
    section: Section, ref: UserRef, data=None, initial_values: dict | None = None
) -> forms.Form:
    """The section's form; ``initial_values`` is the JSON APIO returned for the object."""
    definition = get_definition(section.definition)
    initial = payload_to_initial(definition, initial_values or {})
    form = section_form_class(section)(data, initial=initial, prefix=section.key)
    apply_lookups(form, section, ref)
    return form
