"""What every PDF layout shares at the file level: document metadata, and print-ready bleed
and crop marks (reportlab's own). Moving pages onto sheets, for folds and booklets, is ``imposed``.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from reportlab.lib.units import mm

from leaflets import __version__
from leaflets.document.nodes import Document
from leaflets.renderers import Options

#: Room beyond the bleed for reportlab's crop marks; the marks stop 3 mm short of the bleed.
MARK_ROOM = 10 * mm
MARK_LENGTH = 7 * mm


class PrintSetup(Struct, frozen=True):
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
