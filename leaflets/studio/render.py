"""The live preview: the real PDF (or the deck's slides PDF) drawn by the same renderers as
``leaflets build``, turned into page pictures, with every finding ``check`` would give.

The process stays warm: brands, glossaries and fonts are loaded once and reused, so a new
preview costs one compose, one render and the pictures of its pages.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from collections import OrderedDict
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from leaflets.errors import Diagnostic, LeafletsError, internal_error

#: Pixels per point of the pictures: sharp enough to read 12 pt text beside the editor.
SCALE = 1.4
#: Page pictures kept for reuse: a few layouts of a long topic.
KEEP_PAGES = 120


class Preview(Struct):
    """Page pictures (PNG bytes; none when the topic cannot be drawn) and the findings."""

    pages: list[bytes] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each page's words, to find the page a block is on
    pdf: bytes = b""  # the file the pictures were drawn from, to download or read back
    findings: list[Diagnostic] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


class View(Struct, frozen=True):
    """What to preview: a brand, a print layout (or the deck's slides), large print or not."""

    brand: str = "default"
    layout: str = "a4"
    large_print: bool = False
    deck: bool = False


class Previewer:
    """Keeps brands and glossaries between previews; one per studio."""

    def __init__(self) -> None:
        self._brands: dict[str, Any] = {}
        self._glossaries: dict[tuple[Path, float], Any] = {}
        self.drawn: OrderedDict[str, bytes] = OrderedDict()

    def warm(self, folder: Path, brands: list[str]) -> None:
        """Draw a starter topic once in every brand, leaflet and slides, before the first
        preview is asked for: renderers, checks, dictionaries and fonts are then loaded."""
        from leaflets.content.starter import starter_text

        text = starter_text("Warming up")
        for name in brands:
            for deck in (False, True):
                self.preview(folder / "content" / "warming-up.yaml", "warming-up", text, View(name, deck=deck))

    def brand(self, name: str) -> Any:
        from leaflets.brand.brand import load_brand

        if name not in self._brands:
            self._brands[name] = load_brand(name)
        return self._brands[name]

    def glossary(self, topic_path: Path) -> Any:
        from leaflets.content.glossary import find_glossary, load_glossary

        path = find_glossary(topic_path)
        if path is None:
            return None
        key = (path, path.stat().st_mtime)
        if key not in self._glossaries:
            self._glossaries[key] = load_glossary(path)
        return self._glossaries[key]

    def preview(self, path: Path, display: str, text: str, view: View) -> Preview:
        """Validate, check and draw ``text`` as the topic at ``path``; never raises."""
        result = Preview()
        try:
            self._draw(path, display, text, view, result)
        except LeafletsError as exc:
            result.findings += exc.diagnostics
        except Exception as exc:  # a bug in drawing: say so, keep the studio running
            result.findings.append(internal_error(display, exc))
        result.findings = [d if d.file else Diagnostic(display, d.line, d.field, d.message, d.level)
                           for d in result.findings]  # fmt: skip
        return result

    def _draw(self, path: Path, display: str, text: str, view: View, result: Preview) -> None:
        from leaflets.build.job import layout_findings
        from leaflets.checks import CheckContext, run_checks
        from leaflets.content.topic import load_topic
        from leaflets.document.compose import compose
        from leaflets.renderers import FORMATS, Options

        topic = load_topic(path, display, text.encode("utf-8"))
        result.findings += topic.warnings
        brand = self.brand(view.brand)
        glossary = self.glossary(path)
        leaflet = compose(topic, brand, "leaflet", glossary)
        ctx = CheckContext(topic, leaflet, glossary.for_topic(topic) if glossary else None, _dt.date.today())
        result.findings += run_checks(ctx)
        result.metrics = ctx.metrics
        pdf = io.BytesIO()
        if view.deck:
            rendered = FORMATS["slides-pdf"].load()(compose(topic, brand, "deck", glossary), brand, pdf, Options())
            result.findings += rendered.warnings
        else:
            options = Options(view.layout, view.large_print)
            rendered = FORMATS["pdf"].load()(leaflet, brand, pdf, options)
            result.findings += rendered.warnings + layout_findings(options, rendered.fullness)
        result.pdf = pdf.getvalue()
        result.pages, result.texts = pictures(result.pdf, self.drawn)


def pictures(pdf: bytes, drawn: OrderedDict[str, bytes]) -> tuple[list[bytes], list[str]]:
    """Each page of ``pdf`` as PNG bytes, and its text. A page whose drawing instructions and
    text are those of a page drawn before reuses its picture from ``drawn``: an edit usually
    changes one or two pages, and rasterising and encoding are the slowest steps of a preview."""
    import pikepdf
    import pypdfium2 as pdfium

    with pikepdf.open(io.BytesIO(pdf)) as parsed:
        streams = [b"".join(s.read_bytes() for s in _contents(page.obj)) for page in parsed.pages]
    document = pdfium.PdfDocument(pdf)
    out, texts = [], []
    try:
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_range()
            key = hashlib.sha256(streams[index] + text.encode("utf-8", "surrogatepass")).hexdigest()
            if key not in drawn:
                data = io.BytesIO()
                page.render(scale=SCALE).to_pil().save(data, format="PNG", compress_level=1)
                drawn[key] = data.getvalue()
                while len(drawn) > KEEP_PAGES:
                    drawn.popitem(last=False)
            drawn.move_to_end(key)
            out.append(drawn[key])
            texts.append(text)
    finally:
        document.close()
    return out, texts


def block_pages(blocks: list[Any], texts: list[str]) -> list[int | None]:
    """The page (0-based) each block starts on, found by its first words in the pages' text; a
    block whose words are not found (a picture, a table) is on the page of the block before it."""
    pages = [_letters(t) for t in texts]
    found: list[int | None] = []
    start = 0
    for block in blocks:
        words = _letters(_first_text(block))[:40]
        at = next((i for i in range(start, len(pages)) if words and words in pages[i]), None)
        if at is None:
            at = found[-1] if found else (0 if pages else None)
        else:
            start = at
        found.append(at)
    return found


def _first_text(value: Any) -> str:
    """The first words a block shows: its first text, depth first (style names aside)."""
    if isinstance(value, str):
        return value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if key not in ("style", "only", "id", "src", "url", "notes", "level"):
            if text := _first_text(item):
                return text
    return ""


def _letters(text: str) -> str:
    """Only letters and digits, lower case: a page's text and a block's markup then compare
    whatever the line breaks, hyphens, markup and bullets between them."""
    return "".join(c for c in text.lower() if c.isalnum())


def _contents(page: Any) -> list[Any]:
    """A page's content streams: none, one, or an array of them."""
    import pikepdf

    contents = page.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]
