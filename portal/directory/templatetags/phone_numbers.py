"""`{% load phone_numbers %}{{ number|national }}`: a number as people of the region write it."""

from django import template

from portal.directory import phone

register = template.Library()


@register.filter
def national(number: str) -> str:
    return phone.national(str(number or ""))
