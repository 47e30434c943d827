"""Values read from APIO to offer as choices in a section's form (see ``Lookup``)."""

from collections.abc import Callable, Iterator

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.apio.errors import ApioError
from portal.core import UserRef
from portal.features.base import Section
from portal.forms.base import ObjectForm
from portal.reads import user_announcements

SOURCES: dict[str, Callable[[UserRef], list[str]]] = {
    "user_announcements": user_announcements,
}


def _forms_in(form: ObjectForm) -> Iterator[ObjectForm]:
    yield form
    for child in form.children.values():
        yield from _forms_in(child)
    for rows in form.rows.values():
        for _key, row in rows:
            yield from _forms_in(row)


def apply_lookups(form: ObjectForm, section: Section, ref: UserRef) -> None:
    """Turn the looked-up fields into selects; a value APIO has but the list lacks stays."""
    for lookup in section.lookups:
        try:
            values = SOURCES[lookup.source](ref)
        except ApioError:
            continue  # the plain text input still works; APIO checks the name
        for nested in _forms_in(form):
            field = nested.fields.get(lookup.field)
            if nested.definition.name != lookup.definition or field is None:
                continue
            current = nested.initial.get(lookup.field)
            options = values if not current or current in values else [current, *values]
            nested.fields[lookup.field] = forms.ChoiceField(
                choices=[("", _("Choose…")), *((value, value) for value in options)],
                required=field.required,
                label=field.label,
                help_text=field.help_text,
            )
