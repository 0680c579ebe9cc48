"""The layout-neutral document every renderer draws: a small, closed set of frozen nodes.

Blocks in topic files turn into these nodes when they are validated; the document builder
groups them into sections for one brand and one output. Renderers know these classes and
nothing of YAML, so a new block type needs no renderer change as long as it is made of them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from msgspec import Struct
from msgspec.structs import replace

from leaflets.content.inline import Inline, Run
from leaflets.document.strings import Strings


class Origin(Struct, frozen=True):
    """Where a node came from, so late problems (a missing glyph) still name file and line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Node(Struct, frozen=True, kw_only=True):
    """Base of all content nodes. ``notes`` are speaker notes for the deck."""

    origin: Origin
    notes: str | None = None


class Heading(Node, frozen=True, kw_only=True):
    """A heading at ``level`` of the outline (the document's title is level 1)."""

    text: Inline
    level: int = 2


class Paragraph(Node, frozen=True, kw_only=True):
    """A paragraph of inline text."""

    text: Inline


class ListNode(Node, frozen=True, kw_only=True):
    """A bulleted or numbered list, one piece of inline text per item."""

    items: tuple[Inline, ...]
    ordered: bool = False


class Callout(Node, frozen=True, kw_only=True):
    """A boxed message. ``urgent`` ones must be unmissable and never rely on colour alone."""

    style: str
    title: Inline | None
    body: tuple[Paragraph | ListNode, ...]


class Quote(Node, frozen=True, kw_only=True):
    """Someone's own words, such as a patient's experience, with who said them."""

    text: Inline
    by: Inline | None = None


class Table(Node, frozen=True, kw_only=True):
    """Rows of cells that read across: a dose schedule, who to call when. ``header`` names the
    columns (a reader of a stacked or spoken table hears it before each cell); every row has as
    many cells as the header."""

    caption: Inline | None
    header: tuple[Inline, ...] | None
    rows: tuple[tuple[Inline, ...], ...]
    note: Inline | None = None


class Figure(Node, frozen=True, kw_only=True):
    """A picture with its alternative text and caption, and its size in pixels for scaling."""

    path: Path  # the file to draw: the author's, or a copy made upright and to size (see files/images.py)
    source: Path  # the author's file, which the build watches and messages name
    alt: str
    caption: Inline | None
    width_px: int
    height_px: int
    share: float = 1.0  # the most of the column's width it may take in print


class QRCode(Node, frozen=True, kw_only=True):
    """A QR code for a web address, with a caption that says where it leads."""

    url: str
    caption: Inline | None


class Contact(Struct, frozen=True):
    """One service or person to contact: a label, with a phone number and opening hours when known."""

    label: Inline
    phone: Inline | None = None
    hours: Inline | None = None


class ContactList(Node, frozen=True, kw_only=True):
    """Contacts shown as one block."""

    entries: tuple[Contact, ...]


class SourceRef(Struct, frozen=True):
    """A source the content was written from, as it is cited."""

    title: str
    publisher: str | None
    url: str | None


class Section(Struct, frozen=True):
    """A heading and what follows it up to the next heading (the first may have no heading)."""

    heading: Heading | None
    nodes: tuple[Node, ...]


class Part(Struct, frozen=True):
    """One topic's share of a talk: its title (for the agenda and section slide) and sections."""

    title: str
    sections: tuple[Section, ...]


class Meta(Struct, frozen=True):
    """What a document says about itself: title, language, code and version, owner and review dates."""

    topic_id: str
    title: str
    subtitle: str | None
    language: str
    audience: str | None
    author: str
    code: str | None
    version: str | None
    owner: str | None
    clinical_reviewer: str | None
    reviewed: _dt.date | None
    next_review: _dt.date | None
    pages: int | None = None  # the topic's page budget in flowing layouts


class Document(Struct, frozen=True):
    """One topic, for one brand and one kind of output, ready to draw."""

    meta: Meta
    sections: tuple[Section, ...]
    sources: tuple[SourceRef, ...]
    contacts: tuple[Contact, ...]
    disclaimer: str
    footer: str
    website: str | None
    strings: Strings  # the words leaflets itself prints, in the reader's language
    glossary: tuple[tuple[str, str], ...] = ()  # (term, plain meaning) for "Words to know"
    feedback: QRCode | None = None  # to the brand's feedback page, naming this leaflet's code and version
    parts: tuple[Part, ...] = ()  # a talk: several topics, each with a section slide; sections is then empty
    presenter: str | None = None
    minutes: int | None = None  # a talk's planned length
    draft: str | None = None  # a draft translation: the warning band on every page and slide
    translated_by: str | None = None
    source: Document | None = None  # a translation's source, composed the same way: for bilingual leaflets

    @property
    def rtl(self) -> bool:
        return self.strings.rtl


N = TypeVar("N")


def map_inline(value: N, fn: Callable[[Inline], Inline]) -> N:
    """Rebuild ``value`` with ``fn`` applied to every piece of inline text inside it."""
    if isinstance(value, tuple):
        if value and all(isinstance(v, Run) for v in value):
            return fn(value)  # type: ignore[return-value]  # N is this inline text
        return tuple(map_inline(v, fn) for v in value)  # type: ignore[return-value]
    if isinstance(value, Struct) and not isinstance(value, (Origin, Run)):
        changes: dict[str, Any] = {
            name: map_inline(getattr(value, name), fn)
            for name in value.__struct_fields__
            if isinstance(getattr(value, name), (tuple, Struct))
        }
        return replace(value, **changes) if changes else value
    return value


def text_of(nodes: Iterable[Node]) -> str:
    """All the words in ``nodes``, one paragraph per line, for checks and glossary matching."""
    parts: list[str] = []

    def collect(text: Inline) -> Inline:
        parts.append("".join(run.text for run in text))
        return text

    for node in nodes:
        map_inline(node, collect)
    return "\n".join(parts)
