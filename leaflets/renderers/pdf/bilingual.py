"""Bilingual leaflets: the English source and its translation side by side, part by part.

Clinics ask for this so that a family can share one leaflet, and so that staff who read only
English can see what the translation says next to it. Each row of the page holds one part of
the source (a heading, a paragraph, a callout) beside the same part of the translation, so
the two stay level however long each language makes it; the back matter closes both. A row
longer than a page continues on the next. The translation's draft band and page numbers are
on every page, and in the tagged PDF each column's parts carry their own language.
"""

from __future__ import annotations

from typing import BinaryIO

from msgspec.structs import replace
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from leaflets.brand.brand import Brand
from leaflets.document.nodes import Document, Section
from leaflets.errors import Diagnostic, RenderError
from leaflets.layouts import Layout
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf import rl_private
from leaflets.renderers.pdf.flow import build_pages
from leaflets.renderers.pdf.print import PrintSetup
from leaflets.renderers.pdf.story import LeafletBuilder
from leaflets.renderers.pdf.tags import Elem, Tagged

GAP = 8 * mm  # between the columns, with a rule in the middle


def render_bilingual(doc: Document, brand: Brand, layout: Layout, options: Options, stream: BinaryIO) -> Rendered:
    if doc.source is None:
        raise RenderError(
            [
                Diagnostic(
                    "",
                    None,
                    "",
                    f"the {layout.name} layout sets a translation beside its source: build it for a translated "
                    "topic (one with translation_of), such as content/ar/bone-metastasis.yaml",
                )
            ]
        )
    source = doc.source
    setup = PrintSetup.from_options(options)

    def story(page: LeafletBuilder) -> list[Flowable]:
        inset = GAP / 4  # the title band reaches a little past its column, so the title is not at its edge
        column = replace(page.page, width=(page.width - GAP) / 2, band_bleed=(inset, inset, 0.0))
        left, right = LeafletBuilder(source, brand, column), LeafletBuilder(doc, brand, column)
        table = Table(
            _rows(left, right),
            colWidths=[column.width + GAP / 2] * 2,
            splitByRow=1,
            splitInRow=1,
            style=[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), GAP / 2),
                ("LEFTPADDING", (1, 0), (1, -1), GAP / 2),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("LINEAFTER", (0, 0), (0, -1), 0.6, page.color(page.ink, 0.35)),
            ],
        )
        page.warnings += left.warnings + right.warnings
        return [table]

    flowed = build_pages(doc, brand, layout, setup, options.tagged, story)
    return Rendered(flowed.save(stream, doc.meta.title), "page", flowed.warnings)


def _rows(left: LeafletBuilder, right: LeafletBuilder) -> list[list[list[Flowable]]]:
    """Rows of (source, translation) cells in reading order: front, each part, back matter."""
    pairs = [(left.front(), right.front())]
    source, translation = left.doc.sections, right.doc.sections
    if len(source) == len(translation):
        for a, b in zip(source, translation, strict=True):
            pairs += _section_rows(left, right, a, b)
    else:  # the checks make this rare: then the bodies stand side by side as wholes
        pairs.append((left.body(), right.body()))
    pairs += [(left.words_to_know(), right.words_to_know()), (left.back_matter(), right.back_matter())]
    return [[_cell(left, a), _cell(right, b)] for a, b in pairs]


def _section_rows(
    left: LeafletBuilder, right: LeafletBuilder, a: Section, b: Section
) -> list[tuple[list[Flowable], list[Flowable]]]:
    if len(a.nodes) != len(b.nodes):
        rows = [([f for n in a.nodes for f in left.flowable(n)], [f for n in b.nodes for f in right.flowable(n)])]
    else:
        rows = [(left.flowable(x), right.flowable(y)) for x, y in zip(a.nodes, b.nodes, strict=True)]
    if a.heading and b.heading:  # in the row of what follows it, so a heading never ends a page alone
        heading = (left.flowable(a.heading), right.flowable(b.heading))
        first = rows[0] if rows else ([], [])
        rows[:1] = [(heading[0] + first[0], heading[1] + first[1])]
    return rows


def _cell(builder: LeafletBuilder, flowables: list[Flowable]) -> list[Flowable]:
    """One column's share of a row, grouped in its own language for screen readers."""
    group = Elem("Div", lang=builder.doc.meta.language)
    return [Tagged(f, group) for f in _unkept(flowables)]


def _unkept(flowables: list[Flowable]) -> list[Flowable]:
    """KeepTogether groups opened up: in a table cell there is no frame to keep them in."""
    out: list[Flowable] = []
    for f in flowables:
        inner = rl_private.kept(f)
        out += _unkept(inner) if inner != [f] else [f]
    return out
