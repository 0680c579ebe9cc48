"""Flowing page layouts (A4, A5, Letter, large print) and A5 booklets imposed for saddle stitching.

Content flows onto as many pages as it needs. Every page carries the brand footer, the
leaflet's reference and review dates, and "Page N of M".
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from typing import Any, BinaryIO

from msgspec import Struct, field
from msgspec.structs import replace
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from leaflets.brand.brand import Brand
from leaflets.content.inline import Run
from leaflets.document.backmatter import footer_reference
from leaflets.document.nodes import Document, text_of
from leaflets.errors import Diagnostic, RenderError
from leaflets.layouts import Layout
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf import rl_private, structure
from leaflets.renderers.pdf.panels import FIT_STEP
from leaflets.renderers.pdf.print import PrintSetup, doc_kwargs
from leaflets.renderers.pdf.story import LeafletBuilder, Style
from leaflets.renderers.pdf.tags import Tagger, TaggingCanvas, furniture, read_first

#: A last page of text filled less than this is worth a second try with less spacing.
NEARLY_EMPTY = 0.15


def style_for(layout: Layout, setup: PrintSetup) -> Style:
    top, bottom, left, right = layout.margins
    return Style(
        width=layout.page[0] - left - right,
        type=layout.type,
        italics=layout.italics,
        band_bleed=(left + setup.bleed, right + setup.bleed, top + setup.bleed),
        logo_box=(min(58 * mm, layout.page[0] * 0.3), 20 * mm),
        print_ready=setup.enabled,
        frame_height=layout.page[1] - top - bottom,
        double_sided=layout.double_sided,
        large_print=layout.large_print,
    )


def _canvas_class(builder: LeafletBuilder, layout: Layout, tagger: Tagger | None) -> type[TaggingCanvas]:
    """A canvas that holds pages until the end, so every footer can say "Page N of M"."""
    doc, small = builder.doc, layout.type["small"]
    top, bottom, left, right = layout.margins
    width, height = layout.page
    ref = footer_reference(doc)

    class FooterCanvas(TaggingCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, tagger=tagger, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                with self.furniture():
                    self._footer(number, total)
                with read_first(self) if number == 1 else furniture(self):  # said once, first
                    builder.draft_band(self, width, height)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            rule = bottom - 6 * mm
            self.saveState()
            self.setStrokeColor(builder.color(builder.ink, 0.35))
            self.setLineWidth(0.6)
            self.line(left, rule, width - right, rule)
            self.setFillColor(builder.color(builder.ink))
            # the page number at the end edge, the footer and reference at the start edge
            label = doc.strings.format("page_of", page=number, pages=total)
            label_width = builder.line_width(label, small)
            ink = builder.color(builder.ink)
            builder.draw_line(
                self, label, left if builder.rtl else width - right - label_width, rule - small * 1.25, small, ink
            )
            room = width - left - right - label_width - 6 * mm
            footer = builder.text((Run(doc.footer),), builder.styles["small"], None)
            _, h = footer.wrap(room, bottom)
            footer.drawOn(self, width - right - room if builder.rtl else left, rule - 2 - h)
            if ref:
                ref_x = width - right - builder.line_width(ref, small) if builder.rtl else left
                builder.draw_line(self, ref, ref_x, rule - 2 - h - small * 1.25, small, ink)
            self.restoreState()

    return FooterCanvas


class Flowed(Struct, dict=True):
    """Pages laid out by :func:`build_pages`: what was tagged, warnings, and how full each
    page's text area is (0 to 1), for ``check``.

    The pages are written out (footers, "Page N of M", the PDF file) only when ``pdf`` is
    first read, so a layout that is tried and dropped (a smaller type under ``--fit``) costs
    no writing. A trial laid out without drawing (the tighter second try) is never written."""

    held: Any  # the canvas holding the laid-out pages until they are written
    out: io.BytesIO
    tagged: Tagger | None
    warnings: list[Diagnostic]
    fullness: list[float] = field(default_factory=list)
    text_pages: int = 0  # pages of the leaflet's text, before any notes pages and a back cover

    @functools.cached_property
    def pdf(self) -> bytes:
        assert not self.held.measuring, "a trial layout has no drawing to write"
        self.held.save()
        return self.out.getvalue()

    def save(self, stream: BinaryIO, title: str) -> int:
        """Write the pages, tagged, to ``stream`` where they were laid out; the number of pages."""
        assert not self.held.measuring, "a trial layout has no drawing to write"
        pages = structure.save(self.held, self.tagged, title)
        stream.write(self.out.getvalue())
        return pages

    @property
    def tagger(self) -> Tagger | None:
        """What was tagged, the page furniture written with the pages included."""
        self.pdf  # noqa: B018 - writes the pages, which tags their furniture
        return self.tagged


def build_pages(
    doc: Document,
    brand: Brand,
    layout: Layout,
    setup: PrintSetup,
    tagged: bool = True,
    story: Callable[..., list[Flowable]] | None = None,
) -> Flowed:
    """Flow ``story`` (by default the whole leaflet, one column) onto pages of ``layout.page``,
    each with the footer. Printed double-sided, the page count is made even, and a booklet's a
    multiple of four, with pages for the reader's notes rather than blank ones; a booklet's
    last page is its back cover (who to contact, the feedback code)."""
    if layout.kind != "booklet":  # an even page count, if asked, is made in one pass (NotesIfOdd)
        flowed = _flow(doc, brand, layout, setup, tagged, story or LeafletBuilder.story)
        if flowed.text_pages < 2 or flowed.fullness[flowed.text_pages - 1] > NEARLY_EMPTY:
            return flowed
        # a last page with a line or two on it: less space between paragraphs may take it back.
        # Tried without drawing (a third of a layout's time), as it mostly does not; drawn if it does.
        tried = _flow(doc, brand, layout, setup, False, story or LeafletBuilder.story, tight=True, draw=False)
        if tried.text_pages >= flowed.text_pages:
            return flowed
        return _flow(doc, brand, layout, setup, tagged, story or LeafletBuilder.story, tight=True)
    flowed = _flow(doc, brand, layout, setup, tagged, LeafletBuilder.booklet_story)
    short = -len(flowed.fullness) % 4
    if not short:
        return flowed
    return _flow(doc, brand, layout, setup, tagged, functools.partial(LeafletBuilder.booklet_story, notes=short))


def _flow(
    doc: Document,
    brand: Brand,
    layout: Layout,
    setup: PrintSetup,
    tagged: bool,
    story: Callable[..., list[Flowable]],
    tight: bool = False,
    draw: bool = True,
) -> Flowed:
    """Lay out ``story``; ``draw`` False lays it out without drawing, for a trial whose pages
    are counted, never written."""
    builder = LeafletBuilder(doc, brand, replace(style_for(layout, setup), tight=tight))
    tagger = Tagger(doc.meta.language) if tagged else None
    drawn = io.BytesIO()
    top, bottom, left, right = layout.margins
    width, height = layout.page
    template = BaseDocTemplate(
        drawn,
        pagesize=(width, height),
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        initialFontName=builder.fonts.regular,
        initialFontSize=layout.type["body"],
        **doc_kwargs(doc, setup, (width, height)),
    )
    frame = Frame(
        left,
        bottom,
        width - left - right,
        height - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    fullness: list[float] = []
    template.addPageTemplates(
        [PageTemplate("page", frames=[frame], onPageEnd=lambda _c, d: fullness.append(rl_private.frame_used(d.frame)))]
    )
    rl_private.hold_pages(template)  # written by Flowed.pdf, if this layout is kept
    try:
        canvas = _canvas_class(builder, layout, tagger)
        canvas.measuring = not draw
        template.build(story(builder), canvasmaker=canvas)
    except LayoutError as exc:  # reportlab's message names objects by address: say it in the reader's terms
        page = re.search(r"on page (\d+)", str(exc))
        where = f" (page {page[1]})" if page else ""
        raise RenderError(
            [Diagnostic("", None, "", f"a block is too tall to fit on one page{where} and cannot be split: "
                        "make its picture smaller or split it into smaller blocks")]
        ) from None  # fmt: skip
    text_pages = builder.content_end.page or len(fullness)
    return Flowed(
        template.canv, drawn, tagger, builder.warnings + builder.long_words.findings(layout.name), fullness, text_pages
    )


def fits_budget(
    doc: Document, brand: Brand, layout: Layout, options: Options, setup: PrintSetup
) -> tuple[Layout, Flowed]:
    """The layout (its type shrunk by ``--fit`` if it must be) whose pages fit the topic's or
    the layout's page budget, and the pages; a fitting error says by how much it is over."""
    budget = doc.meta.pages or layout.pages
    body = layout.type["body"]
    while True:
        sized = layout.with_body(body)
        flowed = build_pages(doc, brand, sized, setup, options.tagged)
        pages = len(flowed.fullness)
        if not budget or pages <= budget:
            if body != layout.type["body"]:
                flowed.warnings.append(Diagnostic("", None, "", f"--fit set the body text to {body:g} pt", "note"))
            return sized, flowed
        if options.fit and body - FIT_STEP >= layout.min_body:
            body -= FIT_STEP
            continue
        words = len(text_of(n for s in doc.sections for n in s.nodes).split())
        cut = max(10, round(words * (1 - budget / pages) / 10) * 10)
        floor = f" even at the {layout.min_body:g} pt floor" if options.fit else ""
        raise RenderError(
            [
                Diagnostic(
                    "", None, "pages",
                    f"does not fit {budget} {layout.name} pages{floor}: it takes {pages}: cut about {cut} words"
                    + ("" if options.fit else ", or build with --fit"),
                )
            ]
        )  # fmt: skip


def render_flow(doc: Document, brand: Brand, layout: Layout, options: Options, stream: BinaryIO) -> Rendered:
    setup = PrintSetup.from_options(options)
    if layout.kind == "booklet":
        # The imposed sheets are for office printers; a print shop takes the pages (with
        # bleed and marks when print-ready) and imposes them itself.
        from leaflets.renderers.pdf.imposed import booklet_sheets, finish  # pikepdf: booklets only

        layout, flowed = fits_budget(doc, brand, layout, options, PrintSetup())
        printed = build_pages(doc, brand, layout, setup, options.tagged) if setup.enabled else flowed
        pages = io.BytesIO()
        finish(printed.pdf, printed.tagger, doc.meta.title, pages)
        sheets = booklet_sheets(layout.sheet, doc.rtl)
        finish(flowed.pdf, flowed.tagger, doc.meta.title, stream, sheets)
        return Rendered(
            sheets.count,
            "sheet",
            flowed.warnings,
            extra={"-pages": pages.getvalue()},
            fullness=flowed.fullness[: flowed.text_pages],
        )
    _, flowed = fits_budget(doc, brand, layout, options, setup)
    return Rendered(
        flowed.save(stream, doc.meta.title),
        "page",
        flowed.warnings,
        fullness=flowed.fullness[: flowed.text_pages],
    )
