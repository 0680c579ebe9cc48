"""A brand that names a PowerPoint template gets its slide layouts, with the template's own slides removed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from helpers import CONTENT, pptx_slides
from pptx import Presentation
from pptx.util import Inches

from leaflets.brand.brand import load_brand
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.renderers import FORMATS


def make_template(folder: Path, suffix: str) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.slide_layouts[1].name = "Org content"
    leftover = prs.slides.add_slide(prs.slide_layouts[0])
    leftover.shapes.title.text = "Old slide from the template"
    path = folder / f"org{suffix}"
    prs.save(folder / "org.pptx")
    if suffix == ".potx":
        with zipfile.ZipFile(folder / "org.pptx") as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    data = data.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
                dst.writestr(item, data)
    return path


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_template_layouts_are_used_and_its_slides_removed(tmp_path, suffix):
    brand_dir = tmp_path / "org"
    brand_dir.mkdir()
    template = make_template(brand_dir, suffix)
    (brand_dir / "leaflets.yml").write_text(f"extends: northfield\ndeck:\n  template: {template.name}\n")
    brand = load_brand(str(brand_dir))
    assert brand.deck_template == template.resolve()
    doc = compose(load_topic(CONTENT / "palliative-care.yaml"), brand, "deck")
    out = io.BytesIO()
    FORMATS["pptx"].load()(doc, brand, out)
    slides = pptx_slides(out.getvalue())
    assert all(s["title"] != "Old slide from the template" for s in slides)
    layouts = [s["slide"].slide_layout.name for s in slides]
    assert layouts[0] == "Title Slide"
    assert "Org content" in layouts


def test_missing_template_is_a_brand_error(tmp_path):
    from leaflets.errors import BrandError

    brand_dir = tmp_path / "org"
    brand_dir.mkdir()
    (brand_dir / "leaflets.yml").write_text("deck:\n  template: nothere.pptx\n")
    with pytest.raises(BrandError, match="leaflets.yml:2: deck.template: 'nothere.pptx' is not a .pptx or .potx file"):
        load_brand(str(brand_dir))


def _deck_layouts(brand) -> list[str]:
    doc = compose(load_topic(CONTENT / "palliative-care.yaml"), brand, "deck")
    out = io.BytesIO()
    FORMATS["pptx"].load()(doc, brand, out)
    return [s["slide"].slide_layout.name for s in pptx_slides(out.getvalue())]


def test_an_edited_template_is_prepared_again_and_the_cache_keeps_one_version(tmp_path, monkeypatch):
    import os

    from leaflets.renderers.pptx import layouts

    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    brand_dir = tmp_path / "org"
    brand_dir.mkdir()
    template = make_template(brand_dir, ".pptx")
    (brand_dir / "leaflets.yml").write_text(f"extends: northfield\ndeck:\n  template: {template.name}\n")
    brand = load_brand(str(brand_dir))
    assert "Org content" in _deck_layouts(brand)
    prs = Presentation(str(template))
    prs.slide_layouts[1].name = "Org content, edited"
    prs.save(str(template))
    os.utime(template, ns=(template.stat().st_atime_ns, template.stat().st_mtime_ns + 10**9))
    assert "Org content, edited" in _deck_layouts(brand)
    assert len(list((cache / "leaflets").glob("deck-*.pptx"))) == 1
    assert len(list((cache / "leaflets").glob("deck-*.json"))) == 1
    assert [k for k in layouts._PREPARED if k[0] == template.resolve()] == [layouts._version(template.resolve())]  # noqa: SLF001


def test_a_damaged_cache_entry_is_made_again(tmp_path, monkeypatch):
    from leaflets.renderers.pptx import layouts

    cache = tmp_path / "cache" / "leaflets"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(layouts, "_PREPARED", {})  # as a new process finds it
    brand = load_brand("northfield")
    before = _deck_layouts(brand)
    layouts._PREPARED.clear()  # noqa: SLF001
    (entry,) = cache.glob("deck-*.pptx")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # cut short on disk
    for found in cache.glob("brand-*.json"):
        found.write_text('{"color": ')
    assert _deck_layouts(load_brand("northfield")) == before
