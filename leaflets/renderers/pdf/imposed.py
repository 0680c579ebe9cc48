"""Pages moved onto sheets, for folded leaflets and booklets, and their tagging, with pikepdf.

Folds and booklets draw some pages onto others as form XObjects; a :class:`Placement` says
where each drawn page ended up, so the structure tree (built by ``structure.build_tree``)
points at the right page and stream while keeping the leaflet's reading order. pikepdf is
imported only by the layouts that move pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, BinaryIO

import pikepdf
from msgspec import Struct, field
from pikepdf import Array, Dictionary

from leaflets.renderers.pdf.structure import AnnotRef, FormRef, Name, PageRef, Ref, Text, build_tree, xmp
from leaflets.renderers.pdf.tags import Tagger


class Placement(Struct):
    """Where one page that reportlab drew ended up: on ``page``, directly or as ``form``."""

    page: Any
    form: Any = None
    annots: list[Any] = field(default_factory=list)


#: Moves drawn pages onto sheets in ``pdf``; returns each drawn page's placement and the
#: indexes of pages that are no longer needed.
Arrange = Callable[[pikepdf.Pdf], tuple[list[Placement], list[int]]]


def in_place(pdf: pikepdf.Pdf) -> tuple[list[Placement], list[int]]:
    """Every page stays where reportlab put it."""
    return [Placement(p.obj, None, list(p.obj.get("/Annots", []))) for p in pdf.pages], []


def finish(pdf_bytes: bytes, tagger: Tagger | None, title: str, out: BinaryIO, arrange: Arrange = in_place) -> int:
    """Arrange the drawn pages, add the structure tree when ``tagger`` recorded one, and save.

    Returns the number of pages written."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    placements, unused = arrange(pdf)
    if tagger is not None:
        _write_structure(pdf, tagger, placements, title)
    for index in sorted(unused, reverse=True):
        del pdf.pages[index]
    # object streams: the structure tree is many small objects, and PDF/UA (PDF 1.7) allows them
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(pdf.pages)


def _write_structure(pdf: pikepdf.Pdf, tagger: Tagger, placements: list[Placement], title: str) -> None:
    """Add the structure tree, ParentTree, MarkInfo and PDF/UA metadata to ``pdf``."""
    tree = build_tree(tagger, len(placements), lambda page: placements[page - 1].form is not None)
    refs = [pdf.make_indirect(Dictionary() if isinstance(o, dict) else Array()) for o in tree.objects]

    def value(v: Any) -> Any:
        if isinstance(v, Ref):
            return refs[v.index]
        if isinstance(v, PageRef):
            return placements[v.page - 1].page
        if isinstance(v, FormRef):
            return placements[v.page - 1].form
        if isinstance(v, AnnotRef):
            return placements[v.page - 1].annots[v.number]
        if isinstance(v, Name):
            return pikepdf.Name("/" + v)
        if isinstance(v, Text):
            return pikepdf.String(str(v))
        if isinstance(v, dict):
            return Dictionary({"/" + k: value(x) for k, x in v.items()})
        if isinstance(v, list):
            return Array([value(x) for x in v])
        return v

    for ref, obj in zip(refs, tree.objects, strict=True):
        if isinstance(obj, dict):
            for k, v in obj.items():
                ref["/" + k] = value(v)
        else:
            ref.extend(value(v) for v in obj)
    for page, key in tree.page_keys.items():
        place = placements[page - 1]
        (place.form if place.form is not None else place.page).StructParents = key
    for annot, key in tree.annot_keys:
        value(annot).StructParent = key
    pdf.Root.StructTreeRoot = refs[0]
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    for pdf_page in pdf.pages:
        pdf_page.obj.Tabs = pikepdf.Name.S
    info = pdf.docinfo
    stream = pdf.make_stream(xmp(title, str(info.get("/Author", "")), str(info.get("/Producer", "")), tagger.root.lang))
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = stream


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, for each sheet side of a saddle-stitched booklet.

    ``pages`` must be a multiple of four. Page 0 stands for nothing (never happens here).
    """
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 2 * sheet + 1))
        sides.append((2 * sheet + 2, pages - 2 * sheet - 1))
    return sides


class booklet_sheets:  # noqa: N801 - used like a function: an Arrange for finish
    """Put A5 pages two-up on landscape sheets in saddle-stitch order, padded with blank pages.

    The pages become form XObjects on the sheets; their links move with them. ``count`` is
    the number of sheet sides, once arranged.
    """

    def __init__(self, sheet: tuple[float, float], rtl: bool = False) -> None:
        self.sheet, self.rtl, self.count = sheet, rtl, 0  # rtl: bound on the right, so pages run leftwards

    def __call__(self, pdf: Any) -> tuple[list[Placement], list[int]]:
        pages = len(pdf.pages)
        places = [Placement(p.obj) for p in pdf.pages]
        width, height = self.sheet
        for left, right in saddle_order(-(-pages // 4) * 4):
            if self.rtl:
                left, right = right, left
            side = pdf.add_blank_page(page_size=(width, height))
            for slot, (number, x0) in enumerate(((left, 0.0), (right, width / 2))):
                if number <= pages:
                    source = pdf.pages[number - 1]
                    form = _place(pdf, side, source, x0, f"/Page{slot}")
                    places[number - 1] = Placement(side.obj, form, _move_links(pdf, source, side, x0))
            self.count += 1
        return places, list(range(pages))


def merged_sides(pairs: list[tuple[int, int]]) -> Arrange:
    """Lay page ``b`` over page ``a`` for each (a, b), keeping b's links, then drop each ``b``.

    A folded sheet is drawn as more pages than it has sides (one per run of panels in reading
    order); this puts each side back together.
    """

    def arrange(pdf: Any) -> tuple[list[Placement], list[int]]:
        places = [Placement(p.obj, None, list(p.obj.get("/Annots", []))) for p in pdf.pages]
        for a, b in pairs:
            target, source = pdf.pages[a], pdf.pages[b]
            form = _place(pdf, target, source, 0.0, f"/Run{b}")
            places[b] = Placement(target.obj, form, _move_links(pdf, source, target, 0.0))
        return places, [b for _, b in pairs]

    return arrange


def _place(pdf: Any, target: Any, source: Any, x0: float, name: str) -> Any:
    """Draw ``source`` on ``target`` at ``x0`` as a form XObject with a fixed name; return the form.

    pikepdf's add_overlay picks a random resource name, which would make every build differ.
    """
    form = pdf.make_indirect(source.as_form_xobject())
    target.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    target.contents_add(f"q 1 0 0 1 {x0:.4f} 0 cm {name} Do Q".encode(), prepend=False)
    return form


def _move_links(pdf: Any, source: Any, target: Any, x0: float) -> list[Any]:
    """Move ``source``'s link annotations onto ``target``, shifted by ``x0``; return them."""
    moved = list(source.obj.get("/Annots", []))
    if not moved:
        return moved
    annots = target.obj.get("/Annots") or pdf.make_indirect(pikepdf.Array())
    for annot in moved:
        if x0:
            x1, y1, x2, y2 = (float(v) for v in annot.Rect)
            annot.Rect = pikepdf.Array([x1 + x0, y1, x2 + x0, y2])
        annots.append(annot)
    target.obj.Annots = annots
    return moved
