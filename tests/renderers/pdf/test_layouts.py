"""Print layouts: sizes and boxes read back from the PDF, panel and booklet order, bleed,
large print, and the fitting rule (fail with how much, never cut)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from helpers import CONTENT, ROOT, pdf_pages, squash

from leaflets.brand.brand import load_brand
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.errors import RenderError
from leaflets.layouts import MM, available_layouts, load_layout
from leaflets.renderers import Options
from leaflets.renderers.pdf.imposed import saddle_order
from leaflets.renderers.pdf.leaflet import render

PALLIATIVE = CONTENT / "palliative-care.yaml"
LAYOUTS = [n for n in available_layouts() if n != "large-print"]


def build(path, layout="a4", brand="northfield", **options) -> tuple[bytes, object]:
    b = load_brand(brand)
    doc = compose(load_topic(path), b, "leaflet")
    out = io.BytesIO()
    result = render(doc, b, out, Options(layout, **options))
    return out.getvalue(), result


def boxes(data: bytes) -> list[dict[str, list[float]]]:
    pdf = pikepdf.open(io.BytesIO(data))
    return [
        {
            k: [round(float(v) / MM, 1) for v in page.obj[k]]
            for k in ("/MediaBox", "/TrimBox", "/BleedBox")
            if k in page.obj
        }
        for page in pdf.pages
    ]


@pytest.mark.parametrize(
    "layout, size_mm",
    [
        ("a4", (210, 297)),
        ("a5", (148, 210)),
        ("letter", (215.9, 279.4)),
        ("trifold-a4", (297, 210)),
        ("booklet-a5", (297, 210)),
    ],
)
def test_page_sizes(layout, size_mm):
    data, _ = build(PALLIATIVE, layout)
    for page in boxes(data):
        assert page["/MediaBox"] == [0, 0, *size_mm]


def test_trifold_is_two_sides_in_reading_order():
    data, result = build(PALLIATIVE, "trifold-a4")
    outside, inside = pdf_pages(data)
    assert result.units == 2
    # page 1 (outside): flap | back | cover, left to right; the cover has the title
    pdf = pikepdf.open(io.BytesIO(data))
    assert len(pdf.pages) == 2
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(io.BytesIO(data))[0].get_textpage()
    width = 297 * MM

    def text_in(x0: float, x1: float, textpage=page) -> str:
        return " ".join(textpage.get_text_bounded(left=x0, bottom=0, right=x1, top=210 * MM).split())

    assert "Palliative care explained" in text_in(197 * MM, width)  # the cover is the right-hand panel
    assert "Palliative care explained" not in text_in(0, 97 * MM)
    # who to contact on the flap (seen when the cover is lifted), the fine print on the back cover
    assert "Who to contact" in text_in(0, 97 * MM) and "Sources" not in text_in(0, 97 * MM)
    assert "Sources" in text_in(97 * MM, 197 * MM) and "About this leaflet" in text_in(97 * MM, 197 * MM)
    # the inside begins with the topic's opening words
    assert squash(inside).startswith(squash("Palliative care helps you live as well as you can"))


def test_trifold_flap_is_narrower():
    layout = load_layout("trifold-a4")
    widths = {p.name: round(p.width / MM, 1) for p in layout.panels}
    assert widths["flap"] == widths["inside-3"] == 97 and widths["cover"] == widths["back"] == 100
    assert round(sum(p.width for p in layout.panels if p.side == 1) / MM) == 297


def test_saddle_stitch_order():
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_order(4) == [(4, 1), (2, 3)]


def test_booklet_pads_to_four_and_imposes_in_order():
    data, result = build(PALLIATIVE, "booklet-a5")
    pages = result.extra["-pages"]
    count = len(pikepdf.open(io.BytesIO(pages)).pages)
    sides = len(pikepdf.open(io.BytesIO(data)).pages)
    assert sides == -(-count // 4) * 2
    import pypdfium2 as pdfium

    sheet = pdfium.PdfDocument(io.BytesIO(data))[0].get_textpage()
    half = 297 / 2 * MM
    right = " ".join(sheet.get_text_bounded(left=half, bottom=0, right=297 * MM, top=210 * MM).split())
    assert "Palliative care explained" in right  # page 1 sits on the right of the first side
    assert "Page 1 of" in right


def test_print_ready_adds_bleed_crop_marks_and_boxes():
    data, _ = build(PALLIATIVE, "a4", print_ready=True, bleed_mm=3)
    page = boxes(data)[0]
    border = 13  # 3 mm bleed + 10 mm for the marks
    assert page["/TrimBox"] == [border, border, border + 210, border + 297]
    assert page["/BleedBox"] == [border - 3, border - 3, border + 213, border + 300]
    assert page["/MediaBox"] == [0, 0, 210 + 2 * border, 297 + 2 * border]
    # the brand band runs into the bleed: the top-left bleed corner is brand purple
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(io.BytesIO(data))[0].render(scale=2).to_pil().convert("RGB")
    x = y = round((border - 1.5) * MM * 2)
    assert image.getpixel((x, y)) != (255, 255, 255)
    pdf = pikepdf.open(io.BytesIO(data))
    contents = pdf.pages[0].Contents.read_bytes()
    assert b".68 .91 0 0 k" in contents  # the brand's CMYK print value


def test_large_print_sizes():
    data, _ = build(PALLIATIVE, "a4", large_print=True)
    from helpers import font_sizes

    sizes = font_sizes(data)
    assert min(sizes) >= 16 and sorted(sizes)[len(sizes) // 2] >= 18


def test_large_print_needs_a_flowing_layout():
    with pytest.raises(Exception, match="needs a flowing layout"):
        build(PALLIATIVE, "trifold-a4", large_print=True)


def test_too_long_for_a_trifold_says_by_how_much():
    with pytest.raises(RenderError) as info:
        build(CONTENT / "bone-metastasis.yaml", "trifold-a4")
    message = str(info.value)
    assert "does not fit a trifold-a4: needs about" in message
    assert "% of the space: cut about" in message and "words, or use the a5 or booklet-a5 layout" in message
    with pytest.raises(RenderError, match="even at the 12 pt floor"):
        build(CONTENT / "bone-metastasis.yaml", "trifold-a4", fit=True)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_topic_builds_or_fails_with_the_fitting_message(layout):
    bilingual = load_layout(layout).kind == "bilingual"  # a translation beside its source
    paths = CONTENT.glob("*/*.yaml" if bilingual else "*.yaml")
    for path in sorted(paths):
        if path.name in ("glossary.yaml", "register.yaml") or path.parent.name == "talks":
            continue
        try:
            data, _ = build(path, layout)
        except RenderError as exc:
            assert "does not fit" in str(exc) and load_layout(layout).kind == "panels"
            continue
        topic = load_topic(path)
        title = topic.translation.source.title if bilingual else topic.title  # shaped scripts read back visually
        assert squash(title) in squash("".join(pdf_pages(data)))


def test_cli_names_files_by_layout(runner, tmp_path, monkeypatch):
    from leaflets.cli import main

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        main,
        ["build", str(PALLIATIVE), "-f", "pdf", "-l", "a5", "-l", "booklet-a5", "--out", "o", "--brand", "northfield"],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").glob("[!.]*")) == [
        "palliative-care-a5.pdf",
        "palliative-care-booklet-a5-pages.pdf",
        "palliative-care-booklet-a5.pdf",
    ]
    assert runner.invoke(main, ["build", str(PALLIATIVE), "-l", "trifold-a5"]).exit_code == 2
    result = runner.invoke(main, ["preview", str(PALLIATIVE), "-l", "trifold-a4", "--out", "pv"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pv" / "palliative-care-trifold-a4-sheet.png").is_file()


def test_a_nearly_empty_last_page_is_taken_back_with_tighter_spacing():
    """Bone metastasis on Letter ends with a few lines on a fifth page at ordinary spacing; a
    little less space between paragraphs takes that page back. The tighter layout is tried
    without drawing, then drawn: every word is on its four pages."""
    from helpers import expected_texts, sentences

    from leaflets.renderers.pdf import flow
    from leaflets.renderers.pdf.print import PrintSetup

    brand = load_brand("default")
    doc = compose(load_topic(CONTENT / "bone-metastasis.yaml"), brand, "leaflet")
    letter = load_layout("letter")
    loose = flow._flow(doc, brand, letter, PrintSetup(), True, flow.LeafletBuilder.story)
    assert loose.text_pages == 5 and loose.fullness[4] < flow.NEARLY_EMPTY  # the case in point
    trial = flow._flow(doc, brand, letter, PrintSetup(), False, flow.LeafletBuilder.story, tight=True, draw=False)
    assert trial.text_pages == 4
    with pytest.raises(AssertionError, match="no drawing"):
        trial.pdf  # noqa: B018 - a trial is counted, never written

    pdf, result = build(CONTENT / "bone-metastasis.yaml", layout="letter", brand="default")
    pages = pdf_pages(pdf)
    assert len(pages) == result.units == 4
    text = squash(" ".join(pages))
    assert [s for t in expected_texts(doc) for s in sentences(t) if squash(s) not in text] == []


@pytest.mark.parametrize("value", ["abc", "[1]", ".inf", ".nan", "0", "-5", "5000"])
def test_a_layout_number_that_is_no_length_is_an_error_naming_it(value, tmp_path, monkeypatch):
    # each of these once stopped the whole build with an internal error (ValueError, TypeError, OverflowError)
    from leaflets.errors import LeafletsError

    folder = tmp_path / "templates" / "layouts"
    folder.mkdir(parents=True)
    a4 = (ROOT / "templates" / "layouts" / "a4.yml").read_text()
    (folder / "odd.yml").write_text(a4.replace("sheet: {size: A4}", f"sheet: {{width_mm: {value}, height_mm: 297}}"))
    (folder / "soft.yml").write_text(a4 + f"\nmin_body_pt: {value}\n")
    monkeypatch.chdir(tmp_path)
    for name, field in (("odd", "sheet.width_mm"), ("soft", "min_body_pt")):
        with pytest.raises(LeafletsError) as info:
            load_layout(name)
        assert f"{field}: expected a number above 0 and at most" in str(info.value.diagnostics[0])
