"""Conditions and exclusive groups of a definition, applied to a bound `ObjectForm`.

Read-only views apply neither: they show what APIO returned. Everything here works on JSON
values (`ObjectForm.value_of`), so it can run before validation (to decide what to render) as
well as inside `clean()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from portal.definitions.model import Condition, ExclusiveGroup, FieldType
from portal.forms.plan import EDITABLE, MISSING, FieldPlan, Role

if TYPE_CHECKING:
    from portal.forms.base import ObjectForm


def conditions(form: ObjectForm) -> list[Condition]:
    if form.readonly:
        return []
    return [c for c in form.definition.conditions if form.method in c.methods]


def groups(form: ObjectForm) -> list[ExclusiveGroup]:
    if form.readonly:
        return []
    return [g for g in form.definition.exclusive_groups if form.method in g.methods]


def effective(form: ObjectForm, name: str) -> Any:
    """The value a condition looks at: the form's, else APIO's (in a PUT), else the default."""
    try:
        plan = form.plan_named(name)
    except KeyError:
        return None
    value = form.value_of(plan) if plan.role in EDITABLE else MISSING
    if value is MISSING and form.method == "PUT":
        value = form.source.get(name, MISSING)
    return plan.definition.default if value is MISSING else value


def applies(form: ObjectForm, plan: FieldPlan) -> bool:
    """False when an "allowed" condition rules the field out (it is then not rendered).

    Several "allowed" conditions on one field mean "allowed when any of them holds".
    """
    allowed = [c for c in conditions(form) if c.field == plan.name and c.effect == "allowed"]
    return not allowed or any(effective(form, c.when) == c.equals for c in allowed)


def required_now(form: ObjectForm, plan: FieldPlan) -> bool:
    if plan.role is Role.REQUIRED:
        return True
    return any(
        c.field == plan.name and c.effect == "required" and effective(form, c.when) == c.equals
        for c in conditions(form)
    )


def unmet(form: ObjectForm, condition: Condition) -> str | None:
    """What a "required" condition says when the write would leave its field empty, else None.

    Its `cleared_message` when the person emptied the value, its `message` otherwise.
    """
    plan = form.plan_named(condition.field)
    if effective(form, condition.when) != condition.equals or form.is_set(plan):
        return None
    if condition.cleared_message and form.cleared(plan):
        return condition.cleared_message
    return condition.message


def problems(form: ObjectForm, failed: set[str]) -> list[tuple[str, str]]:
    """(field name, message) for every broken condition or group, and every emptied field the
    platform cannot empty; `failed` fields are skipped (their own error says more than a rule
    built on a value that could not be read)."""
    found = _condition_problems(form, failed) + _group_problems(form, failed)
    named = {name for name, _ in found}
    return found + _cleared_problems(form, failed | named)


def _condition_problems(form: ObjectForm, failed: set[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for c in conditions(form):
        plan = form.plan_named(c.field)
        if plan.role not in EDITABLE or {c.field, c.when} & failed:
            continue
        message = unmet(form, c) if c.effect == "required" else None
        if message:
            out.append((c.field, message))
        # Only a value that would be sent is a problem: in a PUT an unchanged one stays home.
        ruled_out = c.effect == "allowed" and not applies(form, plan) and form.sends(plan)
        if ruled_out and (c.field, c.message) not in out:
            out.append((c.field, c.message))
    return out


def _group_problems(form: ObjectForm, failed: set[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for group in groups(form):
        members = [form.plan_named(n) for n in group.fields]
        members = [p for p in members if p.role in EDITABLE]
        if not members or {p.name for p in members} & failed:
            continue
        chosen = [p for p in members if _chosen(form, p)]
        if len(chosen) > 1:
            labels = _listed(form, chosen)
            out += [
                (p.name, _("Choose only one of: %(labels)s.") % {"labels": labels}) for p in chosen
            ]
        elif group.required and not chosen:
            labels = _listed(form, members)
            out.append((members[0].name, _("Choose one of: %(labels)s.") % {"labels": labels}))
    return out


def _listed(form: ObjectForm, members: list[FieldPlan]) -> str:
    """The members by name, each quoted: a member drawn as one of a choice's buttons ("one_of")
    by that button's words."""
    presentation = form.presentation
    lead = presentation.words_for(form.definition.name, members[0].name) if presentation else None
    buttons = dict(lead.choices) if lead is not None and lead.widget == "one_of" else {}
    names = [str(buttons.get(p.name) or form.label_for(p)) for p in members]
    return ", ".join(f"“{name}”" for name in names)


def _cleared_problems(form: ObjectForm, failed: set[str]) -> list[tuple[str, str]]:
    """A value the person emptied that has no empty form on the platform (a number, a date).

    Members of an exclusive group are left alone: choosing another member replaces them.
    """
    grouped = {name for group in groups(form) for name in group.fields}
    out: list[tuple[str, str]] = []
    for plan in form.plans:
        if plan.name in failed or plan.name in grouped or not form.cleared(plan):
            continue
        if form.clear_value(plan) is MISSING and applies(form, plan):
            out.append(
                (plan.name, _("%(label)s cannot be left empty.") % {"label": form.label_for(plan)})
            )
    return out


def _chosen(form: ObjectForm, plan: FieldPlan) -> bool:
    # In a PUT only what is sent counts, so switching kind leaves the old one "unchanged".
    if not form.sends(plan):
        return False
    value = form.value_of(plan)
    if value is MISSING:
        return False
    # A flag set to false ("not for ever") does not compete with the other choices.
    if plan.definition.type is FieldType.BOOLEAN:
        return value is True
    return value not in (None, "")
