"""Short items in two balanced columns, read down the first and then the second, as a designer
sets a glossary: not paired in rows, which leaves a gap beside every short item that faces a long
one and makes the eye read across."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable


class BalancedColumns(Flowable):
    """``items`` in two columns ``gap`` apart, read down the first, then the second; right to
    left, the first column is on the right.

    As CSS columns do: where the list ends on this page, the columns are balanced (split where
    they end most nearly level, the first no shorter); where it runs on, this page's columns are
    filled, the first and then the second, an item split at a column's foot as a paragraph is at
    a page's, and the rest goes on. ``first`` fixes how many items the first column holds."""

    def __init__(self, items: Sequence[Flowable], gap: float, rtl: bool = False, first: int | None = None) -> None:
        super().__init__()
        self.items, self.gap, self.rtl, self.first = list(items), gap, rtl, first

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._column = (avail_width - self.gap) / 2
        self._heights = [item.wrapOn(self._canvas(), self._column, avail_height)[1] for item in self.items]
        spaces = self._spaces()
        if self.first is None:
            self._first, height = _balance(self._heights, spaces)
        else:
            self._first = self.first
            height = max(_column(self._heights, spaces, 0, self.first), _column(self._heights, spaces, self.first))
        self.width, self.height = avail_width, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """This page's share, its columns filled, and the rest; nothing when not even part of
        the first item fits (it goes to the next page), or when all of it fits: there is
        nothing to split, and a table cell that splits its content takes two parts or none."""
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return []
        placed: list[Flowable] = []
        rest = list(self.items)
        first = 0
        for column in range(2):
            room, starting = avail_height, len(placed)
            while rest:
                above = placed[-1].getSpaceAfter() if len(placed) > starting else 0.0
                height = rest[0].wrapOn(self._canvas(), self._column, avail_height)[1]
                if above + height <= room:
                    placed.append(rest.pop(0))
                    room -= above + height
                    continue
                parts = rest[0].splitOn(self._canvas(), self._column, room - above) if room - above > 0 else []
                if len(parts) > 1:  # the item's head ends this column; its tail starts the next
                    placed.append(parts[0])
                    rest[0:1] = parts[1:]
                break
            if column == 0:
                first = len(placed)
        if not placed:
            return []
        return [BalancedColumns(placed, self.gap, self.rtl, first), BalancedColumns(rest, self.gap, self.rtl)]

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.items[-1].getSpaceAfter()) if self.items else 0.0

    def draw(self) -> None:
        spaces = self._spaces()
        for column, run in enumerate((range(self._first), range(self._first, len(self.items)))):
            x = (self._column + self.gap) * (1 - column if self.rtl else column)
            top = self.height
            for index in run:
                top -= self._heights[index]
                self.items[index].drawOn(self.canv, x, top)
                top -= spaces[index]

    def _canvas(self) -> Any:
        """The canvas, once reportlab has given one (some flowables measure on it)."""
        return getattr(self, "canv", None)

    def _spaces(self) -> list[float]:
        """The space after each item, when another follows it in its column."""
        return [float(item.getSpaceAfter()) for item in self.items]


def _column(heights: Sequence[float], spaces: Sequence[float], start: int, end: int | None = None) -> float:
    """The height of the items from ``start`` to ``end`` in one column."""
    end = len(heights) if end is None else end
    return sum(heights[start:end]) + sum(spaces[start : end - 1]) if start < end else 0.0


def _balance(heights: Sequence[float], spaces: Sequence[float]) -> tuple[int, float]:
    """How many items the first column takes, and the height of the taller column: the split
    that makes the taller column shortest, the first column taking the extra item on a tie."""
    count = len(heights)
    best = (count, _column(heights, spaces, 0))
    for first in range(count - 1, 0, -1):
        taller = max(_column(heights, spaces, 0, first), _column(heights, spaces, first))
        if taller < best[1] - 1e-6:
            best = (first, taller)
    return best
