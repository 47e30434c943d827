"""Tables of people (django-tables2 over lists of dicts): sortable by their headers, in pages
with true counts, stacked on phones (`class="stack"`, a `data-label` on every cell).

Each row is a dict holding what the cells show and, under `sort_*`, what they sort by (folded,
so that "Élise" sorts with the Es). A subclass declares its columns, a caption and how to count
its rows ("Showing 1–50 of 312 users").
"""

import django_tables2 as tables
from django.core.paginator import EmptyPage, Paginator
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.directory.matching import fold
from portal.directory.phone import digit_forms, national
from portal.reads import UserSummary

PAGE_SIZE = 50


class StackTable(tables.Table):
    """The portal's list: `configure(request)` reads ?sort= and ?page= and pages the rows."""

    caption = ""
    per_page_count = PAGE_SIZE

    class Meta:
        template_name = "directory/table.html"
        orderable = True

    def configure(self, request) -> "StackTable":
        sort = request.GET.get("sort", "")
        name = sort.removeprefix("-")
        if name in self.columns and self.columns[name].orderable:
            self.order_by = sort
        try:
            page = int(request.GET.get("page") or 1)
        except ValueError:
            page = 1
        try:
            self.paginate(Paginator, per_page=self.per_page_count, page=max(page, 1))
        except EmptyPage:
            self.paginate(Paginator, per_page=self.per_page_count, page=self.paginator.num_pages)
        return self

    def headers(self) -> list[dict]:
        """Each header's label, the ?sort= its link asks for and its aria-sort."""
        current = self.order_by[0] if self.order_by else ""
        found = []
        for column in self.columns:
            entry = {"label": column.header, "sort": "", "aria_sort": "", "class": ""}
            if column.orderable:
                entry["class"] = "orderable"
                if current.lstrip("-") == column.name:
                    descending = current.startswith("-")
                    entry["aria_sort"] = "descending" if descending else "ascending"
                    entry["class"] = "orderable desc" if descending else "orderable asc"
                    entry["sort"] = column.name if descending else f"-{column.name}"
                else:
                    entry["sort"] = column.name
            found.append(entry)
        return found

    def page_links(self) -> list[dict]:
        """Page numbers around the current one and at the ends; `gap` for those left out."""
        return [
            {"number": n, "current": n == self.page.number, "gap": not isinstance(n, int)}
            for n in self.paginator.get_elided_page_range(self.page.number, on_each_side=2)
        ]

    @property
    def showing(self) -> str:
        """ "Showing 1–50 of 2,000 agents": where this page is among all the rows."""
        total = self.paginator.count
        text = self.counted(total)
        return text % {
            "first": number_format(self.page.start_index(), force_grouping=True),
            "last": number_format(self.page.end_index(), force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }

    def counted(self, total: int) -> str:
        """The sentence with %(first)s, %(last)s and %(total)s, in the plural `total` asks for."""
        raise NotImplementedError


def person_link(summary: UserSummary, url_name: str | None) -> str:
    """The person's name, a link to their page when `url_name` is given and can hold their ids."""
    url = ""
    if url_name:
        try:
            url = reverse(url_name, args=[summary.tenant_id, summary.group_id, summary.user_id])
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

    def __init__(self, rows: list[dict], *, link_people: bool = True, **kwargs):
        kwargs.setdefault("order_by", "name")
        kwargs.setdefault("empty_text", "")
        super().__init__(rows, **kwargs)
        self.link_people = link_people

    def render_name(self, record: dict) -> str:
        return person_link(record["person"], self.person_url_name if self.link_people else None)

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
