"""The path converter for the ids of BroadWorks objects in the portal's URLs.

Tenant, group, user and call-center ids come from the platform and go back to it as APIO path
segments. `<apio_id:…>` takes one segment of any text but "." or "..": browsers, proxies and
servers resolve those as "this folder" and "the folder above", so a URL naming one answers 404
rather than reaching a different APIO resource. Importing this module registers the converter.
"""

from django.urls import register_converter

UNADDRESSABLE = frozenset({".", ".."})


def addressable(value: str) -> bool:
    """Whether `value` can be one segment of a portal URL (and of an APIO path)."""
    return bool(value) and "/" not in value and value not in UNADDRESSABLE


class ApioIdConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        if not addressable(value):
            raise ValueError(f"{value!r} cannot name a BroadWorks object in a URL")
        return value

    def to_url(self, value: object) -> str:
        # A ValueError makes reverse() raise NoReverseMatch: `{% url … as link %}` then leaves
        # the link out instead of failing the page.
        return self.to_python(str(value))


register_converter(ApioIdConverter, "apio_id")
