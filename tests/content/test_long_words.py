"""A single word of any length costs about n log n to shape and break, never n squared."""

from __future__ import annotations

import time

from helpers import build_bytes, pdf_pages, squash


def test_an_arabic_word_of_100000_letters_builds_in_seconds_and_reads_back_whole(write_topic):
    word = "بسم" * 33_334
    topic = write_topic(f"title: T\nlanguage: ar\nblocks:\n  - text: {word}\n")
    started = time.monotonic()
    pages = pdf_pages(build_bytes(topic, "pdf"))
    took = time.monotonic() - started
    assert took < 60, f"{took:.1f} s"  # about 3 s here; it was over a minute
    assert len(pages) > 10
    text = squash("".join(pages))  # pdfium gives Arabic in visual order: count the letters
    assert all(text.count(letter) >= 33_334 for letter in "بسم")
