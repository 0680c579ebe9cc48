"""Slides and notes pages copied from the first of their kind.

python-pptx builds every new slide from its layout: it clones each placeholder through its
property layer, which finds every child by an XPath query. Most slides of a deck are of a few
kinds, so each kind is built once that way and kept as XML, and its later slides are copies of
that XML: the same elements, attributes and shape ids python-pptx would have written.

A blank slide or notes page depends only on the template (and the colour put behind its text),
so it is kept with the prepared template (``layouts.Opened.kept``) for every deck built on it;
a shape that belongs to one deck (the draft band's words, a picture's relationship) is kept for
that deck alone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any

from msgspec import Struct
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart

_BLIP, _EMBED = qn("a:blip"), qn("r:embed")
_PH = f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}"
_PARAGRAPHS = f"{qn('p:txBody')}/{qn('a:p')}"
_BREAK, _TEXTS, _T = qn("a:br"), (qn("a:r"), qn("a:fld")), qn("a:t")


Shapes = tuple[Any, ...]


class _Kept(Struct, frozen=True):
    """A page's shape tree as first built, and where its named shapes are among its shapes."""

    csld: Any  # the p:cSld element, detached
    at: tuple[int | None, ...]  # positions in the shape tree of the shapes the builder returned


class Stamps:
    """The pages and shapes kept to copy, for one presentation: ``template`` is the prepared
    template's store, shared by every deck built on it."""

    def __init__(self, prs: Any, template: dict[Hashable, Any]) -> None:
        self.prs = prs
        self.kept = template
        self.kept_shapes: dict[Hashable, tuple[Any, Any]] = {}

    def slide(
        self, kind: Hashable, layout: Any, build: Callable[[Any], tuple[Any, ...]]
    ) -> tuple[Any, tuple[Any, ...]]:
        """A new slide on ``layout`` and its named shapes. ``build(slide)`` readies the first slide
        of a ``kind`` and returns its named shapes (or None); later slides of the kind, in this
        deck or another on the same template, are copies. So what ``build`` draws must depend on
        the template and ``kind`` alone."""
        kept = self.kept.get(("slide", kind))
        if kept is None:
            slide = self.prs.slides.add_slide(layout)
            shapes = build(slide)
            self.kept["slide", kind] = _keep(slide, shapes)
            return slide, shapes
        rid, slide = self.prs.part.add_slide(layout)
        self.prs.slides._sldIdLst.add_sldId(rid)  # noqa: SLF001 - as Slides.add_slide does after cloning
        return slide, _paste(slide, kept)

    def notes(self, slide: Any) -> Any:
        """The notes page of ``slide``, new, and its text frame."""
        kept = self.kept.get("notes")
        if kept is None:
            notes = slide.notes_slide
            body = notes.notes_placeholder
            self.kept["notes"] = _keep(notes, (body,))
            return body.text_frame
        package = slide.part.package
        master = package.presentation_part.notes_master_part  # made from python-pptx's default if none
        part = NotesSlidePart._add_notes_slide_part(package, slide.part, master)  # noqa: SLF001 - minus the cloning
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        (body,) = _paste(part.notes_slide, kept)
        return body.text_frame

    def shape(self, key: Hashable, slide: Any, build: Callable[[Any], Any]) -> None:
        """Add the shape ``build(slide)`` adds the first time, and a copy of it on later slides,
        with its own shape id and name (python-pptx's "Rectangle 4": the id less one) and its
        picture, if it has one, related to the slide."""
        kept = self.kept_shapes.get(key)
        if kept is None:
            element = build(slide)._element  # noqa: SLF001
            blip = element.find(f".//{_BLIP}")
            picture = slide.part.related_part(blip.get(_EMBED)) if blip is not None else None
            self.kept_shapes[key] = (copy.deepcopy(element), picture)
            return
        element, picture = copy.deepcopy(kept[0]), kept[1]
        tree = slide.shapes._spTree  # noqa: SLF001
        number = tree.max_shape_id + 1
        named = element[0][0]  # p:nvSpPr/p:cNvPr, p:nvPicPr/p:cNvPr
        named.set("id", str(number))
        named.set("name", f"{named.get('name').rsplit(' ', 1)[0]} {number - 1}")
        if picture is not None:
            element.find(f".//{_BLIP}").set(_EMBED, slide.part.relate_to(picture, RT.IMAGE))
        tree.insert_element_before(element, "p:extLst")


def drop_empty_placeholders(slide: Any) -> None:
    """Remove the placeholders left without text but the title's: unfilled, they show "Click to
    add text" while editing and confuse screen readers. (python-pptx's placeholder lookups
    cost a slide more than its text.)"""
    tree = slide.shapes._spTree  # noqa: SLF001
    for sp in tree.findall(qn("p:sp")):
        ph = sp.find(_PH)
        if ph is None or ph.get("type") in ("title", "ctrTitle"):
            continue
        paragraphs = sp.findall(_PARAGRAPHS)
        if len(paragraphs) < 2 and not any(_holds_text(p) for p in paragraphs):
            tree.remove(sp)


def _holds_text(paragraph: Any) -> bool:
    """Whether a paragraph has text as python-pptx reads it: runs' and fields' text, line breaks."""
    return any(child.tag == _BREAK or (child.tag in _TEXTS and child.findtext(_T)) for child in paragraph)


def _keep(page: Any, shapes: Shapes) -> _Kept:
    tree = page.shapes._spTree  # noqa: SLF001
    at = tuple(None if shape is None else tree.index(shape._element) for shape in shapes)  # noqa: SLF001
    return _Kept(copy.deepcopy(page._element.cSld), at)  # noqa: SLF001


def _paste(page: Any, kept: _Kept) -> Shapes:
    """Give a new page a copy of the kept shape tree; its named shapes, as python-pptx shapes."""
    element = page._element  # noqa: SLF001
    element.replace(element.cSld, copy.deepcopy(kept.csld))
    shapes = page.shapes
    tree = shapes._spTree  # noqa: SLF001
    return tuple(None if at is None else shapes._shape_factory(tree[at]) for at in kept.at)  # noqa: SLF001
