"""kyodo.params: every query parameter read through typed, bounded parsers."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from kyodo.fiscal import current_fiscal_year
from kyodo.params import FIRST_FISCAL_YEAR, BadParameter, QueryParams


def _params(query: str, strict: bool = False) -> QueryParams:
    request = RequestFactory().get(f"/list/?{query}")
    request._messages = CookieStorage(request)
    return QueryParams(request, strict=strict)


def _messages(params: QueryParams) -> list[str]:
    return [str(m) for m in get_messages(params.request)]


@pytest.mark.parametrize("value", ["-1", "99999", "99999999999", "1999", "abc", "2026.0", "１２", "1_000", "9" * 5000])
def test_unusable_fiscal_year_falls_back_to_the_current_one_with_a_message(value):
    params = _params(f"fy={value}")

    assert params.fiscal_year() == current_fiscal_year()
    [message] = _messages(params)
    assert "fy" in message and value[:10] in message


@pytest.mark.parametrize("value", ["-1", "99999", "99999999999", "x"])
def test_unusable_fiscal_year_on_a_download_is_a_bad_request_saying_why(value):
    with pytest.raises(BadParameter) as refused:
        _params(f"fy={value}", strict=True).fiscal_year()

    assert "fy" in str(refused.value)


def test_fiscal_years_the_portal_has_data_for_are_read():
    current = current_fiscal_year()
    for year in (FIRST_FISCAL_YEAR, current, current + 1):
        params = _params(f"fy={year}")
        assert params.fiscal_year() == year
        assert _messages(params) == []
    assert _params("").fiscal_year() == current
    assert _params("fy=+2025").fiscal_year() == 2025


def test_the_last_value_of_a_repeated_parameter_counts():
    assert _params("fy=abc&fy=2025").fiscal_year() == 2025


def test_integer_bounds_and_defaults():
    assert _params("n=7").integer("n", default=1, minimum=1, maximum=10) == 7
    assert _params("n=11").integer("n", default=1, minimum=1, maximum=10) == 1
    assert _params("n=").integer("n", default=None, minimum=1, maximum=10) is None
    assert _params("n=%00").integer("n", default=3, minimum=1, maximum=10) == 3


def test_page_numbers():
    assert _params("page=3").page() == 3
    assert _params("page=0").page() == 1
    assert _params("page=last").page() == 1
    assert _params("page=" + "9" * 30).page() == 1


def test_object_ids_and_numbers_stay_in_the_database_range():
    assert _params("call=12").object_id("call") == 12
    assert _params(f"call={2**63}").object_id("call") is None
    assert _params(f"a={2**31}").number("a") is None
    assert _params("a=0").number("a") is None


def test_choices_are_exact():
    assert _params("status=open").choice("status", ["open", "closed"]) == "open"
    params = _params("status=OPEN")
    assert params.choice("status", ["open", "closed"]) == ""
    assert len(_messages(params)) == 1


def test_the_query_without_some_parameters_keeps_the_others():
    assert _params("q=%E3%81%82&page=2&ward=1").query_without("page") == "q=%E3%81%82&ward=1"
