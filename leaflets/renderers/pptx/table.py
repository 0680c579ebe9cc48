"""A table slide's table: a real, editable PowerPoint table with a header row, its columns as
the slide planner measured them, every cell's colours set (a template's table style could put
our ink on its own dark fill)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from leaflets.brand.color import WHITE, readable_on, tint, to_hex
from leaflets.deck.tables import CELL_SIDE, CELL_TOP, TableSlice, table_height

if TYPE_CHECKING:
    from leaflets.renderers.pptx.deck import DeckWriter


def add_table(writer: DeckWriter, slide: Any, part: TableSlice, left: int, top: int) -> int:
    """Draw ``part`` with its top-left corner at ``left``, ``top`` (EMU); return where it ends."""
    grid = ([part.header] if part.header else []) + list(part.rows)
    width = sum(Emu(Pt(w)) for w in part.widths)
    shape = slide.shapes.add_table(len(grid), len(part.widths), left, top, width, Emu(Pt(table_height(part))))
    table = shape.table
    table.first_row = part.header is not None
    table.horz_banding = False
    if writer.rtl:  # columns from the right, as the slide's text reads
        table._tbl.tblPr.set("rtl", "1")  # noqa: SLF001 - no python-pptx API
    for i, w in enumerate(part.widths):
        table.columns[i].width = Emu(Pt(w))
    head_fill = writer.brand.primary
    for r, (row, height) in enumerate(zip(grid, part.heights, strict=True)):
        table.rows[r].height = Emu(Pt(height))
        header = r == 0 and part.header is not None
        fill = head_fill if header else writer.brand.background
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(*fill)
            cell.margin_left = cell.margin_right = Emu(Pt(CELL_SIDE))
            cell.margin_top = cell.margin_bottom = Emu(Pt(CELL_TOP))
            _rules(cell, to_hex(tint(writer.ink, 0.35))[1:], above=r > 0)
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]._p  # noqa: SLF001 - the a:p element the writer writes into
            writer.direction(paragraph, "".join(run.text for run in text))
            ink = readable_on(fill, WHITE) if header else writer.ink
            writer.runs(paragraph, text, part.size, ink, bold=header)
    return top + Emu(Pt(table_height(part)))


def _rules(cell: Any, color: str, above: bool) -> None:
    """Thin rules between rows, as the printed table has, over the template's table style's own
    (often white) lines; the row above's rule is repeated as this one's top, so viewers agree."""
    tcpr = cell._tc.get_or_add_tcPr()  # noqa: SLF001
    for index, tag in enumerate(("a:lnT", "a:lnB") if above else ("a:lnB",)):
        line = etree.SubElement(tcpr, qn(tag), w=str(Emu(Pt(0.75))))
        fill = etree.SubElement(line, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=color)
        tcpr.insert(index, line)  # the schema puts borders (top, then bottom) before the cell's fill
