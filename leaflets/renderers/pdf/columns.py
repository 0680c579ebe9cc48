"""Short items in two balanced columns, read down the first and then the second, as a designer
sets a glossary: not paired in rows, which leaves a gap beside every short item that faces a long
one and makes the eye read across."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable


class BalancedColumns(Flowable):
    """``items`` in two columns ``gap`` apart, split where the columns end most nearly level
    (the first one no shorter); right to left, the first column is on the right. At a page end,
    the items that fit are balanced on that page and the rest run on, balanced again."""

    def __init__(self, items: Sequence[Flowable], gap: float, rtl: bool = False, fill: bool = False) -> None:
        super().__init__()
        self.items, self.gap, self.rtl = list(items), gap, rtl
        self.fill = fill  # a page's share of a longer run: it takes the rest of the page, the run goes on after it
        self._first = len(self.items)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._column = (avail_width - self.gap) / 2
        self._heights = [item.wrapOn(self.canv_or_none, self._column, avail_height)[1] for item in self.items]
        self._first, height = _balance(self._heights, self._spaces(len(self.items)))
        self.width, self.height = avail_width, max(height, avail_height) if self.fill else height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The longest run of items that, balanced, fits ``avail_height``, and the rest after it;
        when not even one item fits, the first item's own split, or nothing (the next page)."""
        self.wrap(avail_width, avail_height)
        fits = 0
        while fits < len(self.items) and _balance(self._heights[: fits + 1], self._spaces(fits + 1))[1] <= avail_height:
            fits += 1
        if fits == len(self.items):
            return [self]
        if fits:
            return [self._with(self.items[:fits], fill=True), self._with(self.items[fits:])]
        parts = self.items[0].splitOn(self.canv_or_none, self._column, avail_height)
        return [self._with(parts[:1], fill=True), self._with([*parts[1:], *self.items[1:]])] if parts else []

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.items[-1].getSpaceAfter()) if self.items else 0.0

    def draw(self) -> None:
        spaces = self._spaces(len(self.items))
        for column, run in enumerate((range(self._first), range(self._first, len(self.items)))):
            x = (self._column + self.gap) * (1 - column if self.rtl else column)
            top = self.height
            for index in run:
                top -= self._heights[index]
                self.items[index].drawOn(self.canv, x, top)
                top -= spaces[index]

    @property
    def canv_or_none(self) -> Any:
        """The canvas, once reportlab has given one (some flowables measure on it)."""
        return getattr(self, "canv", None)

    def _spaces(self, count: int) -> list[float]:
        """The space after each of the first ``count`` items, when another follows it in its column."""
        return [float(item.getSpaceAfter()) for item in self.items[:count]]

    def _with(self, items: Sequence[Flowable], fill: bool = False) -> BalancedColumns:
        return BalancedColumns(items, self.gap, self.rtl, fill)


def _balance(heights: Sequence[float], spaces: Sequence[float]) -> tuple[int, float]:
    """How many items the first column takes, and the height of the taller column: the split
    that makes the taller column shortest, the first column taking the extra item on a tie."""

    def column(start: int, end: int) -> float:
        if start >= end:
            return 0.0
        return sum(heights[start:end]) + sum(spaces[start : end - 1])

    count = len(heights)
    best = (count, column(0, count))
    for first in range(count - 1, 0, -1):
        taller = max(column(0, first), column(first, count))
        if taller < best[1] - 1e-6:
            best = (first, taller)
    return best
