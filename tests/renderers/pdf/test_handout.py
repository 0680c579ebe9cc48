"""Handouts: every word of every slide and of its speaker notes is in the handout's text, read back
from the PDF; A4 for most brands, and as many pages as the slides need."""

from __future__ import annotations

import pytest
from helpers import CONTENT, build_bytes, pdf_pages, pptx_slides, squash


@pytest.mark.parametrize("topic", ["bone-metastasis", "brain-metastasis"])
def test_the_handout_has_every_word_of_every_slide_and_note(topic):
    path = CONTENT / f"{topic}.yaml"
    slides = pptx_slides(build_bytes(path, "pptx", "default"))
    pages = pdf_pages(build_bytes(path, "handout", "default"))
    text = squash("".join(pages).replace("\ufffe", "-"))  # pdfium reads a hyphen that ends a line so
    missing = []
    for s in slides:
        for shape in s["slide"].shapes:
            if shape.has_text_frame:
                missing += [
                    p.text for p in shape.text_frame.paragraphs if p.text.strip("! ") and squash(p.text) not in text
                ]
        missing += [note for note in s["notes"].split("\n\n") if squash(note) not in text]
    assert missing == []


def test_the_lined_handout_puts_three_slides_on_a_page():
    path = CONTENT / "palliative-care.yaml"
    slides = pptx_slides(build_bytes(path, "pptx", "default"))
    pages = pdf_pages(build_bytes(path, "handout-lines", "default"))
    text = squash("".join(pages))
    assert all(squash(s["title"]) in text for s in slides)
    assert len(pages) <= -(-len(slides) // 3) + 2  # three a page, after the title band, and an even count


@pytest.mark.parametrize("topic", ["palliative-care", "ar/palliative-care"])
def test_each_line_of_the_notes_is_its_own_line(topic):
    """The sources slide's notes list one source a line, as the deck's notes page shows them: the
    handout starts each on its own line, in English and in Arabic (where a line break inside a
    paragraph was once drawn as a glyph the font lacked)."""
    pages = pdf_pages(build_bytes(CONTENT / f"{topic}.yaml", "handout", "default"))
    lines = [line.strip() for page in pages for line in page.splitlines()]
    # the slide itself says "2. Hospice care, Compassion in Dying"; its notes, "2. Hospice care: <address>"
    assert any(line.startswith("2. Hospice care:") for line in lines)
