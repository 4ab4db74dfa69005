"""One way to page long lists, so no list page grows with the city's data."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from .params import QueryParams

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> tuple[Page, str]:
    """The requested page and the query string without `page`, for the links of
    `partials/pagination.html`. Past the last page gives the last; a number that is not one
    gives the first, with a message (kyodo.params)."""
    params = QueryParams(request)
    page = Paginator(queryset, per_page or PAGE_SIZE).get_page(params.page())
    return page, params.query_without("page")


def paginate_ids(request: HttpRequest, queryset, fetch, per_page: int | None = None) -> tuple[Page, str]:
    """`paginate` for a filtered list of a large table: pages over the matching primary keys
    alone (the filter, the order and LIMIT in one narrow query, which PostgreSQL cannot turn
    into a join of every candidate row with every related table), then `fetch(ids)` loads that
    page's rows with their relations. The page keeps the queryset's order."""
    page, query = paginate(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = {obj.pk: obj for obj in fetch(ids)} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page, query
