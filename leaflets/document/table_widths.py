"""Column widths from a table's words, shared by the print and slide layouts so that both
give a column the room its words ask for, the way a browser sizes an automatic table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from leaflets.content.inline import Inline, plain

#: Measured widths are exact; this is room for rounding in the renderers' own line breaking.
SLACK = 1.02


def cells_by_column(
    header: tuple[Inline, ...] | None, rows: Sequence[tuple[Inline, ...]]
) -> list[list[tuple[str, bool]]]:
    """Each column's cells as (plain text, bold), the header cell bold."""
    grid = [(row, False) for row in rows]
    if header:
        grid.insert(0, (header, True))
    return [
        [(plain(cell), bold) for cell, bold in column]
        for column in zip(*[[(c, b) for c in row] for row, b in grid], strict=True)
    ]


def content_widths(
    columns: Sequence[Sequence[tuple[str, bool]]], measure: Callable[[str, bool], float], room: float, least: float
) -> list[float] | None:
    """Widths summing to ``room``: each column first gets its longest word (and at least ``least``),
    then the columns that want a little more get it, and the widest share what is left (when
    every cell fits on one line, the rest goes by how wide each column is). None when even the least does not fit."""
    floor, want = [], []
    for cells in columns:
        longest_word = max((measure(w, bold) for text, bold in cells for w in text.split()), default=0.0) * SLACK
        floor.append(max(longest_word, least))
        want.append(max(max((measure(text, bold) for text, bold in cells), default=0.0) * SLACK, floor[-1]))
    if sum(floor) > room:
        return None
    extra = room - sum(floor)
    spare = [w - f for w, f in zip(want, floor, strict=True)]
    if sum(spare) <= extra:  # every cell fits on one line: share the rest by how wide each column is
        return [w + (extra - sum(spare)) * w / sum(want) for w in want]
    return [f + g for f, g in zip(floor, _level(spare, extra), strict=True)]


def _level(spare: list[float], extra: float) -> list[float]:
    """Fill columns to one level, as water fills a tank with steps: the columns that want little
    get all of it (their cells stay on one line), and the widest share the rest."""
    order = sorted(range(len(spare)), key=lambda i: spare[i])
    given = [0.0] * len(spare)
    left = extra
    for n, i in enumerate(order):
        level = left / (len(order) - n)
        given[i] = min(spare[i], level)
        left -= given[i]
    return given
