"""The portal's lists, from the database or from APIO: one table, sortable by its headers, in
pages of 50 with true counts, stacked on phones.

Drawn by templates/tables/table.html: sortable headers are links with aria-sort on the sorted
column, each cell names its column for phones (`data-label`), the caption says which rows are
shown ("Showing 51–100 of 1,234 changes") and the pages are a navigation landmark. A subclass
declares its columns, a caption and `counted`, the sentence for its count.
"""

import django_tables2 as tables
from django.utils.formats import number_format

PAGE_SIZE = 50
TEMPLATE = "tables/table.html"


class StackTable(tables.Table):
    caption = ""
    # Plain class attributes, inherited as Python inherits them (a table's Meta is not).
    css_class = "stack"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("template_name", TEMPLATE)
        super().__init__(*args, **kwargs)

    def configure(self, request, per_page: int = PAGE_SIZE) -> "StackTable":
        """Sort and page by the request's ?sort= and ?page= (a page past the end is the last)."""
        tables.RequestConfig(request, paginate={"per_page": per_page}).configure(self)
        return self

    @property
    def showing(self) -> str:
        """Where this page is among all the rows, in the locale's numbers; "" without rows."""
        page = getattr(self, "page", None)
        total = page.paginator.count if page else len(self.rows)
        if not total:
            return ""
        first, last = (page.start_index(), page.end_index()) if page else (1, total)
        return self.counted(total) % {
            "first": number_format(first, force_grouping=True),
            "last": number_format(last, force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }

    def counted(self, total: int) -> str:
        """The sentence with %(first)s, %(last)s and %(total)s, in the plural `total` asks for."""
        raise NotImplementedError
