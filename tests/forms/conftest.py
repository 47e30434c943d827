import re
from html import unescape as html_unescape

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string

from portal.definitions.loader import all_definitions


def cases(*, write: bool | None = None) -> list:
    """(definition, method) for every definition and method, as pytest params."""
    return [
        pytest.param(d, m, id=f"{d.name}-{m}")
        for d in all_definitions()
        for m in d.methods
        if write is None or (m != "GET") == write
    ]


_INPUT = re.compile(r"<input\b[^>]*>")
_SELECT = re.compile(r"<select\b[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
_ATTR = re.compile(r'\b(name|value|type)="([^"]*)"')


def posted_by_browser(form, **typed: str) -> QueryDict:
    """What a browser posts for `form` as drawn, after the person typed `typed` (html names)."""
    html = render_to_string("forms/object_form.html#object-block", {"form": form})
    data = QueryDict(mutable=True)
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if "name" not in attrs or (attrs.get("type") == "checkbox" and " checked" not in tag):
            continue
        default = "on" if attrs.get("type") == "checkbox" else ""
        data.appendlist(attrs["name"], html_unescape(attrs.get("value", default)))
    for name, options in _SELECT.findall(html):
        chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', options)
        data[name] = html_unescape(chosen.group(1)) if chosen else ""
    for name, value in typed.items():
        data[name] = value
    return data
