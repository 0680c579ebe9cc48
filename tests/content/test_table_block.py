"""The table block: validated with errors naming the row, and drawn as a real table by every
output: tagged in the PDF (header repeated on each page, stacked in a tri-fold panel), editable
and split by rows in the deck, a <table> on the web, and read cell by cell by the prose checks."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from helpers import build_all, html_text, pdf_pages, pptx_slides

from leaflets.content.topic import load_topic
from leaflets.errors import ContentError

page = pytest.importorskip("page", reason="page-validation is in the test extras")

SMALL = """title: Tables
blocks:
  - table:
      caption: Who to call
      header: [When, Who, Number]
      rows:
        - [Weekdays 9am to 5pm, Your **specialist nurse**, 0800 000 001]
        - [Nights and weekends, The oncology helpline, 0800 000 002]
      note: Keep this by your phone.
"""


def long_table(rows: int) -> str:
    lines = [f"        - [Medicine {i}, Tablets twice a day, Tiredness and sore hands number{i}]" for i in range(rows)]
    return (
        "title: Long table\nblocks:\n  - table:\n      header: [Medicine, How to take it, Side effects]\n"
        "      rows:\n" + "\n".join(lines) + "\n"
    )


def errors(write_topic, text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_topic(write_topic(text))
    return [str(d) for d in caught.value.diagnostics]


def test_a_row_with_the_wrong_number_of_cells_is_named_with_its_line(write_topic):
    text = SMALL.replace("[Nights and weekends, The oncology helpline, 0800 000 002]", "[Nights, The helpline]")
    (message,) = errors(write_topic, text)
    assert re.fullmatch(
        r".*topic\.yaml:8: blocks\[0\]\.table\.rows\[1\]: row 2 has 2 cells but the header has 3.*", message
    )


HEAD = "title: T\nblocks:\n  - table:\n"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("      rows: []\n", "rows: expected a non-empty list of rows"),
        ("      header: Who\n      rows:\n        - [a]\n", "header: expected a list of cells"),
        ("      rows:\n        - [a, b, c, d, e, f, g]\n", "rows[0]: has 7 cells; a table has at most 6 columns"),
        ("      colour: red\n      rows:\n        - [a]\n", "'colour'"),
        ("      rows:\n        - [a, b]\n        - [c]\n", "row 2 has 1 cells but row 1 has 2"),
    ],
)
def test_bad_tables_get_one_clear_line(write_topic, table, expected):
    found = errors(write_topic, HEAD + table)
    assert any(expected in m for m in found), found


def test_every_cell_empty_is_an_error(write_topic):
    found = errors(write_topic, "title: T\nblocks:\n  - table:\n      rows:\n        - ['', '']\n")
    assert any("every cell is empty" in m for m in found), found


def test_markup_in_cells_prints_as_typed_and_bold_is_bold(write_topic):
    path = write_topic(SMALL.replace("Your **specialist nurse**", "'Your **specialist nurse** <b> & \"x\"'"))
    html = build_all(path, "html")[0].decode()
    assert "<strong>specialist nurse</strong> &lt;b&gt; &amp; " in html
    text = pdf_pages(build_all(path, "pdf")[0])[0]
    assert '<b> & "x"' in text


def pdf_table(pdf: bytes) -> list[tuple[str, str | None]]:
    """(role, scope) of every table element in the structure tree, in order."""
    doc = pikepdf.open(io.BytesIO(pdf))
    out: list[tuple[str, str | None]] = []

    def walk(elem):
        role = str(elem.S)[1:]
        if role in ("Table", "TR", "TH", "TD", "Caption"):
            scope = str(elem.A.Scope)[1:] if role == "TH" else None
            out.append((role, scope))
        for kid in elem.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid)

    for top in doc.Root.StructTreeRoot.K:
        walk(top)
    return out


def words_with_x(pdf: bytes, page_no: int = 0) -> dict[str, float]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        found: dict[str, float] = {}
        for w in doc.pages[page_no].extract_words():
            found.setdefault(w["text"], w["x0"])  # the first on the page
        return found


def test_pdf_table_is_tagged_with_column_headers_and_passes_pdf_ua(write_topic):
    pdf = build_all(write_topic(SMALL), "pdf")[0]
    report = str(page.validate_pdf_bytes(pdf, profile="ua1"))
    assert [line for line in report.splitlines() if line.startswith("[PDFUA1")] == []
    roles = pdf_table(pdf)
    first = roles.index(("Table", None))
    assert roles[first + 1] == ("Caption", None)
    mine = roles[first + 2 : first + 2 + 3 * 4]
    assert mine[:4] == [("TR", None), ("TH", "Column"), ("TH", "Column"), ("TH", "Column")]
    assert mine[4:8] == [("TR", None), ("TD", None), ("TD", None), ("TD", None)]
    # widths come from the words: the number column is narrower than the "who" column
    x = words_with_x(pdf)
    when, who, number = x["Weekdays"], x["Your"], x["0800"]
    assert when < who < number
    right = 595.28 - when  # A4, with the same margin on both sides
    assert right - number < number - who  # the phone numbers are short: their column is the narrowest


def test_a_long_table_repeats_its_header_on_each_page_and_loses_no_row(write_topic):
    pdf = build_all(write_topic(long_table(60)), "pdf")[0]
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    with_rows = [p for p in pages if "number" in p]
    assert len(with_rows) >= 2
    assert all("Side effects" in p for p in with_rows)
    text = "".join(pages)
    assert all(f"number{i}" in text for i in range(60))


def test_in_a_trifold_panel_a_wide_table_stacks_as_labelled_rows(write_topic):
    data, extra = build_all(write_topic(SMALL), "pdf", layout="trifold-a4")
    text = "".join(pdf_pages(data))
    assert "When:" in text and "Number:" in text
    assert "0800 000 002" in text
    roles = pdf_table(data)
    assert ("TH", "Row") in roles and ("TH", "Column") not in roles[
        roles.index(("Table", None)) : roles.index(("Table", None)) + 20
    ]
    report = str(page.validate_pdf_bytes(data, profile="ua1"))
    assert [line for line in report.splitlines() if line.startswith("[PDFUA1")] == []


def test_the_deck_has_an_editable_table_split_by_rows_with_the_header_on_every_slide(write_topic):
    from pptx.util import Pt

    slides = pptx_slides(build_all(write_topic(long_table(30)), "pptx")[0])
    tables = [(s, shape.table) for s in slides for shape in s["slide"].shapes if shape.has_table]
    assert len(tables) >= 2
    seen = []
    for _, table in tables:
        assert [c.text for c in table.rows[0].cells] == ["Medicine", "How to take it", "Side effects"]
        seen += [row.cells[2].text for row in list(table.rows)[1:]]
        sizes = {r.font.size for row in table.rows for c in row.cells for p in c.text_frame.paragraphs for r in p.runs}
        assert min(sizes) >= Pt(20)
    assert seen == [f"Tiredness and sore hands number{i}" for i in range(30)]
    titles = [s["title"] for s, _ in tables]
    assert len(set(titles)) == len(titles)  # continuation slides are numbered


def test_the_slides_pdf_draws_the_same_rows_tagged_as_a_table(write_topic):
    pdf = build_all(write_topic(long_table(30)), "slides-pdf")[0]
    text = "".join(pdf_pages(pdf))
    assert all(f"number{i}" in text for i in range(30))
    assert ("TH", "Column") in pdf_table(pdf)
    report = str(page.validate_pdf_bytes(pdf, profile="ua1"))
    assert [line for line in report.splitlines() if line.startswith("[PDFUA1")] == []


def test_the_web_page_has_a_table_with_column_headers_and_a_caption(write_topic):
    html = build_all(write_topic(SMALL), "html")[0].decode()
    table = html[html.index('<table class="data">') :]
    table = table[: table.index("</table>")]
    assert "<caption>Who to call</caption>" in table
    assert table.count('<th scope="col">') == 3
    assert 'data-label="Number"' in table
    assert "Keep this by your phone." in html_text(html.encode())


def test_the_prose_check_reads_each_cell_as_a_sentence(write_topic):
    from leaflets.checks.prose import paragraphs
    from leaflets.document.nodes import Table

    topic = load_topic(write_topic(SMALL))
    (node,) = [n for e in topic.entries for n in e.nodes if isinstance(n, Table)]
    said = paragraphs(node)
    assert said[0] == "Who to call."
    assert "Your specialist nurse." in said
    assert said[-1] == "Keep this by your phone."


def test_the_review_pack_numbers_each_row_with_its_column_names(write_topic):
    from leaflets.editorial.review_pack import reading_lines

    lines = [words for _, words in reading_lines(load_topic(write_topic(SMALL)))]
    assert "When: Nights and weekends; Who: The oncology helpline; Number: 0800 000 002" in lines
    assert lines[-1] == "Keep this by your phone."
