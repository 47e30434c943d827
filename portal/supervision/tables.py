"""The supervision lists as tables: a call center's agents, and call centers. Sortable, paged
with true counts, filtered by what people type (names in any order and without accents,
numbers in any form, extensions), and stacked on phones (portal.directory.tables)."""

from collections import OrderedDict
from collections.abc import Iterator
from operator import itemgetter
from threading import Lock

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy

from portal.directory.matching import Needle, Searchable, fold
from portal.directory.phone import national
from portal.directory.tables import PersonTable, extension_order, isolated, person_row
from portal.reads import UserSummary
from portal.supervision.agents import CallCenter
from portal.tables import StackTable


def matching(agents: list[UserSummary], query: str) -> list[UserSummary]:
    """The agents `query` finds: every word in their names or user id, whatever the order,
    case and accents; or any part of their number in any form; or their extension."""
    needle = Needle.parse(query)
    if not needle:
        return agents
    return [agent for agent in agents if needle.matches(searchable(agent))]


def searchable(agent: UserSummary) -> Searchable:
    return Searchable.of(
        agent.first_name, agent.last_name, agent.user_id, agent.phone_number, agent.extension
    )


class KeyedListData(TableListData):
    """Rows (dicts) sorted by their keys in C: django-tables2 resolves an accessor per row and
    key in Python, which takes tens of milliseconds for 2,000 rows. Every column sorts by
    plain keys of the row (`order_by=("sort_…", …)`)."""

    def order_by(self, aliases) -> None:
        keys: list[tuple[str, bool]] = []
        for alias in aliases:
            column = self.table.columns[OrderBy(alias).bare]
            accessors = column.order_by
            if alias[0] != column.order_by_alias[0]:
                accessors = accessors.opposite
            keys += [(str(OrderBy(a).bare), OrderBy(a).is_descending) for a in accessors]
        # Stable sorts, the least significant key first.
        for key, descending in reversed(keys):
            self.data.sort(key=itemgetter(key), reverse=descending)


class AgentTable(PersonTable):
    """A call center's agents: who they are and where to reach them."""

    department = tables.Column(
        verbose_name=_("Department"), order_by=("sort_department", "sort_name")
    )
    email = tables.Column(verbose_name=_("Email"), order_by=("sort_email", "sort_name"))
    location_code = tables.Column(
        verbose_name=_("Location code"), order_by=("sort_location_code", "sort_name")
    )
    caption = _("Agents")

    def __init__(self, rows: list[dict], **kwargs):
        super().__init__(KeyedListData(list(rows)), **kwargs)

    def render_phone_number(self, record: dict) -> str:
        return isolated(record["phone_national"])

    def render_department(self, value: str) -> str:
        return isolated(value)

    def render_email(self, value: str) -> str:
        return isolated(value)

    def render_location_code(self, value: str) -> str:
        return isolated(value)

    def counted(self, total: int) -> str:
        return ngettext(
            "Showing %(first)s–%(last)s of %(total)s agent",
            "Showing %(first)s–%(last)s of %(total)s agents",
            total,
        )


def agent_row(agent: UserSummary, location_code: str = "") -> dict:
    return person_row(
        agent,
        email=agent.email,
        location_code=location_code,
        sort_email=agent.email.lower(),
        sort_location_code=extension_order(location_code),
        searchable=searchable(agent),
        phone_national=national(agent.phone_number),
    )


def agent_rows(agents: list[UserSummary]) -> list[dict]:
    return [agent_row(agent) for agent in agents]


# Rows are derived once per reading of APIO (a Listing's token), not on each request: folding
# 2,000 names costs more than the rest of the page.
_PREPARED: OrderedDict[tuple[str, str], tuple[dict, ...]] = OrderedDict()
_PREPARED_MAX = 32
_prepared_lock = Lock()


def prepared_rows(center: CallCenter, entries: tuple[dict, ...], token: str) -> tuple[dict, ...]:
    """The rows of APIO's agent entries, as the table shows, sorts and searches them."""
    key = (center.service_user_id, token)
    with _prepared_lock:
        rows = _PREPARED.get(key)
        if rows is not None:
            _PREPARED.move_to_end(key)
            return rows
    rows = tuple(
        agent_row(
            UserSummary.from_apio(entry, center.tenant_id, center.group_id),
            str(entry.get("locationCode") or ""),
        )
        for entry in entries
    )
    with _prepared_lock:
        _PREPARED[key] = rows
        while len(_PREPARED) > _PREPARED_MAX:
            _PREPARED.popitem(last=False)
    return rows


def matching_rows(rows: tuple[dict, ...], query: str) -> list[dict]:
    """The rows `query` finds (as `matching` finds agents)."""
    needle = Needle.parse(query)
    if not needle:
        return list(rows)
    return [row for row in rows if needle.matches(row["searchable"])]


# -- CSV --------------------------------------------------------------------------------------

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


CSV_COLUMNS = (
    "name", "user_id", "phone_number", "extension", "department", "email", "location_code"
)  # fmt: skip


def csv_lines(table: AgentTable) -> Iterator[list[str]]:
    """The header and every row of `table` (all pages, in its order), each cell made safe.

    Read from the rows themselves: the table's own `as_values` renders each cell through its
    machinery, a hundred times slower for 2,000 agents."""
    yield [safe_cell(str(table.columns[name].header)) for name in CSV_COLUMNS]
    for record in table.data.data:
        values = dict(record, phone_number=record["phone_national"])
        yield [safe_cell(values[name]) for name in CSV_COLUMNS]


def csv_filename(center: CallCenter) -> str:
    """E.g. "support-line-agents.csv": the call center's name, in letters any system takes."""
    return f"{slugify(center.name) or slugify(center.service_user_id) or 'call-center'}-agents.csv"


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
