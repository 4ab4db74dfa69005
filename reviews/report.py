"""The city's yearly report: the funnel consultations → proposals → screened → adopted →
agreements signed → reviews held, for one fiscal year and the one before, broken down by
origin, field of activity, ward and department.

Everything is counted in the database: one `values(<dimension>).annotate(Count(..., filter=...))`
per table and dimension, whatever the number of rows; the funnel is the sum of the breakdown by
ward, which every table reaches through single-valued relations. Each stage is counted in the fiscal year its event happened in (a consultation
when it was opened, a proposal when submitted, screened/adopted when decided, an agreement when
it came into force, a review when its decision was recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from cases.models import Consultation
from kyodo.fiscal import fiscal_year_label, fiscal_year_range
from projects.models import DECIDED_STATUSES, Origin, Proposal, ProposalStatus

from .models import Review

STAGES = [
    ("consultations", _("Consultations")),
    ("proposals", _("Proposals submitted")),
    ("screened", _("Screened")),
    ("adopted", _("Adopted")),
    ("agreements", _("Agreements signed")),
    ("reviews", _("Reviews held")),
]
STAGE_LABELS = dict(STAGES)

DIMENSIONS = [
    ("origin", _("Origin")),
    ("field", _("Field of activity")),
    ("ward", _("Ward")),
    ("department", _("Department")),
]

#: How each table reaches each dimension (None: the table has no such dimension).
PATHS: dict[str, dict[str, str | None]] = {
    "consultations": {"origin": None, "field": "fields__name", "ward": "ward__name",
                      "department": "referrals__department__name"},
    "proposals": {"origin": "origin", "field": "fields__name", "ward": "ward__name",
                  "department": "departments__name"},
    "agreements": {"origin": "proposal__origin", "field": "proposal__fields__name",
                   "ward": "proposal__ward__name", "department": "parties__department__name"},
    "reviews": {"origin": "agreement__proposal__origin", "field": "agreement__proposal__fields__name",
                "ward": "agreement__proposal__ward__name", "department": "agreement__parties__department__name"},
}

#: Columns of the CSV download (and keys of each JSON row), documented on the page.
CSV_COLUMNS = ["fiscal_year", "dimension", "category", "stage", "current", "previous", "change"]


def fiscal_bounds(fy: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of fiscal year `fy` as aware datetimes in the portal's time zone, so that
    31 March 23:59 and 1 April 00:00 fall in different years and indexes can be used."""
    first, last = fiscal_year_range(fy)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def _in(field: str, fy: int) -> Q:
    start, end = fiscal_bounds(fy)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


@dataclass(frozen=True)
class StageQuery:
    """One stage: the table it is counted on and the condition for fiscal year `fy`."""

    table: str
    condition: Callable[[int], Q]


STAGE_QUERIES: dict[str, StageQuery] = {
    "consultations": StageQuery("consultations", lambda fy: _in("opened_at", fy)),
    "proposals": StageQuery("proposals", lambda fy: _in("submitted_at", fy)),
    "screened": StageQuery("proposals", lambda fy: _in("decided_at", fy) & Q(status__in=DECIDED_STATUSES)),
    "adopted": StageQuery("proposals", lambda fy: _in("decided_at", fy) & Q(status=ProposalStatus.ADOPTED)),
    "agreements": StageQuery("agreements", lambda fy: _in("in_force_at", fy)),
    "reviews": StageQuery("reviews", lambda fy: _in("decided_at", fy) & Q(status__in=("decided", "published"))),
}


def _base(table: str, fy: int) -> QuerySet:
    """The table's rows that can count in `fy` or the year before (narrows the scan by index)."""
    start, _end = fiscal_bounds(fy - 1)
    _start, end = fiscal_bounds(fy)
    span = {"gte": start, "lt": end}

    def within(field: str) -> Q:
        return Q(**{f"{field}__{k}": v for k, v in span.items()})

    if table == "consultations":
        return Consultation.objects.filter(within("opened_at"))
    if table == "proposals":
        return Proposal.objects.filter(within("submitted_at") | within("decided_at"))
    if table == "agreements":
        return Agreement.objects.filter(within("in_force_at"))
    return Review.objects.filter(within("decided_at"))


def _stages_of(table: str) -> list[str]:
    return [key for key, q in STAGE_QUERIES.items() if q.table == table]


def _counts(table: str, fy: int, stages: list[str]) -> dict:
    out = {}
    for stage in stages:
        condition = STAGE_QUERIES[stage].condition
        out[f"{stage}__current"] = Count("pk", filter=condition(fy), distinct=True)
        out[f"{stage}__previous"] = Count("pk", filter=condition(fy - 1), distinct=True)
    return out


def _category_label(dimension: str, value) -> str:
    if value in (None, ""):
        return str(_("Not set"))
    if dimension == "origin":
        return str(dict(Origin.choices).get(value, value))
    return str(value)


def breakdown(fy: int, dimension: str) -> dict:
    """Counts of every stage by one dimension, this year and last: one grouped query per table."""
    categories: dict[str, dict[str, dict[str, int | None]]] = {}
    applicable: list[str] = []
    for table, paths in PATHS.items():
        path = paths[dimension]
        stages = _stages_of(table)
        if path is None:
            continue
        applicable.extend(stages)
        rows = (
            _base(table, fy).order_by().values(path)
            .annotate(**_counts(table, fy, stages))
        )
        for row in rows:
            label = _category_label(dimension, row[path])
            bucket = categories.setdefault(label, {})
            for stage in stages:
                previous = bucket.get(stage, {"current": 0, "previous": 0})
                bucket[stage] = {
                    "current": previous["current"] + row[f"{stage}__current"],
                    "previous": previous["previous"] + row[f"{stage}__previous"],
                }
    stage_keys = [key for key, _label in STAGES if key in applicable]
    out_rows = []
    for label in sorted(categories, key=lambda c: (c == str(_("Not set")), c)):
        cells = []
        for stage in stage_keys:
            cell = categories[label].get(stage, {"current": 0, "previous": 0})
            cells.append({"stage": stage, **cell, "change": cell["current"] - cell["previous"]})
        if any(c["current"] or c["previous"] for c in cells):
            out_rows.append({"category": label, "cells": cells})
    return {
        "key": dimension,
        "label": str(dict(DIMENSIONS)[dimension]),
        "stages": [{"key": s, "label": str(STAGE_LABELS[s])} for s in stage_keys],
        "rows": out_rows,
    }


#: A dimension every table reaches through single-valued relations only: each row of a table
#: falls in exactly one of its categories (or "Not set"), so its category counts add up to the
#: funnel's totals and the funnel needs no queries of its own.
SINGLE_VALUED_DIMENSION = "ward"


def _funnel_from(single_valued: dict) -> list[dict]:
    totals = {key: {"current": 0, "previous": 0} for key, _label in STAGES}
    for row in single_valued["rows"]:
        for cell in row["cells"]:
            totals[cell["stage"]]["current"] += cell["current"]
            totals[cell["stage"]]["previous"] += cell["previous"]
    return [
        {"key": key, "label": str(label), **totals[key], "change": totals[key]["current"] - totals[key]["previous"]}
        for key, label in STAGES
    ]


def funnel(fy: int) -> list[dict]:
    """The six stages for `fy` and `fy - 1`, summed from the breakdown by ward (four queries)."""
    return _funnel_from(breakdown(fy, SINGLE_VALUED_DIMENSION))


def yearly_report(fy: int) -> dict:
    breakdowns = [breakdown(fy, key) for key, _label in DIMENSIONS]
    single_valued = next(b for b in breakdowns if b["key"] == SINGLE_VALUED_DIMENSION)
    return {
        "fiscal_year": fy,
        "label": fiscal_year_label(fy),
        "previous_fiscal_year": fy - 1,
        "previous_label": fiscal_year_label(fy - 1),
        "funnel": _funnel_from(single_valued),  # the breakdowns' 16 queries, none more
        "breakdowns": breakdowns,
    }


def cached_yearly_report(fy: int, *, refresh: bool = False) -> dict:
    """`yearly_report(fy)` as computed at most `KYODO_REPORT_CACHE_SECONDS` ago, with the time
    it was computed (`computed_at`). A city's yearly figures change slowly and take seconds to
    aggregate at scale, so pages read a recent result; beat refreshes it (`refresh=True`)."""
    seconds = settings.KYODO_REPORT_CACHE_SECONDS
    key = f"kyodo:yearly-report:{fy}:{get_language()}"
    if seconds and not refresh:
        hit = cache.get(key)
        if hit is not None:
            return hit
    data = {**yearly_report(fy), "computed_at": timezone.now()}
    if seconds:
        cache.set(key, data, seconds)
    return data


def csv_rows(report: dict) -> list[dict]:
    """The report in long form: one row per (dimension, category, stage). The funnel is the
    dimension `total` with category `all`."""
    fy = report["fiscal_year"]
    rows = [
        {"fiscal_year": fy, "dimension": "total", "category": "all", "stage": r["key"],
         "current": r["current"], "previous": r["previous"], "change": r["change"]}
        for r in report["funnel"]
    ]
    for b in report["breakdowns"]:
        for row in b["rows"]:
            for cell in row["cells"]:
                rows.append({"fiscal_year": fy, "dimension": b["key"], "category": row["category"],
                             "stage": cell["stage"], "current": cell["current"], "previous": cell["previous"],
                             "change": cell["change"]})
    return rows


# --- Charts (server-side SVG) -------------------------------------------------------------------
CHART_WIDTH = 640
BAR_HEIGHT = 16
LABEL_WIDTH = 170


def bar_chart(rows: list[dict], current_label: str, previous_label: str) -> dict:
    """Geometry for a horizontal grouped bar chart (this year / last year) drawn in SVG by the
    template: rows of {label, current, previous}."""
    peak = max([1] + [max(r["current"], r["previous"]) for r in rows])
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    y = 10
    for r in rows:
        bars.append({
            "label": r["label"], "y": y, "text_y": y + 2 * BAR_HEIGHT - 4,
            "current": r["current"], "previous": r["previous"],
            "current_w": round(span * r["current"] / peak), "previous_w": round(span * r["previous"] / peak),
            "current_y": y, "previous_y": y + BAR_HEIGHT + 2,
            "current_tx": LABEL_WIDTH + round(span * r["current"] / peak) + 6,
            "previous_tx": LABEL_WIDTH + round(span * r["previous"] / peak) + 6,
        })
        y += 2 * BAR_HEIGHT + 14
    return {
        "width": CHART_WIDTH, "height": y + 30, "label_x": LABEL_WIDTH - 8, "bar_x": LABEL_WIDTH,
        "legend_y": y + 10, "bars": bars, "current_label": current_label, "previous_label": previous_label,
        "bar_height": BAR_HEIGHT,
    }
