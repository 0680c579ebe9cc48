"""The deck's PDF twin: the same slide plan drawn with reportlab on 16:9 pages.

A presenter can show or share it without PowerPoint, and ``leaflets preview --deck`` can
picture a deck without LibreOffice. Text is set in Arimo, which has Arial's metrics, in the
deck's geometry, so every line wraps where PowerPoint and LibreOffice wrap the deck's Arial.
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image

from leaflets.brand.brand import Brand
from leaflets.brand.color import DRAFT_FILL, DRAFT_INK, RGB, WHITE, readable_on, tint
from leaflets.brand.fonts import deck_family, deck_metrics_font, language_font
from leaflets.brand.logo import band_logo, small_logo
from leaflets.brand.measure import Measurer
from leaflets.content.inline import Inline, Run, plain
from leaflets.deck.plan import (
    DRAFT_BAND,
    LINE_SPACING,
    MIN_BODY_PT,
    TITLE_PT,
    BodyBox,
    Line,
    Planner,
    SlidePlan,
    hang,
    plan_deck,
    title_size,
)
from leaflets.deck.tables import CELL_SIDE, CELL_TOP
from leaflets.document.nodes import Document
from leaflets.renderers import Options, Rendered
from leaflets.renderers.pdf import structure
from leaflets.renderers.pdf.flowables import ListItem, QRFlowable, WarningIcon
from leaflets.renderers.pdf.print import PrintSetup, doc_kwargs
from leaflets.renderers.pdf.rl_private import ScannedParagraph
from leaflets.renderers.pdf.shaping import ShapedParagraph, word_wrap
from leaflets.renderers.pdf.story import rgb
from leaflets.renderers.pdf.tags import Tagger, TaggingCanvas, element, furniture
from leaflets.renderers.pdf.text import PdfFonts

PAGE = (13.333 * inch, 7.5 * inch)
MARGIN = 0.6 * inch
TITLE_TOP = 0.45 * inch
TITLE_H = 1.25 * inch
BODY_TOP = 1.9 * inch
BODY_H = 5.2 * inch
BODY_W = 12.1 * inch  # the deck's body placeholder
RULE = (1.0 * inch, 0.08 * inch)
LOGO_H = 0.4 * inch


class SlidePainter:
    def __init__(self, doc: Document, brand: Brand, canvas: Canvas, top_role: str = "H1") -> None:
        self.doc, self.brand, self.c = doc, brand, canvas
        self.top_role = top_role  # the title slide's heading: H2 inside a handout, which has its own H1
        self.fonts = PdfFonts(deck_family())  # Arial's metrics: lines wrap as in the deck
        self.ink = readable_on(brand.background, brand.foreground)
        self.accent = readable_on(brand.background, brand.primary)
        self.measurer = Measurer.of(language_font(doc.meta.language) or deck_metrics_font())
        self.width = BODY_W
        self.rtl = doc.rtl
        self.wrap = word_wrap(doc.meta.language)

    def style(
        self, size: float, color: RGB, bold: bool = False, centre: bool = False, indent: float = 0
    ) -> ParagraphStyle:
        return ParagraphStyle(
            "slide", fontName=self.fonts.bold if bold else self.fonts.regular, fontSize=size,
            leading=size * LINE_SPACING, textColor=rgb(color), alignment=TA_CENTER if centre else TA_LEFT,
            leftIndent=indent, bulletIndent=0, bulletFontName=self.fonts.regular, bulletFontSize=size,
            wordWrap=self.wrap,
        )  # fmt: skip

    def text(
        self, lines: list[Line], x: float, top: float, width: float, color: RGB, centre: bool = False,
        height: float | None = None,
    ) -> float:  # fmt: skip
        """Draw ``lines`` from ``top`` down, or balanced in ``height`` below it; return where they end."""
        paras = []
        for line in lines:
            style = self.style(line.size, color, bold=line.kind == "sub", centre=centre, indent=hang(line))
            bullet = {"bullet": "•", "number": f"{line.number}."}.get(line.kind)
            para = self.paragraph(line.text, style, bullet)
            paras.append((para, para.wrapOn(self.c, width, PAGE[1])[1]))
        y = top
        if height is not None:  # a short slide does not sit in the top third
            used = sum(h + 10 for _, h in paras)
            y = top - max(0.0, (height - used) / 2)
        for para, h in paras:
            with element(self.c, "P"):
                para.drawOn(self.c, x, y - h)
            y -= h + 10
        return y

    def paragraph(self, text: Inline, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
        """One line of the plan as a flowable: shaped and mirrored for scripts that need it."""
        if not self.fonts.needs_shaping(plain(text), self.rtl):
            markup = self.fonts.markup(text, None, "#" + style.textColor.hexval()[2:], show_urls=False)
            return ScannedParagraph(markup, style, bulletText=bullet)
        body_style = ParagraphStyle("shaped", style, leftIndent=0)
        bold = style.fontName == self.fonts.bold
        body = ShapedParagraph(
            self.fonts.spans(text, None, style.textColor, bold, show_urls=False), body_style, self.rtl
        )
        if bullet is None:
            return body
        label = ShapedParagraph(self.fonts.spans((Run(bullet),), None, style.textColor), body_style, self.rtl)
        return ListItem(label, body, style.leftIndent, self.rtl)

    def title(self, text: str, color: RGB, size: float = TITLE_PT, box: tuple[float, float, float, float] | None = None,
              centre: bool = False, role: str = "H2") -> None:  # fmt: skip
        """A slide's title: ``H1`` on the title slide, ``H2`` on the rest."""
        x, top, width, height = box or (MARGIN, PAGE[1] - TITLE_TOP, self.width, TITLE_H)
        size = title_size(self.measurer, text, width, height, size)
        para = self.paragraph((Run(text),), self.style(size, color, bold=True, centre=centre))
        _, h = para.wrapOn(self.c, width, height * 2)
        with element(self.c, role):
            para.drawOn(self.c, x, top - (height + h) / 2)

    def fill(self, color: RGB, box: tuple[float, float, float, float], stroke: RGB | None = None) -> None:
        self.c.saveState()
        self.c.setFillColor(rgb(color))
        if stroke:
            self.c.setStrokeColor(rgb(stroke))
            self.c.setLineWidth(2)
        self.c.rect(*box, stroke=1 if stroke else 0, fill=1)
        self.c.restoreState()

    # -- slide kinds ---------------------------------------------------------------------

    def draw_title(self, plan: SlidePlan) -> None:
        brand, meta = self.brand, self.doc.meta
        self.fill(brand.primary, (0, 0, *PAGE))
        on = readable_on(brand.primary, WHITE)
        self.title(
            plan.title,
            on,
            44,
            (0.8 * inch, PAGE[1] - 2.0 * inch, PAGE[0] - 1.6 * inch, 2.2 * inch),
            centre=True,
            role=self.top_role,
        )
        lines = [Line((Run(meta.subtitle),), size=28)] if meta.subtitle else []
        lines.append(Line((Run(self.doc.presenter or brand.name),), size=24))
        y = PAGE[1] - 4.4 * inch
        for line in lines:
            para = self.paragraph(line.text, self.style(line.size, on, centre=True))
            _, h = para.wrapOn(self.c, PAGE[0] - 1.6 * inch, PAGE[1])
            with element(self.c, "P"):
                para.drawOn(self.c, 0.8 * inch, y - h)
            y -= h + 8
        choice = band_logo(brand, "the title slide")
        if choice:
            logo = Image(str(choice.path), width=2.6 * inch, height=1.0 * inch, kind="proportional")
            logo.wrapOn(self.c, 2.6 * inch, inch)
            x = MARGIN if self.rtl else PAGE[0] - logo.drawWidth - MARGIN
            y = PAGE[1] - 0.5 * inch - logo.drawHeight
            if choice.plate:  # too little contrast on the brand colour: a white plate behind it
                pad = 0.15 * inch
                self.fill(WHITE, (x - pad, y - pad, logo.drawWidth + 2 * pad, logo.drawHeight + 2 * pad))
            logo.drawOn(self.c, x, y)

    def draw_section(self, plan: SlidePlan) -> None:
        self.fill(self.brand.primary, (0, 0, *PAGE))
        self.title(
            plan.title,
            readable_on(self.brand.primary, WHITE),
            40,
            (0.8 * inch, PAGE[1] - 2.4 * inch, PAGE[0] - 1.6 * inch, 1.8 * inch),
        )

    def draw_content(self, plan: SlidePlan, centre: bool = False) -> None:
        self.title(plan.title, self.accent)
        self.text(plan.lines, MARGIN + 7, PAGE[1] - BODY_TOP - 7, self.width - 14, self.ink, centre, BODY_H - 14)

    draw_closing = draw_content

    def draw_quote(self, plan: SlidePlan) -> None:
        """A quote: large and centred in the slide's body, its attribution under it."""
        self.draw_content(plan, centre=True)

    def draw_table(self, plan: SlidePlan) -> None:
        """The planned rows as a tagged table (TH scope Column, TD), with the note under it."""
        part = plan.table
        assert part is not None
        self.title(plan.title, self.accent)
        lefts = [MARGIN + 7 + sum(part.widths[:i]) for i in range(len(part.widths))]
        if self.rtl:  # the first column at the right edge
            lefts = [PAGE[0] - left - w for left, w in zip(lefts, part.widths, strict=True)]
        y = PAGE[1] - BODY_TOP - 7
        grid = ([part.header] if part.header else []) + list(part.rows)
        with element(self.c, "Table"):
            for r, row in enumerate(grid):
                header = r == 0 and part.header is not None
                ink = readable_on(self.brand.primary, WHITE) if header else self.ink
                style = self.style(part.size, ink, bold=header)
                cells = [self.paragraph(text, style) for text in row]
                heights = [
                    c.wrapOn(self.c, w - 2 * CELL_SIDE, PAGE[1])[1] for c, w in zip(cells, part.widths, strict=True)
                ]
                height = max(part.heights[r], max(heights) + 2 * CELL_TOP)
                with furniture(self.c):
                    if header:
                        self.fill(self.brand.primary, (MARGIN + 7, y - height, sum(part.widths), height))
                    self.c.setStrokeColor(rgb(tint(self.ink, 0.35)))
                    self.c.line(MARGIN + 7, y - height, MARGIN + 7 + sum(part.widths), y - height)
                with element(self.c, "TR"):
                    for cell, left in zip(cells, lefts, strict=True):
                        with element(self.c, "TH" if header else "TD"):
                            cell.drawOn(self.c, left + CELL_SIDE, y - CELL_TOP - cell.height)
                y -= height
        if plan.lines:
            self.text(plan.lines, MARGIN + 7, y - 10, self.width - 14, self.ink)

    def draw_callout(self, plan: SlidePlan) -> None:
        color = self.brand.callout_colors[plan.style or "info"]
        bar = (MARGIN, PAGE[1] - TITLE_TOP - TITLE_H, self.width, TITLE_H)
        self.fill(color, bar)
        indent = 1.0 * inch if plan.style == "urgent" else 0.15 * inch
        start = MARGIN + (0.15 * inch if self.rtl else indent)  # the icon's room is at the start edge
        self.title(
            plan.title,
            readable_on(color, WHITE),
            box=(start, PAGE[1] - TITLE_TOP, self.width - indent - 0.15 * inch, TITLE_H),
        )
        if plan.style == "urgent":
            icon = WarningIcon(0.75 * inch, rgb(WHITE), mark=rgb(color))
            x = PAGE[0] - MARGIN - 0.9 * inch if self.rtl else MARGIN + 0.15 * inch
            icon.drawOn(self.c, x, bar[1] + (TITLE_H - 0.75 * inch) / 2)
        fill = tint(color)
        body_top = PAGE[1] - BODY_TOP
        self.fill(fill, (MARGIN, body_top - BODY_H, self.width, BODY_H), stroke=color)
        ink = readable_on(fill, self.ink)
        self.text(plan.lines, MARGIN + 0.25 * inch, body_top - 7, self.width - 0.5 * inch, ink, height=BODY_H - 14)

    def draw_picture(self, plan: SlidePlan) -> None:
        figure = plan.figure
        assert figure is not None
        self.title(plan.title, self.accent)
        top = PAGE[1] - BODY_TOP
        if plan.beside:  # the words at the start edge, the picture beside them
            half = self.width / 2 - 18
            text_x, picture_x = (
                (MARGIN + self.width / 2 + 18, MARGIN) if self.rtl else (MARGIN, MARGIN + self.width / 2 + 18)
            )
            self.text(plan.lines, text_x + 7, top - 7, half - 7, self.ink)
            box = (picture_x, half, BODY_H)
        else:
            box = (MARGIN, self.width, BODY_H - (1.3 * inch if plan.lines else 0.4 * inch))
        scale = min(box[1] / figure.width_px, box[2] / figure.height_px)
        w, h = figure.width_px * scale, figure.height_px * scale
        with element(self.c, "Figure", figure.alt):
            self.c.drawImage(str(figure.path), box[0] + (box[1] - w) / 2, top - h, w, h)
        if plan.lines and not plan.beside:
            self.text(plan.lines, MARGIN, top - h - 0.1 * inch, self.width, self.ink)

    def draw_qr(self, plan: SlidePlan) -> None:
        code = plan.qr
        assert code is not None
        self.title(plan.title, self.accent)
        size = 3.6 * inch
        code_x, text_x = (PAGE[0] - 0.8 * inch - size, 0.7 * inch) if self.rtl else (0.8 * inch, 5.0 * inch)
        top = PAGE[1] - BODY_TOP - (BODY_H - size) / 2  # the code and its words balanced in the body area
        with element(self.c, "Figure", self.doc.strings.format("qr_alt", url=code.url)):
            QRFlowable(code.url, size).drawOn(self.c, code_x, top - size)
        lines = [*plan.lines, Line((Run(code.url, href=code.url),))]
        self.text(lines, text_x, top, 7.6 * inch, self.ink, height=size)

    def furnish(self, plan: SlidePlan) -> None:
        """The built-in design's marks, as the deck draws them: a short rule in the brand colour
        under the title (not on a callout's coloured bar) and the logo small in the bottom corner."""
        if plan.kind in ("title", "section"):
            return
        if plan.kind != "callout":
            x = MARGIN + self.width - 7.2 - RULE[0] if self.rtl else MARGIN + 7.2
            self.fill(self.accent, (x, PAGE[1] - TITLE_TOP - TITLE_H - RULE[1], *RULE))
        logo = small_logo(self.brand)
        if logo is not None:
            picture = Image(str(logo), width=3 * LOGO_H, height=LOGO_H, kind="proportional")
            picture.wrapOn(self.c, 3 * LOGO_H, LOGO_H)
            x = MARGIN if self.rtl else PAGE[0] - MARGIN - picture.drawWidth
            picture.drawOn(self.c, x, 0.2 * inch)

    def draft_band(self) -> None:
        """The draft-translation warning across the top of every slide."""
        if not self.doc.draft:
            return
        band = DRAFT_BAND / 72 * inch
        self.fill(DRAFT_FILL, (0, PAGE[1] - band, PAGE[0], band))
        para = self.paragraph((Run(self.doc.draft),), self.style(MIN_BODY_PT, DRAFT_INK, centre=True))
        _, h = para.wrapOn(self.c, PAGE[0], inch)
        para.drawOn(self.c, 0, PAGE[1] - band / 2 - h / 2)


def plan_slides(doc: Document, brand: Brand) -> list[SlidePlan]:
    """The deck's slides, planned in the deck's geometry with Arial's metrics, as the deck plans them."""
    measurer = Measurer.of(language_font(doc.meta.language) or deck_metrics_font())
    box = BodyBox(BODY_W - 14.4, (BODY_H - 14.4) * 0.94)
    return plan_deck(doc, Planner(measurer, box, BodyBox(box.width - 0.3 * 72, box.height)))


def render(doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None) -> Rendered:
    """Write the deck's slides as a 16:9 PDF to ``stream``."""
    plans = plan_slides(doc, brand)
    kwargs: dict[str, Any] = doc_kwargs(doc, PrintSetup(), PAGE)
    tagger = Tagger(doc.meta.language) if (options is None or options.tagged) else None
    drawn = io.BytesIO()
    canvas = TaggingCanvas(drawn, pagesize=PAGE, initialFontName=PdfFonts(brand.fonts).regular, tagger=tagger, **{
        k: v for k, v in kwargs.items() if k in ("invariant", "lang")
    })  # fmt: skip
    for key in ("title", "author", "subject", "creator", "producer"):
        getattr(canvas, f"set{key.capitalize()}")(kwargs[key])
    canvas.setKeywords(kwargs["keywords"])
    canvas.setViewerPreference("DisplayDocTitle", "true")
    painter = SlidePainter(doc, brand, canvas)
    for plan in plans:
        getattr(painter, f"draw_{plan.kind}")(plan)
        with furniture(canvas):
            painter.furnish(plan)
            painter.draft_band()
        canvas.showPage()
    structure.save(canvas, tagger, doc.meta.title)
    stream.write(drawn.getvalue())
    return Rendered(len(plans), "slide")
