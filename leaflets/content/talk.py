"""Talks: one deck made from several topics, whole or in chosen sections.

A talk file lives in a ``talks/`` folder beside the topics. It names its topics by id and,
optionally, the headings of the sections it uses, so a 20-minute awareness talk reuses the
library's reviewed words instead of copying them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from leaflets.content.folders import TALKS_FOLDER
from leaflets.content.inline import plain
from leaflets.content.schema import MAX_ID, MAX_TITLE, Reader, kind, suggest
from leaflets.content.source import Path_, load_yaml
from leaflets.content.topic import Entry, Topic
from leaflets.document.nodes import Heading
from leaflets.errors import ContentError, Diagnostic

TALK_KEYS = ("title", "subtitle", "id", "presenter", "language", "duration_minutes", "topics")
MAX_MINUTES = 600


class TalkPart(Struct, frozen=True):
    """One topic in a talk, with the sections of it the talk uses."""

    topic_id: str
    sections: tuple[str, ...] | None  # headings to use; None: the whole topic
    line: int | None


class Talk(Struct, frozen=True):
    """A talk: several topics given as one deck, in the order and with the sections its file chose."""

    id: str
    file: str
    title: str
    subtitle: str | None
    presenter: str | None
    language: str
    duration_minutes: int | None
    parts: tuple[TalkPart, ...]


def load_talk(path: Path, display: str | None = None) -> Talk:
    name = display or str(path)
    located = load_yaml(path, name)
    reader = Reader(located, name)
    data = reader.mapping((), located.data, TALK_KEYS, required=("title", "topics")) or {}
    items = data.get("topics")
    if not isinstance(items, list) or not items:
        reader.error(("topics",), "expected a list of topic ids, or {topic: ID, sections: [headings]}")
        items = []
    parts = [part for i, item in enumerate(items) if (part := _part(reader, ("topics", i), item))]
    duration = data.get("duration_minutes")
    if duration is not None and (
        isinstance(duration, bool) or not isinstance(duration, int) or not 0 < duration <= MAX_MINUTES
    ):
        reader.error(("duration_minutes",), f"expected a whole number of minutes from 1 to {MAX_MINUTES}")
        duration = None
    talk_id = reader.text(("id",), data.get("id"), spaced=False) or path.stem
    reader.identifier(("id",), talk_id)
    talk = Talk(
        id=talk_id,
        file=name,
        title=reader.text(("title",), data.get("title"), required=True, limit=MAX_TITLE) or "",
        subtitle=reader.text(("subtitle",), data.get("subtitle"), limit=MAX_TITLE),
        presenter=reader.text(("presenter",), data.get("presenter"), limit=MAX_TITLE),
        language=reader.text(("language",), data.get("language"), limit=35) or "en",
        duration_minutes=duration,
        parts=tuple(parts),
    )
    if not reader.ok:
        raise ContentError(reader.diagnostics)
    return talk


def _part(reader: Reader, at: Path_, item: Any) -> TalkPart | None:
    """One entry of ``topics``: a topic id, or ``{topic: ID, sections: [headings]}``."""
    line = reader.located.line(at)
    if not isinstance(item, dict):
        if isinstance(item, (list, bool)) or item is None:
            reader.error(at, f"expected a topic id, or topic: and sections:, got {kind(item)}")
            return None
        topic_id = reader.text(at, item, required=True, limit=MAX_ID)
        return TalkPart(topic_id, None, line) if topic_id else None
    fields = reader.mapping(at, item, ("topic", "sections"), required=("topic",))
    topic_id = reader.text(at + ("topic",), fields.get("topic"), limit=MAX_ID) if fields else None
    sections = None
    if fields and "sections" in fields:
        found = reader.text_list(at + ("sections",), fields["sections"], limit=MAX_TITLE)
        sections = tuple(found) if found else None
    return TalkPart(topic_id, sections, line) if topic_id else None


def select_sections(topic: Topic, part: TalkPart, talk_file: str) -> Topic:
    """The topic cut down to the sections ``part`` names (all of it when it names none)."""
    if part.sections is None:
        return topic
    sections = sections_of(topic)
    chosen: list[Entry] = []
    problems = []
    for name in part.sections:
        if name not in sections:
            problems.append(
                Diagnostic(
                    talk_file,
                    part.line,
                    "sections",
                    f"{topic.id!r} has no section {name!r}{suggest(name, sections)}; its sections: "
                    + "; ".join(sections),
                )
            )
        else:
            chosen += sections[name]
    if problems:
        raise ContentError(problems)
    return replace(topic, entries=tuple(chosen))


def sections_of(topic: Topic) -> dict[str, list[Entry]]:
    """The topic's sections by heading (level 2, as plain text), each with its entries: what a
    talk's ``sections:`` can name."""
    sections: dict[str, list[Entry]] = {}
    current: list[Entry] | None = None
    for entry in topic.entries:
        first = entry.nodes[0]
        if isinstance(first, Heading) and first.level == 2:
            current = sections.setdefault(plain(first.text), [])
        if current is not None:
            current.append(entry)
    return sections


def find_topic_files(talk_path: Path, known: dict[str, Any]) -> dict[str, Path]:
    """Topic files beside the talks folder, by id, for topics the run did not already load."""
    root = talk_path.resolve().parent
    while root.name != TALKS_FOLDER and root.parent != root:
        root = root.parent
    found: dict[str, Path] = {}
    for path in sorted(root.parent.glob("*.y*ml")):
        if path.stem not in known:
            found[path.stem] = path
    return found
