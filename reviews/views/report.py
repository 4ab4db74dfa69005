"""The yearly report for city staff, coordinators and administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kyodo.fiscal import current_fiscal_year, fiscal_year_label

from .. import permissions as perm
from .. import report as r
from .common import require
from .public import write_rows


def _fiscal_year(request: HttpRequest) -> int:
    raw = request.GET.get("fy", "")
    if not raw:
        return current_fiscal_year()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise Http404
    return int(raw)


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
    fy = _fiscal_year(request)
    return render(request, "reviews/report.html", _context(fy))


@login_required
def report_print(request: HttpRequest) -> HttpResponse:
    require(perm.can_view_report(request.user))
    fy = _fiscal_year(request)
    return render(request, "reviews/report_print.html", _context(fy))


@login_required
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require(perm.can_view_report(request.user))
    if fmt not in ("csv", "json"):
        raise Http404
    fy = _fiscal_year(request)
    data = r.cached_yearly_report(fy)
    extra = {
        "fiscal_year": fy, "label": data["label"], "previous_label": data["previous_label"],
        "computed_at": data["computed_at"].isoformat(),
    }
    return write_rows(r.csv_rows(data), r.CSV_COLUMNS, fmt, f"kyodo-report-fy{fy}", extra)
