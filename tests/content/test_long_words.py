"""A single word of any length costs about n log n to shape and break, never n squared; a topic
file is held to words a reader could meet (``MAX_WORD``), so the drawing engine is driven here
past the edge's limit, as a bug or a later limit might drive it."""

from __future__ import annotations

import time

import pytest
from helpers import pdf_pages, render, squash
from msgspec.structs import replace

from leaflets.brand.brand import load_brand
from leaflets.content.inline import Run
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.errors import ContentError


def test_an_arabic_word_of_100000_letters_draws_in_seconds_and_reads_back_whole(write_topic):
    word = "بسم" * 33_334
    with pytest.raises(ContentError) as info:  # a topic file may not hold it: no word is that long
        load_topic(write_topic(f"title: T\nlanguage: ar\nblocks:\n  - text: {word}\n"))
    assert "has 100,002 characters with no space" in str(info.value.diagnostics[0])
    brand = load_brand("default")
    doc = compose(load_topic(write_topic("title: T\nlanguage: ar\nblocks:\n  - text: بسم\n")), brand, "leaflet")
    paragraph = doc.sections[0].nodes[0]
    long = replace(doc, sections=(replace(doc.sections[0], nodes=(replace(paragraph, text=(Run(word),)),)),))
    started = time.monotonic()
    pages = pdf_pages(render(long, "pdf", brand))
    took = time.monotonic() - started
    assert took < 60, f"{took:.1f} s"  # about 3 s here; it was over a minute
    assert len(pages) > 10
    text = squash("".join(pages))  # pdfium gives Arabic in visual order: count the letters
    assert all(text.count(letter) >= 33_334 for letter in "بسم")
