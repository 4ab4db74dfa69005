"""One way to page long lists, so no list page grows with the city's data."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> tuple[Page, str]:
    """The requested page (a bad or out-of-range number gives the nearest page, never an error)
    and the query string without `page`, for the links of `partials/pagination.html`."""
    page = Paginator(queryset, per_page or PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
