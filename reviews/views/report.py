"""The yearly report for city staff, coordinators and administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kyodo.exports import table_response
from kyodo.fiscal import current_fiscal_year, fiscal_year_label
from kyodo.params import QueryParams

from .. import permissions as perm
from .. import report as r
from .common import require


def _context(fy: int) -> dict:
    data = r.cached_yearly_report(fy)
    funnel_chart = r.bar_chart(data["funnel"], data["label"], data["previous_label"])
    for b in data["breakdowns"]:
        first = "proposals"  # every dimension applies to proposals
        b["chart_stage"] = r.STAGE_LABELS[first]
        b["chart"] = r.bar_chart(
            [{"label": row["category"], **next(c for c in row["cells"] if c["stage"] == first)} for row in b["rows"]],
            data["label"], data["previous_label"],
        )
    current = current_fiscal_year()
    years = [(y, fiscal_year_label(y)) for y in range(current + 1, current - 6, -1)]
    return {"report": data, "funnel_chart": funnel_chart, "years": years, "columns": r.CSV_COLUMNS}


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    require(perm.can_view_report(request.user))
    fy = QueryParams(request).fiscal_year()
    return render(request, "reviews/report.html", _context(fy))


@login_required
def report_print(request: HttpRequest) -> HttpResponse:
    require(perm.can_view_report(request.user))
    fy = QueryParams(request, strict=True).fiscal_year()  # a document: of the year asked for, or none
    return render(request, "reviews/report_print.html", _context(fy))


@login_required
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require(perm.can_view_report(request.user))
    if fmt not in ("csv", "json"):
        raise Http404
    fy = QueryParams(request, strict=True).fiscal_year()
    data = r.cached_yearly_report(fy)
    extra = {
        "fiscal_year": fy, "label": data["label"], "previous_label": data["previous_label"],
        "computed_at": data["computed_at"].isoformat(),
    }
    return table_response(r.csv_rows(data), r.CSV_COLUMNS, fmt, f"kyodo-report-fy{fy}", extra)
