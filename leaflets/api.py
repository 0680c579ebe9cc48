"""The build and check pipeline that the CLI (and any other caller) drives.

Each topic goes YAML -> Topic -> Document -> renderer -> file on its own: a topic with
errors fails alone, and the others still build. Every problem comes back as a Diagnostic.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from leaflets.errors import Diagnostic, LeafletsError

TOPIC_SUFFIXES = (".yaml", ".yml")


@dataclass
class Report:
    """What a build or check did: files written, topics seen, and every finding."""

    written: list[tuple[Path, int, str]] = field(default_factory=list)
    topics: int = 0
    failed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level != "error"]


def display(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, as users typed it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_topics(sources: Iterable[Path]) -> list[Path]:
    """Topic files under ``sources``; names starting with ``_`` or ``.`` are not topics."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            for root, dirs, files in os.walk(source):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                for name in sorted(files):
                    if name.endswith(TOPIC_SUFFIXES) and not name.startswith((".", "_")) and name != "glossary.yaml":
                        found.append(Path(root) / name)
        else:
            found.append(source)
    return found


Progress = Callable[[str], None]


def run(
    sources: list[Path],
    formats: list[str],
    brand_spec: str,
    out_dir: Path | None,
    on_written: Progress | None = None,
) -> Report:
    """Build (``out_dir`` set) or only check (``out_dir`` None) every topic in ``sources``."""
    from leaflets.brand import load_brand
    from leaflets.compose import compose
    from leaflets.model import load_topic
    from leaflets.renderers import FORMATS

    report = Report()
    brand = load_brand(brand_spec)
    report.diagnostics += brand.warnings
    seen: dict[str, str] = {}
    for path in find_topics(sources):
        name = display(path)
        report.topics += 1
        try:
            topic = load_topic(path, name)
            report.diagnostics += topic.warnings
            if topic.id in seen:
                raise LeafletsError(
                    [
                        Diagnostic(
                            name,
                            None,
                            "id",
                            f"{topic.id!r} is also the id of {seen[topic.id]}; ids name the output files",
                        )
                    ]
                )
            seen[topic.id] = name
            for fmt in (FORMATS[f] for f in formats):
                doc = compose(topic, brand, fmt.target)
                render = fmt.load()
                if out_dir is None:
                    result = render(doc, brand, io.BytesIO())
                    report.diagnostics += result.warnings
                    continue
                from leaflets.atomic import atomic_write

                target = out_dir / f"{topic.id}{fmt.suffix}"
                with atomic_write(target) as stream:
                    result = render(doc, brand, stream)
                report.diagnostics += result.warnings
                report.written.append((target, result.units, result.unit_name))
                if on_written:
                    on_written(f"wrote {display(target)} ({result.units} {result.unit_name})")
        except LeafletsError as exc:
            report.failed.append(name)
            report.diagnostics += [_located(d, name) for d in exc.diagnostics]
        except Exception as exc:  # a bug must not stop the other topics, nor show a traceback
            report.failed.append(name)
            report.diagnostics.append(
                Diagnostic(name, None, "", f"internal error ({type(exc).__name__}: {exc}); please report it")
            )
    return report


def _located(diagnostic: Diagnostic, file: str) -> Diagnostic:
    """Give a file-less diagnostic the topic's name, so every line says where."""
    if diagnostic.file:
        return diagnostic
    return Diagnostic(file, diagnostic.line, diagnostic.field, diagnostic.message, diagnostic.level)
