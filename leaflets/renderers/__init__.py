"""Output formats. Each is one module with a ``render(doc, brand, stream)`` function.

The table names modules instead of importing them, so ``leaflets --help`` and ``list``
stay fast: reportlab and python-pptx load only when a format is built. Adding a format is
adding a module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from leaflets.brand import Brand
    from leaflets.document import Document
    from leaflets.errors import Diagnostic


@dataclass
class Rendered:
    """What a renderer reports back: how many pages or slides, and anything worth a warning."""

    units: int
    unit_name: str
    warnings: list[Diagnostic] = field(default_factory=list)


Render = Callable[["Document", "Brand", BinaryIO], Rendered]


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    target: str  # which blocks it shows: "leaflet" or "deck" (see a block's ``only:``)
    description: str
    module: str

    def load(self) -> Render:
        return importlib.import_module(self.module).render  # type: ignore[no-any-return]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("pdf", ".pdf", "leaflet", "A4 PDF leaflet, fonts embedded", "leaflets.renderers.pdf_leaflet"),
        Format("pptx", ".pptx", "deck", "16:9 PowerPoint deck with speaker notes", "leaflets.renderers.pptx_deck"),
    )
}
