"""What is read from a font file (the characters it maps, its axes) is read once and kept in
the per-user cache by the file's contents: a damaged entry is read again, never trusted."""

from __future__ import annotations

import hashlib

from leaflets.brand.fonts import default_family, font_fact
from leaflets.renderers.pdf.text import _coverage
from leaflets.renderers.web.fonts import _cmap
from leaflets.resources import cache_dir


def test_a_fact_is_read_once_then_kept():
    path = default_family().regular
    reads = []

    def read():
        reads.append(1)
        return [3, 1, 2]

    assert font_fact(path, 0, "test-numbers", read) == [1, 2, 3]
    assert font_fact(path, 0, "test-numbers", read) == [1, 2, 3]
    assert len(reads) == 1
    assert font_fact(path, 1, "test-numbers", read) == [1, 2, 3]  # another font in the file
    assert len(reads) == 2


def test_a_damaged_fact_is_read_again():
    path = default_family().regular
    font_fact(path, 0, "test-damaged", lambda: [7])
    (kept,) = (cache_dir() / "fonts").glob("test-damaged-*.json")
    for damage in (b"{not json", b'{"a": 1}', b'[1, "2"]', b"[true]"):
        kept.write_bytes(damage)
        assert font_fact(path, 0, "test-damaged", lambda: [7]) == [7]


def test_each_reader_keeps_its_own_characters():
    """reportlab and fontTools read a character map a little differently (reportlab also
    lists U+FFFF for Atkinson); the PDF asks one and the web pages the other."""
    path = default_family().regular
    _coverage.cache_clear()
    _cmap.cache_clear()
    pdf, web = _coverage(path), _cmap(path, 0)
    assert ord("a") in pdf and ord("a") in web
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    assert (cache_dir() / "fonts" / f"reportlab-chars-{key}-0.json").is_file()
    assert (cache_dir() / "fonts" / f"fonttools-chars-{key}-0.json").is_file()
    _coverage.cache_clear()
    _cmap.cache_clear()
    assert _coverage(path) == pdf and _cmap(path, 0) == web  # from the cache
