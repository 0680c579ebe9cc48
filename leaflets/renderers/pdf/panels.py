"""Folded sheets (tri-folds): a fixed number of panels, filled in reading order.

The story flows cover -> inside panels -> flap -> back, and each run of panels on one side
of the sheet is drawn as its own PDF page; the runs of the same side are then laid over each
other, so page 1 is the outside and page 2 the inside. The back matter (contacts, feedback
code, sources, review dates) takes the fold-in flap and the back panel.

A topic that does not fit fails with how much too long it is; nothing is ever cut. With
``--fit`` the type may shrink, never below the layout's floor, before it fails.
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from leaflets.brand.brand import Brand
from leaflets.document.nodes import Document, text_of
from leaflets.errors import Diagnostic, RenderError
from leaflets.layouts import Layout, Panel
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf.keep import Mark
from leaflets.renderers.pdf.print import PrintSetup, doc_kwargs
from leaflets.renderers.pdf.story import LeafletBuilder, Style
from leaflets.renderers.pdf.tags import Tagger, TaggingCanvas, furniture, read_first

OVERFLOW = "overflow"
FIT_STEP = 0.5


class _Overflow(Exception):
    pass


class SkipToPanel(ActionFlowable):
    """Move on to the named panel, unless the story has already reached it or a later one."""

    def __init__(self, name: str, order: list[str]) -> None:
        super().__init__()
        self.name, self.order = name, order

    def apply(self, doc: Any) -> None:
        if self.order.index(doc.frame.id) >= self.order.index(self.name):
            return
        doc.handle_frameEnd()
        doc._hanging.append(self)  # noqa: SLF001 - try again in the next frame, after any page begin


class _PanelDoc(BaseDocTemplate):
    def handle_pageBegin(self) -> None:  # noqa: N802 - reportlab's name
        if self.pageTemplate.id == OVERFLOW:
            raise _Overflow
        super().handle_pageBegin()


def _runs(panels: tuple[Panel, ...]) -> list[list[Panel]]:
    """Reading-order panels grouped into runs that share a side: one PDF page each."""
    runs: list[list[Panel]] = []
    for panel in panels:
        if runs and runs[-1][0].side == panel.side:
            runs[-1].append(panel)
        else:
            runs.append([panel])
    return runs


def _frame(panel: Panel, layout: Layout) -> Frame:
    top, bottom, left, right = layout.margins
    return Frame(
        panel.left + left, bottom, panel.width - left - right, layout.sheet[1] - top - bottom, id=panel.name,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip


def _style(layout: Layout, setup: PrintSetup) -> Style:
    top, bottom, left, right = layout.margins
    cover = layout.panels[0]
    at_right_edge = abs(cover.left + cover.width - layout.sheet[0]) < 1
    at_left_edge = cover.left < 1
    return Style(
        width=min(p.width for p in layout.panels) - left - right,
        type=layout.type,
        italics=layout.italics,
        band_bleed=(
            left + (setup.bleed if at_left_edge else 0),
            right + (setup.bleed if at_right_edge else 0),
            top + setup.bleed,
        ),
        logo_box=(cover.width * 0.35, cover.width * 0.2),
        print_ready=setup.enabled,
        frame_height=layout.sheet[1] - top - bottom,
    )


def _draw(
    doc: Document, brand: Brand, layout: Layout, setup: PrintSetup, tagged: bool, apart: bool
) -> tuple[bytes, list[Diagnostic]]:
    builder = LeafletBuilder(doc, brand, _style(layout, setup))
    tagger = Tagger(doc.meta.language) if tagged else None
    runs = _runs(layout.panels)

    banded: dict[int, int] = {}  # the first run of each side: later runs are laid over it, band and all
    for number, run in enumerate(runs, 1):
        banded.setdefault(run[0].side, number)

    def decorate(canvas: Any, _doc: Any) -> None:
        page = canvas.getPageNumber()
        if page in banded.values():
            with read_first(canvas) if page == 1 else furniture(canvas):  # said once, first
                builder.draft_band(canvas, *layout.sheet)

    templates = [
        PageTemplate(f"run{i}", frames=[_frame(p, layout) for p in run], onPageEnd=decorate)
        for i, run in enumerate(runs)
    ]
    templates.append(PageTemplate(OVERFLOW, frames=[_frame(layout.panels[-1], layout)]))
    out = io.BytesIO()
    template = _PanelDoc(
        out, pagesize=layout.sheet, initialFontName=builder.fonts.regular, initialFontSize=layout.type["body"],
        **doc_kwargs(doc, setup, layout.sheet),
    )  # fmt: skip
    template.addPageTemplates(templates)
    # The back matter (contacts, feedback, sources, review dates) fills the fold-in flap and the back.
    names = [p.name for p in layout.panels]
    back = names[-2] if len(names) > 2 else names[-1]
    # Pages after the first take these templates in turn (a cycle: reportlab's autoNextPageTemplate
    # repeats a template once in reportlab 5.1).
    order = NextPageTemplate([str(t.id) for t in templates[1:]])
    story = [order, *builder.front(), *builder.cover_message(), FrameBreak(), *builder.body(), *builder.words_to_know()]
    story += [SkipToPanel(back, names), *builder.contacts_and_feedback()]
    if apart:  # the fine print (sources, who wrote it) on the back cover, as printers place it
        story.append(SkipToPanel(names[-1], names))
    story += builder.back_matter(contacts=False)
    template.build(story, canvasmaker=lambda *a, **kw: TaggingCanvas(*a, tagger=tagger, **kw))
    # runs of the same side: lay each later run over the first run of its side
    first_of_side: dict[int, int] = {}
    pairs = []
    for index, run in enumerate(runs):
        side = run[0].side
        if side in first_of_side:
            pairs.append((first_of_side[side], index))
        else:
            first_of_side[side] = index
    from leaflets.renderers.pdf.imposed import finish, merged_sides  # pikepdf: folds only

    merged = io.BytesIO()
    finish(out.getvalue(), tagger, doc.meta.title, merged, merged_sides(pairs))
    return merged.getvalue(), builder.warnings + builder.long_words.findings(layout.name)


def _shortfall(doc: Document, brand: Brand, layout: Layout) -> str:
    """How much too long the topic is, in words a person can act on.

    The story is flowed through as many panels as it needs, so the figure counts what
    really fits in a panel: keep-together blocks and headings included.
    """
    builder = LeafletBuilder(doc, brand, _style(layout, PrintSetup()))
    panel = min(layout.panels, key=lambda p: p.width)
    frame = _frame(Panel("measure", 1, 0, panel.width), layout)
    measure = BaseDocTemplate(
        io.BytesIO(), pagesize=(panel.width, layout.sheet[1]), initialFontName=builder.fonts.regular
    )
    measure.addPageTemplates([PageTemplate("panel", frames=[frame])])
    end = Mark()
    measure.build([*builder.body(), *builder.words_to_know(), *builder.back_matter(), end])
    ratio = end.used / (len(layout.panels) - 1)  # every panel but the cover
    ratio = max(ratio, 1.01)  # it did not fit, whatever the rounding says
    words = len(text_of(n for s in doc.sections for n in s.nodes).split())
    cut = max(10, round(words * (1 - 1 / ratio) / 10) * 10)
    return f"needs about {ratio:.0%} of the space: cut about {cut} words, or use the a5 or booklet-a5 layout"


def _first_that_fits(
    doc: Document, brand: Brand, layout: Layout, setup: PrintSetup, tagged: bool
) -> tuple[bytes, list[Diagnostic]] | None:
    """The sheet with the fine print on the back cover, else (when that leaves too little room)
    with the back matter flowing on from the flap; None when neither fits."""
    for apart in (True, False):
        try:
            return _draw(doc, brand, layout, setup, tagged, apart)
        except (_Overflow, LayoutError):
            continue
    return None


def render_panels(doc: Document, brand: Brand, layout: Layout, options: Options, stream: BinaryIO) -> Rendered:
    setup = PrintSetup.from_options(options)
    if doc.rtl:
        layout = layout.mirrored()
    body = layout.type["body"]
    while (drawn := _first_that_fits(doc, brand, layout.with_body(body), setup, options.tagged)) is None:
        if not (options.fit and body - FIT_STEP >= layout.min_body):
            floor = f" even at the {layout.min_body:g} pt floor" if options.fit else ""
            message = f"does not fit a {layout.name}{floor}: {_shortfall(doc, brand, layout)}"
            raise RenderError([Diagnostic("", None, "", message)])
        body -= FIT_STEP
    pdf, warnings = drawn
    stream.write(pdf)
    if body != layout.type["body"]:
        warnings.append(Diagnostic("", None, "", f"--fit set the body text to {body:g} pt", "note"))
    return Rendered(2, "side", warnings)
