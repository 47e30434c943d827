"""The portal's lists, from the database or from APIO: one table, sortable by its headers, in
pages of 50, stacked on phones.

Drawn by Jinja2 (templates/jinja2/tables/table.html, from templates/tables/table.html) from the
cells and links made here: sortable headers are links with aria-sort on the sorted column, each
cell names its column for phones (`data-label`), the caption says which rows are shown
("Showing 51–100 of 1,234 changes") and the pages are a navigation landmark. A subclass
declares its columns, a caption and `counted`, the sentence for its count; a list from the
database also declares `counted_more`, for when it has more rows than were counted.
"""

from urllib.parse import quote

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_str
from django.utils.formats import localize, number_format
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, escape
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django_tables2.data import TableQuerysetData
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import signature

from portal.converters import addressable

PAGE_SIZE = 50
TEMPLATE = "tables/table.html"
# How many rows past the start of the page asked for a database list counts. Counting all of
# 100,000 rows costs more than drawing the page; past this the caption says "more than".
COUNT_AHEAD = 1000
# What django-tables2 offers a column's render method, by name.
CELL_ARGUMENTS = {"value", "record", "column", "bound_column", "bound_row", "table"}
MISSING = object()
# What reverse() leaves unquoted in a path.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def querystring(request, updates: dict, without: tuple = ()) -> SafeString:
    """The request's query string with `updates` and without `without`, escaped: what
    django-tables2's `{% querystring_replace %}` draws."""
    params = dict(request.GET)
    params.update(updates)
    for name in without:
        params.pop(name, None)
    return escape("?" + urlencode(params, doseq=True))


def shown(cell) -> SafeString:
    """A cell as Django's template language shows a value: in local time and the locale's
    numbers, escaped unless it is markup already."""
    if isinstance(cell, SafeString):
        return cell
    if isinstance(cell, str):
        return escape(cell)
    return conditional_escape(localize(template_localtime(cell)))


_SIGNATURES: dict = {}


def render_signature(render) -> tuple:
    """(arguments, ** name) of a render method, inspected once per function: inspecting it
    cost more than drawing the cells of its column."""
    function = getattr(render, "__func__", render)
    found = _SIGNATURES.get(function)
    if found is None:
        found = _SIGNATURES[function] = signature(render)
    return found


def path_maker(url_name: str, arity: int = 1):
    """(*args) -> the path of `url_name` for them, as reverse() makes it, reversed once per
    page: reverse() for each row of a page cost more than the rest of the row.

    For patterns whose arguments are each one path segment (`<int:…>` given ints, or
    `<apio_id:…>`). An argument that cannot be one ("", ".", "..", with a "/") goes through
    reverse(), which refuses it as it would have.
    """
    try:
        markers = [f"pathmarker{index}x" for index in range(arity)]
        pieces = reverse(url_name, args=markers)
    except NoReverseMatch:  # <int:…>
        markers = [str(918273640 + index) for index in range(arity)]
        pieces = reverse(url_name, args=markers)
    for marker in markers:
        pieces = pieces.replace(marker, "\0")
    pieces = pieces.split("\0")

    def path(*args) -> str:
        texts = [str(arg) for arg in args]
        if not all(addressable(text) for text in texts):
            return reverse(url_name, args=args)
        made = [pieces[0]]
        for text, after in zip(texts, pieces[1:], strict=True):
            made += (quote(text, safe=PATH_SAFE), after)
        return "".join(made)

    return path


class BoundedPaginator(Paginator):
    """Pages of a queryset that counts its rows only up to COUNT_AHEAD past the page asked for.

    Below that the count is exact. Above it, `more` is true and the count is one past the
    bound, so that the pages go on from wherever the reader is (page 30 counts to row 2,450).
    """

    def __init__(self, object_list, per_page, *, queryset, ahead: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.queryset = queryset
        self.ahead = COUNT_AHEAD if ahead is None else ahead
        self.asked = 1
        self.more = False

    def page(self, number):
        try:
            self.asked = max(1, int(number))
        except (TypeError, ValueError):
            self.asked = 1
        return super().page(number)

    @property
    def bound(self) -> int:
        """The most rows counted; a count past it says only "more than this"."""
        return (self.asked - 1) * self.per_page + self.ahead

    @cached_property
    def count(self) -> int:
        # Only the keys, in no order: the database stops at the limit and sorts nothing.
        found = self.queryset.order_by().values("pk")[: self.bound + 1].count()
        self.more = found > self.bound
        return found


class StackTable(tables.Table):
    caption = ""
    # Plain class attributes, inherited as Python inherits them (a table's Meta is not).
    css_class = "stack"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("template_name", TEMPLATE)
        # configure() reads the request, once: given here, django-tables2 would also page the
        # rows by itself, counting every one of them.
        kwargs.pop("request", None)
        super().__init__(*args, **kwargs)

    def configure(self, request, per_page: int = PAGE_SIZE) -> "StackTable":
        """Sort and page by the request's ?sort= and ?page= (a page past the end is the last)."""
        paginate = {"per_page": per_page}
        if isinstance(self.data, TableQuerysetData):
            paginate |= {"paginator_class": BoundedPaginator, "queryset": self.data.data}
        tables.RequestConfig(request, paginate=paginate).configure(self)
        return self

    def once(self, key, make):
        """`make()`, made once per table for `key`: the rows of a page share their authors,
        settings and outcomes, each costly to put in words."""
        made = self.__dict__.setdefault("_made", {})
        try:
            return made[key]
        except KeyError:
            value = made[key] = make()
            return value

    @property
    def more(self) -> bool:
        """There are more rows than were counted."""
        return getattr(getattr(self, "paginator", None), "more", False)

    @cached_property
    def showing(self) -> str:
        """Where this page is among all the rows, in the locale's numbers; "" without rows."""
        # `page is not None`, never `if page`: a page's truth is its length, which reads its rows.
        page = getattr(self, "page", None)
        total = page.paginator.count if page is not None else len(self.rows)
        if not total:
            return ""
        first, last = (page.start_index(), page.end_index()) if page is not None else (1, total)
        if self.more:
            total = self.paginator.bound
        sentence = self.counted_more(total) if self.more else self.counted(total)
        return sentence % {
            "first": number_format(first, force_grouping=True),
            "last": number_format(last, force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }

    def words(self) -> dict:
        """The caption, the count ("" without rows) and the empty list's words, escaped."""
        return {
            "caption": conditional_escape(self.caption),
            "showing": conditional_escape(self.showing),
            "empty": conditional_escape(self.empty_text),
        }

    def headings(self, request) -> list[dict]:
        """Each column's header, escaped, with its sort link and state: what <thead> shows."""
        order_field, page_field = self.prefixed_order_by_field, self.prefixed_page_field
        headings = []
        for column in self.columns:
            heading = {"header": conditional_escape(column.header), "href": "", "sorted": ""}
            if column.orderable:
                alias = column.order_by_alias
                heading["href"] = querystring(
                    request, {order_field: alias.next}, without=(page_field,)
                )
                if column.is_ordered:
                    heading["sorted"] = "descending" if alias.is_descending else "ascending"
            heading["orderable"] = column.orderable
            headings.append(heading)
        return headings

    def labelled_rows(self) -> list[list[tuple[SafeString, SafeString]]]:
        """This page's rows as [(column header, cell)], both escaped: each header made once, and
        each cell drawn as Django's template language would show its value."""
        columns = list(self.columns)
        headers = [conditional_escape(column.header) for column in columns]
        drawers = [self._cell_drawer(column) for column in columns]
        return [
            [(header, shown(draw(row))) for header, draw in zip(headers, drawers, strict=True)]
            for row in self.paginated_rows
        ]

    def pages(self, request) -> dict | None:
        """The pages' links (href, number, this page?), previous and next; None for one page."""
        page = getattr(self, "page", None)
        if page is None or self.paginator.num_pages <= 1:
            return None
        field = self.prefixed_page_field

        def href(number) -> SafeString:
            return querystring(request, {field: number})

        return {
            "previous": href(page.previous_page_number()) if page.has_previous() else "",
            "next": href(page.next_page_number()) if page.has_next() else "",
            "links": [
                None if p == "..." else (href(p), localize(p), p == page.number)
                for p in self.page_links
            ],
        }

    def _cell_drawer(self, bound_column):
        """How to draw the cells of one column, worked out once per page.

        A column the table draws with its own `render_<name>` method is drawn straight, as
        django-tables2 would: the field's named choice if it has choices, the column's
        default for an empty value, else the method with the arguments it asks for. The
        library works all that out again for every cell, which took a third of the time of
        a page of 50 rows. Any other column is drawn by the library.
        """
        name, render = bound_column.name, bound_column.render
        accessor = tables.A(bound_column.accessor)
        asked, takes_any = render_signature(render)
        if (
            getattr(render, "__self__", None) is not self
            or bound_column.link
            or len(accessor.bits) != 1
            or isinstance(bound_column.column, tables.ManyToManyColumn)
            or not (takes_any or set(asked) <= CELL_ARGUMENTS)
        ):
            return lambda row: row.get_cell(name)
        field = accessor.bits[0]
        # A field's choices by name, as get_<field>_display() gives them, named once per page:
        # that method translates the name of every choice again for each cell.
        named = self._choice_names(field)
        column, empty, default = (
            bound_column.column,
            bound_column.column.empty_values,
            bound_column.default,
        )
        asked = tuple(asked)
        asks_for = {key: key in asked or takes_any for key in CELL_ARGUMENTS}

        def read(record):
            # What Accessor.resolve finds, without its attempts that fail: a dict's key, a
            # model's attribute (anything else, or a method, goes the library's way).
            if isinstance(record, dict):
                return record[field] if field in record else accessor.resolve(record)
            value = getattr(record, field, MISSING)
            if value is MISSING or callable(value):
                return accessor.resolve(record)
            return value

        def draw(row):
            record = row.record
            try:
                value = read(record)
                if named is not None:
                    value = named.get(make_hashable(value), value)
            except Exception:  # as the library: a value that cannot be read is empty
                value = None
            if value in empty:
                return default
            given = {"value": value, "record": record}
            if asks_for["column"]:
                given["column"] = column
            if asks_for["bound_column"]:
                given["bound_column"] = bound_column
            if asks_for["bound_row"]:
                given["bound_row"] = row
            if asks_for["table"]:
                given["table"] = self
            if not takes_any:
                given = {key: given[key] for key in asked}
            return render(**given)

        return draw

    def _choice_names(self, field: str) -> dict | None:
        """The field's choices, value -> name in the active language; None without choices."""
        model = getattr(self.data, "model", None)
        try:
            choices = model._meta.get_field(field).flatchoices if model else None
        except FieldDoesNotExist:
            return None
        if not choices:
            return None
        return {make_hashable(value): force_str(name, strings_only=True) for value, name in choices}

    @property
    def page_links(self) -> list:
        """The page numbers to link, with "..." for a gap; the last is not known when `more`."""
        links = list(table_page_range(self.page, self.paginator))
        if self.more:  # the last number is only as far as was counted: not the last page
            links = links[:-1] if links[-2:-1] == ["..."] else [*links, "..."]
        return links

    def counted(self, total: int) -> str:
        """The sentence with %(first)s, %(last)s and %(total)s, in the plural `total` asks for."""
        raise NotImplementedError

    def counted_more(self, total: int) -> str:
        """As `counted`, for a list with more than `total` rows."""
        raise NotImplementedError
