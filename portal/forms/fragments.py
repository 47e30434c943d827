"""What a form's htmx endpoints answer, for whichever page owns them.

A page that renders a generated form also answers its two callbacks (`FormUrls`): a block
re-rendered after a deciding field changed, and a new entry for a list. The page builds the
form as it did to render it (same declaration, same cut, same lookups); these functions pick
the part to send back. Templates: "forms/object_form.html#object-block", "#object-row",
"#list-row".
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from portal.forms.base import FormUrls, ObjectForm
from portal.forms.layout import ListEntry, RowEntry, list_entry, new_row_token
from portal.forms.plan import Kind

BLOCK_TEMPLATE = "forms/object_form.html#object-block"
ROW_TEMPLATE = "forms/object_form.html#object-row"
LIST_ENTRY_TEMPLATE = "forms/object_form.html#list-row"


def posted_block(form: ObjectForm, posted: Mapping[str, str]) -> ObjectForm | None:
    """The block of a bound form (built with quiet=True) that the posted `_block` names."""
    if form.readonly:
        return None
    return form.find(posted.get("_block", ""))


def new_entry(
    form_class: type[ObjectForm], query: Mapping, urls: FormUrls
) -> RowEntry | ListEntry | None:
    """A new entry for the list the query names ("list", "_root", the keys already there).

    A nested form for an array of objects, an input for a list of values; None when the query
    names no editable list of the form.
    """
    path, root = query.get("list", ""), query.get("_root", "")
    try:
        plan = form_class.locate(path, root)
    except LookupError:
        return None
    if plan.kind is Kind.ROWS:
        existing = query.getlist(path) if hasattr(query, "getlist") else []
        keys = [int(k) for k in existing if k.isdigit() and len(k) < 5]
        key = str(max(keys, default=-1) + 1)
        row = plan.child(
            prefix=f"{path}-{key}",
            urls=urls,
            root_prefix=root,
            empty_permitted=True,
            use_required_attribute=False,
        )
        return RowEntry(
            name=path,
            key=key,
            form=row,
            label=_("%(name)s, new entry") % {"name": plan.name},
            editable=True,
            remove_url=urls.row,
        )
    if plan.kind is Kind.SCALAR and plan.definition.items is not None:
        entry_id = f"id_{path}_{new_row_token()}"
        return list_entry(plan.definition, path, entry_id, "", remove_url=urls.row)
    return None


def template_for(entry: RowEntry | ListEntry) -> tuple[str, str]:
    """The fragment that draws `entry`, and the context name it expects."""
    if isinstance(entry, RowEntry):
        return ROW_TEMPLATE, "row"
    return LIST_ENTRY_TEMPLATE, "entry"
