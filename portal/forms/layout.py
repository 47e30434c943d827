"""What the templates iterate over: one item per attribute shown, in definition order.

Layout holds no markup: templates/jinja2/forms/object_form.html draws each kind of item.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.forms import BoundField
from django.utils.translation import gettext as _

from portal.definitions.model import FieldDefinition, FieldType
from portal.forms import rules
from portal.forms.counts import count_words, entries_are_phones
from portal.forms.drawn import has_parts, widget_context
from portal.forms.plan import EDITABLE, MISSING, FieldPlan, Kind, Mode, Role, pick_name
from portal.forms.table import help_text, humanize

if TYPE_CHECKING:
    from portal.forms.base import ObjectForm

_INPUT_TYPES = {"email": "email", "phone": "tel"}
# What a "move up / down" button of a numbered list posts: the entry ("<list>-<key>") and where.
MOVE, MOVE_TO = "_move", "_move_to"
# What a "remove" button of a list of objects posts: the entry ("<list>-<key>") left out.
REMOVE = "_remove"


@dataclass
class ListEntry:
    """One input of an editable list of values."""

    name: str
    id: str
    value: str
    input_type: str
    label: str
    describedby: str
    remove_url: str


@dataclass
class RowEntry:
    """One nested form of an array of objects."""

    name: str
    key: str
    form: ObjectForm
    label: str
    editable: bool
    remove_url: str
    # An entry of a numbered list moves up and down: the list's form drawn again in the new
    # order (htmx). The buttons' hx-vals, "" where the entry cannot go.
    move_url: str = ""
    move_target: str = ""
    move_up: str = ""
    move_down: str = ""
    focus: str = ""  # "up" or "down": this entry just moved, and that button keeps the focus
    # "Remove" draws the list's form again without the entry (htmx), like a move; "" for an
    # entry that is not yet part of a drawn list (just added), which htmx simply drops.
    remove_block: str = ""
    remove_vals: str = ""
    # A new entry that fills its list: the note that takes the place of "Add" (html id add_id).
    fills: str = ""
    add_id: str = ""


@dataclass
class Item:
    kind: str  # "field", "list", "object", "rows" or "value" (read-only)
    name: str
    label: str
    help: str
    required: bool = False
    editable: bool = True
    field: BoundField | None = None
    form: ObjectForm | None = None
    entries: list[ListEntry] = dataclasses.field(default_factory=list)
    rows: list[RowEntry] = dataclasses.field(default_factory=list)
    dom_id: str = ""
    add_vals: str = ""
    value: str = ""
    values: list[str] = dataclasses.field(default_factory=list)
    is_list: bool = False
    # A list of objects: what "Add" says, and in its place once the list is full, why not.
    add_label: str = ""
    full_note: str = ""
    add_focus: bool = False  # an entry was just removed: the focus goes to "Add"
    # One choice among an exclusive group ("pick"): its buttons, the chosen member's item, the
    # messages of its members, and the attributes that draw the block again on a change.
    picks: list[Pick] = dataclasses.field(default_factory=list)
    chosen: Item | None = None
    errors: list[str] = dataclasses.field(default_factory=list)
    triggers: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def add_id(self) -> str:
        return f"{self.dom_id}_add"

    @property
    def has_field(self) -> bool:
        """Whether `{% if item.field %}` holds, without drawing the parts of the widget to
        count them (a bound field is false when its widget offers no choice)."""
        return self.field is not None and has_parts(self.field)

    def widget(self) -> dict[str, Any] | None:
        """The field's widget for the form's macros to draw (see portal.forms.drawn)."""
        return widget_context(self.field) if self.field is not None else None


@dataclass
class Pick:
    """One choice among an exclusive group's members (a radio button each)."""

    value: str
    label: str
    id: str
    checked: bool


def build_layout(form: ObjectForm) -> list[Item]:
    items = []
    picks = _picks(form)
    members = {name for group in picks.values() for name in group}
    for plan in form.plans:
        if plan.role is Role.HIDDEN:
            continue
        if plan.role is Role.READONLY:
            items.append(_readonly_item(form, plan))
            continue
        if plan.name in picks:
            items.append(_pick_item(form, plan, picks[plan.name]))
            continue
        if plan.name in members:
            continue  # drawn in its group's choice
        if not rules.applies(form, plan) and not form.errors.get(plan.name):
            continue
        items.append(_editable_item(form, plan))
    return items


def _picks(form: ObjectForm) -> dict[str, tuple[str, ...]]:
    """The exclusive groups the presentation draws as one choice: first member -> members."""
    presentation = getattr(form, "presentation", None)
    if presentation is None:
        return {}
    out = {}
    for group in rules.groups(form):
        first = group.fields[0]
        words = presentation.words_for(form.definition.name, first)
        editable = all(form.plan_named(n).role in EDITABLE for n in group.fields)
        if words is not None and words.widget == "one_of" and editable:
            out[first] = group.fields
    return out


def _pick_item(form: ObjectForm, lead: FieldPlan, group: tuple[str, ...]) -> Item:
    """The choice among the group's members, and below it the chosen one's own fields."""
    words = form.presentation.words_for(form.definition.name, lead.name)
    labels = dict(words.choices)
    posted = form.data.get(form.add_prefix(pick_name(lead.name))) if form.is_bound else None
    chosen = next((n for n in group if _picked(form, form.plan_named(n), posted)), "")
    name = form.add_prefix(pick_name(lead.name))
    item = Item(kind="pick", name=lead.name, label=str(words.label), help=str(words.help))
    item.required = any(g.required for g in rules.groups(form) if lead.name in g.fields)
    item.dom_id = form.auto_id % name if form.auto_id else name
    item.value = name
    item.picks = [
        Pick(
            value=member,
            label=str(labels.get(member, humanize(member))),
            id=f"{item.dom_id}_{number}",
            checked=member == chosen,
        )
        for number, member in enumerate(group)
    ]
    item.triggers = form.block_triggers()
    drawn = ""  # a chosen value of its own (a date) says its own errors under its input
    if chosen:
        plan = form.plan_named(chosen)
        if plan.kind is Kind.OBJECT or plan.definition.type is not FieldType.BOOLEAN:
            item.chosen = _editable_item(form, plan)
            item.chosen.field = None if plan.kind is Kind.OBJECT else item.chosen.field
            drawn = chosen if plan.kind is Kind.SCALAR else ""
    messages = [str(e) for m in group if m != drawn for e in form.errors.get(m, [])]
    item.errors = list(dict.fromkeys(messages))
    return item


def _picked(form: ObjectForm, plan: FieldPlan, posted: str | None) -> bool:
    if plan.kind is Kind.OBJECT:
        return form.mode(plan) is Mode.SET
    value = form.value_of(plan)
    if plan.definition.type is FieldType.BOOLEAN:
        return value is True
    # Chosen and not filled in yet: the radio button says so.
    return posted == plan.name or value not in (MISSING, None, "")


def _words(form: ObjectForm, plan: FieldPlan) -> tuple[str, str] | None:
    """The presentation's label and help for `plan`, when the form carries one."""
    presentation = getattr(form, "presentation", None)
    spoken = presentation.spoken(form.definition.name, plan.name) if presentation else None
    return (spoken.label, spoken.help) if spoken is not None else None


def _editable_item(form: ObjectForm, plan: FieldPlan) -> Item:
    fd = plan.definition
    bound = form[plan.name] if plan.name in form.fields else None
    label, help_ = _words(form, plan) or (humanize(fd.name), help_text(fd))
    item = Item(
        kind="field",
        name=plan.name,
        label=label,
        help=help_,
        required=rules.required_now(form, plan),
        field=bound,
    )
    if bound is not None and bound.errors:
        # Tie the messages to the input, with the help: a screen reader reads both on focus.
        described = [f"{bound.auto_id}_helptext"] if help_ else []
        bound.field.widget.attrs["aria-describedby"] = " ".join(
            [*described, f"{bound.auto_id}_error"]
        )
        bound.field.widget.attrs["aria-invalid"] = "true"
    if plan.kind is Kind.OBJECT:
        item.kind, item.form = "object", form.children.get(plan.name)
    elif plan.kind is Kind.ROWS:
        item.kind = "rows"
        item.dom_id = f"{form.auto_id % form.add_prefix(plan.name)}_rows"
        rows = form.rows[plan.name]
        item.rows = [
            _row(form, plan, key, row, True, place, len(rows))
            for place, (key, row) in enumerate(rows, 1)
        ]
        item.add_vals = _vals(form, plan)
        item.add_label = add_label(fd)
        if full(fd, len(rows)):
            item.full_note = count_words(fd)
        item.add_focus = form.removed_row.startswith(f"{form.add_prefix(plan.name)}-")
    elif plan.is_array and fd.items is not None and bound is not None:
        item.kind = "list"
        item.dom_id = f"{bound.auto_id}_entries"
        values = bound.data if form.is_bound else bound.initial
        values = [str(v) for v in values] if isinstance(values, list) else []
        if not form.is_bound and (spell := getattr(bound.field.widget, "spell", None)):
            values = [spell(v) for v in values]  # what the platform holds, as people write it
        kwargs = {"remove_url": form.urls.row if form.urls else "", "auto_id": form.auto_id}
        item.entries = [
            list_entry(fd, bound.html_name, f"{bound.auto_id}_{i}", value, **kwargs)
            for i, value in enumerate([*values, ""])
        ]
        for entry in item.entries:
            entry.label = _("%(label)s, one entry") % {"label": label}
        if bound.errors:
            for entry in item.entries:
                entry.describedby = f"{entry.describedby} {bound.auto_id}_error".strip()
        item.add_vals = _vals(form, plan)
    return item


def _readonly_item(form: ObjectForm, plan: FieldPlan) -> Item:
    fd = plan.definition
    label, help_ = _words(form, plan) or (humanize(fd.name), fd.description)
    item = Item(kind="value", name=plan.name, label=label, help=help_, editable=False)
    if plan.kind is Kind.OBJECT:
        item.kind, item.form = "object", form.children.get(plan.name)
        return item
    if plan.kind is Kind.ROWS:
        item.kind = "rows"
        item.rows = [
            _row(form, plan, key, row, False, place)
            for place, (key, row) in enumerate(form.rows[plan.name], 1)
        ]
        return item
    value = MISSING if fd.secret else form.source.get(plan.name, MISSING)
    if fd.secret:
        item.value = _("Not shown (write-only)")
    elif isinstance(value, list) and fd.items is not None:
        item.is_list, item.values = True, [display(v) for v in value]
    else:
        item.value = display(value)
    return item


def display(value: Any) -> str:
    """A returned value as text for a read-only view."""
    if value is MISSING or value is None:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _vals(form: ObjectForm, plan: FieldPlan) -> str:
    return json.dumps({"list": form.add_prefix(plan.name), "_root": form.root_prefix})


def _row(
    form: ObjectForm,
    plan: FieldPlan,
    key: str,
    row: ObjectForm,
    editable: bool,
    place: int,
    count: int = 0,
) -> RowEntry:
    name = (_words(form, plan) or (humanize(plan.name), ""))[0]
    if entries_are_phones(plan.definition):
        label = _("Phone %(number)d") % {"number": place}
    else:
        label = _("%(name)s, entry %(number)d") % {"name": name, "number": place}
    entry = RowEntry(
        name=form.add_prefix(plan.name),
        key=key,
        form=row,
        label=label,
        editable=editable,
        remove_url=form.urls.row if form.urls else "",
    )
    if editable and form.urls:
        # Removing an entry draws the list again: numbers, moves and "Add" follow.
        entry.remove_block = form.urls.block
        entry.remove_vals = json.dumps(
            {"_block": form.prefix or "", "_root": form.root_prefix, REMOVE: f"{entry.name}-{key}"}
        )
        entry.move_target = form.block_id
    if editable and form.urls and plan.name in form.row_numbers:
        block = (form.prefix or "", form.root_prefix, form.block_id)
        add_moves(entry, form.urls.block, *block, first=place == 1, last=place == count)
        if form.moved_row == f"{entry.name}-{key}":
            # The button pressed, or the other one once the entry reached an end of the list.
            pressed = entry.move_up if form.moved_to == "up" else entry.move_down
            entry.focus = form.moved_to if pressed else ("down" if form.moved_to == "up" else "up")
    return entry


def add_label(fd: FieldDefinition) -> str:
    """What the "Add" button of a list of objects says."""
    return _("Add a phone") if entries_are_phones(fd) else ""


def full(fd: FieldDefinition, count: int) -> bool:
    """Whether a list of objects holding `count` entries takes no more."""
    return fd.max_items is not None and count >= fd.max_items


def add_moves(
    entry: RowEntry,
    url: str,
    block: str,
    root: str,
    target: str,
    *,
    first: bool = False,
    last: bool = False,
) -> None:
    """Give `entry` its move buttons: they redraw the block `block` (html id `target`)."""

    def vals(to: str) -> str:
        moved = f"{entry.name}-{entry.key}"
        return json.dumps({"_block": block, "_root": root, MOVE: moved, MOVE_TO: to})

    entry.move_url, entry.move_target = url, target
    entry.move_up = "" if first else vals("up")
    entry.move_down = "" if last else vals("down")


def list_entry(
    fd: FieldDefinition, name: str, id_: str, value: str, *, remove_url: str, auto_id: str = "id_%s"
) -> ListEntry:
    """One input of a list of values named `name` (the list's html name)."""
    describedby = f"{auto_id % name}_helptext" if help_text(fd) else ""
    return ListEntry(
        name=name,
        id=id_,
        value=value,
        input_type=_INPUT_TYPES.get(fd.items or "", "text"),
        label=_("%(name)s, one entry") % {"name": humanize(fd.name)},
        describedby=describedby,
        remove_url=remove_url,
    )


def new_row_token() -> str:
    """A fresh id suffix for an input added by htmx (ids must stay unique on the page)."""
    return secrets.token_hex(4)
