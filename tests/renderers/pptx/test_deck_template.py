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
