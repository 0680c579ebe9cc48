"""The build and check pipeline that the CLI (and any other caller) drives.

Each topic goes YAML -> Topic -> Document -> renderer -> file on its own: a topic with
errors fails alone, and the others still build. Every problem comes back as a Diagnostic.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leaflets.errors import Diagnostic, LeafletsError
from leaflets.renderers import Options

if TYPE_CHECKING:
    from leaflets.brand import Brand
    from leaflets.glossary import Glossary
    from leaflets.model import Topic
    from leaflets.register import Register

TOPIC_SUFFIXES = (".yaml", ".yml")
NOT_TOPICS = ("glossary.yaml", "register.yaml")


@dataclass
class TopicResult:
    file: str
    topic_id: str | None = None
    failed: bool = False
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    """What a build or check did: files written, topics seen, and every finding."""

    written: list[tuple[Path, int, str]] = field(default_factory=list)
    results: list[TopicResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def topics(self) -> int:
        return len(self.results)

    @property
    def failed(self) -> list[str]:
        return [r.file for r in self.results if r.failed]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]


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
                    if name.endswith(TOPIC_SUFFIXES) and not name.startswith((".", "_")) and name not in NOT_TOPICS:
                        found.append(Path(root) / name)
        else:
            found.append(source)
    return found


Progress = Callable[[str], None]


class _Run:
    """State shared by the topics of one run: brand, glossaries, registers, codes seen."""

    def __init__(
        self, brand: Brand, formats: list[str], out_dir: Path | None, checks: bool, options: list[Options]
    ) -> None:
        self.brand, self.formats, self.out_dir, self.checks, self.options = brand, formats, out_dir, checks, options
        self.report = Report(diagnostics=list(brand.warnings))
        self.glossaries: dict[Path, Glossary | None] = {}
        self.registers: dict[Path, Register] = {}
        self.codes: dict[tuple[str, str], str] = {}
        self.ids: dict[str, str] = {}
        self.today = _dt.date.today()

    def glossary(self, topic_path: Path) -> Glossary | None:
        from leaflets.glossary import find_glossary, load_glossary

        path = find_glossary(topic_path)
        if path is None:
            return None
        if path not in self.glossaries:
            try:
                self.glossaries[path] = load_glossary(path, display(path))
            except LeafletsError as exc:
                self.report.diagnostics += exc.diagnostics
                self.glossaries[path] = None
        return self.glossaries[path]

    def register(self, topic_path: Path) -> Register:
        from leaflets.glossary import find_glossary
        from leaflets.register import REGISTER_FILE, open_register

        folder = topic_path.resolve().parent
        for candidate in (folder, folder.parent, folder.parent.parent):
            if (candidate / REGISTER_FILE).is_file():
                folder = candidate
                break
        else:
            glossary = find_glossary(topic_path)
            folder = glossary.parent if glossary else folder
        if folder not in self.registers:
            self.registers[folder] = open_register(folder)
        return self.registers[folder]

    def identity(self, topic: Topic, path: Path) -> list[Diagnostic]:
        """Ids name files and codes name printed leaflets: each must belong to one topic."""
        found = []
        if topic.id in self.ids:
            found.append(Diagnostic(topic.file, None, "id", f"{topic.id!r} is also the id of {self.ids[topic.id]}"))
        self.ids.setdefault(topic.id, topic.file)
        if topic.code:
            key = (topic.code, topic.language)
            if key in self.codes:
                found.append(
                    Diagnostic(topic.file, None, "code", f"{topic.code!r} is also the code of {self.codes[key]}")
                )
            self.codes.setdefault(key, topic.file)
            if topic.version and self.register(path).conflict(topic.code, topic.version, topic.content_hash):
                found.append(
                    Diagnostic(
                        topic.file,
                        None,
                        "version",
                        f"the text of {topic.code} v{topic.version} changed since it was built: give it a new version",
                    )
                )
        return found

    def topic(self, path: Path, on_written: Progress | None) -> None:
        from leaflets.checks import CheckContext, run_checks
        from leaflets.compose import compose
        from leaflets.model import load_topic
        from leaflets.renderers import FORMATS

        result = TopicResult(display(path))
        self.report.results.append(result)
        found: list[Diagnostic] = []
        try:
            topic = load_topic(path, result.file)
            result.topic_id = topic.id
            found += topic.warnings
            found += self.identity(topic, path)
            glossary = self.glossary(path)
            leaflet = compose(topic, self.brand, "leaflet", glossary)
            ctx = CheckContext(topic, leaflet, glossary, self.today)
            if self.checks:
                found += run_checks(ctx)
                result.metrics = ctx.metrics
            else:
                from leaflets.checks.governance import governance

                found += governance(ctx)
            if any(d.level == "error" for d in found):
                raise LeafletsError([d for d in found if d.level == "error"])
            for fmt in (FORMATS[f] for f in self.formats):
                doc = leaflet if fmt.target == "leaflet" else compose(topic, self.brand, fmt.target, glossary)
                for options in self.options if fmt.printed else self.options[:1]:
                    found += self.render(fmt, doc, topic.id, options, on_written)
            if self.out_dir is not None and topic.code and topic.version:
                self.register(path).record(topic.code, topic.version, topic.content_hash)
        except LeafletsError as exc:
            result.failed = True
            found = [d for d in found if d.level != "error"] + list(exc.diagnostics)
        except Exception as exc:  # a bug must not stop the other topics, nor show a traceback
            result.failed = True
            found.append(
                Diagnostic(result.file, None, "", f"internal error ({type(exc).__name__}: {exc}); please report it")
            )
        self.report.diagnostics += [_located(d, result.file) for d in found]

    def render(
        self, fmt: Any, doc: Any, topic_id: str, options: Options, on_written: Progress | None
    ) -> list[Diagnostic]:
        render = fmt.load()
        if self.out_dir is None:
            return list(render(doc, self.brand, io.BytesIO(), options).warnings)
        from leaflets.atomic import atomic_write
        from leaflets.layouts import load_layout

        stem = topic_id + (load_layout(options.layout, options.large_print).suffix if fmt.printed else "")
        if fmt.printed and options.print_ready:
            stem += "-print"
        target = self.out_dir / f"{stem}{fmt.suffix}"
        with atomic_write(target) as stream:
            result = render(doc, self.brand, stream, options)
        written = [(target, f"{result.units} {result.unit_name}")]
        for ending, data in result.extra.items():
            extra = self.out_dir / f"{stem}{ending}{fmt.suffix}"
            with atomic_write(extra) as stream:
                stream.write(data)
            written.append((extra, "reading order"))
        for path, what in written:
            self.report.written.append((path, result.units, result.unit_name))
            if on_written:
                on_written(f"wrote {display(path)} ({what})")
        return list(result.warnings)


def run(
    sources: list[Path],
    formats: list[str],
    brand_spec: str,
    out_dir: Path | None,
    on_written: Progress | None = None,
    checks: bool = False,
    options: list[Options] | None = None,
) -> Report:
    """Build (``out_dir`` set) or only check (``out_dir`` None) every topic in ``sources``.

    ``checks`` adds the content checks (readability, plain language, medical terms) to
    the validation and governance rules that every run applies.
    """
    from leaflets.brand import load_brand

    state = _Run(load_brand(brand_spec), formats, out_dir, checks, options or [Options()])
    for path in find_topics(sources):
        state.topic(path, on_written)
    for register in state.registers.values():
        register.save()
    return state.report


def _located(diagnostic: Diagnostic, file: str) -> Diagnostic:
    """Give a file-less diagnostic the topic's name, so every line says where."""
    if diagnostic.file:
        return diagnostic
    return Diagnostic(file, diagnostic.line, diagnostic.field, diagnostic.message, diagnostic.level)
