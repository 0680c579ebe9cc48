"""The per-user cache: whole files only, and a bounded number of entries of each kind."""

from __future__ import annotations

import os

from leaflets.resources import cache_dir, keep_in_cache, mark_used, prune_cache


def test_entries_beyond_the_newest_are_removed_and_other_kinds_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for n in range(5):
        keep_in_cache(cache_dir() / f"brand-{n}.json", b"{}")
        os.utime(cache_dir() / f"brand-{n}.json", ns=(n * 10**9, n * 10**9))
    keep_in_cache(cache_dir() / "deck-a-b.pptx", b"PK")
    prune_cache("brand-*.json", 2)
    assert sorted(p.name for p in cache_dir().iterdir()) == ["brand-3.json", "brand-4.json", "deck-a-b.pptx"]


def test_an_entry_read_again_is_kept_before_newer_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for n in range(3):
        keep_in_cache(cache_dir() / f"deck-{n}-{n}.pptx", b"PK")
        os.utime(cache_dir() / f"deck-{n}-{n}.pptx", ns=(n * 10**9, n * 10**9))
    mark_used(cache_dir() / "deck-0-0.pptx")  # the default template, read by every build
    prune_cache("deck-*", 1)
    assert [p.name for p in cache_dir().iterdir()] == ["deck-0-0.pptx"]


def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path, monkeypatch):
    (tmp_path / "leaflets").write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    keep_in_cache(cache_dir() / "brand-1.json", b"{}")  # no error
    prune_cache("brand-*.json", 0)


def test_entries_that_cannot_be_removed_are_kept_without_an_error(tmp_path, monkeypatch):
    from pathlib import Path

    from leaflets.renderers.pptx import layouts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for n in range(3):
        keep_in_cache(cache_dir() / f"deck-{n}-{n}.pptx", b"PK")

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "read-only cache", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    prune_cache("deck-*", 0)
    monkeypatch.setattr(layouts, "_PREPARED", {})
    assert layouts.open_presentation(None).prs.slide_width > 0
    assert len(list(cache_dir().glob("deck-*.pptx"))) == 4  # the three, and the default template's


def test_a_font_cut_for_embedding_is_the_same_bytes_whenever_it_is_cut(tmp_path, monkeypatch):
    """PDFs embed the cut font; fontTools would stamp the time it was saved into it, and the
    same leaflet would then differ from one machine (or one emptied cache) to the next."""
    import time

    import fontpkg_atkinson_hyperlegible as atkinson

    from leaflets.brand.fonts import embeddable

    source = atkinson.ROOT / "files" / "AtkinsonHyperlegible-Regular.ttf"
    made = []
    for name in ("first", "second"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        made.append(embeddable(source).read_bytes())
        time.sleep(1.1)  # the font's clock counts seconds
    assert made[0] == made[1]
    assert len(made[0]) < source.stat().st_size  # it was cut (no hinting), not embedded as it is


def test_a_reinstalled_font_replaces_its_older_cut_in_the_cache(tmp_path, monkeypatch):
    import os
    import shutil

    import fontpkg_atkinson_hyperlegible as atkinson

    from leaflets.brand.fonts import embeddable

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "AtkinsonHyperlegible-Regular.ttf"
    shutil.copy(atkinson.ROOT / "files" / source.name, source)
    first = embeddable(source)
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))  # reinstalled
    second = embeddable(source)
    assert first != second
    assert sorted(p.name for p in (tmp_path / "cache" / "leaflets" / "fonts").iterdir()) == [second.name]
