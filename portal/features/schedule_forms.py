"""A schedule's page, derived from its declaration (`portal.features.schedule_kinds`).

Two generated forms (`build_form_class`) in the declared words (`apply_presentation`): the
schedule's name, from the schedule's definition, and one form per line, from the fields of the
period's definition the line is made of. The widgets a line's words ask for are put on last:
"checkboxes" (several of the field's choices at once), "time" (a time of day, HH:MM) and
"date". The lines become the schedule's periods through the declaration's `to_periods`.
"""

import dataclasses
from functools import cache

from django import forms
from django.core.validators import RegexValidator

from portal.definitions import loader
from portal.definitions.model import ObjectDefinition
from portal.features.schedule_kinds import Line, ScheduleKind
from portal.forms import build_form_class
from portal.forms.base import ObjectForm
from portal.forms.plan import to_json
from portal.forms.presentation import FieldWords, Presentation, apply_presentation

CHECKBOXES, TIME, DATE = "checkboxes", "time", "date"
TIME_OF_DAY = r"^([01]\d|2[0-3]):[0-5]\d$"
MOST_LINES = 20  # more than a week's worth of lines: a posted count beyond is not believed
LINES_FIELD = "_lines"  # how many lines the page drew


@cache
def definitions(kind: ScheduleKind) -> tuple[ObjectDefinition, ObjectDefinition]:
    """The schedule's name (its definition without the periods) and one line (the period's
    fields it is made of, named as the page names them)."""
    schedule = loader.get_definition(kind.definition)
    head = dataclasses.replace(
        schedule,
        name=kind.head_definition,
        fields=tuple(f for f in schedule.fields if f.name == "name"),
        conditions=(),
    )
    period = {f.name: f for f in loader.get_definition(kind.period_definition).fields}
    fields = []
    for part, source in kind.lines.parts:
        code = "O" if part in kind.lines.optional else "R"
        fields.append(dataclasses.replace(period[source], name=part, presence=(("POST", code),)))
    line = ObjectDefinition(
        name=kind.line_definition,
        title=f"{schedule.title}: a line",
        description="The fields of a period a person fills in, as one line of the page.",
        methods=("POST",),
        fields=tuple(fields),
    )
    return loader.register_derived(head), loader.register_derived(line)


def presentation(kind: ScheduleKind) -> Presentation:
    words = tuple(
        dataclasses.replace(w, of=kind.line_definition) if w.of == "line" else w for w in kind.words
    )
    return Presentation(definition=kind.head_definition, words=words)


def put_widgets(form: ObjectForm, kind: ScheduleKind) -> None:
    """The widgets the line's words ask for, and the declared words for a wrong value."""
    words_of = presentation(kind).words_for
    for name, field in list(form.fields.items()):
        words = words_of(form.definition.name, name)
        if words is not None and words.widget in (CHECKBOXES, TIME, DATE):
            field = form.fields[name] = _widened(field, words)
        for part, error, message in kind.lines.messages:
            if part == name:
                field.error_messages[error] = message


def _widened(field: forms.Field, words: FieldWords) -> forms.Field:
    attrs = {k: v for k, v in field.widget.attrs.items() if k != "maxlength"}
    if words.widget == CHECKBOXES:
        known = {str(value) for value, _label in getattr(field, "choices", ())}
        choices = [(v, label) for v, label in words.choices if not known or v in known]
        return forms.MultipleChoiceField(
            choices=choices,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            widget=forms.CheckboxSelectMultiple(attrs=attrs),
        )
    if words.widget == TIME:
        field.widget = forms.TimeInput(attrs={**attrs, "type": "time"}, format="%H:%M")
        field.validators.append(RegexValidator(TIME_OF_DAY, code="invalid"))
        return field
    field.widget = forms.DateInput(attrs={**attrs, "type": "date"}, format="%Y-%m-%d")
    return field


class ScheduleEditor:
    """A schedule's page: its name's form and its lines' forms, checked together."""

    def __init__(self, kind: ScheduleKind, data=None, values: dict | None = None):
        values = values or {}
        head, line = definitions(kind)
        self.kind = kind
        shown = presentation(kind)
        self.head = build_form_class(head, "POST")(data, initial={"name": values.get("name", "")})
        apply_presentation(self.head, shown)
        lines = kind.lines.from_periods(values.get("periods") or [])
        # A schedule whose periods lines cannot say: the page starts over, and says so.
        self.complete = lines is not None
        lines = lines or []
        at_least = 1 if kind.lines.first_required else 0
        count = max(len(lines), at_least) + kind.lines.spare
        if data is not None:
            count = _posted_count(data)
        line_class = build_form_class(line, "POST")
        # The first line's inputs are named as the page names them ("days", "start"), unless
        # the schedule has a field of the same name: then every line has its number.
        numbered = any(part in self.head.fields for part, _source in kind.lines.parts)
        self.lines: list[ObjectForm] = []
        for index in range(count):
            form = line_class(
                data,
                # Posted, a line holds what was typed: emptied, it is left out.
                initial=None if data is not None or index >= len(lines) else lines[index],
                prefix=None if index == 0 and not numbered else f"line{index + 1}",
                empty_permitted=index >= at_least,
                use_required_attribute=False,
            )
            apply_presentation(form, shown)
            put_widgets(form, kind)
            form.extra_checks.extend(_line_check(check) for check in kind.lines.line_checks)
            self.lines.append(form)
        self.line_count = count

    def is_valid(self) -> bool:
        valid = all([self.head.is_valid(), *(form.is_valid() for form in self.lines)])
        if not valid:
            return False
        for check in self.kind.lines.checks:
            message = check(self.filled())
            if message:
                self.head.add_error(None, message)
                return False
        return True

    @property
    def has_errors(self) -> bool:
        return bool(self.head.errors) or any(form.errors for form in self.lines)

    @property
    def name(self) -> str:
        return self.head.cleaned_data["name"]

    def filled(self) -> list[Line]:
        """The lines a person filled in, as the declaration's functions take them."""
        return [
            {
                part: to_json(form.cleaned_data.get(part)) or ""
                for part, _src in self.kind.lines.parts
            }
            for form in self.lines
            if form.has_content()
        ]

    def periods(self) -> list[dict]:
        return self.kind.lines.to_periods(self.filled())


def _line_check(check):
    def run(form: ObjectForm):
        line = {name: to_json(value) for name, value in form.cleaned_data.items()}
        return check(line)

    return run


def _posted_count(data) -> int:
    try:
        count = int(data.get(LINES_FIELD, ""))
    except ValueError:
        return 1  # a form posted without the page: its first line alone
    return max(1, min(count, MOST_LINES))
