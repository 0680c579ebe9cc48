"""Text is coded for a font's subsets by ``rl_private._split_known``, which must give exactly
the codes reportlab's ``TTFont.splitString`` gives, and leave the font's subsets as it would."""

from __future__ import annotations

import random

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from leaflets.renderers.pdf import tags  # noqa: F401 - sets reportlab up as a leaflet does

#: Latin letters, a no-break space, accents, and characters the font lacks or codes late
#: (Greek, arrows, CJK, emoji): texts go past the first subset's 256 codes.
ALPHABET = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?()'\"-") + [
    "\u00a0", "é", "ü", "ñ", "ø", "ß", "—", "“", "”", "€", "°", "½", "α", "Ω", "→", "中", "😀", "\u2011"]  # fmt: skip


class _Document:
    """Stands for a PDF document: reportlab keeps a font's codes per document."""


def _font() -> TTFont:
    import fontpkg_atkinson_hyperlegible as atkinson

    if "CodesTest" not in pdfmetrics.getRegisteredFontNames():
        path = atkinson.ROOT / "files" / "AtkinsonHyperlegible-Regular.ttf"
        pdfmetrics.registerFont(TTFont("CodesTest", str(path)))
    return pdfmetrics.getFont("CodesTest")


def test_texts_are_coded_as_reportlab_codes_them_as_a_document_grows():
    font = _font()
    ours, theirs = _Document(), _Document()
    reportlab_split = TTFont.splitString.reportlab
    rng = random.Random(3)
    extra = [chr(c) for c in sorted(font.face.charToGlyph) if c > 0x7F][:300]  # enough to open more subsets
    for step in range(3000):
        pool = ALPHABET + (extra if step > 1000 else [])
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        assert font.splitString(text, ours) == reportlab_split(font, text, theirs), text
    mine, reportlabs = font.state[ours], font.state[theirs]
    assert (mine.assignments, mine.subsets, mine.nextCode) == (
        reportlabs.assignments,
        reportlabs.subsets,
        reportlabs.nextCode,
    )
    assert len(mine.subsets) > 1  # the texts went past the first subset
