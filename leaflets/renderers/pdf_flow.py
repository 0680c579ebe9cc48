"""Flowing page layouts (A4, A5, Letter, large print) and A5 booklets imposed for saddle stitching.

Content flows onto as many pages as it needs. Every page carries the brand footer, the
leaflet's reference and review dates, and "Page N of M".
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from leaflets.brand import Brand
from leaflets.document import Document
from leaflets.errors import Diagnostic, RenderError
from leaflets.inline import Run
from leaflets.layouts import Layout
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf_leaflet import LeafletBuilder, Style, footer_reference
from leaflets.renderers.pdf_print import PrintSetup, booklet_sheets, doc_kwargs
from leaflets.renderers.pdf_structure import finish
from leaflets.renderers.pdf_tags import Tagger, TaggingCanvas


def style_for(layout: Layout, setup: PrintSetup) -> Style:
    top, bottom, left, right = layout.margins
    return Style(
        width=layout.page[0] - left - right,
        type=layout.type,
        italics=layout.italics,
        band_bleed=(left + setup.bleed, right + setup.bleed, top + setup.bleed),
        logo_box=(min(58 * mm, layout.page[0] * 0.3), 20 * mm),
        print_ready=setup.enabled,
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


def build_pages(
    doc: Document,
    brand: Brand,
    layout: Layout,
    setup: PrintSetup,
    tagged: bool = True,
    story: Callable[[LeafletBuilder], list[Flowable]] = LeafletBuilder.story,
) -> tuple[bytes, Tagger | None, list[Diagnostic]]:
    """Flow ``story`` (by default the whole leaflet, one column) onto pages of ``layout.page``,
    each with the footer: the drawn PDF, what was tagged, and warnings."""
    builder = LeafletBuilder(doc, brand, style_for(layout, setup))
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
    template.addPageTemplates([PageTemplate("page", frames=[frame])])
    try:
        template.build(story(builder), canvasmaker=_canvas_class(builder, layout, tagger))
    except LayoutError as exc:  # reportlab's message names objects by address: say it in the reader's terms
        page = re.search(r"on page (\d+)", str(exc))
        where = f" (page {page[1]})" if page else ""
        raise RenderError(
            [Diagnostic("", None, "", f"a block is too tall to fit on one page{where} and cannot be split: "
                        "make its picture smaller or split it into smaller blocks")]
        ) from None  # fmt: skip
    return drawn.getvalue(), tagger, builder.warnings


def render_flow(doc: Document, brand: Brand, layout: Layout, options: Options, stream: BinaryIO) -> Rendered:
    setup = PrintSetup.from_options(options)
    if layout.kind == "booklet":
        # The imposed sheets are for office printers; a print shop takes the pages (with
        # bleed and marks when print-ready) and imposes them itself.
        drawn, tagger, warnings = build_pages(doc, brand, layout, PrintSetup(), options.tagged)
        if setup.enabled:
            drawn_pages, tagger_pages, _ = build_pages(doc, brand, layout, setup, options.tagged)
        else:
            drawn_pages, tagger_pages = drawn, tagger
        pages = io.BytesIO()
        finish(drawn_pages, tagger_pages, doc.meta.title, pages)
        sheets = booklet_sheets(layout.sheet, doc.rtl)
        finish(drawn, tagger, doc.meta.title, stream, sheets)
        return Rendered(sheets.count, "sheets", warnings, extra={"-pages": pages.getvalue()})
    drawn, tagger, warnings = build_pages(doc, brand, layout, setup, options.tagged)
    return Rendered(finish(drawn, tagger, doc.meta.title, stream), "pages", warnings)
