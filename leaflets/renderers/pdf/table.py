"""The table block in print: a tagged grid whose column widths come from its words, or, where
the columns would be too narrow to read (a tri-fold panel), each row stacked as label: value
lines. Both are real tables to a screen reader (TH with a scope, TD), and neither is clipped:
rows split across pages, the header row repeated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer

from leaflets.brand.measure import BOLD_FACTOR
from leaflets.content.inline import Inline, Run, plain
from leaflets.document.nodes import Table
from leaflets.document.table_widths import cells_by_column, content_widths
from leaflets.renderers.pdf.keep import KeepUnlessWasteful
from leaflets.renderers.pdf.tags import Elem, tag

if TYPE_CHECKING:
    from leaflets.renderers.pdf.story import LeafletBuilder

#: The narrowest a column may be, in ems of body text, before the table stacks instead.
MIN_COLUMN_EM = 7.0
#: Space between columns, in points (cells have no side padding of their own).
GUTTER = 8.0


def draw_table(b: LeafletBuilder, node: Table) -> list[Flowable]:
    """The table, its caption above and its note below."""
    grid = Elem("Table")
    # reportlab adds the first piece of a split whole: a spacer first lets the table itself split
    out: list[Flowable] = [Spacer(1, 4)]
    if node.caption:
        out.append(b.para(node.caption, "h3", node.origin, role=grid.child("Caption")))
    widths = column_widths(b, node)
    out.append(_grid(b, node, grid, widths) if widths else _stacked(b, node, grid))
    if node.note:
        out.append(b.para(node.note, "body", node.origin))
    out.append(Spacer(1, 8))
    return [KeepUnlessWasteful(out, b.page.frame_height)]


def column_widths(b: LeafletBuilder, node: Table) -> list[float] | None:
    """Widths from the words, each column at least MIN_COLUMN_EM wide; None when the columns
    do not fit side by side. The gutter is the right padding of every column but the last."""
    columns = cells_by_column(node.header, node.rows)
    size = b.page.body
    room = b.width - GUTTER * (len(columns) - 1)
    least = MIN_COLUMN_EM * size if len(columns) > 1 else 0.0
    widths = content_widths(
        columns, lambda text, bold: b.line_width(text, size) * (BOLD_FACTOR if bold else 1), room, least
    )
    if widths is None:
        return None
    return [w + GUTTER for w in widths[:-1]] + widths[-1:]


def _grid(b: LeafletBuilder, node: Table, grid: Elem, widths: list[float]) -> Flowable:
    bold = ParagraphStyle("cell-th", b.styles["cell"], fontName=b.fonts.bold)
    rows: list[list[Flowable]] = []
    if node.header:
        tr = grid.child("TR")
        rows.append([tag(b.text(cell, bold, node.origin), tr.child("TH")) for cell in node.header])
    for row in node.rows:
        tr = grid.child("TR")
        rows.append([tag(b.text(cell, b.styles["cell"], node.origin), tr.child("TD")) for cell in row])
    line = b.color(b.ink, 0.35)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.6, line),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-2, -1), GUTTER),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    if node.header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 1.6, b.color(b.accent)))
    return tag(b.table(rows, widths, style, repeatRows=1 if node.header else 0, splitByRow=1, hAlign=_edge(b)), grid)


def _stacked(b: LeafletBuilder, node: Table, grid: Elem) -> Flowable:
    """Each row as a group of "label | value" lines, the label a row header (TH scope Row); a
    row without a header names its cells by their place (the first cell leads the group)."""
    bold = ParagraphStyle("cell-th", b.styles["cell"], fontName=b.fonts.bold)
    labels: tuple[Inline, ...] = node.header or tuple(() for _ in node.rows[0])
    label_width = 0.4 * b.width if node.header else 0.0
    rows: list[list[Flowable]] = []
    style: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for row in node.rows:
        start = len(rows)
        for label, cell in zip(labels, row, strict=True):
            if not plain(cell).strip():
                continue  # an empty cell in a stack is a label with nothing after it
            tr = grid.child("TR")
            if node.header:
                head = tr.child("TH", scope="Row")
                named = (*label, Run(":")) if plain(label).strip() else ()
                value = tag(b.text(cell, b.styles["cell"], node.origin), tr.child("TD"))
                rows.append([tag(b.text(named, bold, node.origin), head), value])
            else:  # no labels: the row's first cell leads its group, in bold
                lead = len(rows) == start
                rows.append([tag(b.text(cell, bold if lead else b.styles["cell"], node.origin), tr.child("TD"))])
        if len(rows) == start:
            continue
        style += [
            ("NOSPLIT", (0, start), (-1, len(rows) - 1)),
            ("TOPPADDING", (0, start), (-1, start), 6),
            ("BOTTOMPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 6),
            ("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.6, b.color(b.ink, 0.35)),
        ]
    widths = [label_width, b.width - label_width] if node.header else [b.width]
    if node.header:
        style.append(("RIGHTPADDING", (0, 0), (0, -1), GUTTER))
    return tag(b.table(rows, widths, style, splitByRow=1, hAlign=_edge(b)), grid)


def _edge(b: LeafletBuilder) -> str:
    """Tables start where the text starts, not centred in a wider panel."""
    return "RIGHT" if b.rtl else "LEFT"
