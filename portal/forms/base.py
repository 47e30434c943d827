"""ObjectForm: the base of every generated form (see `portal.forms.factory` for the rules).

A form holds its own scalar fields, one nested form per active sub-object (`children`) and a list
of nested forms per array of objects (`rows`). Prefixes chain through the tree, so a field deep in
a conference reads "conferenceSchedule-scheduleRecurring-recurrence-recurWeekly-Monday".

`initial` is the object as APIO returned it (see `payload_to_initial`): the form keeps it as
`source` to show read-only values and, in a PUT, to tell what changed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from portal.definitions.model import Condition, FieldType, ObjectDefinition
from portal.forms import rules
from portal.forms.counts import count_problem, phone_fields
from portal.forms.fields import ROW_KEY
from portal.forms.layout import MOVE, MOVE_TO, REMOVE, Item, build_layout
from portal.forms.plan import (
    EDITABLE,
    MISSING,
    FieldPlan,
    Kind,
    Mode,
    Role,
    is_empty,
    pick_name,
    to_json,
)
from portal.forms.presentation import Arrangement, Presentation, arrange


@dataclass(frozen=True)
class FormUrls:
    """The htmx endpoints a rendered form calls back: block re-render and list rows.

    The page that renders a form owns them (see `portal.forms.fragments`); without them the
    form still works, as plain HTML posted whole.
    """

    block: str
    row: str


REPEATED_PHONE = _("This phone is already in the list.")

# A rule the page that draws a form adds to the definition's own: (field name, message) pairs.
Check = Callable[["ObjectForm"], Iterable[tuple[str, str]]]


class ObjectForm(forms.Form):
    definition: ClassVar[ObjectDefinition]
    method: ClassVar[str]
    plans: ClassVar[tuple[FieldPlan, ...]] = ()
    readonly: ClassVar[bool] = False
    # Lists of objects whose entries are numbered by their place: list name -> the entries'
    # field holding it (1 for the first). The field is not drawn (see `factory.with_row_rules`):
    # people move entries up and down, and the numbers follow the order.
    row_numbers: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        initial: dict[str, Any] | None = None,
        prefix: str | None = None,
        urls: FormUrls | None = None,
        root_prefix: str | None = None,
        quiet: bool = False,
        part_of: ObjectForm | None = None,
        **kwargs: Any,
    ) -> None:
        if data is not None:
            data = self.picked(data, prefix)
        self.source: dict[str, Any] = dict(initial or {})
        # The form this one is a required part of: whenever that one is sent, so is this one.
        self.part_of = part_of
        # Rules of the page that draws the form (e.g. a user's own line), run after the rest.
        self.extra_checks: list[Check] = []
        # People's words and widgets (portal.forms.presentation); None: the spec's own.
        self.presentation: Presentation | None = None
        super().__init__(data, files, initial=self._form_initial(), prefix=prefix, **kwargs)
        self.urls = urls
        self.root_prefix = root_prefix if root_prefix is not None else (prefix or "")
        # A re-rendered block shows what was typed without judging it yet.
        self.quiet = quiet
        self.children: dict[str, ObjectForm] = {}
        self.rows: dict[str, list[tuple[str, ObjectForm]]] = {}
        # The entry a move button just moved ("<list>-<key>") and where: its buttons keep the focus.
        self.moved_row, self.moved_to = "", ""
        self.removed_row = ""  # the entry a remove button just left out ("<list>-<key>")
        # A list entry just added by "Add": it starts from sensible values (see presentation).
        self.fresh = False
        for plan in self.plans:
            if plan.kind is Kind.OBJECT and plan.role is not Role.HIDDEN:
                if self.mode(plan) is Mode.SET:
                    child_initial = self.source.get(plan.name)
                    self.children[plan.name] = self._nested(plan, child_initial, plan.name)
            elif plan.kind is Kind.ROWS and plan.role is not Role.HIDDEN:
                self.rows[plan.name] = [
                    (key, self._nested(plan, item, f"{plan.name}-{key}", row=True))
                    for key, item in self._row_entries(plan)
                ]
        self._wire_triggers()

    # ------------------------------------------------------------------ construction

    @classmethod
    def picked(cls, data: Any, prefix: str | None) -> Any:
        """The posted data with an exclusive group's one choice (`pick_name`, drawn by the
        layout as radio buttons) spread over its members: the chosen sub-object set and the
        others not, the chosen flag true, the other members' values left out."""
        spread = None
        for group in cls.definition.exclusive_groups:
            if cls.method not in group.methods:
                continue
            chosen = data.get(_named(prefix, pick_name(group.fields[0])))
            if chosen not in group.fields:
                continue
            spread = data.copy() if spread is None else spread
            for name in group.fields:
                plan, html_name = cls.plan_named(name), _named(prefix, name)
                if plan.kind is Kind.OBJECT:
                    spread[html_name] = Mode.SET.value if name == chosen else Mode.UNSET.value
                elif plan.definition.type is FieldType.BOOLEAN:
                    spread[html_name] = "true" if name == chosen else ""
                elif name != chosen:
                    spread[html_name] = ""
        return data if spread is None else spread

    @classmethod
    def plan_named(cls, name: str) -> FieldPlan:
        for plan in cls.plans:
            if plan.name == name:
                return plan
        raise KeyError(name)

    def _form_initial(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for plan in self.plans:
            value = self.source.get(plan.name, MISSING)
            if value is MISSING or plan.definition.secret:
                continue
            if plan.kind is Kind.OBJECT:
                out[plan.name] = _mode_of(value)
            elif plan.kind is Kind.ROWS:
                count = len(value) if isinstance(value, list) else 0
                out[plan.name] = [str(i) for i in range(count)]
            else:
                out[plan.name] = value
        return out

    def _nested(
        self, plan: FieldPlan, initial: Any, name: str, row: bool = False, bound: bool = True
    ) -> ObjectForm:
        kwargs: dict[str, Any] = {
            "initial": initial if isinstance(initial, dict) else None,
            "prefix": self.add_prefix(name),
            "urls": self.urls,
            "root_prefix": self.root_prefix,
            "quiet": self.quiet,
            "auto_id": self.auto_id,
            # Sub-objects of a PUT may be left alone (see below): no browser-enforced "required".
            "use_required_attribute": (
                self.use_required_attribute and not row and self.method != "PUT"
            ),
        }
        if row:
            kwargs["empty_permitted"] = True  # a blank row is ignored, like a formset's extra form
        elif self.method == "PUT":
            # An untouched sub-object is not sent, so what APIO holds there (even an incomplete
            # greeting) must not block saving the fields that did change.
            kwargs["empty_permitted"] = True
            if plan.role is Role.REQUIRED:
                kwargs["part_of"] = self  # but it goes, complete, wherever this form goes
        return plan.child(self.data if self.is_bound and bound else None, **kwargs)

    def _row_entries(self, plan: FieldPlan) -> list[tuple[str, Any]]:
        raw = self.source.get(plan.name)
        items = list(enumerate(raw)) if isinstance(raw, list) else []
        if plan.role is Role.READONLY:
            return [(str(i), item) for i, item in items]
        if self.is_bound:
            # Bound rows carry no initial: has_changed() must see every typed row as content.
            keys = self.fields[plan.name].to_python(self._raw(plan.name))
            return [(key, None) for key in self._moved(plan, self._removed(plan, keys))]
        # No blank entry to fill in: "Add" asks for one (`portal.forms.fragments.new_entry`).
        return [(str(i), item) for i, item in items]

    def _removed(self, plan: FieldPlan, keys: list[str]) -> list[str]:
        """The keys without the entry a "remove" button asked to leave out."""
        entry = str(self.data.get(REMOVE, ""))
        name, _sep, key = entry.rpartition("-")
        if name != self.add_prefix(plan.name) or key not in keys:
            return keys
        self.removed_row = entry
        return [k for k in keys if k != key]

    def _moved(self, plan: FieldPlan, keys: list[str]) -> list[str]:
        """The keys in the order a move button of a numbered list asked for."""
        if plan.name not in self.row_numbers:
            return keys
        entry = str(self.data.get(MOVE, ""))
        name, _sep, key = entry.rpartition("-")
        if name != self.add_prefix(plan.name) or key not in keys:
            return keys
        here = keys.index(key)
        there = here + (1 if self.data.get(MOVE_TO) == "down" else -1)
        if 0 <= there < len(keys):
            keys[here], keys[there] = keys[there], keys[here]
            self.moved_row, self.moved_to = entry, "down" if there > here else "up"
        return keys

    def _wire_triggers(self) -> None:
        """Fields that decide which other fields apply re-render this block through htmx."""
        if self.readonly or self.urls is None:
            return
        names = {p.name for p in self.plans if p.kind is Kind.OBJECT and p.name in self.fields}
        names |= {c.when for c in self.conditions() if c.when in self.fields}
        for name in names:
            self.fields[name].widget.attrs.update(self.block_triggers())

    def block_triggers(self) -> dict[str, str]:
        """What an input that decides which fields apply carries: its change draws this block
        again (htmx), with what was typed; {} when the page answers no such call."""
        if self.readonly or self.urls is None:
            return {}
        return {
            "hx-post": self.urls.block,
            "hx-trigger": "change",
            "hx-target": f"#{self.block_id}",
            "hx-swap": "outerHTML",
            "hx-include": "closest form",
            "hx-vals": json.dumps({"_block": self.prefix or "", "_root": self.root_prefix}),
            # Not the page form's own (its save button): nothing to find from here.
            "hx-disabled-elt": "unset",
        }

    @property
    def block_id(self) -> str:
        return f"block-{self.prefix}" if self.prefix else "block-root"

    def nested_forms(self) -> list[ObjectForm]:
        return [*self.children.values(), *(form for rows in self.rows.values() for _, form in rows)]

    def find(self, prefix: str) -> ObjectForm | None:
        """This form or the nested form whose prefix is `prefix` ("" for an unprefixed root)."""
        if (self.prefix or "") == prefix:
            return self
        for form in self.nested_forms():
            if prefix == form.prefix or prefix.startswith(f"{form.prefix}-"):
                return form.find(prefix)
        return None

    @classmethod
    def locate(cls, path: str, root_prefix: str = "") -> FieldPlan:
        """The editable plan an html name points to: "fromDnCriteria-phoneNumbers", "rows-0-x"."""
        if root_prefix:
            if not path.startswith(f"{root_prefix}-"):
                raise LookupError(path)
            path = path[len(root_prefix) + 1 :]
        segments, form_class = path.split("-"), cls
        while segments:
            try:
                plan = form_class.plan_named(segments.pop(0))
            except KeyError:
                raise LookupError(path) from None
            if plan.role not in EDITABLE:
                raise LookupError(path)
            if not segments:
                return plan
            if plan.kind is Kind.ROWS and not ROW_KEY.fullmatch(segments.pop(0)):
                raise LookupError(path)
            if plan.kind is Kind.SCALAR:
                raise LookupError(path)
            form_class = plan.child
        raise LookupError(path)

    # ------------------------------------------------------------------ rules

    def conditions(self) -> list[Condition]:
        return rules.conditions(self)

    def _raw(self, name: str) -> Any:
        bound_field = self[name]
        return bound_field.data if self.is_bound else bound_field.initial

    def _current(self, plan: FieldPlan) -> Any:
        """The JSON value of a scalar (or the mode of an object), cleaned or not yet."""
        if plan.name not in self.fields:
            return MISSING
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is not None and plan.name in cleaned:
            value = cleaned[plan.name]
        else:
            try:
                value = self.fields[plan.name].clean(self._raw(plan.name))
            except ValidationError:
                return MISSING
        return MISSING if is_empty(value) else to_json(value)

    def mode(self, plan: FieldPlan) -> Mode:
        if plan.role is Role.REQUIRED:
            return Mode.SET
        if plan.role is Role.READONLY:
            return Mode.SET if isinstance(self.source.get(plan.name), dict) else Mode.UNSET
        value = self._current(plan)
        return Mode(value) if value in set(Mode) else Mode.UNSET

    def value_of(self, plan: FieldPlan) -> Any:
        """What the form holds for `plan`, as JSON; MISSING when not set."""
        if plan.role is Role.READONLY:
            return self._shown_value(plan)
        if plan.role is Role.HIDDEN:
            return MISSING
        if plan.kind is Kind.SCALAR:
            value = self._current(plan)
            return self.clear_value(plan) if value is MISSING and self.cleared(plan) else value
        if plan.kind is Kind.OBJECT:
            mode = self.mode(plan)
            if mode is Mode.SET:
                child = self.children.get(plan.name)
                return child.values() if child is not None else MISSING
            return {Mode.NULL: None, Mode.UNASSIGN: ""}.get(mode, MISSING)
        rows = [form.values() for _, form in self.rows.get(plan.name, []) if form.has_content()]
        number = self.row_numbers.get(plan.name)
        if number:
            rows = [{number: place, **row} for place, row in enumerate(rows, 1)]
        return rows or MISSING

    def _shown_value(self, plan: FieldPlan) -> Any:
        if plan.definition.secret or plan.name not in self.source:
            return MISSING
        if plan.name in self.children:
            return self.children[plan.name].values()
        if plan.name in self.rows:
            return [form.values() for _, form in self.rows[plan.name]]
        return copy.deepcopy(self.source[plan.name])

    def baseline_of(self, plan: FieldPlan) -> Any:
        """The value APIO holds now (from `source`), normalised like `value_of`."""
        raw = self.source.get(plan.name, MISSING)
        if plan.definition.secret or raw is MISSING or raw is None:
            return MISSING
        if plan.kind is Kind.OBJECT:
            if not isinstance(raw, dict):
                return raw
            child = self.children.get(plan.name)
            if child is None:
                child = self._nested(plan, raw, plan.name, bound=False)
            return child.baseline_values()
        if plan.kind is Kind.ROWS:
            items = raw if isinstance(raw, list) else []
            number = self.row_numbers.get(plan.name, "")
            rows = [
                {
                    **({number: item[number]} if number in item else {}),
                    **self._nested(plan, item, plan.name, bound=False).baseline_values(),
                }
                for item in items
                if isinstance(item, dict)
            ]
            return rows or MISSING
        if is_empty(raw):
            return MISSING
        try:
            value = self.fields[plan.name].clean(raw) if plan.name in self.fields else raw
        except ValidationError:
            return copy.deepcopy(raw)
        return MISSING if is_empty(value) else to_json(value)

    def values(self) -> dict[str, Any]:
        """Every value the form holds: what a write would send in full, or what a view shows."""
        roles = {Role.READONLY} if self.readonly else EDITABLE
        pairs = ((p.name, self.value_of(p)) for p in self.plans if p.role in roles)
        return {name: value for name, value in pairs if value is not MISSING}

    def baseline_values(self) -> dict[str, Any]:
        pairs = ((p.name, self.baseline_of(p)) for p in self.plans if p.role in EDITABLE)
        return {name: value for name, value in pairs if value is not MISSING}

    def sends(self, plan: FieldPlan) -> bool:
        """Whether the payload carries `plan`: set, and in a PUT also changed (R always goes)."""
        if plan.role not in EDITABLE:
            return False
        value = self.value_of(plan)
        if self.method != "PUT" or plan.role is Role.REQUIRED:
            return value is not MISSING
        if plan.kind is Kind.OBJECT and not self.touched(plan):
            # What nobody touched stays home, however APIO spells it ("audioFile": "").
            return False
        if self.cleared(plan) and not rules.applies(self, plan):
            return False  # emptying a field that does not apply: nothing to clear
        baseline = self.baseline_of(plan)
        if value is MISSING:
            # Emptying a list is a change: a PUT replaces the list, [] deletes it.
            return plan.is_array and baseline is not MISSING
        return value != baseline

    def touched(self, plan: FieldPlan) -> bool:
        """Whether the person changed a sub-object: its choice of use, or anything inside it."""
        if not self.is_bound:
            return False
        if plan.name in self.fields and plan.name in self.changed_data:
            return True
        child = self.children.get(plan.name)
        return child is not None and child.has_changed()

    def cleared(self, plan: FieldPlan) -> bool:
        """Whether the person emptied an input that showed a value APIO holds (PUT only).

        Selects keep their blank for "Unchanged", a secret left empty keeps the old one, and an
        input that was not posted at all was not shown, so it was not emptied either.
        """
        if self.method != "PUT" or not self.is_bound or plan.role is not Role.OPTIONAL:
            return False
        if plan.kind is not Kind.SCALAR or plan.is_array or plan.definition.secret:
            return False
        field = self.fields.get(plan.name)
        if field is None or isinstance(field, forms.ChoiceField | forms.BooleanField):
            return False
        if field.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(plan.name)):
            return False
        raw = self._raw(plan.name)
        if raw is not None and str(raw).strip():
            return False
        return self.baseline_of(plan) is not MISSING

    def clear_value(self, plan: FieldPlan) -> Any:
        """What a PUT sends to empty `plan`: null where the definition allows it, "" for text
        (what APIO itself returns for an empty one); MISSING when there is no empty value."""
        if self.method in plan.definition.nullable:
            return None
        if plan.definition.type is FieldType.STRING:
            return ""
        return MISSING

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for plan in self.plans:
            if self.sends(plan):
                value = self.value_of(plan)
                out[plan.name] = [] if value is MISSING else value
        return out

    def is_set(self, plan: FieldPlan) -> bool:
        """Whether APIO will hold a value after the write (what a "required" condition needs)."""
        if self.cleared(plan):
            return False
        if self.value_of(plan) is not MISSING:
            return True
        return self.method == "PUT" and not plan.is_array and self.baseline_of(plan) is not MISSING

    # ------------------------------------------------------------------ validation

    @property
    def errors(self) -> ErrorDict:
        if self.quiet:
            return ErrorDict(renderer=self.renderer)
        return super().errors

    def full_clean(self) -> None:
        if self.empty_permitted and self.part_of is not None and self.part_of.has_content():
            # Sent with the object it belongs to, so it must be complete: never an empty {}.
            self.empty_permitted = False
        for form in self.nested_forms():
            form.errors  # noqa: B018 -- nested forms first: the checks below look at them
        super().full_clean()

    def has_changed(self) -> bool:
        """Whether the person changed anything here or in a form nested in this one."""
        return super().has_changed() or any(form.has_changed() for form in self.nested_forms())

    def has_content(self) -> bool:
        if not self.is_bound:
            return bool(self.source)
        if self.part_of is not None and self.part_of.has_content():
            return True
        return not self.empty_permitted or self.has_changed()

    def is_valid(self) -> bool:
        if self.readonly:
            return self.is_bound
        valid = super().is_valid()
        if not self.has_content():
            return valid
        return all([form.is_valid() for form in self.nested_forms()]) and valid

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.readonly:
            return cleaned
        # Errors are added last: add_error drops the value, which the checks still read.
        found = rules.problems(self, failed=set(self._errors)) + self._row_counts()
        self._refuse_repeated_phones()
        named = set(self._errors) | {name for name, _ in found}
        found += [
            (name, message)
            for check in self.extra_checks
            for name, message in check(self)
            if name not in named
        ]
        for name, message in found:
            self.add_error(name if name in self.fields else None, message)
        return cleaned

    def _row_counts(self) -> list[tuple[str, str]]:
        """Lists of objects with more (or fewer) entries than their definition takes."""
        found = []
        for plan in self.plans:
            if plan.kind is not Kind.ROWS or plan.name not in self.rows:
                continue
            count = sum(1 for _key, row in self.rows[plan.name] if row.has_content())
            if problem := count_problem(plan.definition, count):
                found.append((plan.name, problem))
        return found

    def _refuse_repeated_phones(self) -> None:
        """The same phone twice in one list of objects: refused on the second entry."""
        for plan in self.plans:
            if plan.kind is not Kind.ROWS or plan.name not in self.rows:
                continue
            names = phone_fields(plan.child)
            seen: set[tuple[str, str]] = set()
            for _key, row in self.rows[plan.name]:
                if not row.has_content():
                    continue
                for name in names:
                    number = row.cleaned_data.get(name) if hasattr(row, "cleaned_data") else None
                    if not number:
                        continue
                    if (name, number) in seen:
                        row.add_error(name, REPEATED_PHONE)
                    seen.add((name, number))

    def label_for(self, plan: FieldPlan) -> str:
        field = self.fields.get(plan.name)
        return str(field.label) if field is not None else plan.name

    def error_map(self) -> dict[str, list[str]]:
        """Every error of the form tree, keyed by html name ("<prefix>-__all__" for the form)."""
        out = {self.add_prefix(name): list(errors) for name, errors in self.errors.items()}
        for form in self.nested_forms():
            if form.has_content() or not form.empty_permitted:
                out.update(form.error_map())
        return out

    @property
    def layout(self) -> list[Item]:
        return build_layout(self)

    @property
    def arranged(self) -> Arrangement:
        """The layout as drawn: in the presentation's order and groups, the rest folded."""
        return arrange(self, build_layout(self))


def _named(prefix: str | None, name: str) -> str:
    return f"{prefix}-{name}" if prefix else name


def _mode_of(value: Any) -> str:
    if isinstance(value, dict):
        return Mode.SET
    return Mode.UNASSIGN if value == "" else Mode.UNSET
