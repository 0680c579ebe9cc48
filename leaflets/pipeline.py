"""One unit of work: one topic, for one brand, in every format and layout asked for.

It runs in the main process or in a worker process (``--jobs``); it reads its inputs,
writes its files atomically and returns what it did, so results from any number of
workers merge into the same report, and the files are the same for any number of workers.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leaflets.errors import Diagnostic, LeafletsError
from leaflets.model import Topic
from leaflets.renderers import Options

#: Brands of the current run, set before workers start (they inherit it when forked).
BRANDS: list[Any] = []


@dataclass(frozen=True)
class Job:
    topic: Topic  # for a talk: its first topic, for checks and naming
    path: Path
    brand: int  # index into BRANDS
    formats: tuple[str, ...]
    options: tuple[Options, ...]
    out_dir: Path | None  # None: check only, write nothing
    checks: bool
    force: bool
    manifest: dict[str, str]
    today: _dt.date
    talk: Any = None  # a leaflets.talk.Talk: then only deck formats are built
    parts: tuple[tuple[Topic, Path], ...] = ()  # the talk's topics, cut to their chosen sections

    @property
    def name(self) -> str:
        return self.talk.id if self.talk else self.topic.id


@dataclass(frozen=True)
class Output:
    """One file a job may write, and the hash of everything that makes it."""

    fmt: Any
    options: Options
    target: Path
    stem: str
    key: str


@dataclass
class JobResult:
    failed: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    manifest: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)


_GLOSSARIES: dict[Path, Any] = {}


def warm(formats: tuple[str, ...]) -> None:
    """Do once, before workers fork, what every worker would otherwise repeat: import the
    renderers, load the brands' fonts, prepare the deck templates."""
    from leaflets.renderers import FORMATS

    for name in formats:
        FORMATS[name].load()
    for brand in BRANDS:
        if "pdf" in formats:
            from leaflets.renderers.pdf_text import PdfFonts

            PdfFonts(brand.fonts)
        if "pptx" in formats:
            from leaflets.renderers.pptx_layouts import open_presentation

            open_presentation(brand.deck_template)


def _glossary(path: Path | None) -> Any:
    from leaflets.glossary import load_glossary

    if path is None:
        return None
    if path not in _GLOSSARIES:
        _GLOSSARIES[path] = load_glossary(path)
    return _GLOSSARIES[path]


def run_job(job: Job) -> JobResult:
    """Build (or check) one topic for one brand; never raises."""
    result = JobResult()
    file = file_of(job)
    try:
        _run(job, result)
    except LeafletsError as exc:
        result.failed = True
        result.diagnostics += exc.diagnostics
        _withdraw(job, result)
    except Exception as exc:  # a bug must not stop the other topics, nor show a traceback
        result.failed = True
        result.diagnostics.append(
            Diagnostic(file, None, "", f"internal error ({type(exc).__name__}: {exc}); please report it")
        )
    result.diagnostics = [
        d if d.file else Diagnostic(file, d.line, d.field, d.message, d.level) for d in result.diagnostics
    ]
    return result


def _withdraw(job: Job, result: JobResult) -> None:
    """Remove what an earlier build made from this topic: a topic that now fails (say, past its
    review date) must not leave its old leaflet in the output folder, ready to print. A crash of
    our own keeps the old file: it was made from valid content."""
    try:
        planned = outputs(job)
    except LeafletsError:
        return
    for output in planned:
        made_together = [n for n in job.manifest if n.startswith(output.stem)] + [output.target.name]
        for name in dict.fromkeys(made_together):
            path = output.target.with_name(name)
            if path.is_file():
                path.unlink()
                result.diagnostics.append(
                    Diagnostic(file_of(job), None, "", f"removed {path.name}, made before", "note")
                )
            result.manifest[name] = ""


def file_of(job: Job) -> str:
    return job.talk.file if job.talk else job.topic.file


def outputs(job: Job) -> list[Output]:
    """The files ``job`` makes, with their input hashes, worked out without drawing anything."""
    from leaflets.glossary import find_glossary
    from leaflets.layouts import available_layouts, load_layout
    from leaflets.manifest import output_key
    from leaflets.renderers import FORMATS

    if job.out_dir is None:
        return []
    brand = BRANDS[job.brand]
    sources = [(job.topic, job.path)] if job.talk is None else list(job.parts)
    inputs = [job.path, *brand.files]
    for topic, path in sources:
        glossary = find_glossary(path)
        inputs += [path, *topic.assets, *([glossary] if glossary else [])]
    planned = []
    for fmt in (FORMATS[f] for f in job.formats):
        if job.talk is not None and fmt.target != "deck":
            continue
        for options in job.options if fmt.printed else (Options(),):
            stem, files = job.name, list(inputs)
            if fmt.printed:
                stem += load_layout(options.layout, options.large_print).suffix + (
                    "-print" if options.print_ready else ""
                )
                files.append(available_layouts()[options.layout])
            key = output_key(files, fmt.name, options, job.name)
            planned.append(Output(fmt, options, job.out_dir / f"{stem}{fmt.suffix}", stem, key))
    return planned


def fresh(job: Job, output: Output) -> bool:
    """True when the output and the files made with it exist and come from the same inputs."""
    if job.force or job.out_dir is None:
        return False
    together = [n for n, made_from in job.manifest.items() if made_from == output.key and n.startswith(output.stem)]
    return output.target.name in together and all((job.out_dir / n).is_file() for n in together)


def _run(job: Job, result: JobResult) -> None:
    from leaflets.checks import CheckContext, run_checks
    from leaflets.compose import compose, compose_talk
    from leaflets.glossary import find_glossary
    from leaflets.renderers import FORMATS

    brand = BRANDS[job.brand]
    if job.talk is not None:
        from leaflets.checks.governance import review_date_errors

        expired = [d for topic, _ in job.parts for d in review_date_errors(topic, job.today)]
        if expired:  # a talk is as current as its oldest part
            raise LeafletsError(expired)
        docs = {"deck": compose_talk(job.talk, [t for t, _ in job.parts], brand)}
    else:
        glossary = _glossary(find_glossary(job.path))
        leaflet = compose(job.topic, brand, "leaflet", glossary)
        ctx = CheckContext(job.topic, leaflet, glossary, job.today)
        if job.checks:
            found = run_checks(ctx)
            result.metrics = ctx.metrics
        else:
            from leaflets.checks.governance import governance

            found = governance(ctx)
        if any(d.level == "error" for d in found):
            raise LeafletsError(found)
        result.diagnostics += found
        docs = {"leaflet": leaflet}
        if any(FORMATS[f].target == "deck" for f in job.formats):
            docs["deck"] = compose(job.topic, brand, "deck", glossary)
    if job.out_dir is None:  # check: draw in memory, every format; audit the deck as PowerPoint would
        for fmt in (FORMATS[f] for f in job.formats):
            if fmt.target in docs:
                for options in job.options if fmt.printed else (Options(),):
                    drawn = io.BytesIO()
                    rendered = fmt.load()(docs[fmt.target], brand, drawn, options)
                    result.diagnostics += rendered.warnings + layout_findings(options, rendered.fullness)
                    if fmt.name == "pptx" and job.checks:
                        from leaflets.checks.deck_audit import audit_deck

                        result.diagnostics += audit_deck(
                            drawn.getvalue(), job.talk.file if job.talk else job.topic.file
                        )
        return
    for output in outputs(job):
        if fresh(job, output):
            result.skipped.append(output.target)
        else:
            _write(job, result, output, docs[output.fmt.target])


def layout_findings(options: Options, fullness: list[float]) -> list[Diagnostic]:
    """What ``check`` says about a printed layout: its pages of text (notes pages aside) and how
    full each is, and any page but the last that is under half full (wasted paper)."""
    if not fullness:
        return []
    name = options.layout + ("-large-print" if options.large_print else "")
    filled = " ".join(f"{f:.0%}" for f in fullness)
    found = [Diagnostic("", None, "", f"{name}: {len(fullness)} pages of text, filled {filled}", "note")]
    sparse = [i for i, f in enumerate(fullness[:-1], 1) if f < 0.5]
    if sparse:
        pages = ", ".join(str(i) for i in sparse)
        found.append(Diagnostic("", None, "", f"{name}: page {pages} is less than half full", "warning"))
    return found


def _write(job: Job, result: JobResult, output: Output, doc: Any) -> None:
    from leaflets.atomic import atomic_write

    with atomic_write(output.target) as stream:
        rendered = output.fmt.load()(doc, BRANDS[job.brand], stream, output.options)
    result.diagnostics += rendered.warnings
    result.written.append((output.target, f"{rendered.units} {rendered.unit_name}"))
    result.manifest[output.target.name] = output.key
    for ending, data in rendered.extra.items():
        extra = output.target.with_name(f"{output.stem}{ending}{output.fmt.suffix}")
        with atomic_write(extra) as stream:
            stream.write(data)
        result.written.append((extra, "reading order"))
        result.manifest[extra.name] = output.key
