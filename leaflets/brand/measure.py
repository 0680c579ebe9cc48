"""Text measurement with the real metrics of the font that will show the text.

Decks name Arial, so slide text is measured with Arimo, which has the same advance widths.
Wrapping is greedy by words, as PowerPoint and LibreOffice do it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

#: Where lines may break: ordinary spaces, not no-break spaces.
_BREAKS = re.compile(r"[ \t\n]+")
#: Bold Arial is about 5-10% wider than regular; measure bold runs with this allowance.
BOLD_FACTOR = 1.1
_REF_SIZE = 100


class Measurer:
    def __init__(self, font: Path) -> None:
        self.font = font

    @classmethod
    @lru_cache(maxsize=8)
    def of(cls, font: Path) -> Measurer:
        """One measurer per font for the whole process, so its word widths are cached across decks."""
        return cls(font)

    @lru_cache(maxsize=4096)  # noqa: B019 - one Measurer per build; words repeat a lot
    def _width(self, text: str) -> float:
        return float(_font(str(self.font)).getlength(text))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width in points of ``text`` at ``size`` points."""
        return self._width(text) * size / _REF_SIZE * (BOLD_FACTOR if bold else 1.0)

    def lines(self, text: str, size: float, width: float, bold: bool = False) -> int:
        """How many lines ``text`` takes when wrapped to ``width`` points."""
        space = self.width(" ", size, bold)
        count, used = 1, 0.0
        for word in _BREAKS.split(text):
            if not word:
                continue
            w = self.width(word, size, bold)
            while w > width:  # a word longer than a line breaks anywhere
                if used:
                    count += 1
                w -= width
                used = 0.0
                count += 1
            if used and used + space + w > width:
                count += 1
                used = w
            else:
                used = used + space + w if used else w
        return count


@lru_cache(maxsize=4)
def _font(path: str):
    from PIL import ImageFont

    return ImageFont.truetype(path, _REF_SIZE, layout_engine=ImageFont.Layout.BASIC)
