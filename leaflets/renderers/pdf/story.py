"""The leaflet's story: every node of a document as reportlab flowables, in the brand's style.

Every print layout draws with this builder (``flow``, ``panels`` and ``bilingual`` only place
what it makes). Nothing is cut or shrunk: content flows on. Page one opens with the brand
band; the back matter (who to contact, sources, review dates, the disclaimer) is added to
every leaflet, whatever the topic says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec import Struct
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from leaflets.brand.brand import Brand
from leaflets.brand.color import DRAFT_FILL, DRAFT_INK, RGB, readable_on, tint, to_hex
from leaflets.brand.logo import LogoChoice, band_logo
from leaflets.content.inline import Inline, Run, chunks, plain, short_url
from leaflets.document.backmatter import about_lines
from leaflets.document.nodes import (
    Callout,
    Contact,
    ContactList,
    Document,
    Figure,
    Heading,
    ListNode,
    Node,
    Origin,
    QRCode,
    SourceRef,
)
from leaflets.document.nodes import (
    Paragraph as ParagraphNode,
)
from leaflets.document.nodes import Quote as QuoteNode
from leaflets.document.nodes import Table as TableNode
from leaflets.errors import Diagnostic, UnhandledNode
from leaflets.renderers.pdf.breaks import (
    ADDRESS_WASTE,
    ClearParagraph,
    HeadingParagraph,
    LongWords,
    heading_floor,
)
from leaflets.renderers.pdf.columns import BalancedColumns
from leaflets.renderers.pdf.flowables import ListItem, QRFlowable, TitleBand, WarningIcon
from leaflets.renderers.pdf.keep import (
    AtFoot,
    FigureBlock,
    KeepUnlessWasteful,
    Mark,
    NotesIfOdd,
    RuledLines,
    keep_with_start,
)
from leaflets.renderers.pdf.shaping import ShapedParagraph, draw_line, line_width, word_wrap
from leaflets.renderers.pdf.table import draw_table
from leaflets.renderers.pdf.tags import Elem, tag
from leaflets.renderers.pdf.text import PdfFonts, draw_plain

PRINT_DPI = 300
HEADINGS = ("h2", "h3")
#: A column narrower than this stacks its contacts: three columns would break their words.
NARROW_CONTACTS = 100 * mm
DRAFT_BAND_EM = 2.2  # the draft band's height, in small-text sizes
#: Words per row of a callout box; rows are where a box may continue on the next page.
CELL_WORDS = 60
#: The narrowest text column whose glossary is set in two columns.
TWO_COLUMNS_FROM = 150 * mm


class Style(Struct, frozen=True):
    """Type sizes and geometry the flowables need, in points; made from a layout by the page makers."""

    width: float  # the narrowest text column the story flows through
    type: dict[str, float]
    italics: bool = True
    band_bleed: tuple[float, float, float] = (0.0, 0.0, 0.0)  # how far the title band runs past the column
    logo_box: tuple[float, float] = (58 * mm, 20 * mm)
    print_ready: bool = False  # print-ready: CMYK brand colours, and warn of pictures under 300 dpi
    double_sided: bool = False  # printed on both sides: end on an even page
    tight: bool = False  # a little less space between paragraphs, to take back a nearly empty last page
    large_print: bool = False
    frame_height: float = 0.0  # the height text flows in on a page or panel: a box may split to save half of it

    @property
    def two_columns(self) -> bool:
        """Room for the glossary in two columns: a wide text column (not a panel or half a page), not large print."""
        return self.width >= TWO_COLUMNS_FROM and not self.large_print

    def __getattr__(self, name: str) -> float:
        try:
            return self.type[name]
        except KeyError:
            raise AttributeError(name) from None


def rgb(color: RGB) -> Color:
    return Color(color[0] / 255, color[1] / 255, color[2] / 255)


class LeafletBuilder:
    """Turns one Document into platypus flowables with the brand's fonts and colours."""

    def __init__(self, doc: Document, brand: Brand, page: Style) -> None:
        self.doc, self.brand, self.page = doc, brand, page
        self.fonts = PdfFonts(brand.fonts, italics=page.italics)
        self.width = page.width
        self.warnings: list[Diagnostic] = []
        self.ink = readable_on(brand.background, brand.foreground)
        self.accent = readable_on(brand.background, brand.primary)
        self.link = to_hex(self.accent)
        # the brand's second colour marks list bullets, quote rules and heading rules; as it
        # carries text (the bullet), it is used only where it has 4.5:1 on the page
        self.second = readable_on(brand.background, brand.secondary)
        self.rtl = doc.rtl
        self.long_words = LongWords(doc.meta.language)
        self.content_end = Mark()  # the last page of the leaflet's text, before notes and back cover
        base = ParagraphStyle(
            "body",
            fontName=self.fonts.regular,
            bulletFontName=self.fonts.regular,
            fontSize=page.body,
            leading=page.leading,
            textColor=self.color(self.ink),
            alignment=TA_LEFT,
            spaceAfter=page.body * (0.45 if page.tight else 0.6),
            wordWrap=word_wrap(doc.meta.language),
            hyphenationLang=self.long_words,  # type: ignore[arg-type]  # a hyphenator, for a word longer than its line
            uriWasteReduce=ADDRESS_WASTE,
        )
        self.styles = {
            "body": base,
            "h2": ParagraphStyle(
                "h2",
                base,
                fontName=self.fonts.bold,
                fontSize=page.h2,
                leading=page.h2 * 1.25,
                textColor=self.color(self.accent),
                spaceBefore=page.h2 * (0.5 if page.tight else 0.7),
                spaceAfter=page.h2 * 0.35,
                keepWithNext=1,
            ),
            "h3": ParagraphStyle(
                "h3",
                base,
                fontName=self.fonts.bold,
                fontSize=page.h3,
                leading=page.h3 * 1.25,
                spaceBefore=page.h3 * 0.5,
                spaceAfter=page.h3 * 0.25,
                keepWithNext=1,
            ),
            "small": ParagraphStyle(
                "small", base, fontSize=page.small, leading=page.small * 1.35, spaceAfter=page.small * 0.4
            ),
            "cell": ParagraphStyle("cell", base, spaceAfter=0),
        }

    def color(self, value: RGB, amount: float = 1.0) -> Color:
        """A brand colour, ``amount`` of it on white; in CMYK when print-ready and the brand gives CMYK."""
        cmyk = self.brand.cmyk.get(value) if self.page.print_ready else None
        if cmyk is not None:
            cyan, magenta, yellow, black = (c / 100 * amount for c in cmyk)
            return CMYKColor(cyan, magenta, yellow, black)
        return rgb(tint(value, amount) if amount < 1 else value)

    def para(self, text: Inline, style: str = "body", origin: Origin | None = None, role: Elem | str = "P") -> Flowable:
        """A paragraph of inline runs, tagged as ``role`` (a new element, or a part of one)."""
        return tag(self.text(text, self.styles[style], origin, heading=style in HEADINGS), role)

    def plain(self, text: str, style: str = "body", role: Elem | str = "P", **overrides: Any) -> Flowable:
        st = ParagraphStyle(f"{style}-x", self.styles[style], **overrides) if overrides else self.styles[style]
        return tag(self.text((Run(text),), st, None, heading=style in HEADINGS), role)

    def text(self, text: Inline, style: ParagraphStyle, origin: Origin | None, heading: bool = False) -> Flowable:
        """Inline runs as a reportlab Paragraph, or shaped and ordered where the script needs it
        (a whole Arabic leaflet, or an Arabic name in an English one). A heading never breaks
        inside a word; body text only inside a word longer than its line."""
        if self.fonts.needs_shaping("".join(r.text for r in text), self.rtl):
            bold = style.fontName == self.fonts.bold
            return ShapedParagraph(self.fonts.spans(text, origin, self.color(self.accent), bold), style, self.rtl)
        markup = self.fonts.markup(text, origin, self.link)
        if heading:
            return HeadingParagraph(markup, style, floor=heading_floor(style.fontSize, self.page.body))
        return ClearParagraph(markup, style)

    def line_width(self, text: str, size: float) -> float:
        """The width of one line of plain text as ``draw_line`` draws it."""
        if self.fonts.needs_shaping(text, self.rtl):
            return line_width(self.fonts.spans((Run(text),), None, self.color(self.accent)), size, self.rtl)
        return sum(
            stringWidth(piece, font.name if font else self.fonts.regular, size)
            for font, piece in self.fonts.font_runs(text, None)
        )

    def draw_line(self, canvas: Any, text: str, x: float, y: float, size: float, color: Color) -> None:
        """One line of plain text from ``x`` (its left end), shaped when the script needs it."""
        if self.fonts.needs_shaping(text, self.rtl):
            spans = self.fonts.spans((Run(text),), None, self.color(self.accent))
            draw_line(canvas, x, y, spans, size, self.rtl, color)
        else:
            canvas.setFillColor(color)
            draw_plain(canvas, self.fonts, x, y, text, size)

    def draft_band(self, canvas: Any, width: float, height: float) -> None:
        """The draft-translation warning across the top of a page: black on yellow, never missed."""
        if not self.doc.draft:
            return
        size = self.page.small
        band = size * DRAFT_BAND_EM
        canvas.saveState()
        canvas.setFillColor(rgb(DRAFT_FILL))
        canvas.rect(0, height - band, width, band, stroke=0, fill=1)
        x = (width - self.line_width(self.doc.draft, size)) / 2
        self.draw_line(canvas, self.doc.draft, x, height - band + size * 0.75, size, rgb(DRAFT_INK))
        canvas.restoreState()

    def heading(self, text: str) -> Flowable:
        """A heading of the leaflet's own (the back matter): a section heading, level 2."""
        return self.plain(text, "h2", role="H2")

    def table(
        self, rows: list[list[Any]], widths: Sequence[float | None], style: list[tuple[Any, ...]], **kw: Any
    ) -> Table:
        """A table whose cells default to the brand font (reportlab's default is Helvetica, unembedded).

        Right to left, the columns run from the right edge: cells, widths and the sides that
        rules and padding sit on are mirrored. Structure keeps the reading order.
        """
        style = [("FONT", (0, 0), (-1, -1), self.fonts.regular, self.page.body), *style]
        if self.rtl:
            rows = [row[::-1] for row in rows]
            widths = widths[::-1]
            style = [_mirrored(command, len(widths)) for command in style]
        return Table(rows, colWidths=widths, style=style, **kw)

    # -- the story -----------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        """The whole leaflet; printed on both sides, a notes page if it would end on an odd page."""
        story = self.front() + self.body() + self.words_to_know() + self.back_matter() + [self.content_end]
        if self.page.double_sided:
            # a step after it, so the notes flow before reportlab ends the build
            story += [NotesIfOdd(lambda: self.notes_page()[1:]), Mark()]
        return story

    def booklet_story(self, notes: int = 0) -> list[Flowable]:
        """A booklet: the leaflet, ``notes`` pages, and the back cover (who to contact, the
        feedback code, the code and version), so the last page of the stapled booklet is used."""
        story = self.front() + self.body() + self.words_to_know() + self.back_matter(contacts=False)
        return story + [self.content_end, *self.notes_pages(notes), PageBreak(), *self.contacts_and_feedback()]

    def notes_pages(self, count: int) -> list[Flowable]:
        """Pages with writing lines for the reader's notes and questions, instead of blank pages."""
        return [part for _ in range(count) for part in self.notes_page()]

    def notes_page(self) -> list[Flowable]:
        """A page break, the notes heading, and writing lines to the foot of the page."""
        lines = RuledLines(self.page.leading * 1.7, self.color(self.ink, 0.35))
        return [PageBreak(), self.heading(self.doc.strings["notes"]), lines]

    def front(self) -> list[Flowable]:
        """The title band and who the leaflet is for: the cover of a folded leaflet."""
        out: list[Flowable] = [self.band(), Spacer(1, 12)]  # a draft's band is across every page's top
        if self.doc.meta.audience:
            audience = self.doc.strings.format("for_audience", audience=self.doc.meta.audience)
            out.append(self.plain(audience, "small", spaceAfter=self.page.small))
        return out

    def cover_message(self) -> list[Flowable]:
        """A folded leaflet's cover carries its key message low down: the first number to call,
        large, with when it is open, in a box with the brand's second colour."""
        if not self.doc.contacts:
            return []
        first = self.doc.contacts[0]
        big = ParagraphStyle(
            "cover-phone", self.styles["h2"], spaceBefore=2, spaceAfter=2, textColor=self.color(self.ink)
        )
        rows: list[list[Any]] = [[self.para(first.label, "h3", None)]]
        rows.append([tag(self.text(first.phone or (), big, None, heading=True), "P")])
        if first.hours:
            rows.append([self.para(first.hours, "cell", None)])
        box = self.table(
            rows,
            [self.width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), self.color(self.brand.secondary, 0.1)),
                ("LINEBEFORE", (0, 0), (0, -1), 6, self.color(self.second)),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ],
        )
        return [AtFoot(tag(box, "Div"))]

    def body(self) -> list[Flowable]:
        out: list[Flowable] = []
        for section in self.doc.sections:
            body = [f for node in section.nodes for f in self.flowable(node)]
            if section.heading:
                body = keep_with_start(self.flowable(section.heading)[0], body)
            out += body
        return out

    def band(self) -> Flowable:
        meta, page = self.doc.meta, self.page
        on_band = self.color(readable_on(self.brand.primary, (255, 255, 255)))
        title = self.plain(
            meta.title,
            "h2",
            fontSize=page.title,
            leading=page.title * 1.15,
            role="H1",
            textColor=on_band,
            spaceBefore=0,
            spaceAfter=0,
        )
        subtitle = (
            self.plain(meta.subtitle, "body", fontSize=page.h3, leading=page.h3 * 1.3, textColor=on_band, spaceAfter=0)
            if meta.subtitle
            else None
        )
        return TitleBand(
            title,
            subtitle,
            self.band_logo(),
            self.color(self.brand.primary),
            page.band_bleed,
            page.logo_box,
            self.rtl,
        )

    def band_logo(self) -> LogoChoice | None:
        """The brand's logo variant that stands out on the band; a plate and a warning if none does."""
        brand = self.brand
        choice = band_logo(brand)
        if choice and choice.warning:
            self.warnings.append(Diagnostic(str(brand.folder / "_brand.yml"), None, "", choice.warning, "warning"))
        return choice

    def flowable(self, node: Node) -> list[Flowable]:
        kind = type(node).__name__
        visit = getattr(self, f"visit_{kind.lower()}", None)
        if visit is None:
            raise UnhandledNode(node, "the PDF leaflet")
        made = visit(node)
        return made if isinstance(made, list) else [made]

    def visit_heading(self, node: Heading) -> Flowable:
        level = 2 if node.level <= 2 else 3
        return self.para(node.text, f"h{level}", node.origin, role=f"H{level}")

    def visit_paragraph(self, node: ParagraphNode) -> Flowable:
        return self.para(node.text, "body", node.origin)

    def visit_listnode(self, node: ListNode, style: str = "body") -> list[Flowable]:
        """One flowable per item, so a long list breaks between (or inside) items."""
        st = self.styles[style]
        between = ParagraphStyle(f"{style}-item", st, spaceAfter=st.fontSize * 0.3)
        indent = st.fontSize * (1.6 if node.ordered else 1.3)
        group = Elem("L")
        items: list[Flowable] = []
        marker = ParagraphStyle("label", st, fontName=self.fonts.regular, textColor=self.color(self.second))
        for number, text in enumerate(node.items, 1):
            item = group.child("LI")
            label = f"{number}." if node.ordered else "•"
            last = number == len(node.items)
            body = self.text(text, st if last else between, node.origin)
            label_para = self.text((Run(label),), marker, None)
            items.append(
                tag(
                    ListItem(tag(label_para, item.child("Lbl")), tag(body, item.child("LBody")), indent, self.rtl),
                    item,
                )
            )
        return items

    def visit_callout(self, node: Callout) -> Flowable:
        color = self.brand.callout_colors[node.style]
        rows: list[list[Flowable]] = [[self.callout_head(node, color)]]
        items: list[int] = []  # rows holding list items, which space themselves
        for child in node.body:
            if isinstance(child, ListNode):  # a row per item: a long box may break between items
                listed = self.visit_listnode(child, "cell")
                items += range(len(rows), len(rows) + len(listed))
                rows += [[item] for item in listed]
            else:  # a table row cannot break across pages, so long text goes in several rows
                whole = Elem("P")  # one paragraph for screen readers, however many rows it takes
                rows += [[self.para(chunk, "cell", child.origin, whole)] for chunk in chunks(child.text, CELL_WORDS)]
        unpadded = [
            pad for i in items for pad in (("TOPPADDING", (0, i), (-1, i), 0), ("BOTTOMPADDING", (0, i), (-1, i), 0))
        ]
        table = self.table(
            rows,
            [self.width],
            splitByRow=1,
            repeatRows=1,  # its heading again at the top of the next page
            style=[
                ("BACKGROUND", (0, 0), (-1, -1), self.color(color, 0.1)),
                ("BOX", (0, 0), (-1, -1), 1.2, self.color(color)),
                ("LINEBEFORE", (0, 0), (0, -1), 6, self.color(color)),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                *unpadded,
                ("TOPPADDING", (0, 0), (-1, 0), 9),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
            ],
        )
        parts = [Spacer(1, 4), tag(table, "Div"), Spacer(1, 10)]
        if node.style == "urgent":  # a warning box never splits (clear print): it moves whole
            return KeepTogether(parts)
        return KeepUnlessWasteful(parts, self.page.frame_height)

    def callout_head(self, node: Callout, color: RGB) -> Flowable:
        """The box's label and title ("Urgent: Call 999 if"), beside a warning sign when urgent."""
        label = self.doc.strings[node.style] + self.doc.strings["label_colon"]
        title: Inline = (Run(label, bold=True),) + tuple(
            Run(r.text, True, r.italic, r.href) for r in (node.title or ())
        )
        ink = self.color(readable_on(tint(color), color))
        style = ParagraphStyle("callout-head", self.styles["cell"], textColor=ink, fontName=self.fonts.bold)
        head: Flowable = tag(self.text(title, style, node.origin), "P")
        if node.style != "urgent":
            return head
        icon = self.page.body * 1.5
        flush = [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
        return self.table(
            [[WarningIcon(icon, self.color(color)), head]],
            [icon + 8, None],
            [("VALIGN", (0, 0), (-1, -1), "TOP"), *flush],
        )

    def visit_quote(self, node: QuoteNode) -> Flowable:
        """Larger text with a brand-coloured rule beside it, and who said it."""
        size = self.page.h3
        style = ParagraphStyle("quote", self.styles["body"], fontSize=size, leading=size * 1.35, spaceAfter=4)
        pieces = chunks(node.text, CELL_WORDS)
        pieces[0] = (Run("“"), *pieces[0])
        pieces[-1] = (*pieces[-1], Run("”"))
        whole = Elem("P")
        rows: list[list[Flowable]] = [[tag(self.text(p, style, node.origin), whole)] for p in pieces]
        if node.by:
            rows.append([self.para((Run("— "), *node.by), "cell", node.origin)])
        return tag(
            self.table(
                rows,
                [self.width],
                [("LINEBEFORE", (0, 0), (0, -1), 4, self.color(self.second)), ("LEFTPADDING", (0, 0), (-1, -1), 14)],
            ),
            "BlockQuote",
        )

    def visit_figure(self, node: Figure) -> Flowable:
        # a picture never takes more than 30% of a page, so the words around it keep their place
        max_w, max_h = self.width * node.share, min(95 * mm, (self.page.frame_height or 1e9) * 0.3)
        scale = min(max_w / node.width_px, max_h / node.height_px)
        image = Image(str(node.path), width=node.width_px * scale, height=node.height_px * scale)
        dpi = node.width_px / (node.width_px * scale / 72)
        if self.page.print_ready and dpi < PRINT_DPI:
            self.warnings.append(
                Diagnostic(
                    node.origin.file,
                    node.origin.line,
                    "",
                    f"{node.source.name} prints at {dpi:.0f} dpi; print needs {PRINT_DPI}",
                    "warning",
                )
            )
        caption = self.para(node.caption, "small", node.origin, role="Caption") if node.caption else None
        # at the start edge, with its caption; it may shrink to stay with its heading
        return FigureBlock(image, tag(image, "Figure", node.alt), caption, self.rtl)

    def visit_qrcode(self, node: QRCode) -> Flowable:
        size = 32 * mm
        drawing = tag(QRFlowable(node.url, size), "Figure", self.doc.strings.format("qr_alt", url=node.url))
        text: list[Flowable] = []
        if node.caption:
            text.append(self.para(node.caption, "cell", node.origin))
        text.append(self.para((Run(short_url(node.url)),), "cell", node.origin))
        return self.table(
            [[drawing, text]],
            [size + 10, self.width - size - 10],
            [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)],
        )

    def visit_table(self, node: TableNode) -> list[Flowable]:
        return draw_table(self, node)

    def visit_contactlist(self, node: ContactList) -> Flowable:
        return self.contact_table(node.entries, node.origin)

    def contact_table(self, entries: tuple[Contact, ...], origin: Origin | None) -> Flowable:
        """Who / Phone / When, leaving out a column that no entry fills; small tables never split.
        In a column too narrow for three (a folded leaflet's panel) each contact is stacked instead."""
        if self.width < NARROW_CONTACTS:
            return self.contact_stack(entries, origin)
        bold = ParagraphStyle("cell-b", self.styles["cell"], fontName=self.fonts.bold)
        say = self.doc.strings
        columns = [(say["contact_who"], "label", 0.4)] + [
            (name, key, 0.3)
            for name, key in ((say["contact_phone"], "phone"), (say["contact_when"], "hours"))
            if any(getattr(c, key) for c in entries)
        ]
        scale = self.width / sum(share for _, _, share in columns)
        widths = [share * scale for _, _, share in columns]
        if columns[1][1] == "phone":
            # a phone number never wraps: its column is as wide as the longest number, if it can be
            longest = max(stringWidth(plain(c.phone or ()), self.fonts.regular, self.page.body) for c in entries) + 8
            grow = min(max(0.0, longest - widths[1]), widths[0] * 0.3 + (widths[2] * 0.3 if len(widths) > 2 else 0))
            widths[1] += grow
            widths[0] -= grow * (0.5 if len(widths) > 2 else 1)
            if len(widths) > 2:
                widths[2] -= grow * 0.5
        grid = Elem("Table")
        header = grid.child("TR")
        rows: list[list[Flowable]] = [
            [tag(self.text((Run(name),), bold, None), header.child("TH")) for name, _, _ in columns]
        ]
        for c in entries:
            row = grid.child("TR")
            rows.append(
                [
                    tag(
                        self.text(getattr(c, key) or (), bold if key == "label" else self.styles["cell"], origin),
                        row.child("TD"),
                    )
                    for _, key, _ in columns
                ]
            )
        table = self.table(
            rows,
            widths,
            repeatRows=1,
            splitByRow=1,
            style=[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, self.color(self.ink, 0.35)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ],
        )
        tagged = tag(table, grid)
        return KeepUnlessWasteful([tagged, Spacer(1, 8)], self.page.frame_height)

    def contact_stack(self, entries: tuple[Contact, ...], origin: Origin | None) -> Flowable:
        """Each contact on lines of its own (who, then the number in bold, then when), ruled off
        from the next, so no word breaks in a narrow column; read as one group per contact."""
        bold = ParagraphStyle("contact-b", self.styles["cell"], fontName=self.fonts.bold, spaceAfter=1)
        number = ParagraphStyle("contact-n", bold, fontSize=self.page.h3, leading=self.page.h3 * 1.25)
        rows: list[list[Any]] = []
        for contact in entries:
            group = Elem("Div")
            lines = [(contact.label, bold), (contact.phone, number), (contact.hours, self.styles["cell"])]
            rows.append([[tag(self.text(text, style, origin), group.child("P")) for text, style in lines if text]])
        rule = [("LINEBELOW", (0, 0), (-1, -1), 0.6, self.color(self.ink, 0.35))]
        pad = [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING")]
        spacing = [("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        table = self.table(rows, [self.width], [*rule, *pad, *spacing], splitByRow=1)
        return KeepUnlessWasteful([tag(table, "Div"), Spacer(1, 8)], self.page.frame_height)

    def words_to_know(self) -> list[Flowable]:
        """Plain meanings of the glossary terms the topic uses."""
        if not self.doc.glossary:
            return []
        words = ListNode(
            items=tuple((Run(term, bold=True), Run(f": {meaning}")) for term, meaning in self.doc.glossary),
            origin=Origin(""),
        )
        items = self.visit_listnode(words)
        if self.page.two_columns and len(items) > 2:  # compact by layout, at the same type size
            items = [BalancedColumns(items, 8 * mm, self.rtl)]
        return keep_with_start(self.heading(self.doc.strings["words_to_know"]), items)

    def contacts_and_feedback(self) -> list[Flowable]:
        """Who to contact and the feedback code: the back cover of a booklet."""
        doc, out = self.doc, []
        if doc.contacts:
            out += keep_with_start(
                self.heading(doc.strings["who_to_contact"]), [self.contact_table(doc.contacts, None)]
            )
        if doc.feedback:
            out += keep_with_start(self.heading(doc.strings["tell_us"]), [self.visit_qrcode(doc.feedback)])
        return out

    def sources(self, sources: tuple[SourceRef, ...]) -> list[Flowable]:
        """The numbered sources, each with its publisher and a link that shows its address."""
        items = []
        for src in sources:
            text: list[Run] = [Run(src.title if src.title[-1] in ".?!" else src.title + ".")]
            if src.publisher:
                text.append(Run(f" {src.publisher}."))
            if src.url:
                text += [Run(" "), Run(short_url(src.url), href=src.url)]
            items.append(tuple(text))
        return self.visit_listnode(ListNode(items=tuple(items), ordered=True, origin=Origin("")), "small")

    def back_matter(self, contacts: bool = True) -> list[Flowable]:
        """Who to contact, feedback, sources and who wrote it: the back page or panel."""
        doc = self.doc
        out: list[Flowable] = self.contacts_and_feedback() if contacts else []
        if doc.sources:
            out += keep_with_start(self.heading(doc.strings["sources"]), self.sources(doc.sources))
        # who published, wrote and checked it, in one block rather than a line each: compact by
        # setting, at the same size
        about = [self.plain(" ".join(about_lines(doc)), "small"), self.plain(doc.disclaimer, "small")]
        out += keep_with_start(self.heading(doc.strings["about"]), about)
        return out


_SIDES = {
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
}


def _mirrored(command: tuple[Any, ...], columns: int) -> tuple[Any, ...]:
    """A table style command for the same cells counted from the other side."""
    name, (c0, r0), (c1, r1), *rest = command
    first, last = c0 % columns, c1 % columns
    return (_SIDES.get(name, name), (columns - 1 - last, r0), (columns - 1 - first, r1), *rest)
