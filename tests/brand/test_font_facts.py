"""What is read from a font file (the characters it maps, whether it is variable) is read once
and kept in the per-user cache by the file's contents: a damaged entry is read again, never
trusted."""

from __future__ import annotations

import pytest

from leaflets.brand.fonts import default_family, font_fact, script_fonts
from leaflets.renderers.pdf.text import _coverage
from leaflets.renderers.web.fonts import _cmap, _variable
from leaflets.resources import cache_dir


def _kept(fact: str):
    (found,) = (cache_dir() / "font-facts").glob(f"{fact}-*.json")
    return found


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


DAMAGE = {
    "not json": b"{not json",
    "not a list": b'{"a": 1}',
    "a string": b'[1, "2"]',
    "a boolean": b"[true]",
    "negative": b"[-1]",
    "past Unicode": b"[1114112]",
    "nested deep": b"[" * 100_000,
    "too large": b"[" + b"0," * 2_000_001 + b"0]",
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_fact_is_read_again(damage):
    path = default_family().regular
    font_fact(path, 0, "test-damaged", lambda: [7])
    _kept("test-damaged").write_bytes(damage)
    assert font_fact(path, 0, "test-damaged", lambda: [7]) == [7]
    assert _kept("test-damaged").read_bytes() == b"[7]"  # and kept right for next time


def test_each_reader_keeps_its_own_characters():
    """reportlab and fontTools read a character map a little differently (reportlab also
    lists U+FFFF for Atkinson); the PDF asks one and the web pages the other."""
    path = default_family().regular
    _coverage.cache_clear()
    _cmap.cache_clear()
    pdf, web = _coverage(path), _cmap(path, 0)
    assert ord("a") in pdf and ord("a") in web and 0xFFFF in pdf - web
    _kept("reportlab-*-chars").write_bytes(b"[65]")  # what is kept is what is used
    _kept("fonttools-*-chars").write_bytes(b"[66]")
    _coverage.cache_clear()
    _cmap.cache_clear()
    assert _coverage(path) == {65} and _cmap(path, 0) == {66}
    _coverage.cache_clear()
    _cmap.cache_clear()


def test_a_variable_font_is_told_from_a_static_one():
    variable = next(f.regular for f in script_fonts() if f.name == "LeafletsArabic")  # Noto Sans Arabic[wdth,wght]
    assert _variable(variable) is True
    assert _variable(default_family().regular) is False
