"""Output formats. Each is one module with a ``render(doc, brand, stream)`` function.

The table names modules instead of importing them, so ``leaflets --help`` and ``list``
stay fast: reportlab and python-pptx load only when a format is built. Adding a format is
adding a module and one line here.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO

from msgspec import Struct, field

if TYPE_CHECKING:
    from leaflets.brand.brand import Brand
    from leaflets.document.nodes import Document
    from leaflets.errors import Diagnostic


class Options(Struct, frozen=True):
    """How to print: the layout (a file in templates/layouts), large print, print-ready marks."""

    layout: str = "a4"
    large_print: bool = False
    print_ready: bool = False
    bleed_mm: float = 3.0
    fit: bool = False
    tagged: bool = True  # PDF/UA structure; off only to compare pixels with a tagged build
    companions: tuple[tuple[str, str], ...] = ()  # (kind, file name) built beside a web page: "pdf", "large_print"
    page_url: str | None = None  # where a web page will live, from the brand's web: base_url


class Rendered(Struct):
    """What a renderer reports back: how many pages or slides, and anything worth a warning.

    ``extra`` holds further files the same build makes, by the name ending that tells them
    apart (a booklet also writes its pages in reading order). ``shared`` holds files that many
    outputs use (a web page's fonts and pictures), by path relative to the output folder; they
    are named by their content, so every output that needs one writes the same bytes.
    """

    units: int
    unit_name: str  # what a unit is, in the singular: page, slide, sheet
    warnings: list[Diagnostic] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)
    shared: dict[str, bytes] = field(default_factory=dict)
    fullness: list[float] = field(default_factory=list)  # pages of text (not notes): how full each one is

    @property
    def amount(self) -> str:
        """How much was drawn, as a reader says it: "1 page", "12 slides"."""
        from leaflets.errors import counted

        return counted(self.units, self.unit_name)


Render = Callable[["Document", "Brand", BinaryIO, Options], Rendered]


class Format(Struct, frozen=True):
    """An output format: its suffix, which blocks it shows, and the module that renders it, imported only when used."""

    name: str
    suffix: str
    target: str  # which blocks it shows: "leaflet" or "deck" (see a block's ``only:``)
    description: str
    module: str
    printed: bool = False  # takes a print layout (and large print, print-ready)
    site: str | None = None  # a module whose render_site() makes the files a folder of these outputs shares
    entry: str = "render"  # the module's function that renders it, when a module renders two formats

    def load(self) -> Render:
        return getattr(_import(self.module), self.entry)

    def load_site(self) -> Callable[..., tuple[bytes, dict[str, bytes]]]:
        """The format's site maker: given every output in a folder, its index and shared files."""
        assert self.site is not None
        return _import(self.site).render_site


def _import(module: str) -> ModuleType:
    """``module``, imported once, with the cyclic garbage collector off while it imports and
    everything the import made frozen out of its sight afterwards. A renderer's first import
    brings reportlab or python-pptx: thousands of objects that live as long as the process,
    which every later collection (and the one at exit) would otherwise walk. The few cycles of
    garbage an import leaves are kept, once per module, where collecting them costs more."""
    if module in sys.modules:
        return sys.modules[module]
    enabled = gc.isenabled()
    gc.disable()
    try:
        imported = importlib.import_module(module)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return imported


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "pdf",
            ".pdf",
            "leaflet",
            "PDF leaflet in a print layout, fonts embedded",
            "leaflets.renderers.pdf.leaflet",
            True,
        ),
        Format("pptx", ".pptx", "deck", "16:9 PowerPoint deck with speaker notes", "leaflets.renderers.pptx.deck"),
        Format("slides-pdf", "-slides.pdf", "deck", "the deck's slides as a 16:9 PDF", "leaflets.renderers.pdf.slides"),
        Format(
            "handout",
            "-handout.pdf",
            "deck",
            "each slide with its speaker notes, A4 or Letter",
            "leaflets.renderers.pdf.handout",
        ),
        Format(
            "handout-lines",
            "-handout-lines.pdf",
            "deck",
            "three slides a page beside lines for notes, A4 or Letter",
            "leaflets.renderers.pdf.handout",
            entry="render_lined",
        ),
        Format(
            "html",
            ".html",
            "leaflet",
            "accessible web page; the folder also gets index.html",
            "leaflets.renderers.web.page",
            site="leaflets.renderers.web.site",
        ),
        Format("docx", ".docx", "leaflet", "editable Word version for review", "leaflets.renderers.word"),
    )
}
