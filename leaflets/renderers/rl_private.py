"""Every use of reportlab's private internals, in one place (reportlab is pinned to 5.1.x).

Tagged PDF needs three things reportlab does not offer publicly: writing raw operators into
a page's content stream, a word space where a line breaks (reportlab leaves it out, so
assistive technology reads the last word of a line and the first of the next as one word),
and a ToUnicode map without the ``<0000>`` entry and within the 100-entry block limit that
PDF/UA requires. If reportlab changes any of these, the PDF/UA tests fail here first.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.textobject import PDFTextObject

#: ToUnicode blocks hold at most this many entries (PDF reference, "beginbfchar").
CMAP_BLOCK = 100


def append_operators(canvas: Any, operators: str) -> None:
    """Put raw PDF operators into the page being drawn, at the current point of the stream."""
    canvas._code.append(operators)  # noqa: SLF001


def wrap_page(canvas: Any, before: str, after: str) -> None:
    """Operators that open and close the whole page stream, around reportlab's own preamble
    and the crop marks it adds at the end of a page."""
    canvas._psCommandsBeforePage = [before]  # noqa: SLF001
    canvas._psCommandsAfterPage = [after]  # noqa: SLF001


def annotation_count(canvas: Any) -> int:
    """How many annotations the current page has so far."""
    return len(canvas._annotationrefs)  # noqa: SLF001


class SpacedTextObject(PDFTextObject):
    """A text object that draws the space at the end of each wrapped line.

    The space is a real space glyph after the line's last word: invisible, so nothing on
    the page moves, but text extraction and screen readers see where one word ends.
    """

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803 - reportlab's names
        if TStar and text and not text.endswith(" "):
            super()._textOut(text, 0)
            super()._textOut(" ", TStar)
        else:
            super()._textOut(text, TStar)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map without code 0's U+0000 and in blocks of at most 100."""
    pairs = [(code, value) for code, value in enumerate(subset) if value > 0]
    body = []
    for start in range(0, len(pairs), CMAP_BLOCK):
        block = pairs[start : start + CMAP_BLOCK]
        body.append(f"{len(block)} beginbfchar")
        body += [f"<{code:02X}> <{_utf16_hex(value)}>" for code, value in block]
        body.append("endbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *body,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _utf16_hex(value: int) -> str:
    return chr(value).encode("utf-16-be", "surrogatepass").hex().upper()


def install() -> None:
    """Replace reportlab's ToUnicode writer; called once, before any PDF is drawn."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
