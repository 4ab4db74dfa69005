"""Public pages: review results on the register, open data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement
from kyodo.exports import table_response
from kyodo.paging import paginate
from kyodo.publiccache import AGREEMENTS, CALLS, ORGANISATIONS, PROJECTS, REVIEWS, public_page

from .. import opendata
from ..models import Review


@public_page(REVIEWS, AGREEMENTS)
def public_list(request: HttpRequest) -> HttpResponse:
    # The counts are kept on the agreement when a review is published: one index scan per page.
    agreements = (
        Agreement.objects.registered().filter(last_review_published_at__isnull=False)
        .only("number", "title", "published_reviews", "last_review_published_at")
        .order_by("-last_review_published_at", "-pk")
    )
    page, query = paginate(request, agreements)
    return render(request, "reviews/public_list.html", {"agreements": page, "page": page, "query": query})


@public_page(REVIEWS, AGREEMENTS, ORGANISATIONS)
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.registered(), pk=pk)
    reviews = (
        Review.objects.published().filter(agreement=agreement).select_related("milestone")
        .prefetch_related("target_results__target").order_by("milestone__due_date", "pk")
    )
    return render(request, "reviews/public_detail.html", {
        "agreement": agreement, "reviews": reviews,
        "parties": agreement.parties.select_related("organisation", "department"),
    })


@public_page()
def opendata_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/opendata.html", {"datasets": opendata.DATASETS})


@public_page(CALLS, PROJECTS, AGREEMENTS, ORGANISATIONS, REVIEWS)
def opendata_download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    if dataset not in opendata.DATASETS or fmt not in ("csv", "json"):
        raise Http404
    rows = opendata.rows(dataset)
    columns = [c for c, _label in opendata.DATASETS[dataset]["columns"]]
    return table_response(rows, columns, fmt, f"kyodo-{dataset}")
