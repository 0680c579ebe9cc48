"""Read a Word document (.docx) into a Draft topic.

The file is opened through :mod:`leaflets.files.containers` first (a Word file from outside is hostile
until shown otherwise), then walked in document order: paragraphs by their style, lists by their
numbering, tables, pictures with the alt text Word stores, text boxes and shaded or bordered
paragraphs as callouts. Tracked changes are refused unless the caller accepts them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from msgspec import Struct
from msgspec.structs import replace

from leaflets.content.imports.draft import (
    ALT_NEEDED,
    Draft,
    ImportProblem,
    Row,
    short,
    strip_prefix,
    tidy,
    urgent_reason,
    write_picture,
)
from leaflets.content.inline import Inline, Run, plain, to_markup
from leaflets.content.schema import TYPED_BULLET, TYPED_NUMBER
from leaflets.files.containers import UnsafeContainer, check_xml, read_members

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
#: Revisions Word keeps until someone accepts or rejects them.
REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
             "trPrChange", "tcPrChange", "numberingChange")  # fmt: skip
#: Pictures the leaflets can print; others (EMF, WMF, TIFF) are named in the report.
PICTURE_TYPES = {"png", "jpg", "jpeg", "gif"}
MAX_COLUMNS = 6
#: Styles ``--format docx`` writes, read back exactly (see leaflets.renderers.word).
CONTACTS = "leaflets:contacts"
OUR_CALLOUTS = ("leaflets urgent", "leaflets info", "leaflets tip")
LABEL_STYLE = "Leaflets Label"
_DASH = re.compile(r"^— ")
#: A bold line this short, followed by text, is probably a heading typed by hand.
FAKE_HEADING_WORDS = 12


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_docx(path: Path, images: Path, accept_changes: bool = False) -> Draft:
    """The document at ``path`` as a Draft; its pictures are written into ``images``."""
    try:
        members = read_members(path)
        for name, data in members.items():
            if name.endswith((".xml", ".rels")):
                check_xml(name, data)
    except UnsafeContainer as exc:
        raise ImportProblem(f"{exc}") from None
    if "word/document.xml" not in members:
        raise ImportProblem("is not a Word document (it has no word/document.xml): save it as .docx in Word")
    import docx  # python-docx: only for the package's parts and core properties

    try:
        document = docx.Document(io.BytesIO(path.read_bytes()))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise ImportProblem(f"cannot be opened as a Word document ({type(exc).__name__}: {exc})") from None
    reader = _Reader(document, images, path.name)
    reader.revisions(accept_changes)
    reader.properties()
    reader.comments(members.get("word/comments.xml"))
    reader.walk(document.element.body)
    reader.finish()
    return reader.draft


class _Para(Struct):
    """One paragraph as read: its style, text, and what it is besides text."""

    style: str
    runs: Inline
    level: int | None  # list level, when it is a list item
    ordered: bool
    boxed: bool  # shaded or bordered
    pictures: list[dict[str, Any]]
    boxes: list[list[Any]]  # text boxes anchored in it: their own paragraphs
    label: str = ""  # words leaflets added ("Urgent:", a bullet in a box), not the author's
    num_id: str | None = None  # which list it belongs to


class _Reader:
    def __init__(self, document: Any, images: Path, name: str) -> None:
        self.doc, self.images, self.name = document, images, name
        self.draft = Draft(fields={"from": name, "status": "draft"})
        self.styles = {s.style_id: s.name for s in document.styles}
        self.numbering = self._numbering()
        self.pending: list[_Para] = []  # consecutive paragraphs of one kind, not yet added
        self.picture_count = 0
        self.generated = 0  # paragraphs leaflets writes from the brand and glossary, skipped
        self.table_caption: Inline | None = None
        self.last_num: str | None = None
        self.top = self._top_heading()
        self.caption_for: dict[str, Any] | None = None
        self.notes: dict[str, dict[str, str]] = {}  # footnotes and endnotes by id, read when first met

    # -- document-wide ---------------------------------------------------------------

    def revisions(self, accept: bool) -> None:
        body = self.doc.element.body
        found = [el for tag in REVISIONS for el in body.iter(w(tag))]
        if not found:
            return
        first = next((p for p in found[0].iterancestors(w("p"))), None)
        where = f' (the first in "{short(_text_of(first))}")' if first is not None else ""
        if not accept:
            raise ImportProblem(
                f"has {len(found)} tracked change{'s' if len(found) != 1 else ''}{where}: accept or reject "
                "them in Word first (Review > Accept or Reject), or import with --accept-changes to take them all"
            )
        for el in found:
            tag = etree.QName(el).localname
            parent = el.getparent()
            if parent is None:
                continue
            if tag in ("del", "moveFrom") or tag.endswith("Change"):
                parent.remove(el)
            else:  # an insertion: keep what it holds, in its place
                index = parent.index(el)
                for child in list(el):
                    parent.insert(index, child)
                    index += 1
                parent.remove(el)
        self.draft.report.append(f"accepted {len(found)} tracked changes (--accept-changes){where}")

    def properties(self) -> None:
        core = self.doc.core_properties
        fields = self.draft.fields
        if core.title and core.title.strip():
            fields["title"] = core.title.strip()
        if core.subject and core.subject.strip():
            fields["subtitle"] = core.subject.strip()
        if core.identifier and core.identifier.strip():
            fields["code"] = core.identifier.strip()
        if core.version and core.version.strip():
            fields["version"] = core.version.strip()
        language = core.language or self._style_language()
        if language:
            fields["language"] = language
        if core.author and core.author.strip():
            self.draft.report.append(f"the document's author is {core.author.strip()!r}: set owner if they own it")

    def _style_language(self) -> str | None:
        lang = self.doc.styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
        return lang.get(w("val")) if lang is not None else None

    def comments(self, data: bytes | None) -> None:
        if not data:
            return
        root = etree.fromstring(data)
        for comment in root.iter(w("comment")):
            author = comment.get(w("author")) or "someone"
            said = " ".join(_text_of(p) for p in comment.iter(w("p"))).strip()
            anchor = self._commented_text(comment.get(w("id")))
            on = f' on "{short(anchor)}"' if anchor else ""
            self.draft.report.append(f"comment by {author}{on}: {said}")

    def _commented_text(self, comment_id: str | None) -> str:
        for ref in self.doc.element.body.iter(w("commentReference")):
            if ref.get(w("id")) == comment_id:
                para = next(ref.iterancestors(w("p")), None)
                return _text_of(para) if para is not None else ""
        return ""

    def _numbering(self) -> dict[tuple[str, int], bool]:
        """(numId, level) -> whether that level is numbered (not bullets)."""
        try:
            numbering = self.doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract = {}
        for item in numbering.iter(w("abstractNum")):
            levels = {}
            for lvl in item.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                levels[int(lvl.get(w("ilvl"), "0"))] = fmt is not None and fmt.get(w("val")) not in ("bullet", "none")
            abstract[item.get(w("abstractNumId"))] = levels
        out = {}
        for num in numbering.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            for level, ordered in abstract.get(ref.get(w("val")) if ref is not None else None, {}).items():
                out[(num.get(w("numId")), level)] = ordered
        return out

    def _top_heading(self) -> int:
        """The heading level of the document's sections: its highest, but for a lone Heading 1
        that stands for the title in a document with no Title style."""
        levels, titled = [], False
        for p in self.doc.element.body.iter(w("p")):
            style = p.find(f"{w('pPr')}/{w('pStyle')}")
            name = self.styles.get(style.get(w("val")), "").lower() if style is not None else ""
            titled |= name == "title"
            if match := re.fullmatch(r"heading (\d)", name):
                levels.append(int(match.group(1)))
        if not titled and levels.count(1) == 1 and levels[0] == 1:
            levels = levels[1:]
        return min(levels, default=1)

    # -- the body ----------------------------------------------------------------------

    def walk(self, parent: Any) -> None:
        for child in parent:
            tag = etree.QName(child).localname
            if tag == "p":
                self.paragraph(self.read_paragraph(child))
            elif tag == "tbl":
                self.flush(table_next=True)
                self.table(child)
            elif tag == "sdt":  # a content control: its content is ordinary body
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.walk(content)
            elif tag in ("sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart",
                         "commentRangeEnd"):  # fmt: skip
                continue
            elif tag == "altChunk":  # a part kept as another file (HTML, RTF) that Word merges when it opens
                self.draft.report.append(
                    "a part of the document is kept as a file of its own (altChunk) and was not imported: open the"
                    " document in Word, save it as .docx again, and import that"
                )
            else:
                text = _text_of(child)
                if text.strip():
                    self.flush()
                    self.draft.add({"text": to_markup((Run(text),))}, f"a Word {tag} element was taken as plain text")

    def read_paragraph(self, p: Any) -> _Para:
        ppr = p.find(w("pPr"))
        style_id = ppr.find(w("pStyle")).get(w("val")) if ppr is not None and ppr.find(w("pStyle")) is not None else ""
        style = self.styles.get(style_id, style_id) or ""
        level, ordered = None, False
        num = ppr.find(w("numPr")) if ppr is not None else None
        if num is not None and num.find(w("numId")) is not None and num.find(w("numId")).get(w("val")) != "0":
            ilvl = num.find(w("ilvl"))
            level = int(ilvl.get(w("val"))) if ilvl is not None else 0
            ordered = self.numbering.get((num.find(w("numId")).get(w("val")), level), False)
        elif style.lower().startswith(("list bullet", "list number")):
            level, ordered = 0, style.lower().startswith("list number")
        shd = ppr.find(w("shd")) if ppr is not None else None
        filled = shd is not None and (shd.get(w("fill")) or "auto").lower() not in ("auto", "ffffff", "none")
        boxed = filled or (ppr is not None and ppr.find(w("pBdr")) is not None)
        label = "".join(_text_of(r) for r in _runs(p) if _char_style(r, self.styles) == LABEL_STYLE)
        runs, pictures, boxes = self.read_runs(p)
        num_id = num.find(w("numId")).get(w("val")) if level is not None and num is not None else None
        return _Para(style, tidy(runs), level, ordered, boxed, pictures, boxes, label, num_id)

    def read_runs(self, p: Any) -> tuple[list[Run], list[dict[str, Any]], list[list[Any]]]:
        """The paragraph's text runs in order, with links; pictures and text boxes aside."""
        runs: list[Run] = []
        pictures: list[dict[str, Any]] = []
        boxes: list[list[Any]] = []
        field_href: str | None = None  # a HYPERLINK field's address, while its result runs
        in_result = False
        for r in _runs(p):
            if etree.QName(r).localname == "oMath":
                said = "".join(t.text or "" for t in r.iter(f"{{{NS['m']}}}t"))
                runs.append(Run(said))
                self.draft.report.append(f"an equation was kept as its plain text {short(said)!r}: check it reads well")
                continue
            if _char_style(r, self.styles) == LABEL_STYLE:
                continue
            href = self._href(r) or (field_href if in_result else None)
            bold, italic = _style_of(r, self.styles)
            for child in r:
                tag = etree.QName(child).localname
                if tag == "t":
                    runs.append(Run(child.text or "", bold, italic, href))
                elif tag in ("tab", "br", "cr"):
                    runs.append(Run(" ", bold, italic, href))
                elif tag == "noBreakHyphen":
                    runs.append(Run("-", bold, italic, href))
                elif tag == "fldChar":
                    kind = child.get(w("fldCharType"))
                    in_result = kind == "separate"
                    if kind == "end":
                        field_href = None
                elif tag == "instrText":
                    match = re.match(r'\s*HYPERLINK\s+"([^"]+)"', child.text or "")
                    field_href = match.group(1) if match else field_href
                elif tag in ("drawing", "pict", "AlternateContent", "object"):
                    found = len(pictures) + len(boxes)
                    self.drawing(child, pictures, boxes)
                    if tag == "object" and len(pictures) + len(boxes) == found:
                        self.draft.report.append(
                            "an embedded object (a spreadsheet, chart or other file) was left out: paste what it"
                            " says as text or a table"
                        )
                elif tag == "sym":
                    self.draft.report.append(f"a symbol character (font {child.get(w('font'))}) was left out")
                elif tag in ("footnoteReference", "endnoteReference"):
                    kind = tag.removesuffix("Reference")
                    note = self.note(kind, child.get(w("id")) or "")
                    if note:
                        runs.append(Run(f" ({note})", bold, italic, href))
                        self.draft.report.append(f"a {kind} was put in the text, in brackets: {short(note)!r}")
        return runs, pictures, boxes

    def note(self, kind: str, number: str) -> str:
        """The text of footnote (or endnote) ``number``, from the document's notes part."""
        if kind not in self.notes:
            self.notes[kind] = {}
            for rel in self.doc.part.rels.values():
                if rel.reltype.endswith(f"/{kind}s") and not rel.is_external:
                    root = etree.fromstring(
                        rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True)
                    )
                    for item in root.iter(w(kind)):
                        said = " ".join("".join(t.text or "" for t in item.iter(w("t"))).split())
                        self.notes[kind][item.get(w("id")) or ""] = said
        return self.notes[kind].get(number, "")

    def _href(self, r: Any) -> str | None:
        link = next((a for a in r.iterancestors(w("hyperlink"))), None)
        if link is None:
            return None
        rid = link.get(f"{{{R}}}id")
        if rid and rid in self.doc.part.rels:
            return str(self.doc.part.rels[rid].target_ref)
        anchor = link.get(w("anchor"))
        return f"#{anchor}" if anchor else None

    def drawing(self, el: Any, pictures: list[dict[str, Any]], boxes: list[list[Any]]) -> None:
        """A picture (saved, with its alt text) or a text box (its paragraphs, read later)."""
        for fallback in el.iter(f"{{{NS['mc']}}}Fallback"):  # the same content again, for old Word
            fallback.getparent().remove(fallback)
        for box in el.iter(w("txbxContent")):
            boxes.append(list(box.iter(w("p"))))
        for blip in el.iter(f"{{{NS['a']}}}blip"):
            rid = blip.get(f"{{{R}}}embed")
            if rid is None and blip.get(f"{{{R}}}link"):
                self.picture_count += 1
                self.draft.report.append(
                    f"picture {self.picture_count} is linked to a file outside the document, not in it: insert it"
                    " in Word (Insert > Pictures) and import again, or add it as an image block"
                )
                continue
            holder = next(blip.iterancestors(f"{{{NS['wp']}}}inline", f"{{{NS['wp']}}}anchor"), None)
            props = holder.find(f"{{{NS['wp']}}}docPr") if holder is not None else None
            alt = (props.get("descr") or props.get("title") or "").strip() if props is not None else ""
            pictures.append(self.picture(rid, alt))

    def picture(self, rid: str | None, alt: str) -> dict[str, Any]:
        self.picture_count += 1
        part = self.doc.part.related_parts.get(rid) if rid else None
        ext = (Path(str(part.partname)).suffix.lstrip(".").lower() if part is not None else "") or "bin"
        if part is None or ext not in PICTURE_TYPES:
            self.draft.report.append(
                f"picture {self.picture_count} ({alt or 'no alt text'}) is {ext.upper()}, which leaflets cannot "
                "print: save it as PNG or JPEG and add it as an image block"
            )
            return {}
        file = self.images / f"picture-{self.picture_count}.{'jpg' if ext == 'jpeg' else ext}"
        write_picture(file, part.blob)
        block: dict[str, Any] = {"src": file.as_posix(), "alt": alt or ALT_NEEDED}
        if not alt:
            self.draft.report.append(
                f"picture {self.picture_count} has no alt text: write it where it says ALT TEXT NEEDED"
            )
        return block

    # -- grouping paragraphs into blocks ------------------------------------------------

    def paragraph(self, para: _Para) -> None:
        text = plain(para.runs)
        style = para.style.lower()
        if para.boxes:
            self.flush()
            for box in para.boxes:
                self.callout([self.read_paragraph(p) for p in box], "a text box")
        if (para.boxed or style in OUR_CALLOUTS) and text:
            same = not self.pending or (
                self.pending[-1].style == para.style and not (para.label and para.label[0].isalpha())
            )
            if not same:
                self.flush()
            self.pending.append(para)
            return
        self.flush()
        if style.startswith("leaflets back matter"):  # the brand's and glossary's words, made again on build
            self.generated += 1
            return
        if self.caption_for is not None and style == "caption" and text:
            self.caption_for["caption"] = to_markup(para.runs)
            self.caption_for = None
            return
        self.caption_for = None
        if self.table_caption is not None:  # a caption not followed by a table is a paragraph
            self.draft.paragraph(self.table_caption)
            self.table_caption = None
        if style == "caption" and text and not para.pictures:
            self.table_caption = para.runs
            return
        if text:
            self.text(para)
        for picture in para.pictures:
            if picture:
                self.draft.add({"image": picture})
                self.caption_for = picture

    def text(self, para: _Para) -> None:
        draft, style, text = self.draft, para.style.lower(), plain(para.runs)
        heading = re.match(r"heading (\d)", style)
        if style == "title":
            if draft.fields.get("title", text) != text:
                draft.add({"heading": to_markup(para.runs)}, f'"{short(text)}" was a second title: it became a heading')
            draft.fields["title"] = draft.fields.get("title", text)
            return
        if style == "subtitle" and draft.fields.get("subtitle", text) == text:
            draft.fields["subtitle"] = text  # perhaps also in the document's properties
            return
        if style == "leaflets governance":
            if not draft.metadata_line(text, exact=True):
                self.generated += 1  # the draft band's words, the sign-off: made again on build
            return
        if style == "leaflets sources":
            draft.source(para.runs)
            return
        if style == "leaflets table note" and draft.blocks and "table" in draft.blocks[-1][0]:
            draft.blocks[-1][0]["table"]["note"] = to_markup(para.runs)
            return
        if style == "leaflets qr":
            last = draft.blocks[-1][0] if draft.blocks else {}
            if para.runs[0].href and plain(para.runs) == para.runs[0].href:
                draft.add({"qr": {"url": para.runs[0].href}})
            elif "qr" in last and "caption" not in last["qr"]:
                last["qr"]["caption"] = to_markup(para.runs)
            else:
                draft.paragraph(para.runs)
            return
        if style in ("quote", "intense quote"):
            last = draft.blocks[-1][0] if draft.blocks else {}
            if text.startswith("— ") and "quote" in last and "by" not in last["quote"]:
                last["quote"]["by"] = to_markup(strip_prefix(para.runs, _DASH))
            else:
                draft.add({"quote": {"text": to_markup(_unquoted(para.runs))}})
            return
        if not draft.blocks and draft.metadata_line(text):
            return
        if heading or self.fake_heading(para):
            runs = tuple(replace(r, bold=False) for r in para.runs)  # a heading is bold already
            level = int(heading.group(1)) if heading else self.top
            draft.heading(runs, 1 if level < self.top else (2 if level == self.top else 3), guessed=not heading)
            return
        if draft.metadata_line(text):
            return
        if (para.level is not None or TYPED_BULLET.match(text) or TYPED_NUMBER.match(text)) and not draft.in_sources:
            self.list_item(para)
            return
        draft.paragraph(para.runs)

    def fake_heading(self, para: _Para) -> bool:
        text = plain(para.runs)
        return (
            bool(para.runs)
            and all(r.bold for r in para.runs if r.text.strip())
            and len(text.split()) <= FAKE_HEADING_WORDS
            and not text.rstrip().endswith((".", ",", ";"))
            and para.level is None
        )

    def list_item(self, para: _Para) -> None:
        text = plain(para.runs)
        runs = para.runs
        ordered = para.ordered
        if para.level is None:
            ordered = bool(TYPED_NUMBER.match(text))
            runs = strip_prefix(runs, TYPED_NUMBER if ordered else TYPED_BULLET)
            self.draft.report.append(f'check: "{short(text)}" had a typed bullet or number: it is now a list item')
        elif para.level > 0:
            self.draft.report.append(
                f'check: "{short(text)}" was nested {para.level} level(s) deep: it is now in the main list'
            )
        self.draft.items([runs], ordered, new=para.num_id != self.last_num and ordered)
        self.last_num = para.num_id

    def flush(self, table_next: bool = False) -> None:
        """The shaded or bordered paragraphs gathered so far become one callout."""
        if self.pending:
            paras, self.pending = self.pending, []
            self.callout(paras, "shaded or bordered text")
        if self.table_caption is not None and not table_next:
            self.draft.paragraph(self.table_caption)
            self.table_caption = None

    def ours(self, paras: list[_Para]) -> None:
        """A callout leaflets wrote: its kind from its style, its label dropped, items by their marks."""
        block: dict[str, Any] = {"style": paras[0].style.lower().split()[-1]}
        head, paras = paras[0], paras[1:]
        if plain(head.runs):
            block["title"] = to_markup(tuple(replace(r, bold=False) for r in head.runs))
        texts = [to_markup(p.runs) for p in paras if not p.label]
        if texts:
            block["text"] = "\n\n".join(texts)
        for key, mark in (("bullets", "•"), ("numbered", "")):
            items = [to_markup(p.runs) for p in paras if p.label and (p.label.strip() == "•") == (mark == "•")]
            if items:
                block[key] = items
        self.draft.add({"callout": block})

    def callout(self, paras: list[_Para], what: str) -> None:
        paras = [p for p in paras if plain(p.runs) or p.label]
        if paras and paras[0].style.lower() in OUR_CALLOUTS:
            self.ours(paras)
            return
        paras = [p for p in paras if plain(p.runs)]
        if not paras:
            return
        words = " ".join(plain(p.runs) for p in paras)
        reason = urgent_reason(words)
        block: dict[str, Any] = {"style": "urgent" if reason else "info"}
        first = paras[0]
        if len(paras) > 1 and self.fake_heading(first) or first.style.lower().startswith("heading"):
            block["title"] = to_markup(first.runs)
            paras = paras[1:]
        texts = [to_markup(p.runs) for p in paras if p.level is None and not TYPED_BULLET.match(plain(p.runs))]
        items = [p for p in paras if p.level is not None or TYPED_BULLET.match(plain(p.runs))]
        if texts:
            block["text"] = "\n\n".join(texts)
        if items:
            key = "numbered" if all(p.ordered for p in items) else "bullets"
            block[key] = [to_markup(strip_prefix(p.runs, TYPED_BULLET)) for p in items]
            if texts and paras.index(items[0]) < max(i for i, p in enumerate(paras) if p not in items):
                self.draft.report.append(f'check: in the box "{short(words)}", text after the list now comes before it')
        why = f"mentions {reason!r}" if reason else "has no urgent words"
        self.draft.add({"callout": block}, f"{what} became a{'n urgent' if reason else 'n info'} callout ({why})")

    # -- tables ------------------------------------------------------------------------

    def table(self, tbl: Any) -> None:
        caption, self.table_caption = self.table_caption, None
        described = tbl.find(f"{w('tblPr')}/{w('tblDescription')}")
        kind = described.get(w("val")) if described is not None else None
        if kind == "leaflets:back":  # the brand's contacts on the back page, made again on build
            self.generated += 1
            return
        rows, header, checks = self.table_rows(tbl)
        rows = [r for r in rows if any(plain(c).strip() for c in r)]
        if not rows:
            return
        if len(rows) == 1 and len(rows[0]) == 1:  # a one-cell table is a box drawn with a table
            self.callout([_Para("", rows[0][0], None, False, True, [], [])], "a one-cell table")
            return
        width = max(len(r) for r in rows)
        rows = [r + [()] * (width - len(r)) for r in rows]
        if not header and all(all(run.bold for run in c if run.text.strip()) and c for c in rows[0]):
            header = True
        if width > MAX_COLUMNS:
            for row in rows:
                self.draft.paragraph((Run(" | ".join(plain(c) for c in row)),))
            self.draft.report.append(
                f"check: a table of {width} columns (more than {MAX_COLUMNS}) became one paragraph per row"
            )
            return
        if kind == CONTACTS and header and width == 3:
            keys = ("label", "phone", "hours")
            entries = [{k: to_markup(c) for k, c in zip(keys, row, strict=True) if plain(c)} for row in rows[1:]]
            self.draft.add({"contacts": entries})
            return
        block: dict[str, Any] = {"caption": to_markup(caption)} if caption else {}
        if header and len(rows) > 1:  # bold in a header cell is the header's own look
            block["header"] = Row(to_markup(tuple(replace(r, bold=False) for r in c)) for c in rows[0])
            rows = rows[1:]
        block["rows"] = [Row(to_markup(c) for c in row) for row in rows]
        self.draft.add({"table": block}, *checks)

    def table_rows(self, tbl: Any) -> tuple[list[list[Inline]], bool, list[str]]:
        """A Word table's cells, row by row; whether Word marks its first row as a header; and
        what a reviewer should check (merged cells spread out, tables inside cells)."""
        rows: list[list[Inline]] = []
        header = merged = nested = False
        for i, tr in enumerate(tbl.findall(w("tr"))):
            trpr = tr.find(w("trPr"))
            heading_style = any(
                "heading" in self.styles.get(st.get(w("val")), st.get(w("val"))).lower() for st in tr.iter(w("pStyle"))
            )
            if i == 0 and ((trpr is not None and trpr.find(w("tblHeader")) is not None) or heading_style):
                header = True
            cells: list[Inline] = []
            for tc in tr.findall(w("tc")):
                tcpr = tc.find(w("tcPr"))
                span = tcpr.find(w("gridSpan")) if tcpr is not None else None
                merged |= span is not None or (tcpr is not None and tcpr.find(w("vMerge")) is not None)
                nested |= tc.find(f".//{w('tbl')}") is not None
                cells.append(self.cell_text(tc))
                cells += [()] * (int(span.get(w("val"), "1")) - 1 if span is not None else 0)
            rows.append(cells)
        checks = ["the table had merged cells: each now stands in its own column, the others left empty"] * merged
        checks += ["a table inside this table was read as text in its cell"] * nested
        return rows, header, checks

    def cell_text(self, tc: Any) -> Inline:
        """A cell's paragraphs as one run of text; its pictures go after the table."""
        runs: list[Run] = []
        for para in (self.read_paragraph(p) for p in tc.iter(w("p"))):
            if runs and para.runs:
                runs.append(Run(" "))
            runs += para.runs
            for picture in para.pictures:
                if picture:
                    self.draft.add({"image": picture}, "this picture was in a table cell")
        return tidy(runs)

    def finish(self) -> None:
        self.flush()
        if self.generated:
            self.draft.report.append(
                f"{self.generated} parts that leaflets makes on every build (back page, draft band) were not imported"
            )
        if not self.draft.blocks:
            raise ImportProblem("has no text that leaflets can import")
        if "title" not in self.draft.fields:
            self.draft.report.append("check: the document has no title (Title style or property): set title")


#: What a paragraph's runs are not read from: deleted text, text boxes, fallbacks, nested
#: paragraphs, and equations (read whole).
_NOT_READ_INSIDE = ("del", "moveFrom", "txbxContent", "Fallback", "p", "oMath")


def _runs(p: Any) -> Iterator[Any]:
    """The runs of a paragraph in order, inside links, fields and smart tags too, and its
    equations (``m:oMath``, each one whole), but not those of deleted text or of text boxes (read
    on their own)."""
    for r in p.iter(w("r"), f"{{{NS['m']}}}oMath"):
        skip = False
        for ancestor in r.iterancestors():
            if ancestor is p:
                break
            skip = skip or etree.QName(ancestor).localname in _NOT_READ_INSIDE
        if skip:
            continue
        yield r


def _char_style(r: Any, styles: dict[str, str]) -> str:
    rpr = r.find(w("rPr"))
    style = rpr.find(w("rStyle")) if rpr is not None else None
    return styles.get(style.get(w("val")), style.get(w("val"))) if style is not None else ""


def _unquoted(runs: Inline) -> Inline:
    """A quote's words without the quotation marks a writer put round them."""
    text = plain(runs)
    if len(text) > 1 and text[0] in '“"' and text[-1] in '”"':
        return strip_prefix(tuple(runs[:-1]) + (replace(runs[-1], text=runs[-1].text[:-1]),), re.compile('[“"]'))
    return runs


def _style_of(r: Any, styles: dict[str, str]) -> tuple[bool, bool]:
    rpr = r.find(w("rPr"))
    if rpr is None:
        return False, False

    def on(tag: str) -> bool:
        el = rpr.find(w(tag))
        return el is not None and el.get(w("val"), "true").lower() not in ("false", "0", "off", "none")

    style = rpr.find(w("rStyle"))
    name = styles.get(style.get(w("val")), "").lower() if style is not None else ""
    return on("b") or "strong" in name, on("i") or "emphasis" in name


def _text_of(el: Any) -> str:
    if el is None:
        return ""
    return "".join(t.text or "" for t in el.iter(w("t")))
