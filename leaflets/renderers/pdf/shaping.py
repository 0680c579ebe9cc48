"""Right-to-left and complex scripts in the PDF: text shaped by HarfBuzz and ordered by the
Unicode bidi algorithm, drawn as reportlab's positioned-glyph strings.

reportlab 5.1 can shape a word but does not reorder a mixed line (an English drug name or a
phone number inside Arabic comes out backwards) unless ``rlbidi`` is installed, which pip
cannot provide here. So paragraphs in Arabic, Urdu, Bengali and other scripts that join or
reorder letters are laid out by :class:`ShapedParagraph`:

1. words are measured with their shaped widths and broken into lines in reading order;
2. each line is split into runs of one bidi level and one font (python-bidi's algorithm);
3. the runs are put in visual order (rule L2) and each is shaped with its own direction;
4. each run is drawn with ``canvas.drawString``; in a tagged PDF each line also carries its
   text in reading order (``/ActualText``), so screen readers and copy-paste get the words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from typing import Any

from msgspec import Struct
from msgspec.structs import replace
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.platypus import Flowable

from leaflets.content.inline import starts_right_to_left
from leaflets.renderers.pdf import rl_private
from leaflets.renderers.pdf.breaks import address_breaks
from leaflets.renderers.pdf.tags import TaggingCanvas

#: Languages written without spaces between words: lines break between characters.
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


def word_wrap(language: str) -> str | None:
    """reportlab's wrapping mode for ``language``: between characters for Chinese and the like."""
    return "CJK" if language.split("-")[0].lower() in CJK_LANGUAGES else None


#: What separates words in a paragraph: ASCII white space, not the no-break space.
_BETWEEN_WORDS = re.compile(r"[ \t\n\r\f\v]")

#: What the second and later glyphs of one cluster read back as: the first carries its letters.
ZERO_WIDTH = "\u200b"


class Span(Struct, frozen=True):
    """A piece of a line in one font and one look, in reading order."""

    text: str
    font: str  # a registered reportlab font name
    color: Color | None = None
    href: str | None = None
    address: bool = False  # a web address: kept left to right whole, even where a line breaks it
    heavy: bool = False  # bold asked for in a font with no bold: drawn with a thin outline instead


@lru_cache(maxsize=16)
def _hb_font(font: str) -> Any:
    import uharfbuzz as hb

    rl_private.draw_glyph_positions(font, hb)
    return hb.Font(hb.Face(hb.Blob(rl_private.font_bytes(font))))


@lru_cache(maxsize=8192)
def shape(text: str, font: str, rtl: bool) -> tuple[ShapedStr, float]:
    """``text`` shaped in one direction: reportlab's glyph string and its width per point of size."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(_hb_font(font), buf, {})
    scale = 1000 / _hb_font(font).face.upem
    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({info.cluster for info in infos}) + [len(text)]
    after = {start: following for start, following in zip(starts, starts[1:], strict=False)}
    chars, data, width = [], [], 0.0
    seen: set[int] = set()
    for info, pos in zip(infos, positions, strict=True):
        following = after[info.cluster]
        said = text[info.cluster : following] if info.cluster not in seen else ZERO_WIDTH
        seen.add(info.cluster)
        code, glyph_width = rl_private.code_for_glyph(font, info.codepoint, said)
        advance = pos.x_advance * scale
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster, advance, pos.y_advance * scale, pos.x_offset * scale, pos.y_offset * scale, glyph_width
            )
        )
        width += advance / 1000
    return ShapedStr("".join(chars), shapeData=data), width  # type: ignore[arg-type]  # one per character


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """The embedding level of each character of one line (even: left to right)."""
    from bidi import algorithm as uba  # python-bidi's own steps, pinned in pyproject

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    kept, levels = iter(storage["chars"]), []
    following = next(kept, None)
    for ch in text:
        if following is not None and following["ch"] == ch:
            levels.append(following["level"])
            following = next(kept, None)
        else:  # rule X9 dropped it (a zero-width space or joiner): it takes its neighbour's level
            levels.append(levels[-1] if levels else storage["base_level"])
    for i in range(len(text) - 1, -1, -1):  # rule L1: trailing spaces take the paragraph's level
        if not text[i].isspace():
            break
        levels[i] = storage["base_level"]
    return levels


def visual_runs(spans: list[Span], rtl: bool) -> list[tuple[Span, bool]]:
    """One line's spans cut at every change of level or span, in the order they are drawn."""
    text = "".join(s.text for s in spans)
    if not text:
        return []
    levels = bidi_levels(text, rtl)
    at = 0
    for span in spans:  # an address's slashes and dots would otherwise take the line's direction
        if span.address and rtl:
            levels[at : at + len(span.text)] = [2] * len(span.text)
        at += len(span.text)
    runs: list[tuple[Span, int]] = []
    at = 0
    for span in spans:
        start = at
        for i in range(at, at + len(span.text) + 1):
            if i == at + len(span.text) or levels[i] != levels[start]:
                if i > start:
                    runs.append((replace(span, text=text[start:i]), levels[start]))
                start = i
        at += len(span.text)
    highest = max(level for _, level in runs)
    lowest_odd = min((level for _, level in runs if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):  # rule L2: reverse every run at or above each level
        i = 0
        while i < len(runs):
            if runs[i][1] >= level:
                j = i
                while j < len(runs) and runs[j][1] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return [(span, level % 2 == 1) for span, level in runs]


def line_width(spans: list[Span], size: float, rtl: bool) -> float:
    return sum(shape(span.text, span.font, run_rtl)[1] * size for span, run_rtl in visual_runs(spans, rtl))


def measure(spans: list[Span], size: float, rtl: bool) -> float:
    """About ``line_width``, without ordering the line first: shaped widths do not depend on the
    order runs are drawn in, and line breaking measures every word."""
    return sum(shape(span.text, span.font, rtl)[1] * size for span in spans)


def draw_line(
    canvas: Any, x: float, y: float, spans: list[Span], size: float, rtl: bool, color: Color, wraps: bool = False
) -> float:
    """Draw one line from ``x`` (its left end) in ``color`` unless a span has its own; return its width.

    ``wraps``: the paragraph goes on, so the words it reads back as end with a space.
    """
    start = x
    tagged = isinstance(canvas, TaggingCanvas) and canvas.tagger is not None
    if tagged:
        said = "".join(s.text for s in spans) + (" " if wraps else "")
        words = said.encode("utf-16-be").hex().upper()
        rl_private.append_operators(canvas, f"/Span <</ActualText <FEFF{words}>>> BDC")
    runs = [(span, *shape(span.text, span.font, run_rtl)) for span, run_rtl in visual_runs(spans, rtl)]
    edges = list(accumulate((per_point * size for _, _, per_point in runs), initial=x))
    # one text object a line, each run setting only what changes: font, ink, and the outline
    # that thickens a bold the font lacks
    canvas.saveState()
    if any(span.heavy for span, _, _ in runs):
        canvas.setLineWidth(size * 0.035)
    text = canvas.beginText(x, y)
    font, ink, heavy = None, None, False
    for index, (span, glyphs, _) in enumerate(runs):
        if span.font != font:
            font = span.font
            text.setFont(font, size)
        recoloured = (span.color or color) != ink
        if recoloured:
            ink = span.color or color
            text.setFillColor(ink)
        if span.heavy and (recoloured or not heavy):
            text.setStrokeColor(ink)
        if span.heavy != heavy:
            heavy = span.heavy
            text.setTextRenderMode(2 if heavy else 0)  # 2: fill and stroke
        if index:  # a move from the run before ("Td"): a third the bytes of placing it anew ("Tm")
            text.moveCursor(edges[index] - edges[index - 1], 0)
        text.textOut(glyphs)
    canvas.drawText(text)
    canvas.restoreState()
    for (span, _, _), left, right in zip(runs, edges[:-1], edges[1:], strict=True):
        if span.href:
            canvas.saveState()
            if span.color is not None:
                canvas.setStrokeColor(span.color)
            canvas.setLineWidth(size / 18)
            canvas.line(left, y - size * 0.12, right, y - size * 0.12)
            canvas.restoreState()
            canvas.linkURL(span.href, (left, y - size * 0.25, right, y + size * 0.85), relative=1)
    if tagged:
        rl_private.append_operators(canvas, "EMC")
    return edges[-1] - start


class ShapedParagraph(Flowable):
    """A paragraph of spans, wrapped at spaces, each line shaped and put in visual order.

    Alignment follows the style, mirrored for right-to-left text: ``TA_LEFT`` means the
    start of the line, which is the right edge in Arabic.
    """

    def __init__(self, spans: list[Span], style: ParagraphStyle, rtl: bool, base: bool | None = None) -> None:
        super().__init__()
        self.spans, self.style, self.rtl = spans, style, rtl  # rtl: the page's direction, for alignment
        # the text's own direction; the rest of a split paragraph keeps the direction of the whole
        self.base = starts_right_to_left("".join(s.text for s in spans), rtl) if base is None else base
        self._words = _words(spans)
        self._lines: list[list[Span]] | None = None
        self._mid_word: set[int] = set()
        self._width = -1.0

    def _break(self, width: float) -> list[list[Span]]:
        size = self.style.fontSize
        lines: list[list[Span]] = []
        line: list[Span] = []
        used = 0.0
        self._mid_word = set()  # lines that end inside a word cut to fit: no space when read back
        for whole in self._words:
            for index, word in enumerate(_fit(whole, width, size, self.base)):
                # the pieces of a word too long for a line each start a line, with no space between
                if index and line:
                    self._mid_word.add(len(lines))
                    lines.append(line)
                    line, used = [], 0.0
                spaced = ([Span(" ", word[0].font, word[0].color)] if line else []) + word
                extra = measure(spaced, size, self.base)
                if line and used + extra > width:
                    lines.append(line)
                    line, used = list(word), measure(word, size, self.base)
                else:
                    line += spaced
                    used += extra
        if line:
            lines.append(line)
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._lines is None or self._width != avail_width:
            self._lines = self._break(avail_width)
            self._width = avail_width
        self.width = avail_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self._lines is not None
        fit = int(avail_height // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self._lines):  # whole, yet asked to split (the space around it is short): it moves on
            return []

        def part(start: int, lines: list[list[Span]], **change: Any) -> ShapedParagraph:
            spans = [span for i, line in enumerate(lines) for span in ([Span(" ", line[0].font)] if i else []) + line]
            made = ShapedParagraph(spans, ParagraphStyle("part", self.style, **change), self.rtl, self.base)
            made._lines, made._width = lines, avail_width
            made._mid_word = {i - start for i in self._mid_word if start <= i < start + len(lines)}
            return made

        return [part(0, self._lines[:fit], spaceAfter=0), part(fit, self._lines[fit:], spaceBefore=0)]

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def getKeepWithNext(self) -> bool:  # noqa: N802
        return bool(getattr(self.style, "keepWithNext", False))

    def draw(self) -> None:
        style, size = self.style, self.style.fontSize
        if style.backColor is not None:
            pad = style.borderPadding or 0
            self.canv.saveState()
            self.canv.setFillColor(style.backColor)
            self.canv.rect(-pad, -pad, self.width + 2 * pad, self.height + 2 * pad, stroke=0, fill=1)
            self.canv.restoreState()
        y = self.height - size
        lines = self._lines or []
        for number, line in enumerate(lines, 1):
            width = measure(line, size, self.base)
            free = self.width - width
            start_right = self.rtl != (style.alignment == TA_RIGHT)
            x = free / 2 if style.alignment == TA_CENTER else (free if start_right else 0.0)
            wraps = number < len(lines) and number - 1 not in self._mid_word
            # words that look alike are drawn as one run: one text object a line, not one a word and space
            draw_line(self.canv, x, y, _merge(line), size, self.base, style.textColor, wraps=wraps)
            y -= style.leading


def _words(spans: list[Span]) -> list[list[Span]]:
    """The spans cut into words at spaces, tabs and line breaks (not no-break spaces), each word
    a list of spans: as in reportlab's paragraphs, a line break inside a paragraph's text (the
    numbered sources in a slide's notes) is a space between words, never a glyph."""
    words: list[list[Span]] = [[]]
    for span in spans:
        parts = _BETWEEN_WORDS.split(span.text)
        for i, part in enumerate(parts):
            if i:
                words.append([])
            if part:
                words[-1].append(replace(span, text=part))
    return [w for w in words if w]


def _fit(word: list[Span], width: float, size: float, rtl: bool) -> list[list[Span]]:
    """A word wider than the line (a long web address) cut into pieces that fit, never clipped.

    Each piece is the longest run of letters that fits, found by doubling and then halving its
    length, so a word of any length costs about n log n in shaping, not n squared. An address
    is cut after a ``/ . - ? & = @`` where the piece holds one, as in reportlab's paragraphs,
    not between two letters of a word."""
    if measure(word, size, rtl) <= width:
        return [word]
    text = "".join(span.text for span in word)
    total = len(text)
    after = sorted(len(head) for head, _ in address_breaks(text) or [])  # where an address may wrap

    def fits(start: int, count: int) -> bool:
        return measure(_slice(word, start, start + count), size, rtl) <= width

    pieces, start = [], 0
    while start < total:
        left = total - start
        good, bad = 1, 2  # a piece holds at least one letter, even one wider than the line
        while bad <= left and fits(start, bad):
            good, bad = bad, bad * 2
        bad = min(bad, left + 1)
        while bad - good > 1:
            middle = (good + bad) // 2
            good, bad = (middle, bad) if fits(start, middle) else (good, middle)
        if start + good < total:
            good = max((i - start for i in after if start < i <= start + good), default=good)
        pieces.append(_slice(word, start, start + good))
        start += good
    return pieces


def _slice(word: list[Span], start: int, end: int) -> list[Span]:
    """Letters ``start`` to ``end`` of a word, as spans (neighbours with the same look joined)."""
    out: list[Span] = []
    at = 0
    for span in word:
        low, high = max(start, at), min(end, at + len(span.text))
        if low < high:
            out.append(replace(span, text=span.text[low - at : high - at]))
        at += len(span.text)
    return _merge(out)


def _merge(spans: list[Span]) -> list[Span]:
    """Neighbouring spans with the same look joined, so they shape as one run."""
    out: list[Span] = []
    for span in spans:
        if out and replace(out[-1], text="") == replace(span, text=""):
            out[-1] = replace(span, text=out[-1].text + span.text)
        else:
            out.append(span)
    return out
