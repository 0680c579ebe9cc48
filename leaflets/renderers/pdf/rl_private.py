"""Every use of reportlab's private internals, in one place (reportlab is pinned to 5.1.x), but
for ``rl_lines``, reportlab's line breaking made fast.

Tagged PDF needs three things reportlab does not offer publicly: writing raw operators into
a page's content stream, a word space where a line breaks (reportlab leaves it out, so
assistive technology reads the last word of a line and the first of the next as one word),
and a ToUnicode map without the ``<0000>`` entry and within the 100-entry block limit that
PDF/UA requires. Shaped text (Arabic, Bengali) needs a font's raw bytes for HarfBuzz, a way
to give glyphs that no character maps to (joined and conjunct forms) a code reportlab can
draw, and a fix for reportlab 5.1 failing when a line starts with a raised glyph. Layout
needs the flowables a KeepTogether holds. Clear print needs web addresses that wrap only after
``/ . - ? & =`` (reportlab's splitter knows only slashes), and a long word or address that
starts a new line rather than being cut between two letters where it does not fit. A small
file needs object streams, which reportlab does not write (``save_compact``). Speed needs
paragraph markup fed to reportlab's parser without HTMLParser and parsed once
(``ScannedParagraph``), and a text whose characters a font has coded already coded in one
step (``_split_known``). The tagging canvas (pdf_tags) also extends ``Canvas._startPage``,
reportlab's hook for a new page. If reportlab changes any of these, the PDF/UA, script and
line-breaking tests fail here first.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import struct
import zlib
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.fonts import _ps2tt_map, _tt2ps_map  # the family map (<b> and <i>), changed in place
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.paragraph import Paragraph, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

#: Objects packed into one object stream (as qpdf does): a reader unpacks a whole stream to
#: read one of them.
OBJECTS_PER_STREAM = 100
#: ToUnicode blocks hold at most this many entries (PDF reference, "beginbfchar").
CMAP_BLOCK = 100
#: (font face name, private-use code) -> the text that glyph stands for, for ToUnicode.
SHAPED_TEXT: dict[tuple[str, int], str] = {}
_PRIVATE_CODES: dict[tuple[str, int, str], int] = {}
_PRIVATE_USE = range(0xE000, 0xF900)


def font_bytes(font_name: str) -> bytes:
    """The TrueType file behind a registered font, for HarfBuzz."""
    return bytes(pdfmetrics.getFont(font_name).face._ttf_data)  # noqa: SLF001


def code_for_glyph(font_name: str, glyph: int, text: str) -> tuple[int, float]:
    """A character code that draws ``glyph`` and reads back as ``text``; the glyph's width in 1/1000 em.

    A glyph whose own character is ``text`` (or its presentation form) is drawn with that
    character. Others get a private-use code added to the font's map, one for each
    (glyph, text): an Arabic font draws ت, ب and ث with one dotless shape plus dots, and a
    Bengali conjunct is one glyph for several letters, so the glyph alone cannot say which
    letters it shows. ``text`` is the whole cluster for its first glyph, and a zero-width
    space for the rest (the dots, a reordered vowel sign), so copied text keeps its letters.
    """
    import unicodedata

    face = pdfmetrics.getFont(font_name).face
    wanted = unicodedata.normalize("NFKC", text)
    for code in face.glyphToChar.get(glyph, ()):
        if code not in _PRIVATE_USE and unicodedata.normalize("NFKC", chr(code)) == wanted:
            return code, float(face.charWidths.get(code, 0))
    key = (_face_name(face), glyph, text)
    code = _PRIVATE_CODES.get(key)
    if code is None:
        code = next(c for c in _PRIVATE_USE if c not in face.charToGlyph)
        face.charToGlyph[code] = glyph
        face.glyphToChar.setdefault(glyph, []).append(code)
        face.charWidths[code] = face._pdfScale(face.hmetrics[glyph][0])  # noqa: SLF001
        _PRIVATE_CODES[key] = code
        SHAPED_TEXT[(key[0], code)] = text
    return code, float(face.charWidths[code])


def _face_name(face: Any) -> str:
    name = face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def append_operators(canvas: Any, operators: str) -> None:
    """Put raw PDF operators into the page being drawn, at the current point of the stream."""
    canvas._code.append(operators)  # noqa: SLF001


def wrap_page(canvas: Any, before: str, after: str) -> None:
    """Operators that open and close the whole page stream, around reportlab's own preamble
    and the crop marks it adds at the end of a page."""
    canvas._psCommandsBeforePage = [before]  # noqa: SLF001
    canvas._psCommandsAfterPage = [after]  # noqa: SLF001


def draw_glyph_positions(font_name: str, harfbuzz: Any) -> None:
    """Have reportlab draw the glyphs shaped in a registered font at HarfBuzz's positions (a
    mark over its letter, a vowel sign before its consonant): it does so only for a font it
    deems shapable, which needs uharfbuzz in its TrueType module. The renderers import that
    module without HarfBuzz (see ``renderers/pdf/__init__.py``), so fonts are registered as not
    shapable; the shaper hands HarfBuzz over, for each font, before its first shaped word."""
    ttfonts.uharfbuzz = harfbuzz
    pdfmetrics.getFont(font_name).shapable = True


def char_to_glyph(font_name: str) -> dict[int, int]:
    """A registered TrueType font's character map."""
    return pdfmetrics.getFont(font_name).face.charToGlyph


def kept(flowable: Any) -> list[Any]:
    """The flowables inside a KeepTogether, or the flowable itself."""
    from reportlab.platypus import KeepTogether

    return list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]  # noqa: SLF001


def flow_next(doc: Any, flowables: list[Any]) -> None:
    """Have ``doc`` flow ``flowables`` next, from inside an action flowable (its pending list)."""
    doc._hanging.extend(flowables)  # noqa: SLF001


def hold_pages(template: Any) -> None:
    """Let ``template.build`` lay out the pages without writing the file: the caller calls
    ``template.canv.save()`` if it keeps this layout (reportlab's ``_doSave`` switch)."""
    template._doSave = 0


#: One piece of paragraph markup as ``text.py`` writes it: a start tag with double-quoted
#: attributes, each after one space; an end tag; a character reference (decimal, or hex with a
#: small x) or a named one; or text up to the next ``<`` or ``&``. Looser markup is left to
#: HTMLParser, whose reading of it this scanner does not repeat.
_MARKUP = re.compile(
    r'<([a-z]+)((?: [a-z]+="[^"<>]*")*)>|</([a-z]+)>|&(?:#([0-9]+|x[0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]*));|[^<&]+'
)
_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
_SCANNED_TAGS = frozenset({"b", "i", "u", "font", "a", "strike"})


def _pieces(markup: str) -> list[tuple[str | None, ...]] | None:
    """``markup`` in pieces, or None if it holds anything but the tags and references above."""
    pieces, at = [], 0
    for piece in _MARKUP.finditer(markup):
        tag = piece.group(1) or piece.group(3)
        if piece.start() != at or (tag is not None and tag not in _SCANNED_TAGS):
            return None
        pieces.append((*piece.groups(), piece.group() if piece.lastindex is None else None))
        at = piece.end()
    return pieces if at == len(markup) else None


#: What ParaParser made of each markup lately, by the markup and what the parser reads besides:
#: a leaflet repeats many (each list bullet, the contact labels, the same paragraphs in the
#: tighter second layout), and parsing is the costly part of making a paragraph.
_PARSED: dict[tuple[Any, ...], list[Any]] = {}
#: How many parses ``_PARSED`` holds before it is emptied.
KEPT_PARSES = 4096
_LINE_SETTINGS = [f"{line}{what}" for line in ("underline", "strike") for what in ("Width", "Color", "Offset", "Gap")]


def _parser_inputs(style: Any) -> tuple[Any, ...]:
    """What ParaParser reads besides the markup, for the tags the scanner passes it: the style
    values ``_initial_frag`` takes, and the faces reportlab's family map gives ``<b>`` and ``<i>``
    for the style's font (registering a font may change that map). The faces of a ``<font>`` tag
    are fixed before markup names them: a fallback font is mapped when it is registered."""
    family = _ps2tt_map.get(style.fontName.lower())
    name = family[0] if family else None
    faces = tuple(map(_tt2ps_map.get, ((name, 0, 0), (name, 1, 0), (name, 0, 1), (name, 1, 1))))
    return (
        style.fontName, style.fontSize, style.textColor, getattr(style, "linkUnderline", None), family, faces,
        *map(getattr, itertools.repeat(style), _LINE_SETTINGS, itertools.repeat("")),
    )  # fmt: skip


def _parse(markup: str, style: Any, case_sensitive: int) -> tuple[Any, list[Any], Any] | None:
    """What ParaParser makes of ``markup``, fed the calls HTMLParser would make for it.

    Its fragments are copies of those kept, made by ``clone``, which copies each attribute but
    not the lists some hold (links, underlines): a paragraph may set its fragments' attributes
    (``ClearParagraph`` sets ``text``), and nothing changes those lists in place."""
    try:
        key = (markup, case_sensitive, _parser_inputs(style))
        made = _PARSED.get(key)
    except TypeError:  # a style value that cannot be a key: parsed each time
        key, made = None, None
    if made is None:
        parsed = _parse_anew(markup, style, case_sensitive)
        if parsed is None or parsed[2] is not None or parsed[0] is not style:
            return parsed  # markup left to reportlab (a guard: scanned markup has no bullet or style of its own)
        made = parsed[1]
        if key is not None:
            if len(_PARSED) >= KEPT_PARSES:
                _PARSED.clear()
            _PARSED[key] = made
    return style, [frag.clone() for frag in made], None


def _parse_anew(markup: str, style: Any, case_sensitive: int) -> tuple[Any, list[Any], Any] | None:
    pieces = _pieces(markup)
    if pieces is None:
        return None
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parser._setup_for_parse(style)  # noqa: SLF001
    parser.handle_starttag("para", [])
    for start, attributes, end, number, name, data in pieces:
        if start is not None:
            parser.handle_starttag(start, [(k, html.unescape(v)) for k, v in _ATTRIBUTE.findall(attributes or "")])
        elif end is not None:
            parser.handle_endtag(end)
        elif number is not None:
            parser.handle_charref(number)
        elif name is not None:
            parser.handle_entityref(name)
        else:
            parser.handle_data(data)
    parser.handle_endtag("para")
    return parser._complete_parse()  # noqa: SLF001


class ScannedParagraph(Paragraph):
    """A Paragraph whose markup, when it is this tool's own (bold, italics, fonts, links),
    reaches reportlab's ParaParser from a scanner of those few tags instead of through
    HTMLParser (about 2 ms of a leaflet's 35). The parser's own handlers make the fragments,
    so they are the ones ``Paragraph`` makes; any other markup goes to ``Paragraph`` as it is."""

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:  # noqa: N803
        if frags is None and isinstance(text, str):
            cleaned = cleaner(text)
            parsed = _parse(cleaned, style, self.caseSensitive)
            if parsed is not None:
                text = cleaned
                style, frags, bullet = parsed
                textTransformFrags(frags, style)
                bulletText = bullet or bulletText
        Paragraph._setup(self, text, style, bulletText, frags, cleaner)  # noqa: SLF001


class RawObject(pdfdoc.PDFObject):
    """An object whose body is already PDF syntax (``body``), written as it is."""

    body = b"null"

    def format(self, document: Any) -> bytes:
        return self.body


def raw_objects(doc: Any, count: int) -> list[tuple[Any, RawObject]]:
    """``count`` new objects in ``doc`` (with their references), whose bodies are set later."""
    made = [RawObject() for _ in range(count)]
    return [(doc.Reference(raw), raw) for raw in made]


def object_number(doc: Any, thing: Any) -> int:
    """The object number of a registered object, or of the object a reference points at."""
    name = thing.name if isinstance(thing, pdfdoc.PDFObjectReference) else thing.__InternalName__
    return int(doc.idToObjectNumberAndVersion[name][0])


def annotation(doc: Any, ref: Any) -> dict[str, Any]:
    """The entries of the annotation ``ref`` points at (as ``canvas.linkURL`` made it)."""
    return doc.idToObject[ref.name].dict


def save_compact(canvas: Any, before: Callable[[Any, list[Any]], None]) -> int:
    """``canvas.save()``, with ``before(document, pages)`` called once every page is drawn, and
    the file written in compact form; returns the number of pages. Every object that is not a
    stream is packed into compressed object streams, found through a cross-reference stream
    (PDF 1.5), as pikepdf and qpdf write them. reportlab writes each object on its own,
    uncompressed, which for a tagged leaflet's hundreds of structure elements costs about a
    third of the file."""
    doc = canvas._doc  # noqa: SLF001

    def compact() -> bytes:
        before(doc, list(doc.Pages.pages))
        return _compact(doc)

    doc.format = compact  # reportlab's GetPDFData calls ``self.format()`` to write the file
    canvas.save()
    return len(doc.Pages.pages)


def _compact(doc: Any) -> bytes:
    """reportlab's ``PDFDocument.format``, writing object and cross-reference streams."""
    from reportlab.pdfbase.pdfdoc import format as format_object

    doc.encrypt.prepare(doc)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    bodies: list[bytes] = []
    while len(bodies) + 1 in doc.numberToId:  # formatting may register more objects (page streams)
        name = doc.numberToId[len(bodies) + 1]
        doc.encrypt.register(len(bodies) + 1, 0)
        bodies.append(format_object(doc.idToObject[name], doc, toplevel=1))
    version = max((1, 5), tuple(doc._pdfVersion))  # noqa: SLF001
    out = [b"%%PDF-%d.%d\n%%\xe2\xe3\xcf\xd3\n" % version]
    offset = len(out[0])
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}

    def write(number: int, body: bytes) -> None:
        nonlocal offset
        chunk = b"%d 0 obj\n%s%sendobj\n" % (number, body, b"" if body.endswith(b"\n") else b"\n")
        entries[number] = (1, offset, 0)
        out.append(chunk)
        offset += len(chunk)

    packed = []
    for number, body in enumerate(bodies, 1):
        if body.rstrip().endswith(b"endstream"):
            write(number, body)  # streams cannot go into an object stream
        else:
            packed.append((number, body.strip()))
    next_number = len(bodies) + 1
    for start in range(0, len(packed), OBJECTS_PER_STREAM):
        group = packed[start : start + OBJECTS_PER_STREAM]
        index, data, at = [], [], 0
        for position, (number, body) in enumerate(group):
            index.append(b"%d %d" % (number, at))
            data.append(body)
            at += len(body) + 1
            entries[number] = (2, next_number, position)
        head = b" ".join(index) + b"\n"
        write(next_number, _stream(b"/Type /ObjStm /N %d /First %d" % (len(group), len(head)), head + b"\n".join(data)))
        next_number += 1
    entries[next_number] = (1, offset, 0)
    rows = [struct.pack(">BIH", *entries[n]) for n in range(next_number + 1)]
    # the file's identifier: reportlab's digest of its metadata, which stays with the document,
    # and a digest of what is written, which changes with every change to the contents
    permanent = doc.ID().split(b"%")[0].strip()[1:].split(b">")[0] + b">"  # reportlab's "[<id><id>]"
    file_id = b"[%s<%s>]" % (permanent, hashlib.md5(b"".join(out), usedforsecurity=False).hexdigest().encode())
    trailer = b"/Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID %s %s" % (
        next_number + 1, doc.Reference(doc.Catalog).format(doc), doc.Reference(doc.info).format(doc), file_id,
        b"/DecodeParms << /Columns 7 /Predictor 12 >>",
    )  # fmt: skip
    start_xref = offset
    write(next_number, _stream(trailer, _png_up(rows)))
    out.append(b"startxref\n%d\n%%%%EOF\n" % start_xref)
    return b"".join(out)


def _png_up(rows: list[bytes]) -> bytes:
    """Cross-reference rows with PNG's "Up" predictor (each byte less the one above), which
    turns the steady rise of offsets into runs that compress well."""
    above = bytes(len(rows[0]))
    out = []
    for row in rows:
        out.append(b"\x02" + bytes((x - y) & 0xFF for x, y in zip(row, above, strict=True)))
        above = row
    return b"".join(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    """A compressed stream object's body: its dictionary ``entries`` and ``data``."""
    packed = zlib.compress(data)
    return b"<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\n" % (entries, len(packed), packed)


def frame_used(frame: Any) -> float:
    """How much of a frame's height the story has filled so far, from 0 to 1."""
    return float((frame._y1p + frame._height - frame._y) / frame._height)  # noqa: SLF001


def annotation_count(canvas: Any) -> int:
    """How many annotations the current page has so far."""
    return len(canvas._annotationrefs)  # noqa: SLF001


class SpacedTextObject(PDFTextObject):
    """A text object that draws the space at the end of each wrapped line.

    The space is a real space glyph after the line's last word: invisible, so nothing on
    the page moves, but text extraction and screen readers see where one word ends.
    """

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803 - reportlab's names
        if TStar and text and not text.endswith(" "):
            super()._textOut(text, 0)
            super()._textOut(" ", TStar)
        else:
            super()._textOut(text, TStar)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map without code 0's U+0000, in blocks of at most 100, and with
    shaped glyphs mapped back to the letters they stand for."""
    face = fontname.split("+", 1)[-1]
    pairs = [(code, SHAPED_TEXT.get((face, value), chr(value))) for code, value in enumerate(subset) if value > 0]
    body = []
    for start in range(0, len(pairs), CMAP_BLOCK):
        block = pairs[start : start + CMAP_BLOCK]
        body.append(f"{len(block)} beginbfchar")
        body += [f"<{code:02X}> <{_utf16_hex(text)}>" for code, text in block]
        body.append("endbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *body,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def _set_rise(self: PDFTextObject, rise: float) -> None:
    """reportlab 5.1's setRise fails on an empty text object (a line whose first glyph is raised)."""
    if not self._code:
        self._code.append("")
    _reportlab_set_rise(self, rise)


_reportlab_set_rise = PDFTextObject.setRise


def _next_line_first(split: Any, empty_head: Any) -> Any:
    """reportlab's word splitter, except that a word longer than a whole line which cannot break
    in what is left of this line starts the next one, instead of being cut between two letters
    here: an empty head ends the line, and the whole word is tried again at the next line's start."""

    def splitter(*args: Any, **kw: Any) -> Any:
        found = split(*args, **kw)
        word, width, new_width, max_width = _split_args(args)
        if found or width <= max_width or new_width - width <= 1e-6:
            return found
        return [empty_head(word), word]

    return splitter


def _split_args(args: tuple[Any, ...]) -> tuple[Any, float, float, float]:
    """(word, its width, the line's width with it, the line's limit) from either splitter's arguments."""
    if isinstance(args[1], list):  # _hyphenateFragWord(hyphenator, FW, newWidth, maxWidth, ...)
        return args[1], args[1][0], args[2], args[3]
    return args[3], args[4], args[5], args[6]  # _hyphenateWord(hyphenator, font, size, w, ww, newWidth, maxWidth, ...)


def _rejoin_keeping_hyphens(unsplit: Any, indexed: type) -> Any:
    """reportlab's rejoining of a word split over a page break, except that a real hyphen at the
    break (an address wrapped after ``-``) is kept: reportlab strips every trailing ``-`` there,
    though it has already taken off the hyphens it added itself."""

    def rejoin(s: Any, ss: Any = None) -> Any:
        if ss and not isinstance(s, indexed):
            return s + ss
        return unsplit(s, ss)

    return rejoin


def _with_width(draw: Any) -> Any:
    """reportlab's drawer of an under- or strike-line, ``(tx, x1, y1, x2, y2, ...)``, or of a
    link, ``(tx, link, (x1, y1, x2, y2))``, except for one of no width. reportlab marks the end
    of a word split at a line's end with an empty piece in the word's style; when a link starts
    the next line, that piece drew a dot of underline and an empty link after this line's text."""

    def drawn(tx: Any, *args: Any) -> None:
        x1, _, x2, _ = args[1] if len(args) == 2 else args[:4]
        if abs(x2 - x1) > 1e-6:
            draw(tx, *args)

    return drawn


class _FirstSubset:
    """The characters of one document's font that are already in its first subset, as a table
    for ``str.translate``; kept in step with the font's assignments.

    reportlab only ever adds to a state's assignments (character -> code), never changes or
    removes one, so the entries not seen yet are the last ones of the dictionary."""

    def __init__(self) -> None:
        self.table: dict[int, int] = {}
        self.known: set[str] = set()
        self.seen = 0

    def update(self, assignments: dict[int, int]) -> None:
        for code, n in itertools.islice(reversed(assignments.items()), len(assignments) - self.seen):
            if n < 256:
                self.table[code] = n
                self.known.add(chr(code))
                if code == 32:  # reportlab draws a no-break space as a space
                    self.table[0xA0] = n
                    self.known.add("\xa0")
        self.seen = len(assignments)


def _split_known(split: Any) -> Any:
    """reportlab's ``TTFont.splitString``, which gives each character its code in the font's
    subsets one character at a time (a sixth of drawing a page), except for a text whose
    characters all have codes in the first subset already, the most common case by far: that
    text is translated to its codes in one step, giving the bytes reportlab gives."""

    def split_string(self: Any, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
        state = self.state.get(doc)
        if state is not None and type(text) is str:
            first = state.__dict__.get("_first_subset")
            if first is None:
                first = state._first_subset = _FirstSubset()
            if first.seen != len(state.assignments):
                first.update(state.assignments)
            if first.known.issuperset(text):
                return [(0, text.translate(first.table).encode("latin-1"))] if text else []
        return split(self, text, doc, encoding)

    split_string.reportlab = split  # for the tests that hold it to reportlab's
    return split_string


#: Font files whose embedded subsets are cut further as they are written: those too large to
#: cut once, whole (``leaflets.brand.fonts.cut_as_written``).
CUT_AS_WRITTEN: set[str] = set()


def _cut_subsets(make_subset: Any) -> Any:
    def cut(self: Any, subset: Any) -> bytes:
        from leaflets.brand.fonts import lean_subset

        data = make_subset(self, subset)
        return lean_subset(data) if self.filename in CUT_AS_WRITTEN else data

    return cut


def install(address_breaks: Callable[[Any], Any]) -> None:
    """Replace reportlab's ToUnicode writer, setRise, word splitters (web addresses break
    where ``address_breaks`` says), text coding and the subsets of large fonts, and let pages
    carry their structure keys; called before any PDF is drawn."""
    from reportlab.platypus import paragraph as p

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    ttfonts.TTFont.splitString = _split_known(ttfonts.TTFont.splitString)  # type: ignore[method-assign]
    ttfonts.TTFontFile.makeSubset = _cut_subsets(ttfonts.TTFontFile.makeSubset)  # type: ignore[method-assign]
    rl_config.useA85 = 0  # page streams in binary, not ASCII85: a fifth smaller
    p._uri_split_pairs = address_breaks  # noqa: SLF001 - breaks after / . - ? & = only
    p._do_line = _with_width(p._do_line)  # noqa: SLF001
    p._doLink = _with_width(p._doLink)  # noqa: SLF001
    p._shyUnsplit = _rejoin_keeping_hyphens(p._shyUnsplit, p._SHYIndexedStr)  # noqa: SLF001
    p._hyphenateWord = _next_line_first(p._hyphenateWord, lambda w: p._SplitWordH(""))  # noqa: SLF001
    p._hyphenateFragWord = _next_line_first(  # noqa: SLF001
        p._hyphenateFragWord,
        lambda fw: p._SplitFragH([0, (fw[1][0], "")]),  # noqa: SLF001
    )
    PDFTextObject.setRise = _set_rise  # type: ignore[method-assign]
    # a tagged page's ParentTree key and tab order (structure order), set by structure.save
    if "Tabs" not in pdfdoc.PDFPage.__NoDefault__:
        pdfdoc.PDFPage.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
