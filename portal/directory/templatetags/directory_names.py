"""A group as people know it: by its name on the platform, its id when it has none."""

from django import template

from portal.apio.errors import ApioError
from portal.directory.search import group_names

register = template.Library()


@register.simple_tag
def group_name(tenant_id: str, group_id: str) -> str:
    try:
        names = group_names({tenant_id})  # cached with the tenant's group list
    except ApioError:
        return group_id  # the id still tells staff which group this is
    return names.get((tenant_id, group_id), group_id)
