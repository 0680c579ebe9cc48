"""The web page of a leaflet: one standalone, responsive, accessible HTML file per topic.

It draws the same layout-neutral Document as the PDF and the deck, so the page says exactly
what the printed leaflet says, with the brand's colours, logo and fonts (self-hosted WOFF2,
see ``leaflets.renderers.web.fonts``). Nothing needs JavaScript; a print stylesheet gives an A4 copy.
Every piece of user text is escaped here, so ``<script>``, ``&amp;`` and quotes print as typed.
Pictures, the logo and fonts are ``Rendered.shared`` files, named by their content.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from importlib.resources import files
from string import Template
from typing import BinaryIO

from leaflets.brand.brand import Brand
from leaflets.brand.color import MIN_CONTRAST, RGB, contrast, readable_on, tint, to_hex
from leaflets.brand.logo import band_logo
from leaflets.build.manifest import SHARED_FOLDER
from leaflets.content.inline import Inline, Run, plain, short_url
from leaflets.document.backmatter import about_lines, footer_reference
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
    SourceRef,
    Table,
)
from leaflets.errors import UnhandledNode
from leaflets.renderers import Options, Rendered
from leaflets.renderers.web.fonts import font_face_css, font_stack, page_fonts

#: A phone number a reader can tap: digits, spaces, brackets and dashes, perhaps a leading +.
_PHONE = re.compile(r"^\+?[\d\s\u00a0()-]{3,}$")
#: Digits in groups joined by no-break spaces, as the composer writes phone numbers in text.
_NUMBER_IN_TEXT = re.compile(r"(?<![\w+])\+?\d+(?:\u00a0\d+)+(?!\w)")
#: The warning triangle beside an urgent callout's label (the label says it in words too).
_ICON = (
    '<svg class="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">'
    '<path d="M12 2 23 21H1z" fill="currentColor"/><path d="M11 9h2v6h-2zm0 8h2v2h-2z" fill="#fff"/></svg>'
)

#: The page's stylesheet; ``$name`` marks the brand's colours, fonts and callout rules.
_CSS = Template((files("leaflets.renderers.web") / "page.css").read_text(encoding="utf-8"))


def attr(text: str) -> str:
    """``text`` safe inside a double-quoted attribute."""
    return escape(text, quote=True)


def inline(text: Inline) -> str:
    """Inline runs as HTML: every character escaped, then bold, italic and links added."""
    out = []
    for run in text:
        piece = escape(run.text, quote=False) if run.href else _tap_to_call(run.text)
        if run.italic:
            piece = f"<em>{piece}</em>"
        if run.bold:
            piece = f"<strong>{piece}</strong>"
        if run.href:
            piece = f'<a href="{attr(run.href)}">{piece}</a>'
        out.append(piece)
    return "".join(out)


def _tap_to_call(text: str) -> str:
    """``text`` escaped, with the phone numbers in it ("call 01632 960 123") as ``tel:`` links.

    Only numbers written in groups of digits with 10 or more digits in all count, as the
    composer keeps them together with no-break spaces; a year or a dose is never a number to call.
    """
    out, pos = [], 0
    for match in _NUMBER_IN_TEXT.finditer(text):
        if sum(ch.isdigit() for ch in match.group()) < 10:
            continue
        out.append(escape(text[pos : match.start()], quote=False))
        out.append(phone_link((Run(match.group()),)))
        pos = match.end()
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def phone_link(number: Inline) -> str:
    """A phone number as a ``tel:`` link when it is one; other text ("the number your team gave you") as is."""
    text = plain(number)
    if not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 3:
        return inline(number)
    digits = re.sub(r"[^\d+]", "", text)
    return f'<a class="tel" href="tel:{digits}">{escape(text)}</a>'


def qr_svg(url: str, label: str) -> str:
    """The QR code for ``url`` as an inline SVG picture named by ``label``."""
    from leaflets.renderers.qr import QUIET_ZONE, qr_modules

    modules = qr_modules(url)
    side = len(modules) + 2 * QUIET_ZONE
    path = "".join(
        f"M{c + QUIET_ZONE} {r + QUIET_ZONE}h1v1h-1z"
        for r, row in enumerate(modules)
        for c, dark in enumerate(row)
        if dark
    )
    return (
        f'<svg class="qr-code" role="img" aria-label="{attr(label)}" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )


def share(shared: dict[str, bytes], data: bytes, suffix: str) -> str:
    """Keep ``data`` in ``shared`` as a file named by its content; its path relative to the page."""
    path = f"{SHARED_FOLDER}/{hashlib.sha256(data).hexdigest()[:16]}{suffix.lower()}"
    shared[path] = data
    return path


def html_head(
    brand: Brand,
    language: str,
    direction: str,
    title: str,
    text: str,
    shared: dict[str, bytes],
    description: str | None = None,
    canonical: str | None = None,
) -> str:
    """The document up to ``<body>``: language and direction, title, and the styles with the
    fonts ``text`` needs (their files go to ``shared``)."""
    fonts = page_fonts(brand.fonts, text + "\n" + brand.name)
    for font in fonts:
        shared[font.path] = font.data
    css = font_face_css(fonts) + stylesheet(brand, font_stack(fonts))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{attr(language)}" dir="{attr(direction)}">\n<head>\n'
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} – {escape(brand.name)}</title>\n"
        + (f'<meta name="description" content="{attr(description)}">\n' if description else "")
        + (f'<link rel="canonical" href="{attr(canonical)}">\n' if canonical else "")
        + f"<style>\n{css}</style>\n</head>\n<body>\n"
    )


def band(brand: Brand, title: str, subtitle: str | None, shared: dict[str, bytes], links: list[tuple[str, str]]) -> str:
    """The brand band (title, subtitle, logo) and the links under it (all leaflets, downloads)."""
    logo = ""
    if choice := band_logo(brand):  # the version that stands out on the band, or a white plate
        from PIL import Image

        src = share(shared, choice.path.read_bytes(), choice.path.suffix)
        with Image.open(choice.path) as img:
            w, h = img.size
        size = f'width="{round(64 * w / h)}" height="64"'
        plate = " plate" if choice.plate else ""
        logo = f'<img class="logo{plate}" src="{attr(src)}" alt="{attr(brand.logo_text)}" {size}>'
    sub = f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else ""
    items = "".join(f'<li><a href="{attr(href)}">{escape(text)}</a></li>' for href, text in links)
    nav = f'<nav class="links" aria-label="{attr(brand.name)}"><ul>{items}</ul></nav>\n' if items else ""
    return (
        f'<header class="band"><div class="band-inner"><div class="titles"><h1>{escape(title)}</h1>{sub}</div>'
        f"{logo}</div></header>\n{nav}"
    )


class PageBuilder:
    """Document nodes to HTML, one ``visit_*`` method per node type."""

    def __init__(self, doc: Document, brand: Brand, options: Options) -> None:
        self.doc, self.brand, self.options = doc, brand, options
        self.say = doc.strings
        self.shared: dict[str, bytes] = {}

    def share(self, data: bytes, suffix: str) -> str:
        return share(self.shared, data, suffix)

    def page(self) -> str:
        doc, meta = self.doc, self.doc.meta
        body = "".join(self.section(s.heading, s.nodes) for s in doc.sections)
        links = [("index.html", self.say["all_leaflets"])]
        links += [(name, self.say["download_" + kind]) for kind, name in self.options.companions]
        head = html_head(
            self.brand, meta.language, self.say.direction, meta.title, plain_words(doc), self.shared,
            description=meta.subtitle, canonical=self.options.page_url,
        )  # fmt: skip
        return (
            head
            + band(self.brand, meta.title, meta.subtitle, self.shared, links)
            + '<main id="main">\n'
            + self.front()
            + body
            + self.words_to_know()
            + self.back_matter()
            + "</main>\n"
            + self.footer()
            + "</body>\n</html>\n"
        )

    def front(self) -> str:
        out = ""
        if self.doc.draft:
            out += f'<p class="draft" role="note">{escape(self.doc.draft)}</p>\n'
        if self.doc.meta.audience:
            out += (
                f'<p class="audience">{escape(self.say.format("for_audience", audience=self.doc.meta.audience))}</p>\n'
            )
        return out

    def section(self, heading: Heading | None, nodes: tuple[Node, ...]) -> str:
        """A section under its heading; the opening words before any heading are no section of their own."""
        inner = "".join(self.node(n) for n in nodes)
        if heading is None:
            return f'<div class="opening">\n{inner}</div>\n'
        return f"<section>\n{self.node(heading)}{inner}</section>\n"

    def node(self, node: Node) -> str:
        visit = getattr(self, f"visit_{type(node).__name__.lower()}", None)
        if visit is None:
            raise UnhandledNode(node, "the web page")
        return visit(node)

    def visit_heading(self, node: Heading) -> str:
        level = 2 if node.level <= 2 else 3
        return f"<h{level}>{inline(node.text)}</h{level}>\n"

    def visit_paragraph(self, node: Paragraph) -> str:
        return f"<p>{inline(node.text)}</p>\n"

    def visit_listnode(self, node: ListNode) -> str:
        tag = "ol" if node.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{inline(item)}</li>" for item in node.items) + f"</{tag}>\n"

    def visit_callout(self, node: Callout) -> str:
        """A box with its label in words ("Urgent:"), so it never relies on colour alone."""
        label = escape(self.say[node.style] + self.say["label_colon"])
        title = inline(node.title) if node.title else ""
        icon = _ICON if node.style == "urgent" else ""
        body = "".join(self.node(child) for child in node.body)
        return (
            f'<aside class="callout callout-{attr(node.style)}" role="note">'
            f'<p class="callout-title">{icon}<strong><span class="label">{label}</span>{title}</strong></p>'
            f"{body}</aside>\n"
        )

    def visit_quote(self, node: Quote) -> str:
        by = f"<figcaption>— {inline(node.by)}</figcaption>" if node.by else ""
        return f'<figure class="quote"><blockquote><p>“{inline(node.text)}”</p></blockquote>{by}</figure>\n'

    def visit_figure(self, node: Figure) -> str:
        src = self.share(node.path.read_bytes(), node.path.suffix)
        caption = f"<figcaption>{inline(node.caption)}</figcaption>" if node.caption else ""
        return (
            f'<figure class="picture"><img src="{attr(src)}" alt="{attr(node.alt)}" '
            f'width="{node.width_px}" height="{node.height_px}" loading="lazy">{caption}</figure>\n'
        )

    def visit_qrcode(self, node: QRCode) -> str:
        caption = f"<p>{inline(node.caption)}</p>" if node.caption else ""
        link = f'<p><a href="{attr(node.url)}">{escape(short_url(node.url))}</a></p>'
        return (
            f'<figure class="qr">{qr_svg(node.url, self.say.format("qr_alt", url=node.url))}'
            f"<figcaption>{caption}{link}</figcaption></figure>\n"
        )

    def visit_table(self, node: Table) -> str:
        """A real table with column headers; on a phone each row stacks as "label: value" lines."""
        caption = f"<caption>{inline(node.caption)}</caption>" if node.caption else ""
        head, labels = "", [""] * len(node.rows[0])
        if node.header:
            head = "<thead><tr>" + "".join(f'<th scope="col">{inline(c)}</th>' for c in node.header) + "</tr></thead>"
            labels = [f' data-label="{attr(plain(c))}"' if plain(c).strip() else "" for c in node.header]
        body = "".join(
            "<tr>"
            + "".join(f"<td{label}>{inline(cell)}</td>" for label, cell in zip(labels, row, strict=True))
            + "</tr>"
            for row in node.rows
        )
        note = f'<p class="table-note">{inline(node.note)}</p>\n' if node.note else ""
        return f'<table class="data">{caption}{head}<tbody>{body}</tbody></table>\n{note}'

    def visit_contactlist(self, node: ContactList) -> str:
        return self.contact_table(node.entries)

    def contact_table(self, entries: tuple[Contact, ...]) -> str:
        """Who / Phone / When, leaving out a column that no entry fills; numbers are tel: links."""
        columns = [("contact_who", "label")] + [
            (name, key)
            for name, key in (("contact_phone", "phone"), ("contact_when", "hours"))
            if any(getattr(c, key) for c in entries)
        ]
        head = "".join(f'<th scope="col">{escape(self.say[name])}</th>' for name, _ in columns)
        rows = []
        for contact in entries:
            cells = []
            for _, key in columns:
                value = getattr(contact, key) or ()
                if key == "label":
                    cells.append(f'<th scope="row">{inline(value)}</th>')
                else:
                    cells.append(f'<td class="{key}">{phone_link(value) if key == "phone" else inline(value)}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return f'<table class="contacts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'

    def words_to_know(self) -> str:
        if not self.doc.glossary:
            return ""
        terms = "".join(f"<dt>{escape(t)}</dt><dd>{escape(m)}</dd>" for t, m in self.doc.glossary)
        return f'<section>\n<h2>{escape(self.say["words_to_know"])}</h2>\n<dl class="words">{terms}</dl>\n</section>\n'

    def back_matter(self) -> str:
        """Who to contact, feedback, sources and who wrote it, as on the leaflet's back page."""
        doc, say = self.doc, self.say
        out = ""
        if doc.contacts:
            out += (
                f"<section>\n<h2>{escape(say['who_to_contact'])}</h2>\n{self.contact_table(doc.contacts)}</section>\n"
            )
        if doc.feedback:
            out += f"<section>\n<h2>{escape(say['tell_us'])}</h2>\n{self.visit_qrcode(doc.feedback)}</section>\n"
        if doc.sources:
            items = "".join(f"<li>{source_html(s)}</li>" for s in doc.sources)
            out += f'<section>\n<h2>{escape(say["sources"])}</h2>\n<ol class="sources">{items}</ol>\n</section>\n'
        about = "".join(f"<p>{escape(line)}</p>" for line in about_lines(doc))
        out += (
            f'<section class="about">\n<h2>{escape(say["about"])}</h2>\n{about}'
            f"<p>{escape(doc.disclaimer)}</p>\n</section>\n"
        )
        return out

    def footer(self) -> str:
        reference = footer_reference(self.doc)
        return (
            f'<footer class="foot"><p>{escape(self.doc.footer)}</p>'
            + (f"<p>{escape(reference)}</p>" if reference else "")
            + "</footer>\n"
        )


def source_html(src: SourceRef) -> str:
    text = escape(src.title if src.title[-1:] in ".?!" else src.title + ".")
    if src.publisher:
        text += f" {escape(src.publisher)}."
    if src.url:
        text += f' <a href="{attr(src.url)}">{escape(short_url(src.url))}</a>'
    return text


def plain_words(doc: Document) -> str:
    """Every character the page may show, to choose the font subsets."""
    from leaflets.document.nodes import text_of

    strings = "\n".join(doc.strings.table.values())
    extras = [doc.meta.title, doc.meta.subtitle or "", doc.meta.audience or "", doc.disclaimer, doc.footer]
    extras += [f"{s.title} {s.publisher or ''} {s.url or ''}" for s in doc.sources]
    extras += [f"{t} {m}" for t, m in doc.glossary] + about_lines(doc) + [footer_reference(doc), doc.draft or ""]
    nodes = [n for s in doc.sections for n in ((s.heading,) if s.heading else ()) + s.nodes]
    feedback = [doc.feedback] if doc.feedback else []
    return "\n".join([text_of([*nodes, *doc.contacts, *feedback]), strings, *extras])  # type: ignore[list-item]


def link_color(brand: Brand) -> RGB:
    """The brand's primary colour for links and headings when it reads on the page, else the text colour."""
    return brand.primary if contrast(brand.primary, brand.background) >= MIN_CONTRAST else brand.foreground


def stylesheet(brand: Brand, fonts: str) -> str:
    """The page's CSS: brand colours and fonts, one readable column, and an A4 print version."""
    ink, paper, accent = to_hex(brand.foreground), to_hex(brand.background), to_hex(link_color(brand))
    on_band = to_hex(readable_on(brand.primary, (255, 255, 255)))
    callouts = ""
    for style, color in brand.callout_colors.items():
        fill = tint(color)
        callouts += (
            f".callout-{style}{{border-color:{to_hex(color)};background:{to_hex(fill)}}}"
            f".callout-{style} .callout-title{{color:{to_hex(readable_on(fill, color))}}}\n"
        )
    return _CSS.substitute(
        ink=ink, paper=paper, accent=accent, band=to_hex(brand.primary), on_band=on_band, fonts=fonts, callouts=callouts
    )


def render(doc: Document, brand: Brand, stream: BinaryIO, options: Options | None = None) -> Rendered:
    """Write ``doc`` as one web page; pictures and fonts come back as shared files."""
    builder = PageBuilder(doc, brand, options or Options())
    stream.write(builder.page().encode("utf-8"))
    return Rendered(1, "page", shared=builder.shared)
