"""What a field's widget template would be given, for the form's own Jinja macros to draw.

Django draws each widget through its renderer: a template looked up by name, then another for
the attributes, one more per option. A page of a few dozen fields spends more time in those
look-ups than in the markup. templates/jinja2/forms/object_form.html copies the markup of the
few templates these forms use (Django's Jinja2 widget templates, the FORM_RENDERER's) and draws
them from the same context; any other widget is drawn by Django as before.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import ChoiceWidget

from portal.forms.fields import SwitchInput

WIDGETS = "django/forms/widgets/"
# The templates the macros copy: a lone <input>, and a <select> of plain options.
INPUTS = frozenset(
    WIDGETS + name
    for name in ("input.html", "text.html", "number.html", "email.html", "hidden.html")
) | {WIDGETS + "checkbox.html"}
SELECT, OPTION = WIDGETS + "select.html", WIDGETS + "select_option.html"
RADIO_OPTION = WIDGETS + "radio_option.html"


def _drawn_by_django(widget: forms.Widget) -> bool:
    """Whether drawing the widget is its template and nothing more (no code of its own)."""
    kind = type(widget)
    return kind.render is forms.Widget.render and kind._render is forms.Widget._render


def widget_context(bound: BoundField) -> dict[str, Any] | None:
    """The `widget` of the template context `bound.as_widget()` would draw, with "switch" set
    for a SwitchInput (its hidden "off" first); None when the macros do not copy its template."""
    field, widget = bound.field, bound.field.widget
    if field.localize or field.show_hidden_initial:
        return None
    switch = type(widget) is SwitchInput
    if not switch and not _drawn_by_django(widget):
        return None
    name = widget.template_name
    if name not in INPUTS and not (name == SELECT and widget.option_template_name == OPTION):
        return None
    # As BoundField.as_widget does.
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    drawn = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    drawn["switch"] = switch
    return drawn


def has_parts(bound: BoundField) -> bool:
    """`bool(bound)`: how many parts its widget draws. Only a choice can draw none; any other
    widget draws one, which this does not build."""
    return bool(bound) if isinstance(bound.field.widget, ChoiceWidget) else True
