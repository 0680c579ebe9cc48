"""Every PDF is tagged PDF/UA-1: a screen reader gets headings, lists, alt text and reading order,
and the printed page does not change by a pixel.

Validation uses the ``page-validation`` package's PDF/UA-1 profile (104 machine-checkable rules).
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, pdf_pages, squash
from helpers import build_all as build

from leaflets.content.blocks import REGISTRY

page = pytest.importorskip("page", reason="page-validation is in the test extras")


def failures(pdf: bytes) -> list[str]:
    report = str(page.validate_pdf_bytes(pdf, profile="ua1"))
    return [line for line in report.splitlines() if line.startswith("[PDFUA1")]


def structure(pdf: bytes) -> list[tuple[str, str, list[int]]]:
    """(role, text-free path, pages its content is on) for every structure element, in tree order."""
    doc = pikepdf.open(io.BytesIO(pdf))
    pages = {p.obj.objgen: i for i, p in enumerate(doc.pages)}
    out = []

    def walk(elem, depth):
        kids = elem.get("/K", [])
        on = sorted(
            {pages[k.Pg.objgen] for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"}
        )
        out.append((str(elem.S)[1:], "  " * depth, on))
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid, depth + 1)

    for top in doc.Root.StructTreeRoot.K:
        walk(top, 0)
    return out


@pytest.fixture
def every_block(write_topic, tmp_path) -> Path:
    """One topic holding every block type's own example."""
    from PIL import Image

    (tmp_path / "images").mkdir(exist_ok=True)
    for where in (tmp_path / "spine.png", tmp_path / "images" / "spine.png"):
        Image.new("RGB", (400, 300), "teal").save(where)
    examples = "\n".join("  " + line for key in sorted(REGISTRY) for line in REGISTRY[key].example.splitlines())
    return write_topic(f"title: Every block\nlanguage: en-GB\nblocks:\n  - heading: First\n{examples}\n")


@pytest.mark.parametrize(
    "options",
    [
        {"layout": "a4"},
        {"layout": "a5"},
        {"layout": "letter"},
        {"layout": "a4", "large_print": True},
        {"layout": "a4", "print_ready": True},
        {"layout": "booklet-a5"},
        {"layout": "booklet-a5", "print_ready": True},
        {"layout": "trifold-a4"},
        {"layout": "trifold-letter"},
        {"layout": "bilingual-a4", "topic": "ar/palliative-care"},
    ],
    ids=lambda o: "-".join(str(v) for v in o.values()),
)
def test_every_layout_passes_pdf_ua1(options):
    topic = CONTENT / f"{options.pop('topic', 'palliative-care')}.yaml"  # the one topic that fits a tri-fold
    pdf, extra = build(topic, brand="northfield", **options)
    assert failures(pdf) == []
    for name, more in extra.items():
        assert failures(more) == [], name


def test_every_block_type_passes_pdf_ua1(every_block):
    pdf, _ = build(every_block)
    assert failures(pdf) == []
    roles = {role for role, _, _ in structure(pdf)}
    assert {"H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Figure", "Div", "Table", "TR", "TH", "TD"} <= roles


@pytest.mark.parametrize("topic", ["bone-metastasis", "ar/palliative-care"])
@pytest.mark.parametrize("fmt", ["slides-pdf", "handout", "handout-lines"])
def test_deck_twin_passes_pdf_ua1(fmt, topic):
    """In Arabic too: a line break in a slide's notes (its numbered sources) is a space between
    words, not a glyph the font does not have."""
    pdf, _ = build(CONTENT / f"{topic}.yaml", fmt, brand="northfield")
    assert failures(pdf) == []


@pytest.mark.parametrize(
    "options", [{}, {"tagged": False}, {"layout": "booklet-a5"}], ids=["tagged", "untagged", "booklet"]
)
def test_written_in_compact_form_that_reads_without_repair(every_block, options):
    """reportlab writes the pages and the tree itself, packed into object streams (pikepdf, for
    the pages it moves onto sheets, likewise): qpdf reads every object without a warning or a
    repair, and only streams stand on their own in the file."""
    import re

    pdf, _ = build(every_block, **options)
    doc = pikepdf.open(io.BytesIO(pdf))
    assert doc.check_pdf_syntax() == [] and doc.get_warnings() == []
    assert doc.trailer.Type == "/XRef" and doc.pdf_version >= "1.5"
    for obj in doc.objects:  # every object resolves (a broken offset would be repaired, and warned about)
        assert obj is not None
    assert doc.get_warnings() == []
    top_level = re.findall(rb"\d+ 0 obj\s*<<(.*?)>>\s*stream", pdf, re.S)
    assert len(re.findall(rb"\d+ 0 obj", pdf)) == len(top_level) < len(doc.objects)
    if options.get("tagged", True):
        assert len(structure(pdf)) > 20


def test_the_file_identifier_keeps_the_document_and_follows_its_contents(write_topic):
    """A PDF's /ID is two digests: the first stays with the document (its title and metadata),
    the second changes when anything in the file does; the same build twice is the same bytes."""
    text = "title: Identity\nlanguage: en-GB\nblocks:\n  - text: {}\n"
    first, again = (build(write_topic(text.format("The first wording."), f"{n}/t.yaml"))[0] for n in "ab")
    revised, _ = build(write_topic(text.format("A revised wording."), "c/t.yaml"))
    ids = [list(pikepdf.open(io.BytesIO(pdf)).trailer.ID) for pdf in (first, revised)]
    assert first == again
    assert bytes(ids[0][0]) == bytes(ids[1][0]) and bytes(ids[0][1]) != bytes(ids[1][1])


def test_validation_can_fail(every_block):
    """The checks bite: a figure without alt text, or a footer drawn as content, is reported."""
    pdf, _ = build(every_block)
    doc = pikepdf.open(io.BytesIO(pdf))

    def strip_alt(elem):
        if elem.get("/S") == "/Figure":
            del elem["/Alt"]
        for kid in elem.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                strip_alt(kid)

    strip_alt(doc.Root.StructTreeRoot.K[0])
    no_alt = io.BytesIO()
    doc.save(no_alt)
    assert any("FIG" in f or "ALT" in f for f in failures(no_alt.getvalue()))

    doc = pikepdf.open(io.BytesIO(pdf))
    first = doc.pages[0]
    first.Contents = doc.make_stream(first.Contents.read_bytes().replace(b"/Artifact BMC", b"/Span BMC"))
    untagged_footer = io.BytesIO()
    doc.save(untagged_footer)
    assert failures(untagged_footer.getvalue())


def test_reading_order_headings_and_no_page_furniture():
    pdf, _ = build(CONTENT / "bone-metastasis.yaml")
    tree = structure(pdf)
    headings = [role for role, _, _ in tree if role.startswith("H")]
    assert headings[0] == "H1" and headings.count("H1") == 1
    assert all(int(b[1]) <= int(a[1]) + 1 for a, b in zip(headings, headings[1:], strict=False))
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, p in enumerate(doc.pages, 1):
            furniture = "".join(c["text"] for c in p.chars if c.get("mcid") is None)
            assert f"Page{number}of{len(doc.pages)}" in squash(furniture)  # the footer is there, as an artifact
            tagged = "".join(c["text"] for c in p.chars if c.get("mcid") is not None)
            assert f"Page{number}of" not in squash(tagged)


def test_a_paragraph_split_across_pages_is_one_element(write_topic):
    long = " ".join(f"Sentence number {i} says something plain about getting help." for i in range(160))
    path = write_topic(f"title: Long\nblocks:\n  - text: |\n      {long}\n")
    pdf, _ = build(path)
    paragraphs = [on for role, _, on in structure(pdf) if role == "P" and len(on) > 1]
    assert paragraphs, "the long paragraph should run over two pages as one P"
    assert failures(pdf) == []


def test_words_at_line_ends_stay_apart():
    """reportlab leaves out the space where a line wraps ("...still breast" / "cancer, not...");
    the tagged PDF puts it back, so the words are read as two."""
    import pdfplumber

    def first_page_stream(pdf: bytes) -> str:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            return "".join(c["text"] for c in doc.pages[0].chars)

    tagged, _ = build(CONTENT / "bone-metastasis.yaml")
    plain, _ = build(CONTENT / "bone-metastasis.yaml", tagged=False)
    assert "still breastcancer" in first_page_stream(plain)
    assert "still breast cancer" in first_page_stream(tagged)


@pytest.mark.parametrize("layout", ["a4", "trifold-a4", "booklet-a5"])
def test_tagging_changes_no_pixel(layout):
    import pypdfium2 as pdfium
    from PIL import ImageChops

    topic = CONTENT / "palliative-care.yaml"
    tagged, _ = build(topic, brand="northfield", layout=layout)
    plain, _ = build(topic, brand="northfield", layout=layout, tagged=False)
    a, b = pdfium.PdfDocument(io.BytesIO(tagged)), pdfium.PdfDocument(io.BytesIO(plain))
    assert len(a) == len(b)
    for i in range(len(a)):
        pa = a[i].render(scale=1.5).to_pil().convert("RGB")
        pb = b[i].render(scale=1.5).to_pil().convert("RGB")
        assert ImageChops.difference(pa, pb).getbbox() is None, f"page {i + 1} differs"


def test_check_reports_a_skipped_heading_level(write_topic, runner):
    from leaflets.cli import main

    path = write_topic("title: Skip\nblocks:\n  - subheading: Too deep\n  - text: Some words here.\n")
    result = runner.invoke(main, ["check", str(path)])
    assert "has no heading above it" in result.output


def test_folded_leaflets_read_in_the_leaflets_order_not_the_sheets():
    """A tri-fold's sheet has the back panel before the cover; its structure still starts at the cover."""
    topic = CONTENT / "palliative-care.yaml"
    flat, _ = build(topic, brand="northfield")
    folded, _ = build(topic, brand="northfield", layout="trifold-a4")
    booklet, extra = build(topic, brand="northfield", layout="booklet-a5")

    def roles(pdf: bytes) -> list[str]:  # a link that wraps is two annotations: links aside
        return [role for role, _, _ in structure(pdf) if role != "Link"]

    # a draft's band, across the top of page one, is read first, once; then the title
    assert roles(flat)[:3] == ["Document", "P", "H1"] and roles(folded)[:3] == ["Document", "P", "H1"]
    draft = "DRAFT - not for distribution"
    assert [pdf_pages(pdf)[0].count(draft) for pdf in (flat, folded)] == [1, 1]
    # the cover's key message (the first contact, in a box) follows the folded leaflet's front
    # (title, subtitle, audience and, for a draft, its band)
    k = roles(folded).index("Div")
    front = roles(flat)[:k]
    assert roles(folded)[: k + 4] == [*front, "Div", "P", "P", "P"]

    # then the same headings in the same order (a panel stacks its contacts where a page has a
    # table); the A4 leaflet ends on an even page: a notes page may follow, with its heading
    def headings(pdf: bytes) -> list[str]:
        return [role for role in roles(pdf) if role in ("H1", "H2", "H3")]

    assert headings(flat) in (headings(folded), [*headings(folded), "H2"])
    assert roles(booklet) == roles(extra["-pages"])  # the imposed sheets read as the pages in order


@pytest.mark.parametrize("block", ["text", "contacts"])
def test_a_heading_before_a_block_taller_than_a_page_still_builds(write_topic, block):
    """reportlab keeps a heading with what follows; with tagging wrappers that must still end."""
    if block == "text":
        body = "  - text: " + " ".join(f"Sentence {i} is plain." for i in range(500)) + "\n"
    else:
        body = "  - contacts:\n" + "".join(
            f"      - label: Team {i}\n        phone: 0800 000 {i:03}\n" for i in range(40)
        )
    path = write_topic(f"title: Tall\nblocks:\n  - heading: Before it\n{body}")
    pdf, _ = build(path)
    assert failures(pdf) == []
