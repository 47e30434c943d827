"""What a form's htmx endpoints answer, for whichever page owns them.

A page that renders a generated form also answers its two callbacks (`FormUrls`): a block
re-rendered after a deciding field changed, and a new entry for a list. The page builds the
form as it did to render it (same declaration, same cut, same lookups); these functions pick
the part to send back. Templates: "forms/object_form.html#object-block", "#object-row",
"#list-row".
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.utils.translation import gettext as _

from portal.forms.base import FormUrls, ObjectForm
from portal.forms.counts import count_words, entries_are_phones
from portal.forms.layout import (
    REMOVE,
    ListEntry,
    RowEntry,
    add_moves,
    full,
    list_entry,
    new_row_token,
)
from portal.forms.plan import Kind
from portal.forms.table import humanize

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
        row.fresh = True
        phones = entries_are_phones(plan.definition)
        entry = RowEntry(
            name=path,
            key=key,
            form=row,
            label=_("New phone")
            if phones
            else _("%(name)s, new entry") % {"name": humanize(plan.name)},
            editable=True,
            remove_url=urls.row,
        )
        # The form that holds the list: "Remove" draws it again, like a move does.
        block = path.rpartition("-")[0]
        target = f"block-{block}" if block else "block-root"
        entry.remove_block, entry.move_target = urls.block, target
        entry.remove_vals = json.dumps({"_block": block, "_root": root, REMOVE: f"{path}-{key}"})
        own = path[len(root) + 1 :] if root else path  # a list of the form itself
        if own in form_class.row_numbers:
            add_moves(entry, urls.block, root, root, f"block-{root}" if root else "block-root")
        if full(plan.definition, len(keys) + 1):
            # This entry fills the list: "Add" gives way to the note (an out-of-band swap).
            entry.fills = count_words(plan.definition)
            entry.add_id = f"id_{path}_rows_add"
        return entry
    if plan.kind is Kind.SCALAR and plan.definition.items is not None:
        entry_id = f"id_{path}_{new_row_token()}"
        return list_entry(plan.definition, path, entry_id, "", remove_url=urls.row)
    return None


def template_for(entry: RowEntry | ListEntry) -> tuple[str, str]:
    """The fragment that draws `entry`, and the context name it expects."""
    if isinstance(entry, RowEntry):
        return ROW_TEMPLATE, "row"
    return LIST_ENTRY_TEMPLATE, "entry"
