"""The talk composer: choose topics and their sections in order, see the slides the deck will
have, and save a talk file that ``leaflets build`` builds.

The composer writes the talk as YAML and reads it back with the build's own reader
(:func:`leaflets.content.talk.load_talk`), so what it shows is what the build will make: the
slides are planned and drawn by the slides renderer, with the deck's own planner.
"""

from __future__ import annotations

import io
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from leaflets.errors import Diagnostic, LeafletsError, internal_error
from leaflets.studio import roundtrip


class TopicChoice(Struct):
    """A topic a talk can use: its id, title and section headings, in order."""

    id: str
    title: str
    file: str
    sections: list[tuple[str, str]]  # as the talk file names each, and as a reader sees it


class TalkPlan(Struct):
    """What the composed talk makes: its slides (pictures and the PDF) and any problems."""

    slides: int = 0
    minutes: int | None = None
    pages: list[bytes] = field(default_factory=list)
    pdf: bytes = b""
    problems: list[Diagnostic] = field(default_factory=list)


def catalogue(root: Path) -> dict[str, tuple[Any, Path]]:
    """The topics beside ``content/talks`` that load, by id, as a talk finds them."""
    from leaflets.content.talk import find_topic_files
    from leaflets.content.topic import load_topic

    found = {}
    for path in find_topic_files(root / "content" / "talks" / "talk.yaml", {}).values():
        try:
            topic = load_topic(path, path.relative_to(root).as_posix())
        except LeafletsError:
            continue  # a topic with errors cannot be part of a talk; the library page says why
        if not topic.translation:
            found[topic.id] = (topic, path)
    return found


def choices(topics: dict[str, tuple[Any, Path]], root: Path, brand: Any) -> list[TopicChoice]:
    """Each topic with its sections; a heading's placeholders ({emergency}) filled as ``brand`` fills them."""
    from leaflets.content.talk import sections_of
    from leaflets.document.compose import fill_plain
    from leaflets.document.nodes import Origin

    def seen(name: str) -> str:
        return fill_plain(name, brand, Origin(""), [])

    return [
        TopicChoice(
            topic.id, topic.title, path.relative_to(root).as_posix(), [(s, seen(s)) for s in sections_of(topic)]
        )
        for topic, path in topics.values()
    ]


def talk_text(base: str, title: str, minutes: int | None, parts: list[dict[str, Any]]) -> str:
    """The talk file: ``base`` (the file as it was, or "") with its title, length and topics set;
    every other key and comment of ``base`` stays."""
    data = roundtrip.load(base) if base.strip() else roundtrip.CommentedMap()
    data["title"] = title
    if minutes:
        data["duration_minutes"] = minutes
    else:
        data.pop("duration_minutes", None)
    data["topics"] = [
        {"topic": p["topic"], "sections": list(p["sections"])} if p.get("sections") else p["topic"] for p in parts
    ]
    return roundtrip.dump(data)


def plan(
    text: str, name: str, topics: dict[str, tuple[Any, Path]], brand: Any, drawn: OrderedDict[str, bytes]
) -> TalkPlan:
    """Read ``text`` as the build reads a talk, and draw its slides; never raises."""
    result = TalkPlan()
    try:
        _plan(text, name, topics, brand, drawn, result)
    except LeafletsError as exc:
        result.problems += exc.diagnostics
    except Exception as exc:  # a bug in drawing: say so, keep the studio running
        result.problems.append(internal_error(name, exc))
    return result


def _plan(text: str, name: str, topics: dict[str, tuple[Any, Path]], brand: Any, drawn: OrderedDict[str, bytes],
          result: TalkPlan) -> None:  # fmt: skip
    from leaflets.content.schema import suggest
    from leaflets.content.talk import load_talk, select_sections
    from leaflets.document.compose import compose_talk
    from leaflets.renderers.pdf.slides import render
    from leaflets.studio.render import pictures

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / Path(name).name
        path.write_text(text, encoding="utf-8")
        talk = load_talk(path, name)
    parts, problems = [], []
    for part in talk.parts:
        if part.topic_id not in topics:
            missing = f"no topic {part.topic_id!r}{suggest(part.topic_id, topics)}"
            problems.append(Diagnostic(name, part.line, "topics", missing))
            continue
        try:
            parts.append(select_sections(topics[part.topic_id][0], part, name))
        except LeafletsError as exc:
            problems += exc.diagnostics
    if problems:
        raise LeafletsError(problems)
    pdf = io.BytesIO()
    rendered = render(compose_talk(talk, parts, brand), brand, pdf)
    result.slides, result.minutes = rendered.units, talk.duration_minutes
    result.problems += rendered.warnings
    result.pdf = pdf.getvalue()
    result.pages = pictures(result.pdf, drawn)[0]
