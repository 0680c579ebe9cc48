"""A PowerPoint template made from a brand, for an organisation to refine and name as its deck
template (``deck: {template: ...}`` in leaflets.yml).

It is the built-in design put where PowerPoint keeps a design: the theme carries the brand's
colours and Arial; the slide master carries the brand rule under the title, the logo small in
the corner and the footer; the title and section layouts are the brand colour, without the
master's marks. A deck built on it looks as the built-in design does, and every slide a
presenter adds in PowerPoint gets the same design.
"""

from __future__ import annotations

import io
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.shapes.picture import CT_Picture
from pptx.util import Inches

from leaflets.brand.brand import Brand
from leaflets.brand.color import WHITE, readable_on, to_hex
from leaflets.brand.fonts import DECK_FAMILY
from leaflets.brand.logo import band_logo, small_logo
from leaflets.renderers.pptx.deck import INSET, LOGO_H, RULE
from leaflets.renderers.pptx.layouts import open_presentation

POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"


def brand_template(brand: Brand, potx: bool = False) -> bytes:
    """The brand's template as the bytes of a .pptx (or, with ``potx``, a .potx)."""
    prs, plan, _ = open_presentation(None)
    _theme(prs.slide_master, brand)
    master = prs.slide_master
    title = plan.roles["content"].title
    _add_shape(master, title[0] + INSET, title[1] + title[3], *RULE, readable_on(brand.background, brand.primary))
    logo = small_logo(brand)
    if logo is not None:
        _add_logo(master, logo, prs.slide_width - Inches(0.6), prs.slide_height - LOGO_H - Inches(0.2), LOGO_H)
    for role in ("title", "section"):
        layout = prs.slide_layouts[plan.roles[role].layout]
        layout._element.set("showMasterSp", "0")  # noqa: SLF001 - python-pptx has no API for it
        fill = layout.background.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(brand.primary)
        _recolour_title(layout, readable_on(brand.primary, WHITE))
    title_logo = band_logo(brand, "the title slide")
    if title_logo is not None and not title_logo.plate:
        cover = prs.slide_layouts[plan.roles["title"].layout]
        _add_logo(cover, title_logo.path, prs.slide_width - Inches(0.6), Inches(0.5), Inches(1.0))
    if potx:
        prs.part._content_type = POTX  # noqa: SLF001 - python-pptx writes presentations only
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _rgb(color: tuple[int, int, int]) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(*color)


def _theme(master: Any, brand: Brand) -> None:
    """The brand's colours as the theme's, and Arial as its heading and body font."""
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", brand.name[:64])
    colours = {
        "dk1": brand.foreground,
        "lt1": brand.background,
        "dk2": brand.primary,
        "accent1": brand.primary,
        "accent2": brand.secondary,
        "hlink": readable_on(brand.background, brand.primary),
    }
    for slot, colour in colours.items():
        holder = scheme.find(qn(f"a:{slot}"))
        for old in list(holder):
            holder.remove(old)
        etree.SubElement(holder, qn("a:srgbClr"), val=to_hex(colour)[1:])
    for kind in ("a:majorFont", "a:minorFont"):
        latin = theme.find(f".//{qn(kind)}/{qn('a:latin')}")
        latin.set("typeface", DECK_FAMILY)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


def _add_shape(owner: Any, left: int, top: int, width: int, height: int, colour: tuple[int, int, int]) -> Any:
    """A filled rectangle on a master or layout (python-pptx adds shapes to slides only)."""
    from pptx.oxml.shapes.autoshape import CT_Shape

    tree = owner.shapes._spTree  # noqa: SLF001
    sp = CT_Shape.new_autoshape_sp(_next_id(tree), "Brand rule", "rect", left, top, width, height)
    tree.append(sp)
    shape = owner.shapes[-1]
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    return shape


def _add_logo(owner: Any, path: Any, right: int, top: int, height: int) -> None:
    """The logo at ``height``, its right edge at ``right``, on a master or layout."""
    from PIL import Image

    with Image.open(path) as image:
        width = int(height * image.width / image.height)
    _, rid = owner.part.get_or_add_image_part(str(path))
    tree = owner.shapes._spTree  # noqa: SLF001
    pic = CT_Picture.new_pic(_next_id(tree), "Logo", "", rid, right - width, top, width, height)
    tree.append(pic)


def _recolour_title(layout: Any, colour: tuple[int, int, int]) -> None:
    """The layout's title in a colour that reads on the brand colour."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    for ph in layout.placeholders:
        if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            body = ph.text_frame._txBody  # noqa: SLF001 - list styles have no python-pptx API
            lst = body.find(qn("a:lstStyle"))
            if lst is None:
                lst = etree.Element(qn("a:lstStyle"))
                body.insert(1, lst)
            level = etree.SubElement(lst, qn("a:lvl1pPr"))
            fill = etree.SubElement(etree.SubElement(level, qn("a:defRPr")), qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=to_hex(colour)[1:])


def _next_id(tree: Any) -> int:
    return max((int(el.get("id")) for el in tree.iter(qn("p:cNvPr"))), default=1) + 1
