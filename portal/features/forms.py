"""The form of a feature section: the factory's form for its definition, cut to its fields.

The page, its htmx block re-renders and its new list entries all build the form here, so the
cut and the lookups hold whichever of them draws it.
"""

import re
from collections.abc import Iterator
from functools import cache

from django.utils.translation import gettext_lazy as _

from portal.core import UserRef
from portal.definitions.loader import get_definition
from portal.directory.phone import to_e164
from portal.features.base import Section
from portal.features.lookups import apply_lookups
from portal.forms import build_form_class, payload_to_initial, rules
from portal.forms.base import Check, FormUrls, ObjectForm
from portal.forms.factory import with_row_rules
from portal.forms.presentation import apply_presentation
from portal.reads import UserSummary

METHOD = "PUT"
SAME_LINE = _("You cannot forward calls to this same line.")
_EXTENSION = re.compile(r"\d{2,10}")  # as a destination field takes one


@cache
def section_form_class(section: Section) -> type[ObjectForm]:
    base = _cut_form_class(section)
    return with_row_rules(base, dict(section.numbered))


def _cut_form_class(section: Section) -> type[ObjectForm]:
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


def line_keys(text: str) -> set[str]:
    """How `text` names a line, for comparison: its E.164 number, or an extension's digits.

    A SIP URI is read by its user part, so sip:1001@acme.example is extension 1001.
    """
    text = text.strip()
    if text.lower().startswith(("sip:", "sips:")):
        text = text.split(":", 1)[1].split("@", 1)[0].split(";", 1)[0]
    keys = {text} if _EXTENSION.fullmatch(text) else set()
    number = to_e164(text)
    return keys | {number} if number else keys


def not_own_line(profile: UserSummary, names: tuple[str, ...]) -> Check:
    """Refuse a changed destination that leads back to the user's own number or extension."""
    own = line_keys(profile.phone_number) | line_keys(profile.extension)

    def check(form: ObjectForm) -> Iterator[tuple[str, str]]:
        for plan in form.plans:
            if plan.name not in names or not own or not form.sends(plan):
                continue
            value = form.value_of(plan)
            if isinstance(value, str) and line_keys(value) & own:
                yield plan.name, SAME_LINE

    return check


def service_rules(section: Section) -> Check:
    """The section's own "required" conditions, on top of the definition's.

    They are checked when saving only: unlike the definition's, they do not redraw the form
    while the person is still typing the value they ask for.
    """

    def check(form: ObjectForm) -> Iterator[tuple[str, str]]:
        for condition in section.conditions:
            if form.method in condition.methods and (message := rules.unmet(form, condition)):
                yield condition.field, message

    return check


def build_section_form(
    section: Section,
    ref: UserRef,
    section_url: str,
    data=None,
    initial_values: dict | None = None,
    quiet: bool = False,
    profile: UserSummary | None = None,
) -> ObjectForm:
    """The section's form; ``initial_values`` is the JSON APIO returned for the object.

    ``profile`` is the user whose settings these are: their own line is no destination.
    """
    definition = get_definition(section.definition)
    initial = payload_to_initial(definition, initial_values or {})
    form = section_form_class(section)(
        data, initial=initial, prefix=section.key, urls=section_urls(section_url), quiet=quiet
    )
    apply_lookups(form, section, ref)
    apply_presentation(form, section.presentation)
    if section.conditions:
        form.extra_checks.append(service_rules(section))
    if profile is not None and section.destinations:
        form.extra_checks.append(not_own_line(profile, section.destinations))
    return form
