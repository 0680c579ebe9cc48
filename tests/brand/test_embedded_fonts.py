"""What the PDF's fonts are cut down to as they are written, and that a hostile font cannot make
the cutting costly."""

from __future__ import annotations

import io
import time

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

from leaflets.brand.fonts import lean_subset


def _square() -> Glyph:
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 500))
    pen.lineTo((500, 0))
    pen.closePath()
    return pen.glyph()


def _composite(*parts: str) -> Glyph:
    glyph = Glyph()
    glyph.numberOfContours = -1
    glyph.components = []
    for index, part in enumerate(parts):
        component = GlyphComponent()
        component.glyphName, component.x, component.y, component.flags = part, index * 10, 0, 0x4
        glyph.components.append(component)
    return glyph


def _font(glyphs: dict[str, Glyph], drawn: dict[int, str]) -> bytes:
    builder = FontBuilder(2048, isTTF=True)
    order = [".notdef", *glyphs]
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(drawn)
    builder.setupGlyf({".notdef": _square(), **glyphs})
    builder.setupHorizontalMetrics({name: (600, 0) for name in order})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular", "copyright": "x" * 2000})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_a_subset_keeps_only_shown_names_and_draws_each_composite_as_one_outline():
    data = _font({"part": _square(), "accented": _composite("part", "part")}, {ord("A"): "accented"})
    font = TTFont(io.BytesIO(lean_subset(data)))
    assert {record.nameID for record in font["name"].names} <= {1, 2, 4, 6}
    assert font.getGlyphOrder() == [".notdef", "accented"]  # the part no code draws is gone
    assert not font["glyf"]["accented"].isComposite()
    assert font["glyf"]["accented"].numberOfContours == 2
    assert font["head"].unitsPerEm == 1024


def test_parts_nested_to_double_at_every_level_are_left_as_they_are_in_no_time():
    """Seven levels, each made of two of the level below: 128 squares drawn out, over the limit
    of parts; a font with thirty levels would be a billion."""
    glyphs = {"level0": _square()}
    for level in range(1, 8):
        glyphs[f"level{level}"] = _composite(f"level{level - 1}", f"level{level - 1}")
    data = _font(glyphs, {ord("A"): "level7"})
    started = time.monotonic()
    font = TTFont(io.BytesIO(lean_subset(data)))
    assert time.monotonic() - started < 5
    assert font["glyf"]["level7"].isComposite()  # not drawn out
    assert len(font.getGlyphOrder()) == 9  # its parts stay
    assert font["head"].unitsPerEm == 1024  # the rest of the cutting is done


def test_a_damaged_subset_is_embedded_as_it_came():
    assert lean_subset(b"\x00\x01\x00\x00 not a font") == b"\x00\x01\x00\x00 not a font"


def test_a_part_scaled_with_its_offset_is_drawn_out_where_a_rasteriser_puts_it():
    """Apple's convention scales a part's offset with it (flag 0x800): half size at (400, 400)
    puts the square at 200 to 450, not at 400 to 650."""
    small = _composite("part")
    small.components[0].x = small.components[0].y = 400
    small.components[0].transform = [[0.5, 0], [0, 0.5]]
    small.components[0].flags = 0x4 | 0x800
    data = _font({"part": _square(), "small": small}, {ord("A"): "small"})
    before = TTFont(io.BytesIO(data))
    placed = sorted(set(map(tuple, before["glyf"]["small"].getCoordinates(before["glyf"])[0])))
    cut = TTFont(io.BytesIO(lean_subset(data)))
    assert not cut["glyf"]["small"].isComposite()
    drawn = cut["glyf"]["small"].getCoordinates(cut["glyf"])[0]
    assert sorted({(x * 2, y * 2) for x, y in drawn}) == placed  # 1,024 units per em, not 2,048
    assert cut["maxp"].maxPoints == 4 and cut["maxp"].maxContours == 1
