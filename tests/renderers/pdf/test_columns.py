"""Words to know in two balanced columns, read down the first and then the second: read back
from the PDF with pdfplumber, and the flowable alone across pages and right to left."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from click.testing import CliRunner
from helpers import CONTENT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from leaflets.brand.brand import load_brand
from leaflets.cli import main
from leaflets.content.glossary import load_glossary
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.renderers.pdf.columns import BalancedColumns, _balance


def _words_to_know_page(tmp_path) -> list[dict]:
    """The words of the page with Words to know in the library's symptoms leaflet."""
    result = CliRunner().invoke(
        main, ["build", "-q", "-f", "pdf", "--out", str(tmp_path), str(CONTENT / "symptoms-to-report.yaml")]
    )
    assert result.exit_code == 0, result.output
    with pdfplumber.open(tmp_path / "symptoms-to-report.pdf") as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["fontname"])
            if any(w["text"] == "Words" for w in words):
                return words
    raise AssertionError("no Words to know")


def _glossary_terms(words: list[dict]) -> list[tuple[str, dict]]:
    """Each glossary item's term (its bold words), with its first word, column by column."""
    start = next(w["top"] for w in words if w["text"] == "Words")
    end = next(w["top"] for w in words if w["text"] == "Who" and w["top"] > start)
    terms: list[tuple[str, dict]] = []
    current: list[dict] = []
    for w in sorted((w for w in words if start < w["top"] < end), key=lambda w: (w["x0"] > 300, w["top"], w["x0"])):
        if "Bold" in w["fontname"]:
            current.append(w)
        elif current:
            terms.append((" ".join(x["text"] for x in current), current[0]))
            current = []
    return terms


def test_words_to_know_read_down_the_first_column_then_the_second(tmp_path):
    terms = _glossary_terms(_words_to_know_page(tmp_path))
    topic = load_topic(CONTENT / "symptoms-to-report.yaml")
    doc = compose(topic, load_brand("default"), "leaflet", load_glossary(CONTENT / "glossary.yaml"))
    left = [t for t, w in terms if w["x0"] < 300]
    right = [t for t, w in terms if w["x0"] >= 300]
    assert left and right
    assert left + right == [term for term, _ in doc.glossary]  # column by column, nothing read across
    for column in (left, right):
        tops = [w["top"] for t, w in terms if t in column]
        assert tops == sorted(tops)


def test_the_two_columns_end_nearly_level_with_no_gap_inside_a_column(tmp_path):
    words = _words_to_know_page(tmp_path)
    start = next(w["top"] for w in words if w["text"] == "Words")
    end = next(w["top"] for w in words if w["text"] == "Who" and w["top"] > start)
    body = [w for w in words if start + 20 < w["top"] < end]
    lines = {side: sorted({round(w["top"]) for w in body if (w["x0"] >= 300) == side}) for side in (False, True)}
    leading = min(b - a for side in lines.values() for a, b in zip(side, side[1:], strict=False))
    for side in lines.values():  # between items there is the item spacing, never a row's empty space
        assert max(b - a for a, b in zip(side, side[1:], strict=False)) < 1.6 * leading
    assert abs(lines[False][-1] - lines[True][-1]) <= 1.6 * leading


@pytest.mark.parametrize(
    ("heights", "first"),
    [([10, 10, 10, 10], 2), ([10, 10, 10], 2), ([40, 10, 10, 10, 10], 1), ([10, 10, 10, 40], 3), ([10], 1)],
)
def test_the_split_makes_the_taller_column_shortest_and_the_first_takes_a_tie(heights, first):
    assert _balance(heights, [0.0] * len(heights))[0] == first


def _pdf(flowables: list) -> list[list[tuple[str, float, float]]]:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(flowables)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        return [
            [(w["text"], w["x0"], w["top"]) for w in page.extract_words() if w["text"].startswith("item")]
            for page in pdf.pages
        ]


def _items(count: int) -> list[Paragraph]:
    style = getSampleStyleSheet()["BodyText"]
    return [Paragraph(f"item{n:02} " + "words " * (3 + n % 5 * 12), style) for n in range(count)]


def test_a_long_list_runs_onto_the_next_page_balanced_on_each_and_every_item_once():
    pages = _pdf([BalancedColumns(_items(60), 20)])
    assert len(pages) >= 2
    seen = [text for page in pages for text, _, _ in sorted(page, key=lambda w: (w[1] > 250, w[2]))]
    assert seen == [f"item{n:02}" for n in range(60)]  # down the left, then the right, page by page
    for page in pages[:-1]:
        left = [top for _, x, top in page if x < 250]
        right = [top for _, x, top in page if x >= 250]
        assert left and right


def test_items_longer_than_a_page_fill_both_columns_of_each_page_and_lose_no_word():
    style = getSampleStyleSheet()["BodyText"]
    items = [Paragraph(" ".join(f"w{i}x{k:03}" for k in range(n)), style) for i, n in enumerate((700, 30, 900))]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([BalancedColumns(items, 20)])
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        pages = [[(w["text"], w["x0"], w["top"]) for w in page.extract_words()] for page in pdf.pages]
    read = [t for page in pages for t, _, _ in sorted(page, key=lambda w: (w[1] > 250, round(w[2]), w[1]))]
    assert read == [f"w{i}x{k:03}" for i, n in enumerate((700, 30, 900)) for k in range(n)]
    for page in pages[:-1]:  # a page the list runs on from has both its columns filled to the foot
        for right in (False, True):
            tops = [top for _, x, top in page if (x > 250) == right]
            assert max(tops) > 0.8 * A4[1] - 72


def test_right_to_left_the_first_column_is_on_the_right():
    (page,) = _pdf([BalancedColumns(_items(6), 20, rtl=True)])
    first = {text: x for text, x, _ in page}
    assert first["item00"] > 250 and first["item05"] < 250
