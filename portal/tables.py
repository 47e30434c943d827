"""The portal's lists, from the database or from APIO: one table, sortable by its headers, in
pages of 50, stacked on phones.

Drawn by templates/tables/table.html: sortable headers are links with aria-sort on the sorted
column, each cell names its column for phones (`data-label`), the caption says which rows are
shown ("Showing 51–100 of 1,234 changes") and the pages are a navigation landmark. A subclass
declares its columns, a caption and `counted`, the sentence for its count; a list from the
database also declares `counted_more`, for when it has more rows than were counted.
"""

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable
from django_tables2.data import TableQuerysetData
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import signature

PAGE_SIZE = 50
TEMPLATE = "tables/table.html"
# How many rows past the start of the page asked for a database list counts. Counting all of
# 100,000 rows costs more than drawing the page; past this the caption says "more than".
COUNT_AHEAD = 1000
# What django-tables2 offers a column's render method, by name.
CELL_ARGUMENTS = {"value", "record", "column", "bound_column", "bound_row", "table"}


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

    @property
    def more(self) -> bool:
        """There are more rows than were counted."""
        return getattr(getattr(self, "paginator", None), "more", False)

    @property
    def showing(self) -> str:
        """Where this page is among all the rows, in the locale's numbers; "" without rows."""
        page = getattr(self, "page", None)
        total = page.paginator.count if page else len(self.rows)
        if not total:
            return ""
        first, last = (page.start_index(), page.end_index()) if page else (1, total)
        if self.more:
            total = self.paginator.bound
        sentence = self.counted_more(total) if self.more else self.counted(total)
        return sentence % {
            "first": number_format(first, force_grouping=True),
            "last": number_format(last, force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }

    def labelled_rows(self):
        """This page's rows as [(column header, cell)]: each header made once, not per cell."""
        columns = list(self.columns)
        headers = [str(column.header) for column in columns]  # translated once, not per cell
        drawers = [self._cell_drawer(column) for column in columns]
        for row in self.paginated_rows:
            yield [(header, draw(row)) for header, draw in zip(headers, drawers, strict=True)]

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
        asked, takes_any = signature(render)
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

        def draw(row):
            record = row.record
            try:
                value = accessor.resolve(record)
                if named is not None:
                    value = named.get(make_hashable(value), value)
            except Exception:  # as the library: a value that cannot be read is empty
                value = None
            if value in empty:
                return default
            given = {"value": value, "record": record, "column": column,
                     "bound_column": bound_column, "bound_row": row, "table": self}  # fmt: skip
            return render(**(given if takes_any else {key: given[key] for key in asked}))

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
