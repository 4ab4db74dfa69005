import datetime as dt

import pytest
from django.utils import timezone

from kyodo.fiscal import fiscal_year_label, fiscal_year_of, fiscal_year_range


@pytest.mark.parametrize(
    ("day", "fy"),
    [(dt.date(2025, 4, 1), 2025), (dt.date(2026, 3, 31), 2025), (dt.date(2026, 1, 15), 2025), (dt.date(2025, 3, 31), 2024)],
)
def test_fiscal_year_runs_from_april_to_march(day, fy):
    assert fiscal_year_of(day) == fy


def test_fiscal_year_of_an_aware_datetime_uses_local_time():
    # 2026-03-31 20:00 UTC is already 1 April in Japan.
    moment = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)
    assert timezone.localtime(moment).date() == dt.date(2026, 4, 1)
    assert fiscal_year_of(moment) == 2026


def test_fiscal_year_range_is_inclusive_april_to_march():
    assert fiscal_year_range(2025) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


@pytest.mark.parametrize(
    ("fy", "label"), [(2025, "令和7年度"), (2019, "令和元年度"), (2018, "平成30年度"), (1989, "平成元年度")]
)
def test_japanese_label_uses_the_era(fy, label):
    assert fiscal_year_label(fy, "ja") == label


def test_english_label_is_fy_and_year():
    assert fiscal_year_label(2025, "en") == "FY2025"


def test_fiscal_year_bounds_are_local_midnights_of_april_first():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from kyodo.fiscal import fiscal_year_bounds, fiscal_year_of

    start, end = fiscal_year_bounds(2025)
    tokyo = ZoneInfo("Asia/Tokyo")
    assert start == dt.datetime(2025, 4, 1, tzinfo=tokyo) and end == dt.datetime(2026, 4, 1, tzinfo=tokyo)
    # The last second of March in Tokyo is still fiscal 2025, though it is 2026-03-31 14:59 UTC.
    last = dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=tokyo)
    assert start <= last < end and fiscal_year_of(last) == 2025
