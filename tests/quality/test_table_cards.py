"""List tables shown as cards on a phone (class "table-cards") carry each cell's column name in
the HTML the server sends: every body <td> that spans one column has a data-label equal to its
column header's text, so the stylesheet shows the labels at the first paint and the page does not
shift when a script would have written them (Lighthouse measured a CLS of 0.227 on the public
register that way). Cells spanning columns (an empty list's message) and <th scope="row"> cells
are left unlabelled, as before."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from .world import World


@dataclass
class Cell:
    tag: str
    colspan: int
    label: str | None
    text: str = ""


@dataclass
class Table:
    header: list[Cell] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)


class _Tables(HTMLParser):
    """The table-cards tables of a page: their header row and body rows, cell by cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._table: Table | None = None
        self._section = ""
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            assert self._table is None, "a table nested in a table-cards table"
            if "table-cards" in a.get("class", "").split():
                self._table = Table()
                self.tables.append(self._table)
            return
        if self._table is None:
            return
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            if self._section == "thead":  # the first header row names the columns
                self._row = [] if self._table.header else self._table.header
            else:
                self._row = []
                if self._section == "tbody":
                    self._table.body.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = Cell(tag, int(a.get("colspan") or 1), a.get("data-label"))
            self._row.append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "table":
            self._table = None
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag in ("thead", "tbody"):
            self._section = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data


def card_tables(html: str) -> list[Table]:
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser.tables


def unlabelled_cells(table: Table) -> list[str]:
    """Each body cell whose data-label is not its column header's text (whitespace collapsed, as
    a browser's textContent would read it), described for the failure message."""
    columns = [" ".join(th.text.split()) for th in table.header for _ in range(th.colspan)]
    problems = []
    for number, row in enumerate(table.body, 1):
        column = 0
        for cell in row:
            expected = columns[column] if cell.tag == "td" and cell.colspan == 1 else None
            if cell.label != expected:
                problems.append(f"row {number}, column {column + 1} ({cell.tag} {' '.join(cell.text.split())[:30]!r}): "
                                f"data-label={cell.label!r}, expected {expected!r}")
            column += cell.colspan
    return problems


PAGES = [
    # (what, URL name, who looks, query string)
    ("the public register of projects", "projects:register_list", "anonymous", lambda w: ""),
    ("the register of agreements", "agreements:register", "anonymous", lambda w: ""),
    ("the staff's list of proposals", "projects:staff_proposal_list", "staff", lambda w: ""),
    ("the coordinator's cases of one status (a partial, cases/partials/case_table.html)", "cases:queue",
     "coordinator", lambda w: f"?status={w.consultation.status}"),
]


@pytest.mark.parametrize(("what", "url_name", "role", "query"), PAGES, ids=[p[1] for p in PAGES])
def test_list_table_cells_carry_their_column_name_from_the_server(world: World, what, url_name, role, query):
    assert not world.missing, world.missing
    client = Client()
    if world.user(role) is not None:
        client.force_login(world.user(role))
    response = client.get(reverse(url_name) + query(world))
    assert response.status_code == 200, what
    tables = card_tables(response.content.decode())
    assert tables, f"{what}: no table-cards table"
    assert any(cell.tag == "td" and cell.colspan == 1 for table in tables for row in table.body for cell in row), (
        f"{what}: the world lists nothing here, so the labels go unchecked"
    )
    for table in tables:
        assert table.header, f"{what}: a table-cards table without a header row"
        problems = unlabelled_cells(table)
        assert not problems, f"{what}: cells without their column's label:\n" + "\n".join(problems)


def test_the_check_fails_on_a_table_without_labels():
    """The parser and the comparison catch a lost label, a wrong one and a labelled colspan."""
    html = """<table class="table table-cards"><thead><tr><th scope="col">Name</th>
      <th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Ward</th></tr></thead>
      <tbody><tr><th scope="row">A</th><td data-label="Select">x</td><td>港南区</td></tr>
      <tr><td data-label="Name">B</td><td data-label="Ward">y</td><td data-label="Ward">z</td></tr>
      <tr><td colspan="3" data-label="Name">None.</td></tr></tbody></table>"""
    (table,) = card_tables(html)
    assert unlabelled_cells(table) == [
        "row 1, column 3 (td '港南区'): data-label=None, expected 'Ward'",
        "row 2, column 2 (td 'y'): data-label='Ward', expected 'Select'",
        "row 3, column 1 (td 'None.'): data-label='Name', expected None",
    ]
