"""The figures table as CSV, read back with the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from briefing.crosslib import build_index
from briefing.library import discover, load_briefing
from briefing.tables import FIGURE_COLUMNS, cell, render_figures_csv


def read_back(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == FIGURE_COLUMNS
    return list(reader)


def test_header_and_rows_of_the_sample_library(seed: Path) -> None:
    briefings = [load_briefing(path) for path in discover(seed.parent)[0]]
    text = render_figures_csv(briefings)
    assert text.startswith("date,briefing,value,number,unit,label,paragraph,file\r\n")
    rows = read_back(text)
    assert len(rows) == sum(len(b.annotation.figures) for b in briefings)
    # Oldest briefing first: the getting-started guide (2026-01-05) before the seed.
    assert [row["date"] for row in rows] == ["2026-01-05"] * 3 + ["2026-02-26"] * 6
    seed_rows = [row for row in rows if row["file"] == str(seed)]
    assert [(r["value"], r["number"], r["unit"], r["paragraph"]) for r in seed_rows] == [
        ("5.4%", "5.4", "%", "5"),
        ("double", "2", "×", "5"),
        ("400%", "400", "%", "8"),
        ("1989", "1989", "", "7"),
        ("2, 4, 6 years", "", "", "9"),
        ("3.5%", "3.5", "%", "12"),
    ]
    assert seed_rows[0]["label"] == "Lithuania: core defence spending, share of GDP (nearly)"
    assert seed_rows[0]["briefing"] == load_briefing(seed).title
    assert all(float(row["number"]) >= 0 for row in rows if row["number"])


def test_from_the_index_there_are_no_paragraphs(seed: Path) -> None:
    index, _ = build_index([seed.parent])
    rows = read_back(render_figures_csv(index))
    assert len(rows) == 9 and {row["paragraph"] for row in rows} == {""}
    assert [row["number"] for row in rows][:3] == ["3", "2", "100"]


def test_numbers_read_back_exactly(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "money.txt").write_text(
        'title Money, "quoted"\ndate 2026-02-01\n\n'
        "Aid of $4.5 billion, €800bn more, 0.1% growth, -3.25% change and 2,300 troops.\n"
    )
    (root / "money.yaml").write_text(
        "figures:\n"
        '  - {value: "$4.5 billion", label: "US aid, first tranche"}\n'
        "  - {value: €800bn, label: EU plan}\n"
        "  - {value: 0.1%, label: growth}\n"
        "  - {value: -3.25%, label: change}\n"
        '  - {value: "2,300 troops", label: "Lithuania\\nbrigade"}\n'
    )
    rows = read_back(render_figures_csv([load_briefing(root / "money.txt")]))
    assert [(float(r["number"]), r["unit"]) for r in rows] == [
        (4.5e9, "USD"),
        (8e11, "EUR"),
        (0.1, "%"),
        (-3.25, "%"),
        (2300.0, "troops"),
    ]
    assert rows[0]["number"] == "4500000000" and rows[2]["number"] == "0.1"
    assert rows[0]["briefing"] == 'Money, "quoted"'
    assert rows[0]["label"] == "US aid, first tranche"
    assert rows[3]["value"] == "-3.25%"  # a plain negative number is not taken for a formula
    assert rows[4]["label"] == "Lithuania\nbrigade"  # a line break stays inside its cell
    assert all(r["paragraph"] == "1" for r in rows)


def test_no_figures_gives_just_the_header(tmp_path: Path) -> None:
    assert render_figures_csv([]) == ",".join(FIGURE_COLUMNS) + "\r\n"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-1+SUM(A1)", "'-1+SUM(A1)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("-3.2%", "-3.2%"),
        ("+5", "+5"),
        ("5.4%", "5.4%"),
        ("Plain text", "Plain text"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_defused(text: str, safe: str) -> None:
    assert cell(text) == safe


def test_formula_labels_are_defused_in_the_table(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.txt").write_text("title =cmd()\ndate 2026-01-01\n\nIt rose 5%.\n")
    (root / "a.yaml").write_text('figures:\n  - {value: 5%, label: "=HYPERLINK(\\"x\\")"}\n')
    (row,) = read_back(render_figures_csv([load_briefing(root / "a.txt")]))
    assert row["briefing"] == "'=cmd()" and row["label"] == '\'=HYPERLINK("x")'
