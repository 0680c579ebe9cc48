"""Handouts of a deck as tagged PDFs (PDF/UA-1): each slide with its speaker notes under it, for
the presenter or an audience that wants the detail, or three slides a page beside lines for the
audience's own notes (PowerPoint's own handout layout).

The slides are drawn by the slides PDF's painter, scaled, so they are the same slides in the
same fonts, and their words stay real tagged text; the pages are the leaflet's pages (title
band, footer, page numbers), A4, or Letter for a brand in the United States or Canada.
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer

from leaflets.brand.brand import Brand
from leaflets.deck.plan import SlidePlan
from leaflets.document.nodes import Document
from leaflets.layouts import load_layout
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf.flow import build_pages
from leaflets.renderers.pdf.print import PrintSetup
from leaflets.renderers.pdf.slides import PAGE, SlidePainter, plan_slides
from leaflets.renderers.pdf.story import LeafletBuilder
from leaflets.renderers.pdf.tags import Elem, element, furniture

#: Letter paper where it is the custom; A4 everywhere else.
LETTER_COUNTRIES = {"US", "CA"}
#: Three slides a page: the share of the width the slide takes, the rest is lines.
LINED_SHARE = 0.55


class SlideFlowable(Flowable):
    """One slide, drawn by the slides PDF's painter at ``width``, with a hairline frame."""

    def __init__(self, painter: SlidePainter, plan: SlidePlan, width: float, frame: Color) -> None:
        super().__init__()
        self.painter, self.plan, self.frame = painter, plan, frame
        self.width, self.height = width, width * PAGE[1] / PAGE[0]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if getattr(canvas, "measuring", False):  # a trial layout, counted and never written
            return
        scale = self.width / PAGE[0]
        canvas.saveState()
        canvas.scale(scale, scale)
        self.painter.c = canvas
        with element(canvas, Elem("Div")):
            getattr(self.painter, f"draw_{self.plan.kind}")(self.plan)
        with furniture(canvas):
            self.painter.furnish(self.plan)
            self.painter.draft_band()
            canvas.setStrokeColor(self.frame)
            canvas.setLineWidth(1 / scale)
            canvas.rect(0, 0, *PAGE, stroke=1, fill=0)
        canvas.restoreState()


class Lines(Flowable):
    """Ruled lines for the reader's notes beside a slide: decoration, never read out."""

    def __init__(self, width: float, height: float, gap: float, color: Color) -> None:
        super().__init__()
        self.width, self.height, self.gap, self.color = width, height, gap, color

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        with furniture(self.canv):
            self.canv.setStrokeColor(self.color)
            self.canv.setLineWidth(0.6)
            y = self.height - self.gap
            while y >= 0:
                self.canv.line(0, y, self.width, y)
                y -= self.gap


class Beside(Flowable):
    """A slide and the lines beside it, as one row."""

    def __init__(self, slide: SlideFlowable, lines: Lines, gap: float) -> None:
        super().__init__()
        self.slide, self.lines, self.gap = slide, lines, gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.slide.width + self.gap + self.lines.width, self.slide.height

    def draw(self) -> None:
        self.slide.drawOn(self.canv, 0, 0)
        self.lines.drawOn(self.canv, self.slide.width + self.gap, 0)


def _story(builder: LeafletBuilder, plans: list[SlidePlan], painter: SlidePainter, lined: bool) -> list[Flowable]:
    out = builder.front()
    frame = builder.color(builder.ink, 0.35)
    if lined:
        # three rows fill a page: each a slide and lines as tall as it
        row = min(builder.width * LINED_SHARE * PAGE[1] / PAGE[0], (builder.page.frame_height or 700) / 3.4)
        width = row * PAGE[0] / PAGE[1]
        lines_w = builder.width - width - 18
        for plan in plans:
            slide = SlideFlowable(painter, plan, width, frame)
            out += [Beside(slide, Lines(lines_w, row, builder.page.leading * 1.5, frame), 18), Spacer(1, 14)]
        return out
    for plan in plans:
        said: list[Flowable] = [SlideFlowable(painter, plan, builder.width * 0.8, frame), Spacer(1, 8)]
        # each line of the notes its own paragraph, as on the deck's notes page (a source a line)
        notes = [builder.plain(line) for text in plan.notes for line in text.splitlines() if line.strip()]
        # a slide stays with the start of its notes; long notes flow on
        out += [KeepTogether(said + notes[:1]), *notes[1:], Spacer(1, 18)]
    return out


def render(
    doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None, lined: bool = False
) -> Rendered:
    """Write the handout: each slide with its notes, or (``lined``) three slides a page with lines."""
    plans = plan_slides(doc, brand)
    layout = load_layout("letter" if (brand.country or "").split("-")[0] in LETTER_COUNTRIES else "a4")
    holder: dict[str, Any] = {}

    def story(builder: LeafletBuilder) -> list[Flowable]:
        if "painter" not in holder:  # each slide flowable hands the painter its page's canvas
            holder["painter"] = SlidePainter(doc, brand, Canvas(io.BytesIO()), top_role="H2")
        painter = holder["painter"]
        return _story(builder, plans, painter, lined)

    tagged = options is None or options.tagged
    flowed = build_pages(doc, brand, layout, PrintSetup(), tagged=tagged, story=story)
    return Rendered(flowed.save(stream, doc.meta.title), "page")


def render_lined(doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None) -> Rendered:
    """Three slides a page, each beside lines for the audience's notes."""
    return render(doc, brand, stream, options, lined=True)
