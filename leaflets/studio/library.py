"""The library page's rows: every topic, translation and talk in the project, with what
``leaflets check`` knows of it without drawing it (status, review date, errors)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leaflets.errors import LeafletsError


@dataclass
class Row:
    path: str  # relative to the project folder
    title: str
    kind: str  # topic, translation or talk
    status: str
    next_review: str
    errors: int
    warnings: int


def rows(root: Path) -> list[Row]:
    from leaflets.content.folders import find_topics
    from leaflets.content.topic import load_topic

    content = root / "content"
    out = []
    found = [(p, False) for p in find_topics([content])] + [(p, True) for p in find_topics([content], talks=True)]
    for path, talk in found if content.is_dir() else []:
        name = path.relative_to(root).as_posix()
        if talk:
            out.append(Row(name, path.stem.replace("-", " ").capitalize(), "talk", "", "", 0, 0))
            continue
        try:
            topic = load_topic(path, name)
        except LeafletsError as exc:
            errors = [d for d in exc.diagnostics if d.level == "error"]
            out.append(Row(name, path.stem, "topic", "has errors", "", len(errors), 0))
            continue
        kind = "translation" if topic.translation else "topic"
        status = topic.status if not topic.translation else f"{topic.status}, translation"
        review = topic.next_review.isoformat() if topic.next_review else ""
        out.append(Row(name, topic.title, kind, status, review, 0, len(topic.warnings)))
    return out


def matches(row: Row, query: str, status: str) -> bool:
    words = query.lower().split()
    return all(w in f"{row.title} {row.path}".lower() for w in words) and (not status or row.status.startswith(status))
