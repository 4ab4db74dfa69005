"""Japanese era dates (和暦) with the Western year alongside, as agreements are written."""

from __future__ import annotations

import datetime

# (first day, era name), newest first.
ERAS = [
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
]


def era_year(day: datetime.date) -> tuple[str, int]:
    for start, name in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} is before the eras this portal supports")


def wareki(day: datetime.date | datetime.datetime, *, western: bool = True) -> str:
    """令和8年4月1日（2026年4月1日）; the first year of an era is 元年."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    name, year = era_year(day)
    text = f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    if western:
        text += f"（{day.year}年{day.month}月{day.day}日）"
    return text
