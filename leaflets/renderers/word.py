"""The editable Word version of a leaflet, for clinical review with tracked changes.

Real heading styles, real lists (each numbered list starting at 1), tables with a repeating
header row, callouts as shaded, bordered paragraphs in a style named for their kind (so
``leaflets import`` maps them back exactly) with their label in words, pictures with alt text,
the governance lines under the title, the sources and back matter, and the document's language
and properties set. Importing the file back gives the same topic: that is the review loop.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor

from leaflets.brand.brand import Brand
from leaflets.brand.color import readable_on, tint, to_hex
from leaflets.content.inline import Inline, Run
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
    Paragraph,
    QRCode,
    Quote,
    Table,
)
from leaflets.errors import UnhandledNode
from leaflets.renderers import Options, Rendered
from leaflets.renderers.office_private import build_time, fixed_zip_times

#: Styles this module adds; ``leaflets import`` reads a paragraph in one of them exactly.
CALLOUT_STYLE = "Leaflets {}"  # Leaflets Urgent, Leaflets Info, Leaflets Tip
LABEL = "Leaflets Label"  # a run leaflets adds ("Urgent:", a bullet in a box): not the author's words
GOVERNANCE = "Leaflets Governance"
BACK = "Leaflets Back Matter"  # words from the brand and glossary, not from the topic
BACK_HEADING = "Leaflets Back Matter Heading"
SOURCES = "Leaflets Sources"
TABLE_NOTE = "Leaflets Table Note"
QR = "Leaflets QR"
CONTACTS_TABLE = "leaflets:contacts"  # a contacts table's description, so it imports as contacts
BODY_PT = 12
WORD_FONT = "Arial"


def render(doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None) -> Rendered:
    writer = WordWriter(doc, brand)
    writer.write()
    with fixed_zip_times("docx", build_time(doc.meta.reviewed)):  # the same bytes for the same topic
        writer.word.save(stream)
    return Rendered(1, "document")


class WordWriter:
    def __init__(self, doc: Document, brand: Brand) -> None:
        self.doc, self.brand = doc, brand
        self.word = new_document()
        self.numbered_lists = 0
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self._styles()

    # -- set-up ----------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.word.styles
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "Quote"):
            styles[name].font.name = WORD_FONT  # the brand's font is seldom on a reviewer's computer
        lang = self.doc.meta.language
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        el = OxmlElement("w:lang")
        for attr in ("w:val", "w:bidi" if self.doc.rtl else "w:eastAsia"):
            el.set(qn(attr), lang)
        rpr.append(el)
        if self.doc.rtl:  # paragraphs read from the right, in every style based on Normal
            normal.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for style in ("urgent", "info", "tip"):
            color = self.brand.callout_colors.get(style, self.brand.primary)
            para = styles.add_style(CALLOUT_STYLE.format(style.capitalize()), WD_STYLE_TYPE.PARAGRAPH)
            para.base_style = normal
            ppr = para.element.get_or_add_pPr()
            border = OxmlElement("w:pBdr")  # before the shading: the schema's order
            edge = OxmlElement("w:left")
            for key, value in (("w:val", "single"), ("w:sz", "36"), ("w:space", "8"), ("w:color", to_hex(color)[1:])):
                edge.set(qn(key), value)
            border.append(edge)
            ppr.append(border)
            _shade(ppr, to_hex(tint(color))[1:])
            para.paragraph_format.left_indent = Pt(12)
            para.font.color.rgb = RGBColor(*readable_on(tint(color), self.brand.foreground))
        label = styles.add_style(LABEL, WD_STYLE_TYPE.CHARACTER)
        label.font.bold = True
        for name, base, size in ((GOVERNANCE, normal, 11), (BACK, normal, None), (SOURCES, normal, None),
                                 (TABLE_NOTE, normal, None), (QR, normal, None)):  # fmt: skip
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = base
            if size:
                style.font.size = Pt(size)
        back = styles.add_style(BACK_HEADING, WD_STYLE_TYPE.PARAGRAPH)
        back.base_style = styles["Heading 1"]  # in the navigation pane, as a heading

    # -- the document ------------------------------------------------------------------

    def write(self) -> None:
        doc, meta = self.doc, self.doc.meta
        self.paragraph(meta.title, style="Title")
        if meta.subtitle:
            self.paragraph(meta.subtitle, style="Subtitle")
        for line in self.governance():
            self.paragraph(line, style=GOVERNANCE)
        for section in doc.sections:
            if section.heading:
                self.node(section.heading)
            for node in section.nodes:
                self.node(node)
        self.back_matter()
        self.properties()

    def governance(self) -> list[str]:
        meta, out = self.doc.meta, []
        if self.doc.draft:
            out.append(self.doc.draft)
        pairs = (("Audience", meta.audience), ("Code", meta.code), ("Version", meta.version), ("Owner", meta.owner))
        for label, value in pairs:
            if value:
                out.append(f"{label}: {value}")
        if meta.reviewed:
            out.append(f"Reviewed: {meta.reviewed.isoformat()}")
        if meta.next_review:
            out.append(f"Next review: {meta.next_review.isoformat()}")
        return out

    def node(self, node: Node) -> None:
        visit = getattr(self, f"visit_{type(node).__name__.lower()}", None)
        if visit is None:
            raise UnhandledNode(node, "the Word document")
        visit(node)

    def visit_heading(self, node: Heading) -> None:
        self.runs(self.paragraph(style="Heading 1" if node.level <= 2 else "Heading 2"), node.text)

    def visit_paragraph(self, node: Paragraph) -> None:
        self.runs(self.paragraph(), node.text)

    def visit_listnode(self, node: ListNode) -> None:
        restart = self._restart() if node.ordered else None
        for item in node.items:
            para = self.paragraph(style="List Number" if node.ordered else "List Bullet")
            if restart is not None:
                _numbering(para, restart)
            self.runs(para, item)

    def visit_callout(self, node: Callout) -> None:
        style = CALLOUT_STYLE.format(node.style.capitalize())
        say = self.doc.strings
        head = self.paragraph(style=style)
        self.label(head, say[node.style] + (say["label_colon"] if node.title else ""))
        if node.title:
            self.runs(head, node.title, bold=True)
        for child in node.body:
            if isinstance(child, Paragraph):
                self.runs(self.paragraph(style=style), child.text)
                continue
            for n, item in enumerate(child.items, 1):
                para = self.paragraph(style=style)
                self.label(para, f"{n}. " if child.ordered else "• ")
                self.runs(para, item)

    def visit_quote(self, node: Quote) -> None:
        self.runs(self.paragraph(style="Quote"), node.text)
        if node.by:
            self.runs(self.paragraph(style="Quote"), (Run("— "), *node.by))

    def visit_figure(self, node: Figure) -> None:
        section = self.word.sections[0]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        assert page is not None and left is not None and right is not None  # the shipped template sets them
        room = (page - left - right) * node.share
        width = min(room, Emu(int(node.width_px / 96 * 914400)))
        self.word.add_picture(_word_picture(node.path), width=Emu(int(width)))
        picture = self.word.inline_shapes[-1]._inline  # noqa: SLF001 - alt text has no python-docx API
        picture.docPr.set("descr", node.alt)
        if node.caption:
            self.runs(self.paragraph(style="Caption"), node.caption)

    def visit_qrcode(self, node: QRCode) -> None:
        para = self.paragraph(style=QR)
        self.runs(para, (Run(node.url, href=node.url),))
        if node.caption:
            self.runs(self.paragraph(style=QR), node.caption)

    def visit_table(self, node: Table) -> None:
        if node.caption:
            self.runs(self.paragraph(style="Caption"), node.caption)
        self.grid(node.header, node.rows, node.caption)
        if node.note:
            self.runs(self.paragraph(style=TABLE_NOTE), node.note)

    def visit_contactlist(self, node: ContactList) -> None:
        self.contacts(node.entries)

    def contacts(self, entries: tuple[Contact, ...], description: str = CONTACTS_TABLE) -> None:
        say = self.doc.strings
        header = tuple((Run(say[key]),) for key in ("contact_who", "contact_phone", "contact_when"))
        rows = tuple((c.label, c.phone or (), c.hours or ()) for c in entries)
        table = self.grid(header, rows, (Run(say["who_to_contact"]),))
        _table_property(table, "w:tblDescription", description)

    def grid(
        self, header: tuple[Inline, ...] | None, rows: tuple[tuple[Inline, ...], ...], caption: Inline | None
    ) -> Any:
        """A table with its header row marked to repeat on each page (and read as headers)."""
        columns = len(header or rows[0])
        table = self.word.add_table(rows=0, cols=columns)
        table.style = self.word.styles["Table Grid"]
        if caption:
            _table_property(table, "w:tblCaption", "".join(r.text for r in caption))
        if header:
            cells = table.add_row().cells
            row = table.rows[-1]._tr  # noqa: SLF001 - a repeating header has no python-docx API
            row.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for cell, text in zip(cells, header, strict=True):
                self.runs(cell.paragraphs[0], text, bold=True)
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                self.runs(cell.paragraphs[0], text)
        return table

    def back_matter(self) -> None:
        """Words to know, who to contact, sources and about: the leaflet's back page."""
        doc, say = self.doc, self.doc.strings
        if doc.glossary:
            self.paragraph(say["words_to_know"], style=BACK_HEADING)
            for term, meaning in doc.glossary:
                para = self.paragraph(style=BACK)
                self.label(para, term)
                para.add_run(f": {meaning}")
        if doc.contacts:
            self.paragraph(say["who_to_contact"], style=BACK_HEADING)
            self.contacts(doc.contacts, "leaflets:back")
        if doc.sources:
            self.paragraph(say["sources"], style=BACK_HEADING)
            for src in doc.sources:
                para = self.paragraph(style=SOURCES)
                self.runs(
                    para, (Run(src.title, href=src.url),) + ((Run(f" — {src.publisher}"),) if src.publisher else ())
                )
        self.paragraph(say["about"], style=BACK_HEADING)
        self.paragraph(" ".join(about_lines(doc)), style=BACK)
        self.paragraph(doc.disclaimer, style=BACK)

    def properties(self) -> None:
        meta, core = self.doc.meta, self.word.core_properties
        core.title = meta.title
        core.subject = meta.subtitle or ""
        core.author = meta.author
        core.language = meta.language
        core.identifier = meta.code or ""
        core.version = meta.version or ""
        core.keywords = "patient information"
        core.created = core.modified = build_time(meta.reviewed)
        core.last_modified_by = meta.author
        core.revision = 1

    # -- text --------------------------------------------------------------------------

    def paragraph(self, text: str = "", style: str | None = None) -> Any:
        """A new last paragraph, in the paragraph style named ``style``."""
        para = self.word.add_paragraph(text)
        if style is not None:
            para._p.style = self._style_id(style, WD_STYLE_TYPE.PARAGRAPH)  # noqa: SLF001
        return para

    def label(self, para: Any, text: str) -> None:
        """Words leaflets adds to ``para`` (a callout's "Urgent:", a bullet), in the label style."""
        para.add_run(text)._r.style = self._style_id(LABEL, WD_STYLE_TYPE.CHARACTER)  # noqa: SLF001

    def _style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """The id python-docx gives a style's name (None for the default), found once a document:
        python-docx reads every style in the document twice to find it, about 1 ms, which was
        over half of the time a document took when each paragraph asked."""
        if (name, kind) not in self._style_ids:
            self._style_ids[name, kind] = self.word.part.get_style_id(name, kind)
        return self._style_ids[name, kind]

    def runs(self, para: Any, text: Inline, bold: bool = False) -> None:
        for run in text:
            if run.href:
                self.link(para, run)
                continue
            piece = para.add_run(run.text)
            piece.bold = bold or run.bold or None
            piece.italic = run.italic or None

    def link(self, para: Any, run: Run) -> None:
        rid = para.part.relate_to(run.href, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        piece = para.add_run(run.text)
        piece.bold = run.bold or None
        piece.italic = run.italic or None
        piece.font.underline = True
        piece.font.color.rgb = RGBColor(*readable_on(self.brand.background, self.brand.primary))
        link.append(piece._r)  # noqa: SLF001
        para._p.append(link)  # noqa: SLF001

    def _restart(self) -> str:
        """A numbering instance of List Number that starts again at 1, for one list."""
        numbering = self.word.part.numbering_part.element
        style = self.word.styles["List Number"].element
        num_id = style.find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
        base = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        abstract = base.find(qn("w:abstractNumId")).get(qn("w:val"))
        ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        new = OxmlElement("w:num")
        new.set(qn("w:numId"), str(max(ids) + 1))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), abstract)
        new.append(ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        new.append(override)
        numbering.append(new)
        return str(max(ids) + 1)


def _numbering(para: Any, num_id: str) -> None:
    numpr = para._p.get_or_add_pPr().get_or_add_numPr()  # noqa: SLF001
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = int(num_id)


def _shade(ppr: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)


def _table_property(table: Any, tag: str, value: str) -> None:
    """Set a table's alt-text title (tblCaption) or description: Word's accessibility fields."""
    tblpr = table._tbl.tblPr  # noqa: SLF001
    el = OxmlElement(tag)
    el.set(qn("w:val"), value)
    tblpr.append(el)


def _word_picture(path: Path) -> str | io.BytesIO:
    """``path``, or an sRGB JPEG copy of it when python-docx cannot read its header: a JPEG with
    an Adobe header instead of JFIF or Exif (CMYK photos from print designers), a density of 0
    or a damaged Exif block. The copy goes through the photo's own colour profile when it has
    one, so its colours hold."""
    from docx.image.image import Image as WordImage

    try:
        header = WordImage.from_file(str(path))
        if min(header.horz_dpi, header.vert_dpi, header.px_width, header.px_height) > 0:
            return str(path)
    except Exception:  # noqa: BLE001 - python-docx's many header errors all mean: give it a clean copy
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's notes on the damaged header this copy leaves behind
        return _clean_copy(path)


def _clean_copy(path: Path) -> io.BytesIO:
    from PIL import Image, ImageCms

    copy = io.BytesIO()
    with Image.open(path) as img:
        if img.format == "PNG":  # written again, clean, with its transparency
            img.save(copy, format="PNG")
            copy.seek(0)
            return copy
        rgb = None
        if profile := img.info.get("icc_profile"):
            try:
                own = ImageCms.ImageCmsProfile(io.BytesIO(profile))
                rgb = ImageCms.profileToProfile(img, own, ImageCms.createProfile("sRGB"), outputMode="RGB")
            except (ImageCms.PyCMSError, OSError, ValueError):  # a profile that does not fit the picture
                rgb = None
        rgb = rgb or img.convert("RGB")
    rgb.save(copy, format="JPEG", quality=95)
    copy.seek(0)
    return copy
