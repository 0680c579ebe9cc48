"""The PDF leaflet: one entry point that hands each print layout to the builder of its kind.

Flowing pages (A4, A5, Letter, booklets) go to ``flow``, folded sheets to ``panels``, and
side-by-side translations to ``bilingual``; all three draw with the same ``story`` builder.
"""

from __future__ import annotations

from typing import BinaryIO

from leaflets.brand.brand import Brand
from leaflets.document.nodes import Document
from leaflets.layouts import load_layout
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf import bilingual, flow, panels
from leaflets.renderers.pdf.story import DRAFT_BAND_EM
from leaflets.renderers.pdf.text import PdfFonts


def render(doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None) -> Rendered:
    """Write ``doc`` as a PDF leaflet in the layout ``options`` names (A4 by default)."""
    if missing := PdfFonts(brand.fonts).unprintable(doc):  # all of them, before drawing any
        raise missing
    options = options or Options()
    layout = load_layout(options.layout, options.large_print)
    if doc.draft:  # the draft band across the top must never cover text
        layout = layout.with_top_margin(layout.type["small"] * (DRAFT_BAND_EM + 0.6))
    makers = {"panels": panels.render_panels, "bilingual": bilingual.render_bilingual}
    maker = makers.get(layout.kind, flow.render_flow)
    return maker(doc, brand, layout, options, stream)
