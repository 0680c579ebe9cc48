"""Fonts and inline text for reportlab: embedded TrueType with per-character fallback.

reportlab draws a character its font lacks as nothing, silently. So every run is checked
against the fonts' character maps: characters the main font lacks switch to the fallback
font, and a character no font has is an error naming it and the line it came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from typing import Literal

import reportlab
from reportlab.lib.colors import Color
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from leaflets.brand.fonts import FontFiles, ScriptFont, cut_as_written, embeddable, font_fact, script_fonts
from leaflets.content.inline import Inline, short_url
from leaflets.document.nodes import Document, Origin, text_of
from leaflets.errors import Diagnostic, MissingGlyphs
from leaflets.renderers.pdf import rl_private
from leaflets.renderers.pdf.breaks import keep_items
from leaflets.renderers.pdf.shaping import Span

#: reportlab's (bold, italic) -> face of a family, so <b> and <i> find the brand's own faces.
_STYLES: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
    (0, 0, "Regular"), (1, 0, "Bold"), (0, 1, "Italic"), (1, 1, "BoldItalic"),
)  # fmt: skip

_IGNORABLE = {"Cf", "Mn", "Cc"}  # joiners, variation selectors, controls: no ink of their own


class PdfFonts:
    """The brand's family registered with reportlab (its italic faces when first used), plus the
    script fallbacks, with their coverage."""

    def __init__(self, files: FontFiles, italics: bool = True) -> None:
        self.family = files.family
        self.italics = italics  # large print uses bold where the author asked for italics
        faces = {
            style: (f"{files.family.replace(' ', '')}-{style}", path)
            for style, path in (
                ("Regular", files.regular),
                ("Bold", files.bold),
                ("Italic", files.italic),
                ("BoldItalic", files.bold_italic),
            )
        }
        for name, path in (faces["Regular"], faces["Bold"]):
            _register_once(name, path)
        # the italic faces are read when the first italic run is written (few leaflets have one)
        self._italic_faces = [faces["Italic"], faces["BoldItalic"]]
        self._faces = {style: name for style, (name, _) in faces.items()}
        self.regular, self.bold = faces["Regular"][0], faces["Bold"][0]
        self._map_family()
        self.main_cover = _main_cover(self.regular)
        self.main_chars = _main_chars(self.regular)

    def _map_family(self) -> None:
        """Point reportlab's family map at the brand's four faces, so <b> and <i> find them."""
        for bold, italic, style in _STYLES:
            addMapping(self.family, bold, italic, self._faces[style])

    def _register_italics(self) -> None:
        """Read the italic faces, once: registering a font maps it as a family of its own in
        reportlab, so the brand's family is mapped again after."""
        if self._italic_faces:
            for name, path in self._italic_faces:
                _register_once(name, path)
            self._italic_faces = []
            self._map_family()

    def font_runs(self, text: str, origin: Origin | None) -> list[tuple[ScriptFont | None, str]]:
        """Split ``text`` into (fallback font or None for the main font, piece); raise for
        characters no font has."""
        if self.main_chars.issuperset(text):  # most text: the main font has every character
            return [(None, text)] if text else []
        out: list[tuple[ScriptFont | None, str]] = []
        missing = []
        for ch in text:
            cp = ord(ch)
            font: ScriptFont | None = None
            if cp in self.main_cover or ch in "\n\t":
                pass
            elif found := self._fallback_for(cp, out[-1][0] if out else None):
                font = found
                _register(found)
            elif unicodedata.category(ch) in _IGNORABLE:
                if out:  # a joiner or a mark belongs to the letters around it
                    out[-1] = (out[-1][0], out[-1][1] + ch)
                continue
            else:
                missing.append(ch)
                continue
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        if missing:
            raise MissingGlyphs([_unprintable(missing, origin or Origin(""))], "".join(missing))
        return out

    @staticmethod
    def _fallback_for(cp: int, before: ScriptFont | None) -> ScriptFont | None:
        """The fallback font for a character the main font lacks: the font of the letters just
        before it if it has it (a Bengali danda stays in the Bengali font, so it is shaped with
        its sentence and no other font is embedded for it), else the first font that has it."""
        if before is not None and cp in _coverage(before.regular, before.subfont):
            return before
        return next((f for f in _script_fonts() if cp in _coverage(f.regular, f.subfont)), None)

    def unprintable(self, doc: Document) -> MissingGlyphs | None:
        """Every character of ``doc`` that no installed font has, one finding per place it is
        written, so an author fixes them all in one go instead of one per build."""
        found: list[Diagnostic] = []
        chars: list[str] = []

        def scan(text: str, origin: Origin) -> None:
            missing = [ch for ch in text if ch not in self.main_chars and self._no_font(ch)]
            if missing:
                found.append(_unprintable(missing, origin))
                chars.extend(missing)

        file = next((node.origin.file for section in doc.sections for node in section.nodes), "")
        scan(doc.meta.title + (doc.meta.subtitle or ""), Origin(file))  # its line is found from the file
        for section in doc.sections:
            for node in (*([section.heading] if section.heading else []), *section.nodes):
                scan(text_of([node]), node.origin)
        return MissingGlyphs(found, "".join(chars)) if found else None

    def _no_font(self, ch: str) -> bool:
        cp = ord(ch)
        return not (
            cp in self.main_cover
            or ch in "\n\t"
            or unicodedata.category(ch) in _IGNORABLE
            or any(cp in _coverage(f.regular, f.subfont) for f in _script_fonts())
        )

    def needs_shaping(self, text: str, rtl: bool) -> bool:
        """Whether ``text`` is laid out by our own shaping: all text on a right-to-left page (so it
        starts at the right), and elsewhere letters that join or reorder (an Arabic name, Bengali)."""
        return rtl or any(font is not None and font.shaped for font, _ in self.font_runs(text, None))

    def escaped(self, text: str, origin: Origin | None) -> str:
        """``text`` as reportlab paragraph markup: escaped, with fallback-font spans."""
        parts = []
        for font, piece in self.font_runs(text, origin):
            piece = escape(piece, quote=False)
            parts.append(f'<font face="{font.name}">{piece}</font>' if font else piece)
        return "".join(parts)

    def markup(self, text: Inline, origin: Origin | None, link_color: str, show_urls: bool = True) -> str:
        """Inline runs as reportlab markup. Printed links show their address, since paper can't
        be clicked; slides (``show_urls`` off) keep the link only, as the deck does."""
        out = []
        for run in text:
            piece = self.escaped(keep_items(run.text), origin)
            if run.bold or (run.italic and not self.italics):
                piece = f"<b>{piece}</b>"
            if run.italic and self.italics:
                self._register_italics()
                piece = f"<i>{piece}</i>"
            if run.href:
                shown = short_url(run.href)
                piece = f'<a href="{escape(run.href)}" color="{escape(link_color)}"><u>{piece}</u></a>'
                if show_urls and shown not in (run.text.strip(), short_url(run.text.strip())):
                    piece += f" ({self.escaped(shown, origin)})"
            out.append(piece)
        return "".join(out)

    def spans(
        self, text: Inline, origin: Origin | None, link_color: Color, bold: bool = False, show_urls: bool = True
    ) -> list[Span]:
        """Inline runs as spans for shaped text, each in the font that has its letters.

        Bold comes from the bold font where the script's font has one; italics are not used,
        as these scripts' fonts have none. Printed links show their address, as in ``markup``.
        """
        out: list[Span] = []
        for run in text:
            heavy = bold or run.bold or run.italic
            shown = short_url(run.href) if run.href else ""
            pieces = [(run.text, run.href, run.text.strip() in (shown, run.href))]
            if run.href and show_urls and shown != run.text.strip():
                pieces += [(" (", None, False), (shown, None, True), (")", None, False)]
            for words, href, address in pieces:
                for font, piece in self.font_runs(words, origin):
                    if font is None:
                        name = self.bold if heavy else self.regular
                    else:
                        name = f"{font.name}-Bold" if heavy and font.bold else font.name
                    synthetic = heavy and font is not None and font.bold is None
                    out.append(Span(piece, name, link_color if href else None, href, address, synthetic))
        return out


def draw_plain(
    canvas: Canvas, fonts: PdfFonts, x: float, y: float, text: str, size: float, bold: bool = False
) -> float:
    """Draw one line of plain text from ``x`` with font fallback; return its width."""
    start = x
    for font, piece in fonts.font_runs(text, None):
        name = font.name if font else (fonts.bold if bold else fonts.regular)
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)
    return x - start


@lru_cache(maxsize=16)
def _main_cover(font: str) -> frozenset[int]:
    """The characters a registered font has; worked out once per font, not per leaflet drawn."""
    return frozenset(rl_private.char_to_glyph(font))


@lru_cache(maxsize=16)
def _main_chars(font: str) -> frozenset[str]:
    """The main font's characters as text, with line breaks and tabs: a whole run is checked at once."""
    return frozenset(map(chr, _main_cover(font))) | {"\n", "\t"}


def _unprintable(missing: list[str], where: Origin) -> Diagnostic:
    names = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in dict.fromkeys(missing))
    return Diagnostic(
        where.file, where.line, "", f"cannot print {names}: no installed font has it; remove it or use a word instead"
    )


@cache
def _script_fonts() -> tuple[ScriptFont, ...]:
    return tuple(script_fonts())


def _register_once(name: str, path: Path) -> None:
    """Register one face of the brand's family, cut without hinting, unless it is already."""
    if name not in pdfmetrics.getRegisteredFontNames():
        _register_file(name, embeddable(path))


def _register_file(name: str, path: Path, subfont: int = 0) -> None:
    """Register a TrueType file whose embedded subsets hold only the glyphs drawn.

    reportlab otherwise puts all of ASCII in every font's first subset, so that the page's
    codes read as ASCII: a Bengali or Chinese font, or a bold face used for a heading, then
    carries some 95 Latin glyphs it never draws. Text is read back through each subset's
    ToUnicode map, which every font has, so nothing is lost by numbering codes in order of use.
    """
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=subfont, asciiReadable=False))
    if cut_as_written(path):
        rl_private.CUT_AS_WRITTEN.add(str(path))


def _register(font: ScriptFont) -> None:
    """Load a fallback font only when some text needs it: parsing it costs more than a page."""
    if font.name in pdfmetrics.getRegisteredFontNames():
        return
    regular = embeddable(font.regular) if font.subfont == 0 else font.regular
    _register_file(font.name, regular, font.subfont)
    bold = font.name
    if font.bold is not None:
        bold = font.name + "-Bold"
        _register_file(bold, embeddable(font.bold))
    for b in (0, 1):
        for i in (0, 1):
            addMapping(font.name, b, i, bold if b else font.name)


@lru_cache(maxsize=8)
def _coverage(path: Path, subfont: int = 0) -> frozenset[int]:
    """The characters reportlab can draw from a font (reportlab and fontTools differ by one or two)."""

    def read() -> Iterable[int]:
        return TTFont("Probe", str(path), subfontIndex=subfont).face.charToGlyph

    return frozenset(font_fact(path, subfont, f"reportlab-{reportlab.Version}-chars", read))
