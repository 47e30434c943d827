"""An optional overlay of people's words and widgets on a generated form.

The factory builds a form from the definition alone, in the spec's words (what the definitions
gallery shows staff). A screen meant for people passes a `Presentation`: for each field a label,
a short help, the widget that suits it, labels for its choices, a group heading, and whether it
is folded under "More settings". `apply_presentation` puts it on a form instance (and every form
nested in it); the layout then orders, groups and folds the items. Nothing here changes what a
form accepts or sends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.forms.fields import (
    DestinationField,
    LocalDateTimeField,
    NationalNumberInput,
    PhoneField,
    RangedIntegerField,
    RFC3339Field,
    ScalarListField,
    SwitchInput,
    TriStateSelect,
)

if TYPE_CHECKING:
    from portal.forms.base import ObjectForm

# A choice among this many or fewer is drawn as radio buttons.
RADIO_LIMIT = 4

SWITCH, RADIOS, SELECT = "switch", "radios", "select"
# An exclusive group drawn as one choice (the words of its first member: the choice's label,
# and a label per member), and an optional sub-object that is always filled in on the screen.
ONE_OF, SHOWN = "one_of", "shown"
WIDGETS = frozenset({"", SWITCH, RADIOS, SELECT, ONE_OF, SHOWN})


@dataclass(frozen=True)
class FieldWords:
    """How one field of a definition is shown to people.

    `of` names the definition the field belongs to when it is a nested one (an announcement
    inside a greeting); empty, the section's own. `choices` label the field's values in order
    (a field without choices in the spec becomes a choice among them: a media type). `widget`
    overrides the usual pick: a switch for a flag with a current value, radio buttons for a few
    choices, a select otherwise.
    """

    name: str
    label: str
    help: str = ""
    widget: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    group: str = ""  # a heading shared by neighbouring fields ("Email")
    more: bool = False  # folded under "More settings"
    of: str = ""
    # What the field of a list entry just added starts from when the definition gives no
    # default (3 rings); a flag without either starts off.
    start: str | int | bool | None = None

    def spoken(self) -> Spoken:
        """These words translated into the active language, once per language: the words of
        a screen are constants, and drawing it asks for each of them several times."""
        language = get_language()
        if language not in self._translations:
            self._translations[language] = Spoken.of(self)
        return self._translations[language]

    @cached_property
    def _translations(self) -> dict[str | None, Spoken]:
        return {}


@dataclass(frozen=True)
class Presentation:
    """The words of every field a screen shows, keyed by (definition, field name)."""

    definition: str  # the form's own definition: words with an empty `of` belong to it
    words: tuple[FieldWords, ...] = ()
    more_label: str = field(default=_("More settings"))
    # How a phone number is shown ("+32470998877" -> "0470 99 88 77"); it is sent as E.164.
    spell_number: Callable[[str], str] = str
    # Date-times are entered and shown in this time zone (a conference's host's), and sent
    # with its offset on that day; "": as RFC 3339 text.
    time_zone: str = ""

    def words_for(self, definition: str, name: str) -> FieldWords | None:
        found = self._index.get((definition, name))
        return found[1] if found is not None else None

    def order(self, definition: str, name: str) -> int:
        found = self._index.get((definition, name))
        return found[0] if found is not None else len(self.words)

    def spoken(self, definition: str, name: str) -> Spoken | None:
        """The words of a field in the active language (each page asks for them many times)."""
        words = self.words_for(definition, name)
        return words.spoken() if words is not None else None

    @cached_property
    def _index(self) -> dict[tuple[str, str], tuple[int, FieldWords]]:
        """(definition, field name) -> the place and words of its first entry."""
        index: dict[tuple[str, str], tuple[int, FieldWords]] = {}
        for place, words in enumerate(self.words):
            index.setdefault((words.of or self.definition, words.name), (place, words))
        return index


@dataclass(frozen=True)
class Spoken:
    """A field's words translated: its label, help, group heading and choices' labels."""

    label: str
    help: str
    group: str
    choices: dict[str, str]

    @classmethod
    def of(cls, words: FieldWords) -> Spoken:
        return cls(
            label=str(words.label),
            help=str(words.help),
            group=str(words.group),
            choices={value: str(label) for value, label in words.choices},
        )


def forms_in(form: ObjectForm) -> Iterator[ObjectForm]:
    """The form and every form nested in it (sub-objects and rows)."""
    yield form
    for nested in form.nested_forms():
        yield from forms_in(nested)


def apply_presentation(form: ObjectForm, presentation: Presentation | None) -> ObjectForm:
    """Put the people's words and widgets on `form` and every form nested in it."""
    if presentation is None:
        return form
    for nested in forms_in(form):
        nested.presentation = presentation
        for name, form_field in list(nested.fields.items()):
            if presentation.time_zone and isinstance(form_field, RFC3339Field):
                form_field = nested.fields[name] = LocalDateTimeField.like(
                    form_field, presentation.time_zone
                )
            words = presentation.words_for(nested.definition.name, name)
            if words is None:
                continue
            if nested.fresh and not nested.is_bound:
                _start(nested, name, form_field, words)
            nested.fields[name] = _dress(nested, name, form_field, words, presentation)
    return form


def _start(form: ObjectForm, name: str, form_field: forms.Field, words: FieldWords) -> None:
    """A list entry just added shows sensible values rather than blanks: what is sent is what
    the person saw, and reads back the same."""
    default = form.plan_named(name).definition.default
    value = default if default is not None else words.start
    if value is None and isinstance(form_field, forms.NullBooleanField):
        value = False
    if value is not None:
        form.initial[name] = value


def _dress(
    form: ObjectForm,
    name: str,
    form_field: forms.Field,
    words: FieldWords,
    presentation: Presentation,
) -> forms.Field:
    old_label = "" if form_field.label is None else str(form_field.label)  # translated once
    # Translated once, in the language of the request the form is built for: drawing a field
    # asks for its label and help several times.
    spoken = presentation.spoken(form.definition.name, name)
    form_field.label = spoken.label
    form_field.help_text = spoken.help if words.help else words.help
    if words.widget == SHOWN:  # always filled in: nothing to choose, nothing to post
        form_field.widget, form_field.disabled = forms.HiddenInput(), True
        form.initial[name] = "set"
        if name not in form.children:  # posted without it: drawn all the same
            form.children[name] = form._nested(form.plan_named(name), form.source.get(name), name)
        return form_field
    if isinstance(form_field, RangedIntegerField) and old_label:
        form_field.range_message = form_field.range_message.replace(old_label, spoken.label, 1)
    current = form.source.get(name)
    attrs = dict(form_field.widget.attrs)
    if isinstance(form_field, forms.NullBooleanField):
        started = form.fresh and isinstance(form.initial.get(name), bool)
        known = isinstance(current, bool) or started or _posted_by_switch(form, name)
        if known and words.widget in ("", SWITCH):
            form_field.widget = SwitchInput(attrs=attrs)
        else:
            form_field.widget = TriStateSelect(_unset_label(form), attrs=attrs, yes=_("On"))
        return form_field
    if isinstance(form_field, DestinationField | PhoneField):
        form_field.widget = NationalNumberInput(attrs=attrs, spell=presentation.spell_number)
        return form_field
    if isinstance(form_field, ScalarListField) and isinstance(
        form_field.item, DestinationField | PhoneField
    ):
        form_field.widget.spell = presentation.spell_number  # each entry as people write it
    if words.choices and not isinstance(form_field, forms.ChoiceField):
        attrs.pop("maxlength", None)
        # Free text in the spec, a short list in life (a media type): offer the list, keeping
        # a value the platform holds that the list lacks.
        form_field = forms.ChoiceField(
            choices=[("", "")],
            required=form_field.required,
            label=words.label,
            help_text=words.help,
        )
    if isinstance(form_field, forms.ChoiceField):
        _relabel_choices(form, form_field, words, spoken, current, attrs)
    return form_field


def _posted_by_switch(form: ObjectForm, name: str) -> bool:
    """Whether the form was posted from a switch (its hidden "off"): a bound entry of a list
    carries no current value, yet the page drew its flag as a switch."""
    data = form.data if form.is_bound else {}
    values = data.getlist(form.add_prefix(name)) if hasattr(data, "getlist") else []
    return "off" in values


def _unset_label(form: ObjectForm) -> str:
    return str(_("Leave as it is")) if form.method == "PUT" else str(_("Not set"))


def _relabel_choices(
    form: ObjectForm,
    form_field: forms.ChoiceField,
    words: FieldWords,
    spoken: Spoken,
    current: Any,
    attrs: dict,
) -> None:
    labels = spoken.choices
    values = [str(value) for value, _label in form_field.choices if value != ""]
    if words.choices and not values:
        values = [value for value, _label in words.choices]
    if isinstance(current, str) and current and current not in values:
        values.append(current)
    options = [(value, labels.get(value, value)) for value in values]
    has_current = isinstance(current, str) and current in values
    radios = words.widget == RADIOS or (not words.widget and len(options) <= RADIO_LIMIT)
    if radios and options:
        if not has_current and not form_field.required:
            options.insert(0, ("", _unset_label(form)))
        form_field.widget = forms.RadioSelect(attrs=attrs)
        form_field.choices = options  # the widget's too
        return
    blank = [(value, label) for value, label in form_field.choices if value == ""]
    if blank:
        label = str(blank[0][1])
        if label in (str(_("Unchanged")), str(_("Not set"))):  # the generic form's words
            label = _unset_label(form)
        options.insert(0, ("", label))
    form_field.widget = forms.Select(attrs=attrs)
    form_field.choices = options  # the widget's too


# -- the arrangement the template draws ---------------------------------------------------


@dataclass
class Group:
    title: str
    items: list


@dataclass
class Arrangement:
    shown: list[Group]
    folded: list[Group]
    more_label: str = ""
    folded_open: bool = False


def arrange(form: ObjectForm, items: list) -> Arrangement:
    """Items in the presentation's order, grouped under their headings, the rest folded."""
    presentation: Presentation | None = getattr(form, "presentation", None)
    if presentation is None:
        return Arrangement(shown=[Group("", items)], folded=[])
    name = form.definition.name
    ordered = sorted(items, key=lambda item: presentation.order(name, item.name))
    shown, folded = [], []
    for item in ordered:
        words = presentation.words_for(name, item.name)
        (folded if words is not None and words.more else shown).append(item)
    return Arrangement(
        shown=_groups(presentation, name, shown),
        folded=_groups(presentation, name, folded),
        more_label=str(presentation.more_label),
        folded_open=any(_has_errors(item) or _changed(form, item) for item in folded),
    )


def _groups(presentation: Presentation, definition: str, items: Iterable) -> list[Group]:
    groups: list[Group] = []
    for item in items:
        spoken = presentation.spoken(definition, item.name)
        title = spoken.group if spoken is not None else ""
        if groups and groups[-1].title == title:
            groups[-1].items.append(item)
        else:
            groups.append(Group(title, [item]))
    return groups


def _has_errors(item: Any) -> bool:
    if item.field is not None and item.field.errors:
        return True
    if item.form is not None and item.form.error_map():
        return True
    return any(row.form.error_map() for row in item.rows)


def _changed(form: ObjectForm, item: Any) -> bool:
    """Whether the person changed a folded field: a redrawn block keeps it unfolded."""
    if not form.is_bound:
        return False
    if item.field is not None and item.name in form.changed_data:
        return True
    return item.form is not None and item.form.has_changed()


def focus_first_error(form: ObjectForm) -> bool:
    """Mark the first field in error, in the order drawn, to take the focus once shown."""
    layout = form.arranged
    for group in [*layout.shown, *layout.folded]:
        for item in group.items:
            if item.field is not None and item.field.errors:
                item.field.field.widget.attrs["autofocus"] = True
                return True
            nested = [item.form] if item.form is not None else []
            nested += [row.form for row in item.rows]
            if any(focus_first_error(child) for child in nested if child is not None):
                return True
    return False
