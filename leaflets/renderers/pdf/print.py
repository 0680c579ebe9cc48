"""What every PDF layout shares at the file level: document metadata, print-ready bleed and
crop marks (reportlab's own), and moving pages between sheets (pikepdf) for folds and booklets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm

from leaflets import __version__
from leaflets.document.nodes import Document
from leaflets.renderers import Options
from leaflets.renderers.pdf.structure import Arrange, Placement

#: Room beyond the bleed for reportlab's crop marks; the marks stop 3 mm short of the bleed.
MARK_ROOM = 10 * mm
MARK_LENGTH = 7 * mm


@dataclass(frozen=True)
class PrintSetup:
    """Bleed and crop marks for a print shop; all zero for an ordinary PDF."""

    enabled: bool = False
    bleed: float = 0.0

    @classmethod
    def from_options(cls, options: Options) -> PrintSetup:
        return cls(True, options.bleed_mm * mm) if options.print_ready else cls()

    @property
    def border(self) -> float:
        """How far the media box reaches beyond the trimmed page on each side."""
        return self.bleed + MARK_ROOM if self.enabled else 0.0


class _CropMarks:
    """The parameters reportlab's canvas reads for crop marks (no scaling: bleedWidth is 0)."""

    def __init__(self, border: float) -> None:
        from reportlab.lib.colors import black

        self.borderWidth = border
        self.markLength = MARK_LENGTH
        self.markWidth = 0.5
        self.markColor = black
        self.bleedWidth = 0
        self.markLast = 1


def doc_kwargs(doc: Document, setup: PrintSetup, trim: tuple[float, float]) -> dict[str, Any]:
    """Metadata, language and, when print-ready, marks and page boxes for a doc template."""
    meta = doc.meta
    kwargs: dict[str, Any] = dict(
        title=meta.title,
        author=meta.author,
        subject=meta.subtitle or meta.title,
        keywords=[k for k in (meta.code, f"v{meta.version}" if meta.version else None, meta.topic_id) if k],
        creator=f"leaflets {__version__}",
        producer=f"leaflets {__version__}",
        lang=meta.language,
        displayDocTitle=1,
        invariant=1,
    )
    if setup.enabled:
        b, w, h = setup.border, trim[0], trim[1]
        kwargs.update(
            cropMarks=_CropMarks(b),
            trimBox=(b, b, b + w, b + h),
            bleedBox=(b - setup.bleed, b - setup.bleed, b + w + setup.bleed, b + h + setup.bleed),
        )
    return kwargs


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, for each sheet side of a saddle-stitched booklet.

    ``pages`` must be a multiple of four. Page 0 stands for nothing (never happens here).
    """
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 2 * sheet + 1))
        sides.append((2 * sheet + 2, pages - 2 * sheet - 1))
    return sides


class booklet_sheets:  # noqa: N801 - used like a function: an Arrange for pdf_structure.finish
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
    import pikepdf

    form = pdf.make_indirect(source.as_form_xobject())
    target.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    target.contents_add(f"q 1 0 0 1 {x0:.4f} 0 cm {name} Do Q".encode(), prepend=False)
    return form


def _move_links(pdf: Any, source: Any, target: Any, x0: float) -> list[Any]:
    """Move ``source``'s link annotations onto ``target``, shifted by ``x0``; return them."""
    import pikepdf

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
