"""Tagged PDF, part two: the structure tree, written after reportlab has finished.

``pdf_tags`` recorded, while drawing, which marked content and which link belongs to which
element. This pass turns that into the PDF objects a screen reader uses: the structure tree
(``StructTreeRoot``), the ParentTree that maps content back to its element, ``StructParents``
and tab order on pages, link annotations tied to ``Link`` elements, ``MarkInfo``, and XMP
metadata that declares PDF/UA-1 with the title and language.

Folded leaflets and booklets draw some pages onto others as form XObjects; a
:class:`Placement` says where each drawn page ended up, so the tree points at the right
page and stream while keeping the leaflet's reading order.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name

from leaflets.renderers.pdf.tags import Elem, Tagger


@dataclass
class Placement:
    """Where one page that reportlab drew ended up: on ``page``, directly or as ``form``."""

    page: Any
    form: Any = None
    annots: list[Any] = field(default_factory=list)


#: Moves drawn pages onto sheets in ``pdf``; returns each drawn page's placement and the
#: indexes of pages that are no longer needed.
Arrange = Callable[[pikepdf.Pdf], tuple[list[Placement], list[int]]]


def in_place(pdf: pikepdf.Pdf) -> tuple[list[Placement], list[int]]:
    """Every page stays where reportlab put it."""
    return [Placement(p.obj, None, list(p.obj.get("/Annots", []))) for p in pdf.pages], []


def finish(pdf_bytes: bytes, tagger: Tagger | None, title: str, out: BinaryIO, arrange: Arrange = in_place) -> int:
    """Arrange the drawn pages, add the structure tree when ``tagger`` recorded one, and save.

    Returns the number of pages written."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    placements, unused = arrange(pdf)
    if tagger is not None:
        write_structure(pdf, tagger, placements, title)
    for index in sorted(unused, reverse=True):
        del pdf.pages[index]
    # object streams: the structure tree is many small objects, and PDF/UA (PDF 1.7) allows them
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(pdf.pages)


def write_structure(pdf: pikepdf.Pdf, tagger: Tagger, placements: list[Placement], title: str) -> None:
    """Add the structure tree, ParentTree, MarkInfo and PDF/UA metadata to ``pdf``."""
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    by_page: dict[int, list[Any]] = {}
    annots: list[Any] = []

    def build(elem: Elem, parent: Any) -> Any:
        obj = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + elem.role), P=parent))
        kids = Array()
        for child in elem.children:
            if isinstance(child, Elem):
                if _has_content(child):
                    kids.append(build(child, obj))
                continue
            kind, page, index = child
            place = placements[page - 1]
            if kind == "mcid":
                mcr = Dictionary(Type=Name.MCR, Pg=place.page, MCID=index)
                if place.form is not None:
                    mcr.Stm = place.form
                kids.append(mcr)
                slots = by_page.setdefault(page, [])
                slots += [None] * (index + 1 - len(slots))
                slots[index] = obj
            else:
                annot = place.annots[index]
                link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=obj, Pg=place.page))
                link.K = Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=place.page)])
                annots.append((annot, link))
                kids.append(link)
        obj.K = kids
        if elem.alt is not None:
            obj.Alt = pikepdf.String(elem.alt)
        if elem.lang:
            obj.Lang = pikepdf.String(elem.lang)
        if elem.role == "TH":
            obj.A = Dictionary(O=Name.Table, Scope=Name("/" + elem.scope))
        return obj

    root.K = Array([build(tagger.root, root)])
    nums = Array()
    for page, slots in sorted(by_page.items()):
        key = page - 1
        holder = placements[key].form if placements[key].form is not None else placements[key].page
        holder.StructParents = key
        nums.append(key)
        nums.append(pdf.make_indirect(Array(slots)))
    next_key = len(placements)
    for annot, link in annots:
        annot.StructParent = next_key
        nums.append(next_key)
        nums.append(link)
        next_key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    for pdf_page in pdf.pages:
        pdf_page.obj.Tabs = Name.S
    _write_metadata(pdf, title, tagger.root.lang)


def _has_content(elem: Elem) -> bool:
    return any(not isinstance(c, Elem) or _has_content(c) for c in elem.children)


def _write_metadata(pdf: pikepdf.Pdf, title: str, lang: str | None) -> None:
    """XMP written out in full, so the bytes are the same on every build."""
    info = pdf.docinfo
    author = str(info.get("/Author", ""))
    producer = str(info.get("/Producer", ""))
    language = f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>" if lang else ""
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        "<pdfuaid:part>1</pdfuaid:part>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>{language}"
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    stream = pdf.make_stream(xmp.encode("utf-8"))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = stream
