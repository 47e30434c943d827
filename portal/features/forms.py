"""The form of a feature section: the factory's form for its definition, cut to its fields.

The page, its htmx block re-renders and its new list entries all build the form here, so the
cut and the lookups hold whichever of them draws it.
"""

from functools import cache

from portal.core import UserRef
from portal.definitions.loader import get_definition
from portal.features.base import Section
from portal.features.lookups import apply_lookups
from portal.forms import build_form_class, payload_to_initial
from portal.forms.base import FormUrls, ObjectForm

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


def section_urls(section_url: str) -> FormUrls:
    """The section's own htmx endpoints, below its URL."""
    return FormUrls(block=f"{section_url}block/", row=f"{section_url}rows/")


def build_section_form(
    section: Section,
    ref: UserRef,
    section_url: str,
    data=None,
    initial_values: dict | None = None,
    quiet: bool = False,
) -> ObjectForm:
    """The section's form; ``initial_values`` is the JSON APIO returned for the object."""
    definition = get_definition(section.definition)
    initial = payload_to_initial(definition, initial_values or {})
    form = section_form_class(section)(
        data, initial=initial, prefix=section.key, urls=section_urls(section_url), quiet=quiet
    )
    apply_lookups(form, section, ref)
    return form
