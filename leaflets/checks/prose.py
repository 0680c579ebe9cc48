"""Text as a reader meets it, prepared for counting: list items and titles end as sentences."""

from __future__ import annotations

import re

from leaflets.content.inline import SENTENCE_END, SENTENCE_ENDS, Inline, Run, plain
from leaflets.document.nodes import (
    Callout,
    ContactList,
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

#: A web address in running text: read as "the address", not as words to score or look up.
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:!?]", re.I)


def _sentence(text: Inline) -> str:
    said = "".join(" " if _address(run) else run.text for run in text)
    words = " ".join(WEB_ADDRESS.sub(" ", said).split())
    return words if not words or words[-1] in SENTENCE_ENDS + ":：" else words + "."


def _address(run: Run) -> bool:
    """A link shown as its address (``nhs.uk/conditions``), not as words."""
    shown = run.text.strip()
    return bool(run.href) and " " not in shown and "." in shown


def paragraphs(node: Node) -> list[str]:
    """The prose of one node, one string per paragraph; contacts and headings are not prose."""
    if isinstance(node, Paragraph):
        return [_sentence(node.text)]
    if isinstance(node, ListNode):
        return [_sentence(item) for item in node.items]
    if isinstance(node, Callout):
        out = [_sentence(node.title)] if node.title else []
        for child in node.body:
            out += paragraphs(child)
        return out
    if isinstance(node, Quote):
        return [_sentence(node.text)]
    if isinstance(node, (Figure, QRCode)):
        return [_sentence(node.caption)] if node.caption else []
    if isinstance(node, Table):
        # each cell is read as a sentence: a cell is a short phrase, and gluing a row into one
        # run-on "sentence" would make every table look unreadable to the counts
        cells = [c for row in node.rows for c in row if plain(c).strip()]
        return [_sentence(t) for t in (node.caption, *cells, node.note) if t]
    if isinstance(node, (Heading, ContactList)):
        return []
    raise UnhandledNode(node, "the prose check")


def sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph) if s.strip()]


def word_count(text: str) -> int:
    """Words between spaces that hold a letter or digit (vowel signs are not \\w, so no regex)."""
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))
