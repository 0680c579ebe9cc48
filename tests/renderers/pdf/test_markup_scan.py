"""Paragraph markup is read by a scanner of the few tags the tool writes, not by HTMLParser.

The scanner only changes how ParaParser is fed, so every fragment (font, colour, link,
underline, text) must be the one reportlab's own parse makes, for any text a user types.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import build_bytes, styled
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from leaflets.renderers.pdf import rl_private
from leaflets.renderers.pdf.rl_private import ScannedParagraph

CONTENT = Path(__file__).resolve().parents[3] / "content"
STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=13, leading=18)
#: Hostile pieces of text: markup characters, entities typed as text, quotes, no-break and
#: thin spaces, tabs and line breaks (which the cleaner folds), emoji and accents.
PIECES = ["a", "b c", "&", "<", ">", '"', "'", ";", "&amp;", "&#x27;", "<b>", "</i>", "\u00a0", "\u202f",
          "\t", "\n", "  ", "é", "😀", "=", "/", "]]>", "\\", "x12"]  # fmt: skip


def fragments(paragraph: Paragraph) -> list[dict[str, str]]:
    return [{k: repr(v) for k, v in sorted(f.__dict__.items())} for f in paragraph.frags]


def markup(rng: random.Random) -> str:
    """Markup as ``PdfFonts.markup`` writes it: escaped text in bold, italics, fonts and links."""
    from html import escape

    out = []
    for _ in range(rng.randint(1, 4)):
        text = escape("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8))), quote=False)
        out.append(styled(rng, text, escape("https://example.org/" + "".join(rng.choice(PIECES) for _ in range(4)))))
    return "".join(out)


def test_the_scanner_makes_the_fragments_reportlab_makes_for_any_text():
    rng = random.Random(21)
    for _ in range(3000):
        text = markup(rng)
        ours, theirs = ScannedParagraph(text, STYLE), Paragraph(text, STYLE)
        assert fragments(ours) == fragments(theirs), text
        assert ours.text == theirs.text


def outcome(make, text: str) -> object:
    """The fragments and text a paragraph gets, or the kind of error it raises."""
    try:
        paragraph = make(text, STYLE)
    except Exception as exc:  # noqa: BLE001 - the kind of error is what is compared
        return type(exc)
    return fragments(paragraph), paragraph.text


@pytest.mark.parametrize(
    "text",
    ['<font color="#b00020"><strike>gone</strike></font> kept', "tom &amp; jerry &copy; 2026 &#65;&#x42;",
     "<b>unclosed", "", "a&lt;b&gt;c"],
)  # fmt: skip
def test_other_markup_of_the_same_few_tags_is_scanned_alike(text):
    assert rl_private._pieces(text) is not None  # noqa: SLF001
    assert outcome(ScannedParagraph, text) == outcome(Paragraph, text)


@pytest.mark.parametrize(
    "text",
    ["one<br/>two", "<para leading='20'>x</para>", "<span fontSize='20'>big</span>", "<B>loud</B>",
     '<font\xa0face="Helvetica">x</font>', '<font  face="Helvetica">x</font>', "</b >", "&a_b;", "&amp_x;",
     "&#6_5;", "&#\u0666\u0665;", "&#x;", "&#12a;", "&#X41;", "& alone", "a\u200bb\n\xa0<br/>c", "<!-- note -->x",
     "<![CDATA[x]]>", "<a name='here'/>"],
)  # fmt: skip
def test_markup_the_scanner_does_not_read_goes_to_reportlab_unchanged(text):
    assert rl_private._pieces(text) is None  # noqa: SLF001
    assert outcome(ScannedParagraph, text) == outcome(Paragraph, text)


def test_a_leaflet_is_laid_out_without_htmlparser(monkeypatch):
    def refuse(self, data):
        raise AssertionError(f"HTMLParser read {data[:60]!r}")

    monkeypatch.setattr(HTMLParser, "feed", refuse)
    assert build_bytes(CONTENT / "palliative-care.yaml", "pdf").startswith(b"%PDF")


def test_a_markup_parsed_before_is_copied_for_an_equal_style_and_parsed_anew_for_another():
    rng = random.Random(5)
    styles = [ParagraphStyle("a", STYLE), ParagraphStyle("b", STYLE, spaceAfter=20),  # equal for the parser
              ParagraphStyle("c", STYLE, textColor="#b00020"), ParagraphStyle("d", STYLE, fontSize=20),
              ParagraphStyle("e", STYLE, underlineWidth=2), ParagraphStyle("f", STYLE, linkUnderline=1)]  # fmt: skip
    texts = [markup(rng) for _ in range(200)]
    for text in texts * 2:  # the second round reads every markup from the cache
        for style in styles:
            assert fragments(ScannedParagraph(text, style)) == fragments(Paragraph(text, style)), text


def test_each_paragraph_gets_fragments_of_its_own():
    first, second = ScannedParagraph("<b>same</b> words", STYLE), ScannedParagraph("<b>same</b> words", STYLE)
    first.frags[0].text = "changed"  # as ClearParagraph loosens a long item's no-break spaces
    assert second.frags[0].text == "same"
    assert ScannedParagraph("<b>same</b> words", STYLE).frags[0].text == "same"


def test_reading_the_italic_faces_later_keeps_the_family_map_and_the_parses_right():
    from leaflets.brand.brand import load_brand
    from leaflets.content.inline import Run
    from leaflets.renderers.pdf.text import PdfFonts

    fonts = PdfFonts(load_brand("default").fonts)
    italic = ParagraphStyle("slanted", STYLE, fontName=fonts.regular.replace("-Regular", "-Italic"))
    before = fragments(ScannedParagraph("<b>x</b>", italic))
    fonts.markup((Run("y", italic=True),), None, "#000000")  # reads the italic faces, if not read yet
    assert fragments(ScannedParagraph("<b>x</b>", italic)) == fragments(Paragraph("<b>x</b>", italic)) == before
