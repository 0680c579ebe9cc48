"""What every PDF layout shares at the file level: document metadata, print-ready bleed and
crop marks (reportlab's own), and moving pages between sheets (pikepdf) for folds and booklets.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.units import mm

from leaflets import __version__
from leaflets.document import Document
from leaflets.renderers import Options

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


def impose_booklet(pages_pdf: bytes, sheet: tuple[float, float], out: BinaryIO) -> int:
    """Put A5 pages two-up on landscape sheets in saddle-stitch order; pad with blank pages.

    Returns the number of sheet sides written.
    """
    import pikepdf

    src = pikepdf.open(io.BytesIO(pages_pdf))
    count = len(src.pages)
    padded = -(-count // 4) * 4
    width, height = sheet
    result = pikepdf.new()
    result.docinfo = result.copy_foreign(src.docinfo)
    if "/Lang" in src.Root:
        result.Root.Lang = src.Root.Lang
    for left, right in saddle_order(padded):
        side = result.add_blank_page(page_size=(width, height))
        for slot, (number, x0) in enumerate(((left, 0.0), (right, width / 2))):
            if number <= count:
                _place(result, side, src.pages[number - 1], x0, f"/Page{slot}")
    result.save(out, deterministic_id=True)
    return len(result.pages)


def _place(pdf: Any, target: Any, source: Any, x0: float, name: str) -> None:
    """Draw ``source`` on ``target`` at ``x0`` as a form XObject with a fixed name.

    pikepdf's add_overlay picks a random resource name, which would make every build differ.
    """
    import pikepdf

    form = source.as_form_xobject()
    if not source.obj.is_owned_by(pdf):
        form = pdf.copy_foreign(form)
    target.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    target.contents_add(f"q 1 0 0 1 {x0:.4f} 0 cm {name} Do Q".encode(), prepend=False)


def merge_sides(pdf_bytes: bytes, pairs: list[tuple[int, int]], out: BinaryIO) -> None:
    """Lay page ``b`` over page ``a`` for each (a, b), keeping b's links, then drop each ``b``.

    A folded sheet is drawn as more pages than it has sides (one per run of panels in reading
    order); this puts each side back together.
    """
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    drop = []
    for a, b in pairs:
        target, source = pdf.pages[a], pdf.pages[b]
        _place(pdf, target, source, 0.0, f"/Run{b}")
        if "/Annots" in source.obj:
            annots = target.obj.get("/Annots") or pdf.make_indirect(pikepdf.Array())
            for annot in source.obj.Annots:
                annots.append(annot)
            target.obj.Annots = annots
        drop.append(b)
    for index in sorted(drop, reverse=True):
        del pdf.pages[index]
    pdf.save(out, deterministic_id=True)
