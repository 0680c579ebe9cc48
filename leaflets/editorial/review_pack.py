"""A review pack: what a clinician needs to review a topic on paper and sign it off.

The leaflet's words in reading order, one numbered line per sentence, heading or list item,
so a reviewer can comment by line number; what changed since the last approved version,
marked word by word (the approved text comes from git history); the sources; the check
findings; and a sign-off box naming exactly which text is being approved. This module
decides what the pack says; ``renderers.pdf_review`` draws it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from msgspec import Struct

from leaflets.checks.prose import sentences
from leaflets.content.inline import Inline, plain
from leaflets.content.topic import Topic, load_topic
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
    SourceRef,
    Table,
)
from leaflets.editorial.register import SignOff, find_register, open_register
from leaflets.errors import Diagnostic, UnhandledNode

#: How alike two sentences must be to show as one changed line rather than a removal and an addition.
SAME_SENTENCE = 0.5


class Line(Struct, frozen=True):
    """One numbered line of the pack. ``pieces`` are (words, mark): "" kept, "+" added, "-" removed."""

    number: int | None  # None for a removed line: it is no longer in the text
    heading: bool
    change: str  # "", "added", "removed" or "changed"
    pieces: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return " ".join(words for words, mark in self.pieces if mark != "-")


class ReviewPack(Struct, frozen=True):
    """What a clinical reviewer receives for one topic: its text marked with the changes, the findings, the sources
    and the command that records the approval."""

    topic: Topic
    lines: tuple[Line, ...]
    compared: str  # what the marks compare with, said in a sentence
    findings: tuple[Diagnostic, ...]
    sources: tuple[SourceRef, ...]
    approve_command: str

    @property
    def changes(self) -> int:
        return sum(1 for line in self.lines if line.change)


def reading_lines(topic: Topic) -> list[tuple[bool, str]]:
    """(is a heading, words) for each sentence, heading, list item and caption, in reading order,
    as the author wrote them (a list item stays whole and gets no full stop it does not have)."""
    out: list[tuple[bool, str]] = [(True, topic.title)] + ([(True, topic.subtitle)] if topic.subtitle else [])
    for entry in topic.entries:
        for node in entry.nodes:
            if isinstance(node, Heading):
                out.append((True, plain(node.text)))
            else:
                out += [(False, line) for line in _said(node)]
    return out


def _said(node: Node) -> list[str]:
    """The words of one block: a line per sentence of running text, per list item, per title."""
    if isinstance(node, Paragraph):
        return [s.strip() for s in sentences(plain(node.text))]
    if isinstance(node, Quote):
        return [s.strip() for s in sentences(plain(node.text))] + ([f"- {plain(node.by)}"] if node.by else [])
    if isinstance(node, ListNode):
        return [f"{n}. {plain(item)}" if node.ordered else f"• {plain(item)}" for n, item in enumerate(node.items, 1)]
    if isinstance(node, Callout):
        label = "Urgent: " if node.style == "urgent" else ""  # as the leaflet labels it
        return ([label + plain(node.title)] if node.title else []) + [p for child in node.body for p in _said(child)]
    if isinstance(node, Figure):
        return [f"Picture: {node.alt}"] + ([plain(node.caption)] if node.caption else [])
    if isinstance(node, QRCode):
        return [f"QR code: {node.url}"] + ([plain(node.caption)] if node.caption else [])
    if isinstance(node, ContactList):
        return [", ".join(plain(p) for p in (c.label, c.phone, c.hours) if p) for c in node.entries]
    if isinstance(node, Table):
        return (
            [plain(t) for t in (node.caption,) if t]
            + [_row(node, row) for row in node.rows]
            + ([plain(node.note)] if node.note else [])
        )
    raise UnhandledNode(node, "the review pack")


def _row(table: Table, row: tuple[Inline, ...]) -> str:
    """A table row on one numbered line, each cell named by its column ("When: Weekdays; ...")."""
    if not table.header:
        return " | ".join(plain(cell) for cell in row)
    return "; ".join(
        f"{plain(h)}: {plain(c)}" if plain(h) else plain(c) for h, c in zip(table.header, row, strict=True)
    )


def review_pack(path: Path, name: str, findings: list[Diagnostic]) -> ReviewPack:
    """The pack for the topic at ``path``, with the ``findings`` that `leaflets check` reported for it."""
    from leaflets.errors import LeafletsError

    topic = load_topic(path, name)
    if topic.translation:  # its words are checked by a translator against the source, not line by line here
        source = Path(topic.translation.source_file).name
        message = (
            f"a review pack is for the clinical text: review {source}, and have a qualified translator check"
            f" this translation against it (see leaflets diff {name})"
        )
        raise LeafletsError([Diagnostic(name, None, "", message)])
    approved = _last_approved(topic, path)
    new = reading_lines(topic)
    if approved is None:
        compared = "No version of this topic has been approved yet, so no changes are marked."
        lines = [Line(n, heading, "", ((text, ""),)) for n, (heading, text) in enumerate(new, 1)]
    else:
        version, signoff, before = approved
        said = f"version {version}, approved by {signoff.reviewer} on {signoff.date.isoformat()}"
        if signoff.text == topic.content_hash:
            compared = f"This is the approved text of {said}: nothing has changed."
        elif before is None:
            compared = (
                f"The text changed since {said}, but that text is not in git history, so changes cannot be marked."
            )
        else:
            compared = f"Changes since {said}: added words are underlined, removed words are struck through."
        lines = _marked(reading_lines(before) if before else new, new)
    sources = topic.sources
    command = f'leaflets approve {name} --by "NAME" --role "ROLE" --date YYYY-MM-DD'
    return ReviewPack(topic, tuple(lines), compared, tuple(findings), sources, command)


def _last_approved(topic: Topic, path: Path) -> tuple[str, SignOff, Topic | None] | None:
    """The latest approved version of the topic's code, its sign-off, and its text (from git), if any."""
    from leaflets.content.translation import earlier_version
    from leaflets.errors import LeafletsError

    latest = open_register(find_register(path)).latest(topic.code) if topic.code else None
    if latest is None:
        return None
    version, signoff = latest
    if signoff.text == topic.content_hash:
        return version, signoff, topic
    text = earlier_version(path, signoff.text)
    try:
        before = load_topic(path, topic.file, text.encode("utf-8")) if text is not None else None
    except LeafletsError:  # the approved text breaks a rule made since: show it unmarked
        before = None
    return version, signoff, before


def _marked(old: list[tuple[bool, str]], new: list[tuple[bool, str]]) -> list[Line]:
    """The new lines numbered, with removed lines between them and changed words marked."""
    out: list[Line] = []
    number = 0

    def keep(heading: bool, pieces: tuple[tuple[str, str], ...], change: str) -> None:
        nonlocal number
        number += 1
        out.append(Line(number, heading, change, pieces))

    matcher = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for heading, text in new[b1:b2]:
                keep(heading, ((text, ""),), "")
            continue
        gone, came = old[a1:a2], new[b1:b2]
        paired = 0
        for (_, before), (heading, after) in zip(gone, came, strict=False):
            if difflib.SequenceMatcher(None, before, after, autojunk=False).ratio() < SAME_SENTENCE:
                break
            keep(heading, _word_marks(before, after), "changed")
            paired += 1
        for heading, text in gone[paired:]:
            out.append(Line(None, heading, "removed", ((text, "-"),)))
        for heading, text in came[paired:]:
            keep(heading, ((text, "+"),), "added")
    return out


def _word_marks(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The words of ``after`` with ``before``'s removed words in place, each run marked."""
    old, new = before.split(), after.split()
    pieces: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            pieces.append((" ".join(old[a1:a2]), "-"))
        if op in ("insert", "replace"):
            pieces.append((" ".join(new[b1:b2]), "+"))
        if op == "equal":
            pieces.append((" ".join(new[b1:b2]), ""))
    return tuple(pieces)
