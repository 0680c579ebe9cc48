"""What is read from a font file (the characters it maps, whether it is variable) is read once
and kept in the per-user cache by the file's contents: a damaged entry is read again, never
trusted. Fonts an earlier version of the tool cut are removed as new ones are made."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from leaflets.brand.fonts import (
    FONT_CACHE_FORMAT,
    OTHER_FORMAT_GRACE,
    default_family,
    embeddable,
    font_fact,
    script_fonts,
)
from leaflets.renderers.pdf.text import _coverage
from leaflets.renderers.web.fonts import _cmap, _variable
from leaflets.resources import cache_dir


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test a cache of its own: these tests damage entries that the rest of the run would
    otherwise read (a font whose characters were made to read as "B" alone)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for remembered in (_coverage, _cmap, _variable):
        remembered.cache_clear()
    yield
    for remembered in (_coverage, _cmap, _variable):
        remembered.cache_clear()


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
    pdf, web = _coverage(path), _cmap(path, 0)
    assert ord("a") in pdf and ord("a") in web and 0xFFFF in pdf - web
    _kept("reportlab-*-chars").write_bytes(b"[65]")  # what is kept is what is used
    _kept("fonttools-*-chars").write_bytes(b"[66]")
    _coverage.cache_clear()
    _cmap.cache_clear()
    assert _coverage(path) == {65} and _cmap(path, 0) == {66}


def test_a_variable_font_is_told_from_a_static_one():
    variable = next(f.regular for f in script_fonts() if f.name == "LeafletsArabic")  # Noto Sans Arabic[wdth,wght]
    assert _variable(variable) is True
    assert _variable(default_family().regular) is False


def test_fonts_cut_another_way_are_removed_as_new_ones_are_made(tmp_path):
    """An earlier version of the tool cut and named its cached fonts another way; nothing reads
    those again, so making a font removes them (one made within the hour is left: an older copy
    of the tool may be building at the same moment)."""
    folder = cache_dir() / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = folder / "Atkinson-Regular-496268-1796000323421709426-1.ttf", folder / "Arimo-Bold-2.ttf"
    for path in (old, recent):
        path.write_bytes(b"a font cut another way")
    long_ago = time.time() - 2 * OTHER_FORMAT_GRACE
    os.utime(old, (long_ago, long_ago))
    source = tmp_path / "Copy-Regular.ttf"  # a font not cut yet
    shutil.copy(default_family().regular, source)
    made = embeddable(source)
    assert made.parent == folder and made.name.endswith(f"-{FONT_CACHE_FORMAT}.ttf")
    assert not old.exists() and recent.exists()
