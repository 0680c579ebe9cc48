"""Shared helpers: write topic files, build them, and read the results back as a reader would."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder with content/, as the current folder."""
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def library(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the shipped library to build in, as the current folder: builds write there."""
    import shutil

    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write_topic(tmp_path: Path):
    """Write a topic file from an indented YAML string and return its path."""

    def write(text: str, name: str = "topic.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


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
    from leaflets.brand import load_brand
    from leaflets.compose import compose
    from leaflets.model import load_topic
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
