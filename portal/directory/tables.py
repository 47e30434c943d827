"""Tables of people, read from APIO (portal.tables.StackTable over lists of dicts).

Each row is a dict holding what the cells show and, under `sort_*`, what they sort by (folded,
so that "Élise" sorts with the Es). A subclass declares its columns, a caption and how to count
its rows ("Showing 1–50 of 312 users").
"""

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.directory.matching import fold
from portal.directory.phone import digit_forms, national
from portal.reads import UserSummary
from portal.tables import StackTable, path_maker


def person_link(summary: UserSummary, url_name: str | None, path_of=None) -> str:
    """The person's name, a link to their page when `url_name` is given and can hold their ids
    (`path_of`: the path of `url_name` for ids, made once per table)."""
    url = ""
    if url_name:
        path_of = path_of or (lambda *ids: reverse(url_name, args=ids))
        try:
            url = path_of(summary.tenant_id, summary.group_id, summary.user_id)
        except NoReverseMatch:
            return format_html(
                "<bdi>{}</bdi> <small>{}</small>", summary.display_name, _("cannot be opened here")
            )
    if url:
        return format_html('<a href="{}"><bdi>{}</bdi></a>', url, summary.display_name)
    return format_html("<bdi>{}</bdi>", summary.display_name)


def extension_order(extension: str) -> str:
    return extension.zfill(12) if extension.isdigit() else extension


def person_row(summary: UserSummary, **extra) -> dict:
    """A row for a person, with the keys the person columns show and sort by."""
    return {
        "person": summary,
        "name": summary.display_name,
        "user_id": summary.user_id,
        "phone_number": summary.phone_number,
        "extension": summary.extension,
        "department": summary.department,
        "sort_name": "\t".join(
            (fold(summary.last_name), fold(summary.first_name), summary.user_id.lower())
        ),
        "sort_user_id": summary.user_id.lower(),
        "sort_phone_number": digit_forms(summary.phone_number)[0] or summary.phone_number,
        "sort_extension": extension_order(summary.extension),
        "sort_department": fold(summary.department),
        **extra,
    }


def isolated(value) -> str:
    return format_html("<bdi>{}</bdi>", value)


class PersonTable(StackTable):
    """Name, user id, phone number and extension of people."""

    name = tables.Column(verbose_name=_("Name"), order_by=("sort_name",))
    user_id = tables.Column(verbose_name=_("User id"), order_by=("sort_user_id", "sort_name"))
    phone_number = tables.Column(
        verbose_name=_("Phone number"), order_by=("sort_phone_number", "sort_name")
    )
    extension = tables.Column(verbose_name=_("Extension"), order_by=("sort_extension", "sort_name"))

    person_url_name: str | None = "directory:user_detail"

    css_class = "stack results"

    def __init__(self, rows: list[dict], *, link_people: bool = True, **kwargs):
        kwargs.setdefault("order_by", "name")
        kwargs.setdefault("empty_text", "")
        super().__init__(rows, **kwargs)
        self.link_people = link_people

    def render_name(self, record: dict) -> str:
        if not self.link_people or not self.person_url_name:
            return person_link(record["person"], None)
        return person_link(record["person"], self.person_url_name, self.person_path)

    @cached_property
    def person_path(self):
        try:
            return path_maker(self.person_url_name, arity=3)
        except NoReverseMatch:  # not a page of ids here: person_link says so, row by row
            return None

    def value_name(self, record: dict) -> str:
        return record["name"]

    def render_user_id(self, value: str) -> str:
        return isolated(value)

    def render_phone_number(self, value: str) -> str:
        return isolated(national(value))

    def value_phone_number(self, value: str) -> str:
        return national(value)

    def render_extension(self, value: str) -> str:
        return isolated(value)


class UserResultTable(PersonTable):
    """Search results: people and their group."""

    group = tables.Column(verbose_name=_("Group"), order_by=("sort_group", "sort_name"))
    caption = _("Users found")

    def render_group(self, value: str) -> str:
        return isolated(value)

    def counted(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of %(total)s user",
            "Showing %(first)s–%(last)s of %(total)s users",
            total,
        )


def user_result_rows(found: list[UserSummary], group_names: dict) -> list[dict]:
    rows = []
    for summary in found:
        group = group_names.get((summary.tenant_id, summary.group_id)) or summary.group_id
        row = person_row(summary, group=group)
        row["sort_group"] = fold(group)
        rows.append(row)
    return rows
