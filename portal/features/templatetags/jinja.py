"""`{% jinja "features/conference_rows.html" rows=rows ... %}`: a part of a page drawn by Jinja2.

See portal.jinja for why.

Only the names given are passed, with the request (for `csrf_input`).
"""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **names) -> str:
    drawn = engines["jinja"].get_template(template_name).render(names, context.get("request"))
    return mark_safe(drawn)  # noqa: S308 - Jinja2 escaped every value it drew
