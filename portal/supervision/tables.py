"""The supervision lists as tables: a call center's agents, and call centers. Sortable, paged
with true counts, filtered by what people type (names in any order and without accents,
numbers in any form, extensions), and stacked on phones (portal.directory.tables)."""

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.directory.matching import Needle, Searchable, fold
from portal.directory.tables import PersonTable, isolated, person_row
from portal.reads import UserSummary
from portal.supervision.agents import CallCenter
from portal.tables import StackTable


def matching(agents: list[UserSummary], query: str) -> list[UserSummary]:
    """The agents `query` finds: every word in their names or user id, whatever the order,
    case and accents; or any part of their number in any form; or their extension."""
    needle = Needle.parse(query)
    if not needle:
        return agents
    return [
        agent
        for agent in agents
        if needle.matches(
            Searchable.of(
                agent.first_name,
                agent.last_name,
                agent.user_id,
                agent.phone_number,
                agent.extension,
            )
        )
    ]


class AgentTable(PersonTable):
    department = tables.Column(
        verbose_name=_("Department"), order_by=("sort_department", "sort_name")
    )
    caption = _("Agents")

    def render_department(self, value: str) -> str:
        return isolated(value)

    def counted(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of %(total)s agent",
            "Showing %(first)s–%(last)s of %(total)s agents",
            total,
        )


def agent_rows(agents: list[UserSummary]) -> list[dict]:
    return [person_row(agent) for agent in agents]


class CallCenterTable(StackTable):
    name = tables.Column(verbose_name=_("Call center"), order_by=("sort_name",))
    service_user_id = tables.Column(verbose_name=_("Id"), order_by=("sort_id",))
    type = tables.Column(verbose_name=_("Type"), order_by=("sort_type", "sort_name"))
    caption = _("Call centers")

    css_class = "stack results"

    def __init__(self, rows: list[dict], **kwargs):
        kwargs.setdefault("order_by", "name")
        kwargs.setdefault("empty_text", "")
        super().__init__(rows, **kwargs)

    def render_name(self, record: dict) -> str:
        if record["url"]:
            return format_html('<bdi><a href="{}">{}</a></bdi>', record["url"], record["name"])
        return format_html(
            "<bdi>{}</bdi> <small>{}</small>", record["name"], _("cannot be opened here")
        )

    def value_name(self, record: dict) -> str:
        return record["name"]

    def render_service_user_id(self, value: str) -> str:
        return isolated(value)

    def render_type(self, value: str) -> str:
        return isolated(value)

    def counted(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of %(total)s call center",
            "Showing %(first)s–%(last)s of %(total)s call centers",
            total,
        )


def matching_centers(centers: list[CallCenter], query: str) -> list[CallCenter]:
    words = fold(query).split()
    return [
        center
        for center in centers
        if all(
            word in fold(f"{center.name} {center.service_user_id} {center.type}") for word in words
        )
    ]


def call_center_rows(centers: list[CallCenter], url_name: str, *, by_group: bool) -> list[dict]:
    """Rows for call centers, linked to `url_name` (by group and id, or by id alone)."""
    rows = []
    for center in centers:
        args = [center.service_user_id]
        if by_group:
            args = [center.tenant_id, center.group_id, center.service_user_id]
        try:
            url = reverse(url_name, args=args)
        except NoReverseMatch:
            url = ""
        rows.append(
            {
                "center": center,
                "name": center.name,
                "service_user_id": center.service_user_id,
                "type": center.type,
                "url": url,
                "sort_name": f"{fold(center.name)}\t{center.service_user_id.lower()}",
                "sort_id": center.service_user_id.lower(),
                "sort_type": fold(center.type),
            }
        )
    return rows
