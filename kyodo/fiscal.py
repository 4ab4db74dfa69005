"""Japanese fiscal years (年度): April to March, named by the calendar year they start in.

Shared by every app (consultation analysis, the yearly report, the staff filters)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language

# The first fiscal year of each era, newest first: (first fiscal year, era name).
_ERAS = ((2019, "令和"), (1989, "平成"), (1926, "昭和"))


def fiscal_year_of(day: dt.date | dt.datetime) -> int:
    """The fiscal year `day` falls in: 2025-04-01 … 2026-03-31 is fiscal 2025."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(fy: int) -> tuple[dt.date, dt.date]:
    """First and last day (both inclusive) of fiscal year `fy`."""
    return dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)


def fiscal_year_bounds(fy: int) -> tuple[dt.datetime, dt.datetime]:
    """The fiscal year as aware datetimes [start, end) in the current time zone: a filter on a
    timestamp column that its index can answer (`opened_at__date` ranges cannot use one)."""
    start, end = fiscal_year_range(fy)
    zone = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, zone),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone))


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def japanese_fiscal_year_label(fy: int) -> str:
    """令和7年度 for 2025; 令和元年度 for 2019 (the era's first year is 元年)."""
    for first, era in _ERAS:
        if fy >= first:
            n = fy - first + 1
            return f"{era}{'元' if n == 1 else n}年度"
    return f"{fy}年度"


def fiscal_year_label(fy: int, language: str | None = None) -> str:
    """令和7年度 in Japanese, FY2025 otherwise."""
    language = language or get_language() or "ja"
    return japanese_fiscal_year_label(fy) if language.startswith("ja") else f"FY{fy}"
