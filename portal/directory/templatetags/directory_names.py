"""`{% group_name tenant_id group_id %}`: a group as people know it (portal.directory.search)."""

from django import template

from portal.directory import search

register = template.Library()
register.simple_tag(search.group_name, name="group_name")
