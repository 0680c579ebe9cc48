"""The 16:9 PowerPoint deck, written with python-pptx from a slide plan.

Titles and body text go into the layout's placeholders, so every slide has a real title and
screen readers meet the title first. Colours are chosen for 4.5:1 contrast; fonts are named
Arial, which every presenter has (see ``leaflets.brand.fonts``), and text is never auto-shrunk.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from leaflets import __version__
from leaflets.brand.brand import Brand
from leaflets.brand.color import DRAFT_FILL, DRAFT_INK, MIN_CONTRAST, RGB, WHITE, contrast, readable_on, tint, to_hex
from leaflets.brand.fonts import DECK_FAMILY, language_font, metrics_font
from leaflets.brand.logo import band_logo, small_logo
from leaflets.brand.measure import Measurer
from leaflets.content.inline import Inline, starts_right_to_left
from leaflets.deck.plan import (
    BODY_PT,
    DRAFT_BAND,
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
from leaflets.document.nodes import Document
from leaflets.errors import BrandError, Diagnostic
from leaflets.renderers import Options, Rendered
from leaflets.renderers.office_private import build_time, fixed_zip_times
from leaflets.renderers.pptx.backdrop import overlap
from leaflets.renderers.pptx.layouts import TITLE_TYPES, Box, all_layouts, open_presentation, theme_font
from leaflets.renderers.pptx.stamp import Stamps, drop_empty_placeholders
from leaflets.renderers.pptx.table import add_table
from leaflets.renderers.pptx.template import TemplateProblem
from leaflets.renderers.pptx.text import (
    clear_bullets,
    new_paragraph,
    new_run,
    properties,
    reset_frame,
    set_insets,
    space_after,
)
from leaflets.renderers.qr import qr_png

EMU_PER_PT = 12700
INSET = Inches(0.1)
#: The built-in design's brand rule under a title, and its small logo's height.
RULE = (Inches(1.0), Inches(0.08))
LOGO_H = Inches(0.4)
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


def _rgb(color: RGB) -> RGBColor:
    return RGBColor(*color)


#: The room an urgent callout's title bar keeps for its warning sign, and the gap under a bar.
ICON_ROOM = Inches(1.0)
CALLOUT_GAP = Inches(0.1)


class DeckWriter:
    def __init__(self, doc: Document, brand: Brand) -> None:
        self.doc, self.brand = doc, brand
        try:
            self.prs, self.plan, kept = open_presentation(brand.deck_template)
        except TemplateProblem as exc:
            raise template_error(brand, exc) from None
        self.layouts = all_layouts(self.prs)
        self.stamps = Stamps(self.prs, kept)
        self.current: Any = None
        self.title_shape: Any = None
        self.current_body: Any = None
        self.panel: RGB | None = None
        self.warnings: list[Diagnostic] = []
        # With an organisation's template, its theme fonts show the text: name none, measure with them.
        self.font = None if brand.deck_template else DECK_FAMILY
        family = theme_font(self.prs) if brand.deck_template else DECK_FAMILY
        metrics, exact = metrics_font(family)
        if not exact:
            self.warn(f"the template's font {family!r} is not installed here, so slide text is measured as Arial")
        self.ink = readable_on(brand.background, brand.foreground)
        self.accent = readable_on(brand.background, brand.primary)
        self.lang = doc.meta.language
        self.rtl = doc.rtl
        self.script_fonts = doc.strings.deck_fonts  # {"cs": ...} or {"ea": ...}: what viewers have
        self.measurer = Measurer.of(language_font(self.lang) or metrics)

    def warn(self, message: str) -> None:
        """A warning about the brand's template: the same for every deck, so the build says it once."""
        from leaflets.errors import display

        where = display(self.brand.deck_template) if self.brand.deck_template else ""
        self.warnings.append(Diagnostic(where, None, "", f"brand {self.brand.slug!r}: {message}", "warning"))

    # -- geometry --------------------------------------------------------------------------

    def body_box(self, role: str) -> BodyBox:
        _, _, width, height = self.area(role)
        return BodyBox((width - 2 * INSET) / EMU_PER_PT, (height - 2 * INSET) / EMU_PER_PT * 0.94)

    def area(self, role: str = "content") -> Box:
        """Where a kind of slide's body goes, in the template's own geometry."""
        body = self.plan.roles[role].body
        assert body is not None  # content and title slides always have one
        return body

    # -- text ------------------------------------------------------------------------------

    def runs(self, paragraph: Any, text: Inline, size: float, color: RGB, bold: bool = False) -> None:
        """Append runs to the a:p element ``paragraph`` as XML directly: python-pptx's font
        properties cost 20x more per run."""
        hex_color = to_hex(color)[1:]
        for piece in text:
            _, rpr = new_run(paragraph, piece.text)
            rpr.set("lang", self.lang)
            rpr.set("sz", str(round(size * 100)))
            rpr.set("cap", "none")  # some templates set titles in capitals, which are harder to read
            if bold or piece.bold:
                rpr.set("b", "1")
            if piece.italic:
                rpr.set("i", "1")
            fill = etree.SubElement(rpr, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=hex_color)
            # the schema's order: latin, ea, cs; Arabic and Bengali take the cs font, Chinese the ea
            for slot in ("latin", "ea", "cs"):
                face = self.script_fonts.get(slot) or (self.font if slot != "ea" else None)
                if face:
                    etree.SubElement(rpr, qn(f"a:{slot}"), typeface=face)
            if piece.href:
                rid = self.current.part.relate_to(piece.href, RT.HYPERLINK, is_external=True)
                etree.SubElement(rpr, qn("a:hlinkClick"), {qn("r:id"): rid})

    def fill_text(self, frame: Any, lines: list[Line], color: RGB, middle: bool = False, centre: bool = False) -> None:
        """Set ``lines`` in ``frame``; ``middle`` balances a slide's body in its area, so a short
        slide does not sit in the top third."""
        body = frame._txBody  # noqa: SLF001 - written directly (leaflets.renderers.pptx.text)
        first = reset_frame(body, "ctr" if middle else "t")
        for i, line in enumerate(lines):
            p = first if i == 0 else new_paragraph(body)
            ppr = _bullet(p, line)
            if centre:
                ppr.set("algn", "ctr")
            self.direction(p, line.plain)
            space_after(ppr, 1000)  # 10 pt
            self.runs(p, line.text, line.size, color, bold=line.kind == "sub")

    def set_title(
        self,
        title: str,
        color: RGB,
        size: float = TITLE_PT,
        indent: int = 0,
        centre: bool = False,
        grow: bool = False,
    ) -> Any:
        """Fill the title placeholder; a long title steps down to 28 pt, then wraps. With ``grow``
        (a filled title bar) the box grows down to hold every line."""
        shape = self.title_shape
        body = shape.text_frame._txBody  # noqa: SLF001 - written directly (leaflets.renderers.pptx.text)
        p = reset_frame(body)
        # the insets text is measured with, whatever the template's placeholder says
        set_insets(body, lIns=INSET + indent, rIns=INSET, tIns=INSET, bIns=INSET)
        size, grown = self.title_fit(title, shape.width, shape.height, indent, size, grow)
        if grow:
            shape.height = grown
        if self.rtl:  # the icon's room is at the right edge
            set_insets(body, lIns=INSET, rIns=INSET + indent)
        properties(p).set("algn", "ctr" if centre else "l")
        self.direction(p, title)
        self.runs(p, (_run(title),), size, color, bold=True)
        return shape

    def title_fit(
        self, title: str, width: int, height: int, indent: int, size: float = TITLE_PT, grow: bool = False
    ) -> tuple[float, int]:
        """The size ``title`` is set at in a title box of ``width`` x ``height`` (EMU), and the
        height the box needs to hold every line when it may ``grow`` (else its own)."""
        text_width = (width - 2 * INSET - indent) / EMU_PER_PT
        size = title_size(self.measurer, title, text_width, (height - 2 * INSET) / EMU_PER_PT, size)
        if not grow:
            return size, height
        lines = self.measurer.lines(title, size, text_width, bold=True)
        return size, max(height, int(lines * size * 1.15 * EMU_PER_PT) + 2 * INSET)

    def callout_title_takes(self, title: str, urgent: bool) -> float:
        """Points of the callout box's text height that its grown title bar takes (see
        ``draw_callout``), for the planner."""
        _, top, width, height = self.plan.roles["content"].title
        _, grown = self.title_fit(title, width, height, ICON_ROOM if urgent else 0, grow=True)
        pushed = top + grown + CALLOUT_GAP - self.area("content")[1]
        return max(pushed, 0) / EMU_PER_PT * 0.94  # as body_box counts the body's height

    def direction(self, paragraph: Any, text: str) -> None:
        """Right to left (on the a:p element ``paragraph``): the paragraph's direction (by its
        first letter, so an English source title stays left to right), and start alignment at
        the right edge."""
        if self.rtl and starts_right_to_left(text, True):
            ppr = properties(paragraph)  # python-pptx has no API for rtl
            ppr.set("rtl", "1")
            if ppr.get("algn") in (None, "l"):
                ppr.set("algn", "r")

    def draft_band(self, slide: Any) -> None:
        """The draft-translation warning across the top of every slide: black on yellow."""
        if self.doc.draft:
            self.stamps.shape("draft band", slide, functools.partial(self.new_draft_band, self.doc.draft))

    def new_draft_band(self, text: str, slide: Any) -> Any:
        band = slide.shapes.add_textbox(0, 0, self.prs.slide_width, Pt(DRAFT_BAND))
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(DRAFT_FILL)
        frame = band.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_top = frame.margin_bottom = Inches(0.04)
        p = frame.paragraphs[0]
        p.alignment = PP_ALIGN.CENTER
        self.runs(p._p, (_run(text),), MIN_BODY_PT, DRAFT_INK)  # noqa: SLF001
        return band

    # -- slides ----------------------------------------------------------------------------

    def add(self, role: str) -> Any:
        """A slide of kind ``role`` with a title placeholder and, for text kinds, a body (see ``blank``)."""
        self.panel = self.panel_for(role)
        layout = self.layouts[self.plan.roles[role].layout]
        self.current, (self.title_shape, self.current_body) = self.stamps.slide(
            (role, self.panel), layout, functools.partial(self.blank, role)
        )
        return self.current

    def blank(self, role: str, slide: Any) -> tuple[Any, Any]:
        """Ready the first slide of a kind: its title placeholder placed and, for text kinds, a
        body: the layout's own, or drawn where the template's text goes when the layout lacks them.
        It is copied for every slide of the kind and panel colour on this template (``stamp``),
        so it may depend on nothing else."""
        found = self.plan.roles[role]
        if found.title_idx is None:
            _add_title(slide)
        title = _place(slide.shapes.title, found.title)
        body = None
        if found.body is not None and role != "section":
            # not the title: some templates (LibreOffice's) number both placeholders 0
            ours = [ph for ph in slide.placeholders if ph.placeholder_format.type not in TITLE_TYPES]
            body = next((ph for ph in ours if ph.placeholder_format.idx == found.body_idx), None)
            body = _place(body, found.body) if body is not None else slide.shapes.add_textbox(*found.body)
        if body is not None:  # the insets text is measured with (some templates have none)
            frame = body.text_frame
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = INSET
        for shape in (title, body):
            self.back(shape)
        return title, body

    def panel_for(self, role: str) -> RGB | None:
        """The colour to put behind text on this kind of slide, or None when the template's own
        background is a colour our text meets 4.5:1 on and nothing is drawn under the text.
        Title and section slides are painted the brand colour, so only drawings matter there."""
        found = self.plan.roles[role]
        if role in ("title", "section"):
            return self.brand.primary if found.decorated else None
        bg = found.background
        clear = bg is not None and min(contrast(bg, self.ink), contrast(bg, self.accent)) >= MIN_CONTRAST
        return None if clear and not found.decorated else self.brand.background

    def back(self, shape: Any) -> None:
        """Give a text shape the slide's panel colour, when the slide needs one."""
        if shape is not None and self.panel is not None:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(self.panel)

    def slide(self, plan: SlidePlan) -> None:
        getattr(self, f"draw_{plan.kind}")(plan)
        drop_empty_placeholders(self.current)
        if not self.brand.deck_template and plan.kind not in ("title", "section"):
            self.furnish(self.current, rule=plan.kind != "callout")
        self.draft_band(self.current)

    def furnish(self, slide: Any, rule: bool) -> None:
        """The built-in design's marks on a white slide: a short rule in the brand colour under
        the title, and the logo small in the bottom corner (decorative: the title slide names it)."""
        title = self.title_shape
        if rule:
            left = title.left + (title.width - INSET - RULE[0] if self.rtl else INSET)
            top = title.top + title.height
            self.stamps.shape(("rule", left, top), slide, functools.partial(self.new_rule, left, top))
        if self.small_logo is not None:
            self.stamps.shape("small logo", slide, self.new_small_logo)

    def new_rule(self, left: int, top: int, slide: Any) -> Any:
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, *RULE)
        bar.fill.solid()
        bar.fill.fore_color.rgb = _rgb(self.accent)
        bar.line.fill.background()
        _decorative(bar)
        return bar

    def new_small_logo(self, slide: Any) -> Any:
        pic = slide.shapes.add_picture(str(self.small_logo), 0, 0, height=LOGO_H)
        margin = Inches(0.6)
        pic.left = margin if self.rtl else self.prs.slide_width - pic.width - margin
        pic.top = self.prs.slide_height - LOGO_H - Inches(0.2)
        _decorative(pic)
        return pic

    @functools.cached_property
    def small_logo(self) -> Path | None:
        return small_logo(self.brand)

    def draw_title(self, plan: SlidePlan) -> None:
        brand, meta = self.brand, self.doc.meta
        slide = self.add("title")
        _background(slide, brand.primary)
        on_brand = readable_on(brand.primary, WHITE)
        self.set_title(plan.title, on_brand, 44, centre=True)
        subtitle = self.current_body
        if subtitle is not None:
            lines = [Line((_run(meta.subtitle),), size=28)] if meta.subtitle else []
            lines.append(Line((_run(self.doc.presenter or brand.name),), size=BODY_PT))
            self.fill_text(subtitle.text_frame, lines, on_brand)
        logo = band_logo(brand, "the title slide")
        if logo:
            height, pad = Inches(1.0), Inches(0.15) if logo.plate else 0
            plate = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, 0, 0, 1, 1) if logo.plate else None
            pic = slide.shapes.add_picture(str(logo.path), 0, 0, height=height)
            pic.left = Inches(0.6) if self.rtl else self.prs.slide_width - pic.width - Inches(0.6)
            # the top corner, or the bottom one (below the subtitle's few lines) when the title is there
            pic.top = Inches(0.5)
            if overlap((pic.left, pic.top, pic.width, height), self.plan.roles["title"].title):
                pic.top = self.prs.slide_height - height - Inches(0.5)
            _alt(pic, brand.logo_text)
            if plate is not None:  # too little contrast on the brand colour: a white plate behind it
                plate.left, plate.top = pic.left - pad, pic.top - pad
                plate.width, plate.height = pic.width + 2 * pad, pic.height + 2 * pad
                plate.fill.solid()
                plate.fill.fore_color.rgb = _rgb(WHITE)
                plate.line.fill.background()
                _decorative(plate)
            if logo.warning:
                self.warnings.append(Diagnostic(str(brand.folder / "_brand.yml"), None, "", logo.warning, "warning"))

    def draw_section(self, plan: SlidePlan) -> None:
        """A part of a talk begins: its title alone on the brand colour."""
        slide = self.add("section")
        _background(slide, self.brand.primary)
        self.set_title(plan.title, readable_on(self.brand.primary, WHITE), 40)
        self.notes(slide, plan)

    def draw_content(self, plan: SlidePlan, centre: bool = False) -> Any:
        slide = self.add("content")
        self.set_title(plan.title, self.accent)
        body = self.current_body
        if body is not None:
            self.fill_text(body.text_frame, plan.lines, self.ink, middle=True, centre=centre)
        self.notes(slide, plan)
        return slide

    draw_closing = draw_content

    def draw_quote(self, plan: SlidePlan) -> None:
        """A quote: large and centred in the slide's body, its attribution under it."""
        self.draw_content(plan, centre=True)

    def draw_table(self, plan: SlidePlan) -> None:
        """The table where the body goes; a note under it takes the body's place below it."""
        slide = self.add("content")
        self.set_title(plan.title, self.accent)
        left, top, width, height = self.area()
        end = add_table(self, slide, plan.table, left + INSET, top + INSET)  # type: ignore[arg-type]
        body = self.current_body
        if body is not None and plan.lines:
            body.top, body.height = end, max(top + height - end, 0)
            self.fill_text(body.text_frame, plan.lines, self.ink)
        self.notes(slide, plan)

    def draw_callout(self, plan: SlidePlan) -> None:
        color = self.brand.callout_colors[plan.style or "info"]
        slide = self.add("content")
        icon_room = ICON_ROOM if plan.style == "urgent" else 0
        title = self.set_title(plan.title, readable_on(color, WHITE), indent=icon_room, grow=True)
        title.fill.solid()
        title.fill.fore_color.rgb = _rgb(color)
        body = self.current_body
        if body is not None:
            pushed = title.top + title.height + CALLOUT_GAP - body.top
            if pushed > 0:  # a title bar grown to hold its lines pushes the box down
                left, top, width, height = body.left, body.top, body.width, body.height
                body.left, body.top, body.width, body.height = left, top + pushed, width, height - pushed
            body.fill.solid()
            fill = tint(color)
            body.fill.fore_color.rgb = _rgb(fill)
            body.line.color.rgb = _rgb(color)
            body.line.width = Pt(2)
            body.text_frame.margin_left = body.text_frame.margin_right = Inches(0.25)
            self.fill_text(body.text_frame, plan.lines, readable_on(fill, self.ink), middle=True)
        if plan.style == "urgent":
            self.warning_icon(slide, title, color)
        self.notes(slide, plan)

    def warning_icon(self, slide: Any, title: Any, color: RGB) -> None:
        """A white warning triangle with an exclamation mark, inside the title bar; decorative,
        since the title already says "Urgent". Copied where an earlier slide has one in the same place."""
        size = Inches(0.8)
        left, top = title.left + Inches(0.12), title.top + (title.height - size) // 2
        if self.rtl:
            left = title.left + title.width - Inches(0.12) - size
        self.stamps.shape(("triangle", left, top), slide, functools.partial(_triangle, left, top, size))
        self.stamps.shape(("mark", left, top, color), slide, functools.partial(self.new_mark, left, top, size, color))

    def new_mark(self, left: int, top: int, size: int, color: RGB, slide: Any) -> Any:
        mark = slide.shapes.add_textbox(left, top + Inches(0.2), size, Inches(0.55))
        frame = mark.text_frame
        frame.margin_top = frame.margin_bottom = frame.margin_left = frame.margin_right = 0
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self.runs(frame.paragraphs[0]._p, (_run("!"),), 30, color, bold=True)  # noqa: SLF001
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        _decorative(mark)
        return mark

    def draw_picture(self, plan: SlidePlan) -> None:
        figure = plan.figure
        assert figure is not None
        if plan.beside:  # text in the body placeholder on the left half, the picture on the right
            slide = self.add("content")
            self.set_title(plan.title, self.accent)
            body = self.current_body
            left, top, width, height = body.left, body.top, body.width, body.height
            half = width // 2 - Inches(0.25)
            text_left, picture_left = (left + width - half, left) if self.rtl else (left, left + width - half)
            body.left, body.top, body.width, body.height = text_left, top, half, height
            self.fill_text(body.text_frame, plan.lines, self.ink)
            box = (picture_left, top, half, height)
        else:
            slide = self.add("title_only")
            self.set_title(plan.title, self.accent)
            left, top, width, height = self.area()
            box = (left, top, width, height - (Inches(1.2) if plan.lines else 0))
        scale = min(box[2] / figure.width_px, box[3] / figure.height_px)
        w, h = int(figure.width_px * scale), int(figure.height_px * scale)
        pic = slide.shapes.add_picture(str(figure.path), box[0] + (box[2] - w) // 2, box[1], w, h)
        _alt(pic, figure.alt)
        if plan.lines and not plan.beside:
            caption = slide.shapes.add_textbox(box[0], box[1] + h + Inches(0.1), box[2], Inches(1.0))
            self.back(caption)
            self.fill_text(caption.text_frame, plan.lines, self.ink)
        self.notes(slide, plan)

    def draw_qr(self, plan: SlidePlan) -> None:
        code = plan.qr
        assert code is not None
        slide = self.add("title_only")
        self.set_title(plan.title, self.accent)
        left, top, width, height = self.area()
        size = min(Inches(3.6), height, width * 2 // 5)
        top += (height - size) // 2  # the code and its words balanced in the body area
        gap = Inches(0.4)
        code_left, text_left = left, left + size + gap
        if self.rtl:  # the code at the right edge, the words to its left
            code_left, text_left = left + width - size, left
        pic = slide.shapes.add_picture(io.BytesIO(qr_png(code.url)), code_left, top, size, size)
        _alt(pic, self.doc.strings.format("qr_alt", url=code.url))
        box = slide.shapes.add_textbox(text_left, top, width - size - gap, size)
        self.back(box)
        lines = plan.lines + [Line((_run(code.url, href=code.url),), size=BODY_PT)]
        self.fill_text(box.text_frame, lines, self.ink, middle=True)
        self.notes(slide, plan)

    def notes(self, slide: Any, plan: SlidePlan) -> None:
        if plan.notes:
            self.stamps.notes(slide).text = "\n\n".join(plan.notes)

    def properties(self) -> None:
        meta, props = self.doc.meta, self.prs.core_properties
        props.title = meta.title[:255]  # the package format's limit; the slides carry all of it
        props.author = meta.author
        props.subject = (meta.subtitle or meta.title)[:255]
        props.language = meta.language
        props.keywords = ", ".join(k for k in (meta.code, meta.topic_id) if k)
        props.comments = f"Made with leaflets {__version__}"
        props.last_modified_by = meta.author
        props.revision = int(meta.version) if meta.version and meta.version.isdigit() else 1
        props.created = props.modified = build_time(meta.reviewed)


def _run(text: str, href: str | None = None):
    from leaflets.content.inline import Run

    return Run(text, href=href)


def template_error(brand: Brand, problem: TemplateProblem) -> BrandError:
    """A template that cannot give a deck: one line naming the brand and the file."""
    from leaflets.errors import display

    assert brand.deck_template is not None
    return BrandError(
        [Diagnostic(display(brand.deck_template), None, "", f"brand {brand.slug!r}: cannot build decks: it {problem}")]
    )


def _add_title(slide: Any) -> None:
    """A title placeholder on a slide whose layout has none, so the slide is still titled."""
    shapes = slide.shapes
    shapes._spTree.add_placeholder(shapes._next_shape_id, "Title", PP_PLACEHOLDER.TITLE, "horz", "full", 0)  # noqa: SLF001


def _place(shape: Any, box: Box) -> Any:
    """Give a placeholder its box outright: inheriting it by index is ambiguous in templates
    whose placeholders share one."""
    shape.left, shape.top, shape.width, shape.height = box
    return shape


def _bullet(paragraph: Any, line: Line) -> Any:
    """Set bullets explicitly: templates differ in what their body placeholder does by default.
    Returns the paragraph's a:pPr."""
    ppr = properties(paragraph)
    clear_bullets(ppr)
    if line.kind in ("bullet", "number"):
        ppr.set("marL", str(Emu(Pt(hang(line)))))
        ppr.set("indent", str(-Emu(Pt(hang(line)))))
        if line.kind == "bullet":
            etree.SubElement(ppr, qn("a:buFont"), typeface=DECK_FAMILY)
            etree.SubElement(ppr, qn("a:buChar"), char="•")
        else:
            etree.SubElement(ppr, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(line.number))
    else:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        etree.SubElement(ppr, qn("a:buNone"))
    return ppr


def _triangle(left: int, top: int, size: int, slide: Any) -> Any:
    """The white triangle of the urgent warning icon."""
    triangle = slide.shapes.add_shape(MSO_SHAPE.ISOSCELES_TRIANGLE, left, top, size, size)
    triangle.fill.solid()
    triangle.fill.fore_color.rgb = _rgb(WHITE)
    triangle.line.fill.background()
    _decorative(triangle)
    return triangle


def _background(slide: Any, color: RGB) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(color)


def _alt(shape: Any, text: str) -> None:
    shape._element._nvXxPr.cNvPr.set("descr", text)  # noqa: SLF001 - alt text has no python-pptx API


def _decorative(shape: Any) -> None:
    """Mark a shape decorative (PowerPoint's own flag), so screen readers skip it."""
    cnvpr = shape._element._nvXxPr.cNvPr  # noqa: SLF001
    ext_lst = etree.SubElement(cnvpr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_URI)
    ns = "http://schemas.microsoft.com/office/drawing/2017/decorative"
    etree.SubElement(ext, f"{{{ns}}}decorative", nsmap={"adec": ns}, val="1")


def render(doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None) -> Rendered:
    """Write ``doc`` as a 16:9 deck to ``stream``."""
    writer = DeckWriter(doc, brand)
    box = writer.body_box("content")
    # callout text sits 0.25 in from the box edge instead of 0.1 in: 0.3 in narrower in all
    planner = Planner(writer.measurer, box, BodyBox(box.width - 0.3 * 72, box.height), writer.callout_title_takes)
    plans = plan_deck(doc, planner)
    for plan in plans:
        writer.slide(plan)
    writer.properties()
    with fixed_zip_times("pptx", build_time(doc.meta.reviewed)):
        writer.prs.save(stream)
    return Rendered(len(plans), "slide", writer.warnings)
