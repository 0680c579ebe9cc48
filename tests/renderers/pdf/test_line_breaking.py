"""Lines are broken by ``rl_lines.break_lines``, which must give exactly reportlab's lines.

Every comparison breaks two copies of one paragraph, one by reportlab's ``breakLines`` and one
by ours, and compares everything reportlab leaves behind: the lines and their pieces (style,
text, widths, counts), the paragraph's frag words (which ``split`` reads), its widest line, its
hyphenation counts, and the widths list it was given.
"""

from __future__ import annotations

import copy
import random
from html import escape
from pathlib import Path
from typing import Any

import pytest
from helpers import build_bytes, styled
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from leaflets.renderers.pdf import breaks, rl_lines, tags  # noqa: F401 - tags sets reportlab up as a leaflet does
from leaflets.renderers.pdf.breaks import ADDRESS_WASTE, ClearParagraph, LongWords

CONTENT = Path(__file__).resolve().parents[3] / "content"
#: Words of every kind the breaker meets: short and long ones, compounds, web and email
#: addresses, single items held by no-break spaces, punctuation, emoji and accents.
WORDS = ["a", "the", "care", "team", "breast", "cancer", "metastatic", "Oesophagogastroduodenoscopy",
         "well-being", "self-care-at-home", "www.example.org/help/with/pain?x=1&y=2", "help@charity.org.uk",
         "macmillan.org.uk/cancer-information-and-support", "0808\u00a0800\u00a06000", "9am\u00a0to\u00a05pm",
         "(see", "below),", "“quoted”", "😀", "é", "naïve", "&", "<", "—", "37.5\u00a0°C"]  # fmt: skip


def style(**kw: Any) -> ParagraphStyle:
    """The body style the leaflet sets: its hyphenator for long words, address breaking."""
    settings = {"fontName": "Helvetica", "fontSize": 13, "leading": 18, "hyphenationLang": LongWords("en"),
                "uriWasteReduce": ADDRESS_WASTE}  # fmt: skip
    return ParagraphStyle("body", **(settings | kw))


def markup(rng: random.Random) -> str:
    """A paragraph as ``PdfFonts.markup`` writes it: escaped words in bold, italics, fonts and links."""
    out = []
    for _ in range(rng.randint(1, 6)):
        text = " " * rng.randint(0, 1) + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
        out.append(styled(rng, escape(text + " " * rng.randint(0, 1), quote=False)))
    return "".join(out)


def dump(thing: Any) -> Any:
    """What a line, piece, frag word or value holds, in a form two copies can be compared in."""
    if isinstance(thing, (list, tuple)):
        return (type(thing).__name__, [dump(x) for x in thing])
    if hasattr(thing, "__dict__") and not isinstance(thing, type):
        return (type(thing).__name__, {k: dump(v) for k, v in sorted(thing.__dict__.items()) if k != "style"})
    return (type(thing).__name__, thing)


def broken(para: Paragraph, width: Any, how: Any) -> Any:
    """``how(copy of para, copy of width)``, and everything the copy holds afterwards."""
    mine = copy.copy(para)
    mine.frags = copy.deepcopy(para.frags)
    widths = list(width) if isinstance(width, list) else width
    found = how(mine, widths)
    if found is None:
        return None
    left = {k: mine.__dict__.get(k) for k in ("_width_max", "height", "_splitLongWordCount", "_hyphenations")}
    return dump(found), dump(mine.frags), dump(left), dump(widths)


def reportlab_lines(para: Paragraph, width: Any) -> Any:
    return Paragraph.breakLines(para, width)


def compare(para: Paragraph, width: Any) -> bool:
    """Whether ours broke ``para`` (False if it left it to reportlab); fails if the lines differ."""
    ours = broken(para, width, rl_lines.break_lines)
    if ours is None:
        return False
    assert ours == broken(para, width, reportlab_lines)
    return True


def test_any_paragraph_and_its_parts_over_pages_break_into_reportlabs_lines():
    rng = random.Random(24)
    taken = total = 0
    for _ in range(1500):
        body = style(firstLineIndent=rng.choice([0, 0, 12]), spaceShrinkage=rng.choice([0.05, 0.05, 0]))
        bullet = rng.choice([None, None, "•", "12."])
        para = ClearParagraph(markup(rng), body, bulletText=bullet)
        width = rng.choice([60, 120, 200, 320, 493.2])
        taken += compare(para, [width, width])
        total += 1
        para.wrap(width, 10_000)  # a paragraph split over a page: its parts hold frag words
        for part in para.split(width, rng.choice([20, 40, 80])):
            taken += compare(part, [width, width])
            total += 1
    # a word cut between letters (27 letters on a 60 pt line) is reportlab's to break: about a
    # quarter here, none in a leaflet (the next test)
    assert taken > total * 0.7


def test_the_librarys_leaflets_break_every_paragraph_as_reportlab_does(monkeypatch):
    seen = []

    def checked(para, width):
        seen.append(compare(para, width))
        return rl_lines.break_lines(para, width)

    monkeypatch.setattr(breaks, "break_lines", checked)
    layouts = [("symptoms-to-report", {"layout": "a4"}), ("bone-metastasis", {"layout": "a5", "large_print": True}),
               ("palliative-care", {"layout": "trifold-a4"})]  # fmt: skip
    for topic, options in layouts:
        build_bytes(CONTENT / f"{topic}.yaml", "pdf", **options)
    assert len(seen) > 300 and all(seen)  # every paragraph of these leaflets is broken here, none by reportlab


@pytest.mark.parametrize(
    ("text", "kw"),
    [("soft\u00adhyphen in a word", {}), ("a line<br/>break", {}), ("right to left", {"wordWrap": "RTL"}),
     ("automatic leading", {"autoLeading": "max"}), ("<b>two</b> runs, right to left", {"wordWrap": "RTL"})],
)  # fmt: skip
def test_what_it_does_not_repeat_is_left_to_reportlab_with_the_widths_as_given(text, kw):
    para = ClearParagraph(text, style(**kw), bulletText="•")
    widths = [40.0, 40.0]
    assert rl_lines.break_lines(para, widths) is None
    assert widths == [40.0, 40.0]  # narrowed for the bullet, then put back


@pytest.mark.parametrize(
    ("text", "width"),
    [('www.example.org/help/<font size="20">with/pain</font> more words', 120),
     ('<font size="20">x</font> www.example.org/help/with/more/and/more/<font size="24">paths/here</font> tail', 90)],
)  # fmt: skip
def test_a_line_that_starts_with_the_head_of_a_split_word_measures_the_head(text, width):
    assert compare(ClearParagraph(text, style()), [width, width])


@pytest.mark.parametrize(
    ("kw", "width"),
    [({"spaceShrinkage": None}, [90.0, 90.0]), ({"hyphenationLang": 1}, [90.0, 90.0]), ({}, (90.0, 90.0)), ({}, [])],
    ids=["no shrinkage", "odd hyphenator", "tuple of widths", "no widths"],
)  # fmt: skip
def test_settings_reportlab_rejects_are_left_to_it(kw, width):
    assert rl_lines.break_lines(ClearParagraph("<b>some</b> words", style(**kw), bulletText="•"), width) is None


def test_a_word_longer_than_its_line_is_reportlabs_to_cut():
    para = ClearParagraph("x" * 60, style())
    assert rl_lines.break_lines(para, [50.0, 50.0]) is None


def test_word_widths_are_kept_within_their_bound(monkeypatch):
    monkeypatch.setattr(rl_lines, "KEPT_WIDTHS", 10)
    monkeypatch.setattr(rl_lines, "_KNOWN", rl_lines._KnownWidths())  # noqa: SLF001
    for n in range(5):
        para = ClearParagraph(" ".join(f"w{n}x{i}" for i in range(30)), style(fontSize=10 + n))
        assert compare(para, [200.0, 200.0])
    known = rl_lines._KNOWN  # noqa: SLF001
    assert sum(len(w) for w in known.tables.values()) == known.count <= 10 + 31  # emptied, then one paragraph's words


def test_a_width_the_shaper_may_change_is_not_kept(monkeypatch):
    monkeypatch.setattr(rl_lines, "_KNOWN", rl_lines._KnownWidths())  # noqa: SLF001
    compare(ClearParagraph("a \ue000\U0001f600 b", style()), [60.0, 60.0])
    assert all("\ue000" not in word for table in rl_lines._KNOWN.tables.values() for word in table)  # noqa: SLF001
