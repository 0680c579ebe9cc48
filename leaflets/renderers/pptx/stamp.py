"""Slides and notes pages copied from the first of their kind in a deck.

python-pptx builds every new slide from its layout: it clones each placeholder through its
property layer, which finds every child by an XPath query. Most slides of a deck are of a few
kinds, so each kind is built once that way and kept as XML, and its later slides are copies of
that XML: the same elements, attributes and shape ids python-pptx would have written. Copies are
kept per deck (a Stamps belongs to one presentation), so nothing outlives the deck it came from.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import NotesSlidePart


@dataclass(frozen=True)
class _Kept:
    """A page's shape tree as first built, and where its named shapes are among its shapes."""

    csld: Any  # the p:cSld element, detached
    at: tuple[int | None, ...]  # positions in the shape tree of the shapes the builder returned


class Stamps:
    """The first page of each kind, kept to copy, for one presentation."""

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self.kept: dict[str, _Kept] = {}
        self.kept_notes: _Kept | None = None

    def slide(self, kind: str, layout: Any, build: Callable[[Any], tuple[Any, ...]]) -> tuple[Any, tuple[Any, ...]]:
        """A new slide on ``layout`` and its named shapes. ``build(slide)`` readies the first slide
        of a ``kind`` and returns its named shapes (or None); later slides of the kind are copies."""
        kept = self.kept.get(kind)
        if kept is None:
            slide = self.prs.slides.add_slide(layout)
            shapes = build(slide)
            self.kept[kind] = _keep(slide, shapes)
            return slide, shapes
        rid, slide = self.prs.part.add_slide(layout)
        self.prs.slides._sldIdLst.add_sldId(rid)  # noqa: SLF001 - as Slides.add_slide does after cloning
        return slide, _paste(slide, kept)

    def notes(self, slide: Any) -> Any:
        """The notes page of ``slide``, new, and its text frame."""
        if self.kept_notes is None:
            notes = slide.notes_slide
            body = notes.notes_placeholder
            self.kept_notes = _keep(notes, (body,))
            return body.text_frame
        package = slide.part.package
        master = package.presentation_part.notes_master_part
        part = NotesSlidePart._add_notes_slide_part(package, slide.part, master)  # noqa: SLF001 - minus the cloning
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        (body,) = _paste(part.notes_slide, self.kept_notes)
        return body.text_frame


def _keep(page: Any, shapes: tuple[Any, ...]) -> _Kept:
    tree = page.shapes._spTree  # noqa: SLF001
    at = tuple(None if shape is None else tree.index(shape._element) for shape in shapes)  # noqa: SLF001
    return _Kept(copy.deepcopy(page._element.cSld), at)  # noqa: SLF001


def _paste(page: Any, kept: _Kept) -> tuple[Any, ...]:
    """Give a new page a copy of the kept shape tree; its named shapes, as python-pptx shapes."""
    element = page._element  # noqa: SLF001
    element.replace(element.cSld, copy.deepcopy(kept.csld))
    shapes = page.shapes
    tree = shapes._spTree  # noqa: SLF001
    return tuple(None if at is None else shapes._shape_factory(tree[at]) for at in kept.at)  # noqa: SLF001
