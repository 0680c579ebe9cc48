"""Tables: rows of cells that read across, with an optional header row."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.inline import Inline
from leaflets.content.schema import MAX_TITLE
from leaflets.content.source import Path_
from leaflets.document.nodes import Node, Table

#: More columns than this cannot be read on a phone or a slide, nor stacked usefully.
MAX_COLUMNS = 6
#: A cell is a few words or a short sentence; longer text belongs in a paragraph.
MAX_CELL = 400


@block(
    "table",
    "A table: an optional caption, an optional header row, rows of cells (each row as long as the "
    "header) and an optional note under it. Cells take inline markup.",
    "- table:\n    caption: Who to call\n    header: [When, Who to call]\n    rows:\n"
    "      - [Weekdays, Your **specialist nurse**]\n      - [Nights and weekends, The oncology helpline]\n"
    "    note: Keep this table by your phone.",
)
def table(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    fields = ctx.reader.mapping(path, value, ("caption", "header", "rows", "note"), required=("rows",))
    errors = len(ctx.reader.diagnostics)
    if fields is None:
        return None
    caption = ctx.inline(path + ("caption",), fields.get("caption"), required=False, limit=MAX_TITLE)
    note = ctx.inline(path + ("note",), fields.get("note"), required=False, limit=MAX_CELL)
    header = _row(ctx, path + ("header",), fields["header"]) if "header" in fields else None
    raw_rows = fields.get("rows")
    if not isinstance(raw_rows, list) or not raw_rows:
        ctx.reader.error(path + ("rows",), "expected a non-empty list of rows, each a list of cells")
        return None
    rows = [_row(ctx, path + ("rows", i), row) for i, row in enumerate(raw_rows)]
    width = len(header) if header else next((len(r) for r in rows if r), 0)
    for i, row in enumerate(rows):
        if row is not None and len(row) != width:
            against = "the header" if header else "row 1"
            ctx.reader.error(
                path + ("rows", i),
                f"row {i + 1} has {len(row)} cells but {against} has {width}: give every row the same number "
                'of cells (an empty cell is "")',
            )
    if all(r is not None and not any(r) for r in rows):
        ctx.reader.error(path + ("rows",), "every cell is empty: a table needs words")
    if ("header" in fields and header is None) or len(ctx.reader.diagnostics) > errors:
        return None
    return (
        Table(caption=caption, header=header, rows=tuple(rows), note=note, origin=ctx.origin(path)),  # type: ignore[arg-type]
    )


def _row(ctx: BlockContext, path: Path_, value: Any) -> tuple[Inline, ...] | None:
    """One row: a list of 1 to MAX_COLUMNS cells of inline text; an empty cell is allowed."""
    if not isinstance(value, list) or not value:
        ctx.reader.error(path, "expected a list of cells, e.g. [Weekdays, Your nurse]")
        return None
    if len(value) > MAX_COLUMNS:
        ctx.reader.error(path, f"has {len(value)} cells; a table has at most {MAX_COLUMNS} columns, so split it")
        return None
    cells: list[Inline] = []
    for i, cell in enumerate(value):
        if cell is None or cell == "":
            cells.append(())
            continue
        runs = ctx.inline(path + (i,), cell, limit=MAX_CELL)
        if runs is None:
            return None
        cells.append(runs)
    return tuple(cells)
