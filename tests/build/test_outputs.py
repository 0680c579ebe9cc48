"""What a reader, a printer and an accessibility checker see in the built files."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from helpers import CONTENT, build_bytes, font_sizes, pdf_pages, pptx_slides
from pptx.util import Emu, Pt
from pypdf import PdfReader

from leaflets.brand.color import contrast

BONE = CONTENT / "bone-metastasis.yaml"
PALLIATIVE = CONTENT / "palliative-care.yaml"


@pytest.fixture(scope="module")
def bone_pdf() -> bytes:
    return build_bytes(BONE, "pdf", "northfield")


@pytest.fixture(scope="module")
def bone_deck() -> bytes:
    return build_bytes(BONE, "pptx", "northfield")


def test_pdf_text_is_never_under_12pt(bone_pdf):
    sizes = font_sizes(bone_pdf)
    assert min(sizes) >= 12
    assert max(sizes) >= 24  # the title


@pytest.mark.parametrize("language", ["en", "zh-Hans", "bn"])
def test_pdf_embeds_lean_unicode_truetype_fonts_only(bone_pdf, language):
    """Every embedded font is TrueType, without the screen-hinting programs and with only the
    names a viewer shows; the Chinese font (too large to cut whole) is cut as each subset is
    written, its composite glyphs drawn as one outline each."""
    pdf = bone_pdf if language == "en" else build_bytes(CONTENT / language / "bone-metastasis.yaml", "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        assert "Helvetica" not in name and "Times" not in name
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        from fontTools.ttLib import TTFont

        program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        # the outlines and metrics a reader sees, without the screen-hinting programs
        assert not {"fpgm", "prep", "cvt "} & set(program.keys()), f"{name} embeds its hinting"
        assert "glyf" in program and "hmtx" in program
        assert {record.nameID for record in program["name"].names} <= {1, 2, 4, 6}, f"{name} embeds every name"
        if "WenQuanYi" in name:
            assert not any(program["glyf"][g].isComposite() for g in program.getGlyphOrder())
            assert program["head"].unitsPerEm == 1024
    assert any("AtkinsonHyperlegible" in n for n in fonts)
    assert language == "en" or len(fonts) > 2  # the language's own font is among them


def test_italic_faces_are_read_for_the_first_italic_run_and_drawn(write_topic):
    path = write_topic("title: Slanted\nblocks:\n  - text: Plain, *slanted words* and **bold with *both* in it**.\n")
    fonts = PdfReader(io.BytesIO(build_bytes(path, "pdf"))).pages[0]["/Resources"]["/Font"].values()
    faces = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts}
    assert {"AtkinsonHyperlegible-Italic", "AtkinsonHyperlegible-BoldItalic"} <= faces


def test_pdf_font_subsets_hold_only_the_glyphs_drawn(bone_pdf):
    """reportlab's default puts all of ASCII in each font's first subset; a face used only for
    headings then embeds some 95 glyphs it never draws."""
    from fontTools.ttLib import TTFont

    reader = PdfReader(io.BytesIO(bone_pdf))
    drawn: dict[str, set[str]] = {}
    programs = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            programs[font["/BaseFont"]] = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))

        def seen(text, _cm, _tm, font, _size):
            if font is not None and text.strip():
                drawn.setdefault(font["/BaseFont"], set()).update(text.replace(" ", ""))

        page.extract_text(visitor_text=seen)
    assert len(programs) >= 2
    for name, program in programs.items():
        glyphs = program["maxp"].numGlyphs
        # .notdef, the space, and each character drawn (a few accented letters add a component)
        assert glyphs <= len(drawn.get(name, ())) + 2 + 4, f"{name} embeds {glyphs} glyphs for {len(drawn[name])}"


def test_pdf_metadata_title_author_subject_language(bone_pdf):
    reader = PdfReader(io.BytesIO(bone_pdf))
    info = reader.metadata
    assert info.title == "Signs of bone metastasis"
    assert info.author == "Northfield Cancer Support"
    assert info.subject == "What to look out for and when to get help"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_pdf_has_page_numbers_footer_review_and_back_matter(bone_pdf):
    pages = pdf_pages(bone_pdf)
    total = len(pages)
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {total}" in page
        assert "Northfield Cancer Support" in page
        assert "MBC-003 v1 · Next review Nov 2029" in page  # a draft: no review date until sign-off
        assert "DRAFT - not for distribution" in page
    text = "".join(pages)
    for heading in ("Who to contact", "Sources", "About this leaflet"):
        assert heading in text
    assert "Reviewed on" not in text and "Checked by" not in text  # no clinician has signed it off
    assert "general information" in text
    assert "01632 960 123" in text  # the brand's helpline filled into {helpline}


def test_pdf_urgent_callout_is_labelled_not_only_coloured(bone_pdf):
    assert "Urgent: " in "".join(pdf_pages(bone_pdf))


def test_deck_is_16_9_with_a_unique_title_on_every_slide(bone_deck):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(bone_deck))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000)) or abs(
        prs.slide_width / prs.slide_height - 16 / 9
    ) < 0.01
    titles = [s["title"] for s in pptx_slides(bone_deck)]
    assert all(titles) and len(set(titles)) == len(titles)
    assert titles[0] == "Signs of bone metastasis"
    assert any(t.startswith("Urgent: ") for t in titles)
    assert titles[-1].startswith("Sources and review")


def test_deck_body_text_is_at_least_20pt_and_carries_the_language(bone_deck):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(bone_deck))
    runs = [
        r
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
        if r.text.strip()
    ]
    assert runs
    assert all(r.font.size is not None and r.font.size >= Pt(20) for r in runs)
    assert all(r._r.get_or_add_rPr().get("lang") == "en-GB" for r in runs)
    assert prs.core_properties.language == "en-GB"
    assert prs.core_properties.title == "Signs of bone metastasis"
    assert prs.core_properties.author == "Northfield Cancer Support"


def test_deck_text_stays_on_the_slide(bone_deck):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(bone_deck))
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width
            assert shape.top + shape.height <= prs.slide_height


def test_deck_pictures_have_alt_text_and_notes_are_kept(bone_deck, write_topic, tmp_path):
    from PIL import Image
    from pptx import Presentation

    Image.new("RGB", (600, 400), "teal").save(tmp_path / "pic.png")
    path = write_topic(
        """\
        title: Pictures
        blocks:
          - heading: A picture
          - image: {src: pic.png, alt: A teal rectangle, caption: Teal}
            notes: Point at the picture.
          - qr: {url: "https://www.macmillan.org.uk", caption: Macmillan}
        """
    )
    prs = Presentation(io.BytesIO(build_bytes(path, "pptx", "northfield")))
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    alts = [p._element._nvXxPr.cNvPr.get("descr") for p in pictures]
    assert "A teal rectangle" in alts
    assert "QR code that opens https://www.macmillan.org.uk" in alts
    assert "Northfield Cancer Support logo" in alts
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert "Point at the picture." in notes
    text = "".join(pdf_pages(build_bytes(path, "pdf")))
    assert "Teal" in text and "macmillan.org.uk" in text and "www." not in text


def test_brand_colours_meet_contrast_in_both_outputs():
    from leaflets.brand.brand import load_brand
    from leaflets.brand.color import readable_on

    for name in ("default", "northfield"):
        brand = load_brand(name)
        assert contrast(readable_on(brand.background, brand.foreground), brand.background) >= 4.5
        assert contrast(readable_on(brand.background, brand.primary), brand.background) >= 4.5
        assert contrast(readable_on(brand.primary, (255, 255, 255)), brand.primary) >= 4.5


def test_qr_codes_scan_to_their_address_in_print_and_on_slides(bone_pdf):
    """Decoded by a real barcode reader: the feedback code names the leaflet's code and version."""
    import zxingcpp
    from PIL import Image

    from leaflets.renderers.qr import qr_png

    pdf = pdfium.PdfDocument(io.BytesIO(bone_pdf))
    found = [r.text for i in range(len(pdf)) for r in zxingcpp.read_barcodes(pdf[i].render(scale=3).to_pil())]
    assert found == ["https://northfield-cancer-support.example/feedback?leaflet=MBC-003&version=1"]
    picture = Image.open(io.BytesIO(qr_png("https://www.macmillan.org.uk")))
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == ["https://www.macmillan.org.uk"]
