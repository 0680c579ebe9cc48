"""Helpers the tests share: build a topic in memory, and read outputs back as a reader would."""

from __future__ import annotations

import io
import random
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from leaflets.content.inline import plain
from leaflets.document.nodes import (
    Callout,
    ContactList,
    Document,
    Figure,
    Heading,
    ListNode,
    Paragraph,
    QRCode,
    Quote,
)
from leaflets.renderers import FORMATS

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def pdf_pages(data: bytes) -> list[str]:
    """Text of each page, as pdfium extracts it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(io.BytesIO(data))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def pptx_slides(data: bytes) -> list[dict]:
    """Title, all text (in text boxes and in table cells, row by row), and notes of each slide,
    read back with python-pptx."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    out = []
    for slide in prs.slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts += [
            cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells
        ]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else None
        out.append({"title": title, "text": "\n".join(texts), "notes": notes, "slide": slide})
    return out


def help_slides(slides: list[dict]) -> list[dict]:
    """A talk's "When to get help" slides: those after its divider, up to the closing slides."""
    start = next(i for i, s in enumerate(slides) if s["title"] == "When to get help")
    end = next(i for i, s in enumerate(slides) if s["title"] in ("Find out more", "Who to contact"))
    return slides[start + 1 : end]


def squash(text: str) -> str:
    """Text without any whitespace: line breaks and wrapped URLs cannot cause false failures."""
    return re.sub(r"\s+", "", text)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def build_bytes(topic: Path, fmt: str, brand: str = "default", **options) -> bytes:
    """Build one topic in memory through the same pipeline as the CLI."""
    return build_all(topic, fmt, brand, **options)[0]


def build_all(topic: Path, fmt: str = "pdf", brand: str = "default", **options) -> tuple[bytes, dict[str, bytes]]:
    """Build one topic in memory with ``options`` (layout, tagged...); the file and any extra files."""
    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.renderers import FORMATS, Options

    b = load_brand(brand)
    spec = FORMATS[fmt]
    doc = compose(load_topic(topic), b, spec.target)
    out = io.BytesIO()
    rendered = spec.load()(doc, b, out, Options(**options))
    return out.getvalue(), rendered.extra


def html_text(data: bytes) -> str:
    """The text a web page shows, as its parser reads it: tags dropped, entities decoded, no
    styles or scripts."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.hidden += tag in ("style", "script", "title")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("style", "script", "title")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(data.decode("utf-8"))
    return " ".join(parser.parts)


GOVERNED = """\
title: {title}
code: {code}
version: "1"
owner: Information team
next_review: 2028-11-01
sources:
  - {{title: A source, publisher: Someone, url: "https://www.nhs.uk"}}
blocks:
{blocks}
"""


def expected_texts(doc: Document) -> list[str]:
    """Every piece of content text the document holds."""
    out: list[str] = [doc.meta.title]
    for section in doc.sections:
        nodes = ([section.heading] if section.heading else []) + list(section.nodes)
        for node in nodes:
            if isinstance(node, (Heading, Paragraph)):
                out.append(plain(node.text))
            elif isinstance(node, ListNode):
                out += [plain(item) for item in node.items]
            elif isinstance(node, Callout):
                if node.title:
                    out.append(plain(node.title))
                for child in node.body:
                    out += [plain(i) for i in child.items] if isinstance(child, ListNode) else [plain(child.text)]
            elif isinstance(node, ContactList):
                for c in node.entries:
                    out += [plain(x) for x in (c.label, c.phone, c.hours) if x]
            elif isinstance(node, Quote):
                out += [plain(node.text)] + ([plain(node.by)] if node.by else [])
            elif isinstance(node, (Figure, QRCode)) and node.caption:
                out.append(plain(node.caption))
    for src in doc.sources:
        out.append(src.title)
    for c in doc.contacts:
        out += [plain(x) for x in (c.label, c.phone, c.hours) if x]
    return out


def render(doc: Document, fmt: str, brand) -> bytes:
    out = io.BytesIO()
    FORMATS[fmt].load()(doc, brand, out)
    return out.getvalue()


def font_sizes(data: bytes) -> list[float]:
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    sizes = []
    for i in range(len(pdf)):
        text = pdf[i].get_textpage()
        for j in range(text.count_chars()):
            if text.get_text_range(j, 1).strip():
                sizes.append(pdfium_c.FPDFText_GetFontSize(text.raw, j))
    return sizes


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def styled(rng: random.Random, text: str, href: str = "https://example.org/x") -> str:
    """``text`` (markup-escaped) as ``PdfFonts.markup`` may write it: as it is, or in bold,
    italics, a link, or another font at another size."""
    kind = rng.random()
    if kind < 0.15:
        return f"<b>{text}</b>"
    if kind < 0.25:
        return f"<i>{text}</i>"
    if kind < 0.4:
        return f'<a href="{href}" color="#1f5fa0"><u>{text}</u></a>'
    if kind < 0.5:
        return f'<font face="Helvetica-Bold" size="{rng.choice([13, 16, 20])}">{text}</font>'
    return text
