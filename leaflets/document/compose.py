"""Topic + brand -> Document for one output: filter blocks, fill placeholders, make sections.

This is the only place where content meets a brand. A placeholder the brand does not
define is an error naming the topic line, never an empty gap in a printed leaflet.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from msgspec.structs import replace

from leaflets.brand.brand import Brand
from leaflets.content.glossary import Glossary
from leaflets.content.inline import Inline, Run, merge_runs, parse_inline
from leaflets.content.topic import Topic
from leaflets.document.nodes import (
    Document,
    Figure,
    Heading,
    Meta,
    Node,
    Origin,
    Part,
    QRCode,
    Section,
    map_inline,
    text_of,
)
from leaflets.document.strings import Strings, load_strings
from leaflets.errors import ContentError, Diagnostic, LeafletsError

#: A space between digits, as in "01632 960 123", becomes a no-break space: a phone number
#: split over two lines is easy to misdial.
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d)")


def compose(topic: Topic, brand: Brand, target: str, glossary: Glossary | None = None, latest: bool = True) -> Document:
    """The document ``target`` ("leaflet" or "deck") shows for ``topic`` under ``brand``; with
    ``latest``, and a brand with web pages, it ends with a QR code to the topic's page."""
    strings = load_strings(topic.language)
    brand_given, brand = brand, localise(brand, strings)
    problems: list[Diagnostic] = []
    nodes: list[Node] = []
    for entry in topic.entries:
        if entry.only not in (None, target):
            continue
        if entry.region and entry.region not in _regions(brand.country):
            continue
        for node in entry.nodes:
            node = map_inline(node, _filler(brand, node, problems))
            if isinstance(node, Figure):
                node = replace(node, alt=fill_plain(node.alt, brand, node.origin, problems))
            nodes.append(node)
    if latest and brand.web_base_url:
        nodes += latest_version(topic, brand, strings)
    contacts = tuple(map_inline(c, _filler(brand, None, problems, topic.file)) for c in brand.contacts)
    title = fill_plain(topic.title, brand, topic.origin("title"), problems)
    subtitle = fill_plain(topic.subtitle, brand, topic.origin("subtitle"), problems) if topic.subtitle else None
    if problems:
        raise ContentError(sorted(set(problems), key=lambda d: (d.line or 0, d.message)))
    same_language = glossary and topic.language.split("-")[0] == "en"  # the glossary is in English
    view = glossary.for_topic(topic) if glossary and same_language else None
    words = view.used_in(topic.title + "\n" + text_of(nodes)) if view else []
    return Document(
        meta=Meta(
            topic_id=topic.id,
            author=brand.name,
            **{
                name: getattr(topic, name)
                for name in Meta.__struct_fields__
                if name not in ("topic_id", "author", "title", "subtitle")
            },
            title=title,
            subtitle=subtitle,
        ),
        sections=_sections(nodes),
        sources=topic.sources,
        contacts=contacts,
        disclaimer=brand.disclaimer,
        footer=brand.footer or brand.name,
        website=brand.website,
        strings=strings,
        glossary=tuple((t.term, t.meaning) for t in words),
        feedback=_feedback(topic, brand, strings),
        draft=draft_band(topic, strings),
        translated_by=topic.translation.translated_by if topic.translation else None,
        source=_source(topic, brand_given, target, glossary),
    )


def page_url(brand: Brand, topic_id: str) -> str | None:
    """Where a topic's web page lives, when the brand publishes them (``web: {base_url: ...}``)."""
    return f"{brand.web_base_url}{topic_id}.html" if brand.web_base_url else None


def latest_version(topic: Topic, brand: Brand, strings: Strings) -> list[Node]:
    """A heading and a QR code to the topic's web page, so a printed copy leads to the current text."""
    origin = Origin(topic.file)
    url = page_url(brand, topic.id) or ""
    return [
        Heading(text=(Run(strings["latest_version"]),), level=2, origin=origin),
        QRCode(url=url, caption=(Run(strings["latest_caption"]),), origin=origin),
    ]


def draft_band(topic: Topic, strings: Strings) -> str | None:
    """The one warning band a page or slide carries: unapproved text first, then an unchecked translation."""
    if not topic.approved:
        return strings["draft_topic_band"]
    return strings["draft_band"] if topic.translation and topic.translation.draft else None


def _source(topic: Topic, brand: Brand, target: str, glossary: Glossary | None) -> Document | None:
    """The source's document, for layouts that set it beside the translation. A problem in the
    source fails the translation too, said on the translation's own line."""
    source = topic.translation.source if topic.translation else None
    if source is None:
        return None
    try:
        return compose(source, brand, target, glossary)
    except LeafletsError:
        where = topic.origin("translation_of")
        raise LeafletsError(
            [Diagnostic(where.file, where.line, "translation_of", f"its source {source.file} has errors (see there)")]
        ) from None


def localise(brand: Brand, strings: Strings) -> Brand:
    """The brand's own text in the reader's language.

    Text the brand gives in ``languages:`` for this language comes first. Otherwise wording
    that is leaflets' generic English (the default brand's helpline phrase, "Emergencies")
    becomes the catalogue's wording; a clinic's own text stays as the clinic wrote it.
    """
    if strings.language.split("-")[0] == "en":
        return brand
    english = load_strings("en").table
    generic = {text: strings[key] for key, text in english.items() if "{" not in text}
    own = brand.languages.get(strings.language) or brand.languages.get(strings.language.split("-")[0]) or {}

    def say(text: str) -> str:
        return generic.get(text, text)

    def say_inline(text: Inline) -> Inline:
        whole = "".join(r.text for r in text)
        return (Run(generic[whole]),) if whole in generic else text

    placeholders = {k: own.get(k) or say(v) for k, v in brand.placeholders.items()}
    contacts = own.get("contacts") or tuple(map_inline(c, say_inline) for c in brand.contacts)
    return replace(
        brand,
        placeholders=placeholders,
        contacts=contacts,
        footer=own.get("footer") or say(brand.footer) if brand.footer else own.get("footer"),
        disclaimer=own.get("disclaimer") or say(brand.disclaimer),
    )


def _feedback(topic: Topic, brand: Brand, strings: Strings) -> QRCode | None:
    """A QR code to the brand's feedback page that says which leaflet, and which version, it is about."""
    if not brand.feedback_url:
        return None
    query = urlencode({k: v for k, v in (("leaflet", topic.code or topic.id), ("version", topic.version)) if v})
    url = brand.feedback_url + ("&" if "?" in brand.feedback_url else "?") + query
    caption = (Run(strings["feedback_caption"]),)
    return QRCode(url=url, caption=caption, origin=Origin(topic.file))


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_]*)\}")


def fill_plain(text: str, brand: Brand, origin: Origin, problems: list[Diagnostic]) -> str:
    """Placeholders in plain text (a title, alt text), where no other markup applies."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group()[0]
        if name in brand.placeholders:
            return brand.placeholders[name]
        problems.append(
            Diagnostic(origin.file, origin.line, "", f"placeholder {{{name}}} is not defined by brand {brand.name!r}")
        )
        return match.group()

    return _PLACEHOLDER.sub(one, text)


def _filler(brand: Brand, node: Node | None, problems: list[Diagnostic], file: str = ""):
    def fill(text: Inline) -> Inline:
        out: list[Run] = []
        for run in text:
            if run.placeholder is None:
                out.append(run)
            elif run.placeholder in brand.placeholders:
                out.append(replace(run, text=brand.placeholders[run.placeholder], placeholder=None))
            else:
                known = ", ".join("{" + k + "}" for k in sorted(brand.placeholders))
                where = node.origin if node else None
                problems.append(
                    Diagnostic(
                        where.file if where else file,
                        where.line if where else None,
                        "",
                        f"placeholder {run.text} is not defined by brand {brand.name!r} "
                        f"(it defines {known}); write {{{{ and }}}} for literal braces",
                    )
                )
                out.append(run)
        return tuple(replace(r, text=_NUMBER_SPACE.sub("\u00a0", r.text)) for r in merge_runs(out))

    return fill


def _sections(nodes: list[Node]) -> tuple[Section, ...]:
    sections: list[Section] = []
    heading: Heading | None = None
    body: list[Node] = []
    for node in nodes:
        if isinstance(node, Heading) and node.level == 2:
            if heading is not None or body:
                sections.append(Section(heading, tuple(body)))
            heading, body = node, []
        else:
            body.append(node)
    if heading is not None or body:
        sections.append(Section(heading, tuple(body)))
    return tuple(sections)


def compose_talk(talk: Any, topics: list[Topic], brand: Brand) -> Document:
    """A talk's deck document: each topic (already cut to its sections) becomes a part."""
    parts = [compose(topic, brand, "deck", latest=False) for topic in topics]  # a talk is not one topic's page
    sources = tuple(dict.fromkeys(src for doc in parts for src in doc.sources))
    first = parts[0]
    reviewed = [t.reviewed for t in topics if t.reviewed]
    next_reviews = [t.next_review for t in topics if t.next_review]
    meta = replace(
        first.meta,
        topic_id=talk.id,
        title=talk.title,
        subtitle=talk.subtitle,
        language=talk.language,
        code=None,
        version=None,
        reviewed=min(reviewed) if reviewed else None,  # the talk is as current as its oldest part
        next_review=min(next_reviews) if next_reviews else None,
    )
    problems: list[Diagnostic] = []
    presenter = _filler(brand, None, problems, talk.file)(parse_inline(talk.presenter)[0]) if talk.presenter else None
    if problems:
        raise ContentError(problems)
    return replace(
        first,
        meta=meta,
        sections=(),
        sources=sources,
        glossary=(),
        feedback=None,
        parts=tuple(Part(doc.meta.title, doc.sections) for doc in parts),
        draft=next((d.draft for d in parts if d.draft == first.strings["draft_topic_band"]), None)
        or next((d.draft for d in parts if d.draft), None),  # the talk is as signed off as its least part
        presenter="".join(r.text for r in presenter) if presenter else None,
        minutes=talk.duration_minutes,
    )


def _regions(country: str | None) -> tuple[str, ...]:
    """The regions whose blocks a brand's leaflets hold: its country's and, for a nation or
    region of it (``GB-SCT``), that one's too."""
    if not country:
        return ()
    return (country, country.split("-")[0]) if "-" in country else (country,)
