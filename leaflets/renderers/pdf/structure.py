"""Tagged PDF, part two: the structure tree, made once drawing is done.

``tags`` recorded, while drawing, which marked content and which link belongs to which
element. This module turns that into the objects a screen reader uses: the structure tree
(``StructTreeRoot``), the ParentTree that maps content back to its element, ``StructParents``
and tab order on pages, link annotations tied to ``Link`` elements, ``MarkInfo``, and XMP
metadata that declares PDF/UA-1 with the title and language.

The tree is built once, as plain values (:class:`Tree`), and written by one of two writers:
:func:`save` has reportlab write it with the pages, in compact form (object streams), for
pages that stay where they were drawn; ``imposed.finish`` has pikepdf write it for pages
moved onto sheets (folds and booklets), whose content then lives in form XObjects. The tree's
values are plain ints, strings, lists and dicts, told apart by small subclasses of them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from msgspec import Struct, field

from leaflets.renderers.pdf import rl_private
from leaflets.renderers.pdf.tags import Elem, Tagger


class Name(str):
    """A PDF name, without its slash."""


class Text(str):
    """A PDF text string."""


class Ref(int):
    """The tree's own object ``Tree.objects[index]``."""

    @property
    def index(self) -> int:
        return int(self)


class PageRef(int):
    """The sheet or page that drawn page ``page`` (from 1) ended up on."""

    @property
    def page(self) -> int:
        return int(self)


class FormRef(int):
    """The form XObject that holds drawn page ``page`` on its sheet."""

    @property
    def page(self) -> int:
        return int(self)


class AnnotRef(tuple[int, int]):
    """Link annotation ``number`` (from 0, in drawing order) of drawn page ``page``."""

    def __new__(cls, page: int, number: int) -> AnnotRef:
        return super().__new__(cls, (page, number))

    @property
    def page(self) -> int:
        return self[0]

    @property
    def number(self) -> int:
        return self[1]


class Tree(Struct):
    """The structure tree as indirect objects (dicts and lists; ``objects[0]`` is the root),
    with the ParentTree keys the drawn pages and the link annotations are given."""

    objects: list[Any]
    page_keys: dict[int, int] = field(default_factory=dict)
    annot_keys: list[tuple[AnnotRef, int]] = field(default_factory=list)


def build_tree(tagger: Tagger, pages: int, in_form: Callable[[int], bool] = lambda _page: False) -> Tree:
    """The tree of what ``tagger`` recorded over ``pages`` drawn pages; ``in_form`` says which
    drawn pages now live in a form XObject."""
    tree = Tree([{"Type": Name("StructTreeRoot")}])
    slots_of: dict[int, list[Any]] = {}
    links: list[tuple[AnnotRef, Ref]] = []

    def add(value: Any) -> Ref:
        tree.objects.append(value)
        return Ref(len(tree.objects) - 1)

    def build(elem: Elem, parent: Ref) -> Ref:
        me = add({"Type": Name("StructElem"), "S": Name(elem.role), "P": parent})
        kids: list[Any] = []
        for child in elem.children:
            if isinstance(child, Elem):
                if _has_content(child):
                    kids.append(build(child, me))
                continue
            kind, page, index = child
            if kind == "mcid":
                mcr = {"Type": Name("MCR"), "Pg": PageRef(page), "MCID": index}
                if in_form(page):
                    mcr["Stm"] = FormRef(page)
                kids.append(mcr)
                slots = slots_of.setdefault(page, [])
                slots += [None] * (index + 1 - len(slots))
                slots[index] = me
            else:
                annot = AnnotRef(page, index)
                objr = {"Type": Name("OBJR"), "Obj": annot, "Pg": PageRef(page)}
                link = add({"Type": Name("StructElem"), "S": Name("Link"), "P": me, "Pg": PageRef(page), "K": [objr]})
                links.append((annot, link))
                kids.append(link)
        obj = tree.objects[me.index]
        obj["K"] = kids
        if elem.alt is not None:
            obj["Alt"] = Text(elem.alt)
        if elem.lang:
            obj["Lang"] = Text(elem.lang)
        if elem.role == "TH":
            obj["A"] = {"O": Name("Table"), "Scope": Name(elem.scope)}
        return me

    root = tree.objects[0]
    root["K"] = [build(tagger.root, Ref(0))]
    nums: list[Any] = []
    for page, slots in sorted(slots_of.items()):
        tree.page_keys[page] = page - 1
        nums += [page - 1, add(slots)]
    for key, (annot, link) in enumerate(links, pages):
        tree.annot_keys.append((annot, key))
        nums += [key, link]
    root["ParentTree"] = add({"Nums": nums})
    root["ParentTreeNextKey"] = pages + len(links)
    return tree


def _has_content(elem: Elem) -> bool:
    return any(not isinstance(c, Elem) or _has_content(c) for c in elem.children)


def xmp(title: str, author: str, producer: str, lang: str | None) -> bytes:
    """XMP metadata declaring PDF/UA-1, written out in full, so the bytes are the same on every build."""
    language = (
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang, quote=False)}</rdf:li></rdf:Bag></dc:language>" if lang else ""
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        "<pdfuaid:part>1</pdfuaid:part>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title, quote=False)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author, quote=False)}</rdf:li></rdf:Seq></dc:creator>{language}"
        f"<pdf:Producer>{escape(producer, quote=False)}</pdf:Producer>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def save(canvas: Any, tagger: Tagger | None, title: str) -> int:
    """Have reportlab write ``canvas``'s pages to its file, with the structure tree when
    ``tagger`` recorded one, in compact form; return the number of pages.

    Writing the tree with the pages, rather than reopening the file to add it, saves reading
    the file back and importing pikepdf at all."""

    def add_structure(doc: Any, pages: list[Any]) -> None:
        if tagger is not None:
            _write_reportlab(doc, pages, build_tree(tagger, len(pages)), title, tagger.root.lang)

    return rl_private.save_compact(canvas, add_structure)


def _write_reportlab(doc: Any, pages: list[Any], tree: Tree, title: str, lang: str | None) -> None:
    """Add ``tree`` to reportlab's document ``doc``, whose pages stayed where they were drawn.

    The tree's objects are written straight to PDF syntax (:func:`pdf_syntax`): building
    reportlab's own object for each of them would cost more than drawing the pages' text."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream, PDFtrue

    made = rl_private.raw_objects(doc, len(tree.objects))
    numbers = [rl_private.object_number(doc, ref) for ref, _ in made]
    page_numbers = [rl_private.object_number(doc, page) for page in pages]

    def number(v: Ref | PageRef | FormRef | AnnotRef) -> int:
        if isinstance(v, Ref):
            return numbers[v.index]
        if isinstance(v, AnnotRef):
            return rl_private.object_number(doc, pages[v.page - 1].Annots[v.number])
        assert isinstance(v, PageRef), "pages stay where they were drawn: no forms"
        return page_numbers[v.page - 1]

    for (_, raw), obj in zip(made, tree.objects, strict=True):
        raw.body = pdf_syntax(obj, number).encode("latin-1")
    for page, key in tree.page_keys.items():
        pages[page - 1].StructParents = key
    for annot, key in tree.annot_keys:
        rl_private.annotation(doc, pages[annot.page - 1].Annots[annot.number])["StructParent"] = key
    for page in pages:
        page.Tabs = PDFName("S")
    catalog = doc.Catalog
    catalog.StructTreeRoot = made[0][0]
    catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})
    metadata = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    catalog.Metadata = PDFStream(metadata, xmp(title, str(doc.info.author), str(doc.info.producer), lang))


def pdf_syntax(value: Any, number: Callable[[Any], int]) -> str:
    """``value`` (a tree object or part of one) in PDF syntax; ``number`` gives the object
    number a reference points at."""
    kind = type(value)  # told apart by exact type: a tree holds thousands of values, most of them ints
    if kind is int:
        return str(value)
    if kind is Name:
        return "/" + value
    if kind is list:
        return "[" + " ".join(pdf_syntax(v, number) for v in value) + "]"
    if kind is dict:
        return "<<" + "".join(f"/{k} {pdf_syntax(v, number)}" for k, v in value.items()) + ">>"
    if kind is Text:
        return _text_string(value)
    if kind in _REFERENCES:
        return f"{number(value)} 0 R"
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    raise TypeError(f"no PDF syntax for {kind.__name__}")


_REFERENCES = (Ref, PageRef, FormRef, AnnotRef)


def _text_string(text: str) -> str:
    """A PDF text string: literal when it is printable ASCII, else UTF-16 with its byte order mark."""
    if all(" " <= c <= "~" for c in text):
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be", "surrogatepass").hex().upper() + ">"
