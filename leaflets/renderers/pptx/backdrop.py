"""What a template draws behind the text of a layout: its background colour, when it is one
solid colour we can name, and whether pictures or shapes of the layout or its master lie under
a text box. Text colours are chosen for 4.5:1 against a known colour; over anything else the
deck gives the text a solid panel, because contrast on a picture or gradient cannot be promised.
"""

from __future__ import annotations

from typing import Any

from pptx.oxml.ns import qn

from leaflets.brand.color import RGB

#: The elements that draw on a slide: shapes, pictures, groups, tables and charts, connectors.
_DRAWN = frozenset(qn(tag) for tag in ("p:sp", "p:pic", "p:grpSp", "p:graphicFrame", "p:cxnSp"))


def background(layout: Any) -> RGB | None:
    """The layout's background (its own, else its master's) as RGB, or None when it is a
    picture, gradient or pattern, or a colour changed by modifiers we do not compute."""
    master = layout.slide_master
    for owner in (layout, master):
        bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")  # noqa: SLF001 - no python-pptx API
        if bg is None:
            continue
        props, ref = bg.find(qn("p:bgPr")), bg.find(qn("p:bgRef"))
        if props is not None:
            solid = props.find(qn("a:solidFill"))
            return _color(solid[0], master) if solid is not None and len(solid) else None
        if ref is not None and len(ref) and _theme_fill_is_solid(master, int(ref.get("idx", "0"))):
            return _color(ref[0], master)
        return None
    return (255, 255, 255)  # no background anywhere: PowerPoint shows white


def decorated(layout: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether a picture or shape (not a placeholder) of the layout, or of its master when the
    layout shows the master's, lies under ``box``."""
    owners = [layout]
    if layout._element.get("showMasterSp") != "0":  # noqa: SLF001
        owners.append(layout.slide_master)
    for owner in owners:
        tree = owner._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")  # noqa: SLF001
        for shape in tree if tree is not None else ():
            if shape.tag not in _DRAWN or shape.find(f".//{qn('p:ph')}") is not None:
                continue
            where = _box_of(shape)
            if where is None or overlap(where, box):
                return True
    return False


def _box_of(shape: Any) -> tuple[int, int, int, int] | None:
    xfrm = next(shape.iter(qn("a:xfrm"), qn("p:xfrm")), None)
    off = xfrm.find(qn("a:off")) if xfrm is not None else None
    ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
    if off is None or ext is None:
        return None
    try:
        return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))
    except (TypeError, ValueError):
        return None


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two boxes (left, top, width, height) share any area."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _theme(master: Any) -> Any:
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from leaflets.files.containers import XML_PARSER

    return etree.fromstring(master.part.part_related_by(RT.THEME).blob, XML_PARSER)


def _theme_fill_is_solid(master: Any, idx: int) -> bool:
    """bgRef 1001, 1002... name the theme's background fill styles; only a solid one is a colour."""
    styles = _theme(master).find(".//{*}fmtScheme/{*}bgFillStyleLst")
    if styles is None or not 1001 <= idx < 1001 + len(styles):
        return False
    return styles[idx - 1001].tag == qn("a:solidFill")


def _color(node: Any, master: Any) -> RGB | None:
    """An RGB from srgbClr, sysClr or schemeClr (through the master's colour map and the theme);
    None for colours with modifiers (tints, shades) or anything else."""
    if len(node):
        return None
    if node.tag == qn("a:srgbClr"):
        return _hex(node.get("val"))
    if node.tag == qn("a:sysClr"):
        return _hex(node.get("lastClr"))
    if node.tag == qn("a:schemeClr"):
        name = node.get("val", "")
        mapping = master._element.find(qn("p:clrMap"))  # noqa: SLF001
        name = mapping.get(name, name) if mapping is not None else name
        scheme = _theme(master).find(".//{*}themeElements/{*}clrScheme")
        slot = scheme.find(f"{{*}}{name}") if scheme is not None else None
        return _color(slot[0], master) if slot is not None and len(slot) else None
    return None


def _hex(value: str | None) -> RGB | None:
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)) if value and len(value) == 6 else None
    except ValueError:
        return None
