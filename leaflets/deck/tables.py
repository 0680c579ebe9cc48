"""Plan a table block onto slides: column widths from its words, and its rows split across as
many slides as they need, the header row repeated on each. The type steps down from 24 to the
20 pt floor only where that keeps the table on one slide, and never below it."""

from __future__ import annotations

from msgspec import Struct

from leaflets.brand.measure import Measurer
from leaflets.content.inline import Inline, plain
from leaflets.document.nodes import Table
from leaflets.document.table_widths import cells_by_column, content_widths

SIZES = (24, 22, 20)
#: A cell's inner margins, in points (PowerPoint's defaults: 0.1 in at the sides, 0.05 in above and below).
CELL_SIDE, CELL_TOP = 7.2, 3.6
#: The narrowest a column may start, in ems: slides are wide, and read from across a room.
MIN_COLUMN_EM = 4.0
LINE_SPACING = 1.2


class TableSlice(Struct, frozen=True):
    """The rows of a table that go on one slide, drawn with these column widths and type size."""

    header: tuple[Inline, ...] | None
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[float, ...]  # points, summing to the width of the slide's body
    size: float
    heights: tuple[float, ...]  # of the header (when there is one) and of each row, in points


def plan_table(node: Table, measurer: Measurer, width: float, height: float) -> list[TableSlice]:
    """The slices of ``node`` for a body ``width`` x ``height`` points: one slide at 24, 22 or
    20 pt if that is enough, else as many as needed at 20 pt."""
    slices: list[TableSlice] = []
    for size in SIZES:
        slices = _slices(node, measurer, width, height, size)
        if len(slices) == 1:
            break
    return slices


def table_height(part: TableSlice) -> float:
    return sum(part.heights)


def _slices(node: Table, measurer: Measurer, width: float, height: float, size: float) -> list[TableSlice]:
    columns = cells_by_column(node.header, node.rows)
    inner = width - 2 * CELL_SIDE * len(columns)
    widths = content_widths(columns, lambda text, bold: measurer.width(text, size, bold), inner, MIN_COLUMN_EM * size)
    if widths is None:  # long words everywhere: share the width by need; PowerPoint breaks such a word
        widths = content_widths(columns, lambda text, bold: measurer.width(text, size, bold), inner, 0.0) or [
            inner / len(columns)
        ] * len(columns)
    cells = [w + 2 * CELL_SIDE for w in widths]

    def row_height(row: tuple[Inline, ...], bold: bool) -> float:
        tallest = max(measurer.lines(plain(c), size, w, bold) for c, w in zip(row, widths, strict=True))
        return tallest * size * LINE_SPACING + 2 * CELL_TOP

    head = row_height(node.header, True) if node.header else 0.0
    out: list[TableSlice] = []
    rows: list[tuple[Inline, ...]] = []
    heights: list[float] = []
    for row in node.rows:
        h = row_height(row, False)
        if rows and head + sum(heights) + h > height:  # a row taller than a slide still gets one of its own
            out.append(_slice(node, rows, heights, head, cells, size))
            rows, heights = [], []
        rows.append(row)
        heights.append(h)
    out.append(_slice(node, rows, heights, head, cells, size))
    return out


def _slice(
    node: Table, rows: list[tuple[Inline, ...]], heights: list[float], head: float, widths: list[float], size: float
) -> TableSlice:
    both = ([head] if node.header else []) + heights
    return TableSlice(node.header, tuple(rows), tuple(widths), size, tuple(both))
