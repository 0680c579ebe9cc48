"""Slides copied from the first of their kind (renderers/pptx/stamp.py) and text written as
DrawingML directly (renderers/pptx/text.py) give the decks python-pptx itself builds.

Each deck is compared, byte for byte, with the same deck built with nothing kept to copy, so
python-pptx builds every slide, notes page and shape; and the text functions are compared with
the python-pptx calls they stand for. Blank slides are kept with the prepared template, for every
deck on it: two templates in one process, and a template replaced on disk, each give their own.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from helpers import CONTENT
from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt
from template_corpus import blank_only, dark_background, german_names

import leaflets.renderers.pptx.deck as deck_module
from leaflets.brand.brand import load_brand
from leaflets.build.plan import read_talk
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose, compose_talk
from leaflets.renderers import FORMATS
from leaflets.renderers.pptx import text
from leaflets.renderers.pptx.stamp import Stamps

NORTHFIELD = Path(deck_module.__file__).resolve().parents[3] / "templates" / "brands" / "northfield"


class _Forgetful(dict):
    """Keeps nothing, so python-pptx builds every slide, notes page and shape."""

    def __setitem__(self, key, value) -> None:
        pass


def _python_pptx_only(prs, kept) -> Stamps:
    stamps = Stamps(prs, _Forgetful())
    stamps.kept_shapes = _Forgetful()
    return stamps


def deck(brand, topic: Path) -> bytes:
    if topic.parent.name == "talks":
        talk, parts = read_talk(topic, topic.name, {}, {}, set())
        doc = compose_talk(talk, [part for part, _ in parts], brand)
    else:
        doc = compose(load_topic(topic), brand, "deck")
    out = io.BytesIO()
    FORMATS["pptx"].load()(doc, brand, out)
    return out.getvalue()


def built_by_python_pptx(brand, topic: Path) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(deck_module, "Stamps", _python_pptx_only)
        return deck(brand, topic)


def on_template(folder: Path, template: Path):
    (folder / "leaflets.yml").write_text(f"extends: northfield\ndeck:\n  template: {template.name}\n")
    return load_brand(str(folder))


def plain_with_logo(folder: Path):
    """Northfield without its deck template: the built-in design, with the small logo on every slide."""
    shutil.copytree(NORTHFIELD, folder, ignore=shutil.ignore_patterns("deck.pptx"))
    yml = folder / "leaflets.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("deck:\n  template: deck.pptx\n", ""), encoding="utf-8")
    brand = load_brand(str(folder))
    assert brand.deck_template is None
    return brand


@pytest.fixture(scope="module")
def brands(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("brands")
    (folder / "german").mkdir()
    return {
        "default": load_brand("default"),
        "plain with logo": plain_with_logo(folder / "plain"),
        "german layouts": on_template(folder / "german", german_names(folder / "german")),
    }


@pytest.mark.parametrize("brand_name", ["default", "plain with logo", "german layouts"])
@pytest.mark.parametrize("topic", ["every-block", "ar/bone-metastasis.yaml", "talks/know-the-signs.yaml"])
def test_copied_slides_are_the_slides_python_pptx_builds(brands, every_block, brand_name, topic):
    """Every kind of slide (tables, pictures, QR codes, callouts, sections), notes, the draft
    band, the brand rule and logo, right to left: the first deck of a kind and later ones."""
    brand, path = brands[brand_name], every_block if topic == "every-block" else CONTENT / topic
    expected = built_by_python_pptx(brand, path)
    assert deck(brand, path) == expected
    assert deck(brand, path) == expected  # every slide copied from what the first deck kept


def test_each_template_gives_its_own_slides_in_one_process(tmp_path, every_block):
    """Two brands on different templates (plain white both, so their slides would be kept under
    the same kind), built in turn: neither takes the other's blank slides."""
    for name in ("a4", "wide"):
        (tmp_path / name).mkdir()
    a4 = on_template(tmp_path / "a4", blank_only(tmp_path / "a4"))
    wide = on_template(tmp_path / "wide", german_names(tmp_path / "wide"))
    expected = {id(b): built_by_python_pptx(b, every_block) for b in (a4, wide)}
    for brand in (a4, wide, a4, wide):
        assert deck(brand, every_block) == expected[id(brand)]
    sizes = {Presentation(io.BytesIO(expected[id(b)])).slide_width for b in (a4, wide)}
    assert len(sizes) == 2  # the templates differ where a stale copy would show


def test_brands_sharing_a_template_keep_their_own_panel_colour(tmp_path, every_block):
    """On a dark template, text sits on a panel of the brand's background colour: a brand that
    extends another, with a cream background, shares its template but not its slides."""
    for name in ("ours", "cream"):
        (tmp_path / name).mkdir()
    ours = on_template(tmp_path / "ours", dark_background(tmp_path / "ours"))
    (tmp_path / "cream" / "leaflets.yml").write_text("extends: ours\n")
    (tmp_path / "cream" / "_brand.yml").write_text('color:\n  background: "#FFF4DC"\n')
    cream = load_brand(str(tmp_path / "cream"))
    assert cream.deck_template == ours.deck_template and cream.background != ours.background
    expected = {id(b): built_by_python_pptx(b, every_block) for b in (ours, cream)}
    for brand in (ours, cream, ours, cream):
        assert deck(brand, every_block) == expected[id(brand)]


def test_a_replaced_template_is_not_copied_from(tmp_path, every_block):
    """A template file replaced while the process runs (the studio, --watch) gives its own slides."""
    for name in ("brand", "new"):
        (tmp_path / name).mkdir()
    brand = on_template(tmp_path / "brand", german_names(tmp_path / "brand"))
    first = deck(brand, every_block)
    replacement = blank_only(tmp_path / "new")
    assert replacement.stat().st_size != brand.deck_template.stat().st_size
    shutil.copyfile(replacement, brand.deck_template)
    again = deck(brand, every_block)
    assert again != first
    assert again == built_by_python_pptx(brand, every_block)


# -- the text functions against the python-pptx calls they stand for ---------------------------


def _frames():
    """Text frames as leaflets meets them: a placeholder's, a text box's (which auto-fits), and
    one that already holds paragraphs, properties and an end-of-paragraph mark."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    used = slide.shapes.add_textbox(0, 0, 100, 100).text_frame
    used.text = "one\ntwo\vthree"
    used.paragraphs[0].alignment = PP_ALIGN.RIGHT
    used.paragraphs[0].space_after = Pt(4)
    used.paragraphs[0]._p.get_or_add_endParaRPr()
    used._bodyPr.set("anchor", "b")
    etree.SubElement(used._bodyPr, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst")
    return [
        slide.shapes.title.text_frame,
        slide.placeholders[1].text_frame,
        slide.shapes.add_textbox(0, 0, 9, 9).text_frame,
        used,
    ]


def _xml(frame) -> bytes:
    return etree.tostring(frame._txBody)


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("anchor", [None, "t", "ctr"])
def test_reset_frame_and_insets_are_python_pptx_s(index, anchor):
    ours, theirs = _frames()[index], _frames()[index]
    theirs.clear()
    theirs.word_wrap = True
    theirs.auto_size = MSO_AUTO_SIZE.NONE
    if anchor:
        theirs.vertical_anchor = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE}[anchor]
    theirs.margin_left, theirs.margin_right = Emu(91440 + 5), Emu(91440)
    theirs.margin_top = theirs.margin_bottom = Emu(91440)
    first = text.reset_frame(ours._txBody, anchor)
    text.set_insets(ours._txBody, lIns=91440 + 5, rIns=91440, tIns=91440, bIns=91440)
    assert first is ours._txBody.findall(text.A_P)[0]
    assert _xml(ours) == _xml(theirs)


@pytest.mark.parametrize("index", range(4))
def test_paragraphs_and_runs_are_python_pptx_s(index):
    ours, theirs = _frames()[index], _frames()[index]
    for frame in (ours, theirs):
        frame.clear()
    p = theirs.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    p.space_after = Pt(10)
    p.add_run().text = "a\x07b"  # a control character, escaped as python-pptx escapes it
    p._p.r_lst[-1].get_or_add_rPr()
    added = theirs.add_paragraph()
    added.space_after = Pt(10)
    added.add_run().text = "second"
    added._p.r_lst[-1].get_or_add_rPr()

    body = ours._txBody
    mine = body.findall(text.A_P)[0]
    text.properties(mine).set("algn", "ctr")
    text.space_after(text.properties(mine), 1000)
    text.new_run(mine, "a\x07b")
    second = text.new_paragraph(body)
    text.space_after(text.properties(second), 1000)
    text.new_run(second, "second")
    assert _xml(ours) == _xml(theirs)
