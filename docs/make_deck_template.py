"""Make the example organisation template, templates/brands/northfield/deck.pptx.

It stands in for the .pptx or .potx that a charity's design team would supply: 16:9, its
own layout names, theme colours and fonts, and a logo and colour band on the slide master.
Run from the repository root: ``python docs/make_deck_template.py``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.shapes.autoshape import Shape
from pptx.util import Inches

from leaflets.renderers.pptx.layouts import SLIDE_H, SLIDE_W, _reshape_default

BRAND = Path(__file__).resolve().parent.parent / "templates" / "brands" / "northfield"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
NAMES = {
    "Title Slide": "Northfield cover",
    "Title and Content": "Northfield text",
    "Section Header": "Northfield chapter",
    "Title Only": "Northfield heading only",
    "Blank": "Northfield blank",
}


def main() -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _reshape_default(prs)
    master = prs.slide_master
    theme_part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    for slot, value in (("dk2", "1B1B1F"), ("accent1", "5B2A86"), ("accent2", "0F6E73")):
        node = theme.find(f".//{A}clrScheme/{A}{slot}")
        for child in list(node):
            node.remove(child)
        etree.SubElement(node, f"{A}srgbClr", val=value)
    for kind in ("majorFont", "minorFont"):
        theme.find(f".//{A}fontScheme/{A}{kind}/{A}latin").set("typeface", "Arial")
    theme.find(f".//{A}clrScheme").set("name", "Northfield")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001
    # python-pptx adds shapes to slides only; the master takes the same XML directly
    tree = master.shapes._spTree  # noqa: SLF001
    band = Shape(tree.add_autoshape(900, "Brand band", "rect", 0, 0, SLIDE_W, Inches(0.18)), master.shapes)
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor(0x5B, 0x2A, 0x86)
    band.line.fill.background()
    _image_part, rid = master.part.get_or_add_image_part(str(BRAND / "logo-on-white.png"))
    height = Inches(0.45)
    width = height * 3
    tree.add_pic(901, "Logo", "Northfield Cancer Support logo", rid, SLIDE_W - width - Inches(0.3),
                 SLIDE_H - height - Inches(0.2), width, height)  # fmt: skip
    for layout in prs.slide_layouts:
        layout.name = NAMES.get(layout.name, layout.name)
        for placeholder in layout.placeholders:  # leave the logo's corner free
            if placeholder.top < SLIDE_H - Inches(1.5) < SLIDE_H - Inches(0.75) < placeholder.top + placeholder.height:
                placeholder.height = SLIDE_H - Inches(0.75) - placeholder.top
    prs.save(BRAND / "deck.pptx")


if __name__ == "__main__":
    main()
