"""Reading the topics and talks a run builds: each topic file is read on its own (in a worker
when there are several cores), and what must hold across topics, an id and a code belonging to
one topic each, is decided afterwards in the main process, in the order the files were found."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from leaflets.editorial.register import approved_elsewhere
from leaflets.errors import Diagnostic, LeafletsError, display, internal_error, worker_lost

if TYPE_CHECKING:
    from leaflets.content.topic import Topic


class Read(Struct):
    """A topic file as read: its topic, or what stops it from building."""

    path: Path
    name: str
    topic: Topic | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    invalid: bool = False  # the file's own fault: files it made before are withdrawn (a bug of ours keeps them)


def read_topic(path: Path) -> Read:
    """Load and validate one topic file; never raises, so a bad file fails alone in any process."""
    from leaflets.content.topic import load_topic

    name = display(path)
    try:
        return Read(path, name, load_topic(path, name))
    except LeafletsError as exc:
        found = [d if d.file else Diagnostic(name, d.line, d.field, d.message, d.level) for d in exc.diagnostics]
        return Read(path, name, diagnostics=found, invalid=True)
    except Exception as exc:  # noqa: BLE001 - a bug of ours fails this topic alone, without a traceback
        return Read(path, name, diagnostics=[internal_error(name, exc)])


def lost_read(path: Path, why: str) -> Read:
    """A topic file whose reading worker died: it fails alone, and its files stay."""
    name = display(path)
    return Read(path, name, diagnostics=[worker_lost(name, why)])


class Identity:
    """Ids name files and codes name printed leaflets: each must belong to one topic, including
    a code approved for another file that this run does not read (a copied topic keeps its code)."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.codes: dict[tuple[str, str], str] = {}

    def admit(self, read: Read) -> Read:
        """``read`` as it stands once the topics found before it hold their ids and codes."""
        if read.topic is None:
            return read
        try:
            problems = self.check(read.topic, read.path)
        except LeafletsError as exc:
            problems = exc.diagnostics
        except Exception as exc:  # noqa: BLE001 - as in read_topic
            return Read(read.path, read.name, diagnostics=[internal_error(read.name, exc)])
        return Read(read.path, read.name, diagnostics=problems, invalid=True) if problems else read

    def check(self, topic: Topic, path: Path) -> list[Diagnostic]:
        found = []
        if topic.id in self.ids:
            found.append(Diagnostic(topic.file, None, "id", f"{topic.id!r} is also the id of {self.ids[topic.id]}"))
        self.ids.setdefault(topic.id, topic.file)
        if topic.code:
            key = (topic.code, topic.language)
            other = self.codes.get(key) or (None if topic.translation else approved_elsewhere(topic.code, path))
            if other:
                message = f"{topic.code!r} is also the code of {other}: give this topic its own code"
                found.append(Diagnostic(topic.file, topic.lines.get("code"), "code", message))
            self.codes.setdefault(key, topic.file)
        return found

    def claim(self, record: dict[str, Any], file: str) -> bool:
        """Take an unchanged topic's id and code as its manifest record gives them; False when an
        earlier topic holds either (then the topic is read, and its error said as always)."""
        key = (record["code"], record["language"])
        if record["id"] in self.ids or (record["code"] and key in self.codes):
            return False
        self.ids[record["id"]] = file
        if record["code"]:
            self.codes[key] = file
        return True


def read_talk(
    path: Path, name: str, loaded: dict[str, tuple[Topic, Path]], unread: dict[str, Path], failed: set[Path]
) -> tuple[Any, list[tuple[Topic, Path]]]:
    """A talk and its topics, each cut to the sections the talk uses; ``unread`` topics (current,
    so not read this run) are read when the talk needs them."""
    from leaflets.content.talk import find_topic_files, load_talk, select_sections
    from leaflets.content.topic import load_topic

    talk = load_talk(path, name)
    others = {**find_topic_files(path, loaded), **unread}
    parts, problems = [], []
    for part in talk.parts:
        if part.topic_id in loaded:
            topic, topic_path = loaded[part.topic_id]
        elif part.topic_id in others and others[part.topic_id].resolve() in failed:
            problems.append(Diagnostic(name, part.line, "topics", f"topic {part.topic_id!r} has errors (see above)"))
            continue
        elif part.topic_id in others:
            topic_path = others[part.topic_id]
            topic = load_topic(topic_path, display(topic_path))
        else:
            known = sorted({*loaded, *others})
            from leaflets.content.schema import suggest

            problems.append(
                Diagnostic(name, part.line, "topics", f"no topic {part.topic_id!r}{suggest(part.topic_id, known)}")
            )
            continue
        try:
            parts.append((select_sections(topic, part, name), topic_path))
        except LeafletsError as exc:
            problems += exc.diagnostics
    if problems:
        raise LeafletsError(problems)
    return talk, parts
