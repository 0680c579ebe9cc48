"""Keep rules that serve the reader without wasting paper.

A heading stays with the start of what follows (at least two lines of a paragraph, the first
item of a list, or the whole of a box that never splits), not with the whole next block, so a
long paragraph after a heading no longer pushes both to the next page and leaves a gap. A
picture may shrink, to no less than 60% of its width, to stay on the page with its heading
instead of jumping a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Image, KeepTogether
from reportlab.platypus.doctemplate import ActionFlowable

from leaflets.renderers.pdf import rl_private

#: A picture never shrinks under this share of the width it would have had.
MIN_PICTURE_SHARE = 0.6
_ABOVE, _BELOW, _CAPTION_GAP = 4.0, 6.0, 2.0


class KeepWithStart(Flowable):
    """A heading and the start of the flowable after it; at a page end, the rest runs on."""

    def __init__(self, heading: Flowable, first: Flowable) -> None:
        super().__init__()
        self.heading, self.first = heading, first

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        canv: Any = getattr(self, "canv", None)  # some flowables (balanced columns) measure on the canvas
        self._hh = self.heading.wrapOn(canv, avail_width, avail_height)[1]
        self._gap = max(self.heading.getSpaceAfter(), self.first.getSpaceBefore())
        self._fh = self.first.wrapOn(canv, avail_width, max(0.0, avail_height - self._hh - self._gap))[1]
        self.width, self.height = avail_width, self._hh + self._gap + self._fh
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        room = avail_height - self._hh - self._gap
        if room <= 0 or isinstance(self.first, KeepTogether):
            return []
        canv: Any = getattr(self, "canv", None)
        parts = self.first.splitOn(canv, avail_width, room)
        return [self.heading, *parts] if parts else []  # a paragraph splits with 2+ lines (allowOrphans 0)

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.heading.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.first.getSpaceAfter())

    def draw(self) -> None:
        self.heading.drawOn(self.canv, 0, self.height - self._hh)
        self.first.drawOn(self.canv, 0, 0)


class FigureBlock(Flowable):
    """A picture and its caption, never split; it shrinks (never under 60% of its width) to
    fit what is left of a page rather than leave that space empty."""

    def __init__(self, image: Image, figure: Flowable, caption: Flowable | None, rtl: bool = False) -> None:
        super().__init__()
        self.image, self.figure, self.caption, self.rtl = image, figure, caption, rtl
        self.natural = (image.drawWidth, image.drawHeight)
        self.scale = 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w, h = self.natural
        self._ch = self.caption.wrap(avail_width, avail_height)[1] + _CAPTION_GAP if self.caption else 0.0
        fixed = self._ch + _ABOVE + _BELOW
        self.scale = 1.0 if h + fixed <= avail_height else max(MIN_PICTURE_SHARE, (avail_height - fixed) / h)
        self.image.drawWidth, self.image.drawHeight = w * self.scale, h * self.scale
        self.figure.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, h * self.scale + fixed
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a picture and its caption move together

    def draw(self) -> None:
        w, h = self.image.drawWidth, self.image.drawHeight
        y = self.height - _ABOVE - h
        self.figure.drawOn(self.canv, self.width - w if self.rtl else 0, y)
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, y - _CAPTION_GAP - (self._ch - _CAPTION_GAP))


class KeepUnlessWasteful(KeepTogether):
    """A box kept on one page, unless moving it would leave over half of this page empty: then
    it splits between its rows (a callout repeats its heading row on the next page)."""

    def __init__(self, flowables: list[Flowable], frame_height: float) -> None:
        super().__init__(flowables)
        self.frame_height = frame_height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if not self.frame_height or avail_height < self.frame_height / 2:
            return list(super().split(avail_width, avail_height))
        return rl_private.kept(self)


class RuledLines(Flowable):
    """Writing lines filling the rest of a notes page: decoration, so not tagged as content."""

    def __init__(self, pitch: float, color: Any) -> None:
        super().__init__()
        self.pitch, self.color = pitch, color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, max(0.0, avail_height - 1)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(self.color)
        c.setLineWidth(0.6)
        y = self.height - self.pitch
        while y > 0:
            c.line(0, y, self.width, y)
            y -= self.pitch
        c.restoreState()


class Mark(ActionFlowable):
    """Records where the story has got when it is reached: the page, and how far down its frame."""

    def __init__(self) -> None:
        super().__init__()
        self.page, self.used = 0, 0.0

    def apply(self, doc: Any) -> None:
        self.page = doc.page
        self.used = doc.page - 1 + rl_private.frame_used(doc.frame)


class NotesIfOdd(ActionFlowable):
    """A notes page, only when the leaflet would otherwise end on an odd page (printed on both
    sides, the last back would be blank). Decided where the text ends, so it takes one pass.

    ``make`` makes the page (its heading and lines) only when it is needed: an
    element made but never drawn would be an empty tag.
    """

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def apply(self, doc: Any) -> None:
        if doc.page > 1 and doc.page % 2:
            doc.handle_pageBreak()  # queues the next page's start, before the notes
            rl_private.flow_next(doc, self.make())


class AtFoot(Flowable):
    """Flowables set at the foot of what is left of the frame: a folded leaflet's cover message
    sits low on the cover, under the title, as printed covers place it."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._ch = self.content.wrap(avail_width, avail_height)[1]
        self.width, self.height = avail_width, max(self._ch, avail_height - 1)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, 0)


def keep_with_start(heading: Flowable, body: list[Any]) -> list[Flowable]:
    """``heading`` bound to the start of ``body``: a box that is kept together joins it whole."""
    if not body:
        return [heading]
    first = body[0]
    if isinstance(first, KeepTogether):
        content = [heading, *rl_private.kept(first)]
        if isinstance(first, KeepUnlessWasteful):
            return [KeepUnlessWasteful(content, first.frame_height), *body[1:]]
        return [KeepTogether(content), *body[1:]]
    return [KeepWithStart(heading, first), *body[1:]]
