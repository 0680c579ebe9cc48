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
    topic: Topic
    path: Path
    brand: int  # index into BRANDS
    formats: tuple[str, ...]
    options: tuple[Options, ...]
    out_dir: Path | None  # None: check only, write nothing
    checks: bool
    force: bool
    manifest: dict[str, str]
    today: _dt.date


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
    try:
        _run(job, result)
    except LeafletsError as exc:
        result.failed = True
        result.diagnostics += exc.diagnostics
    except Exception as exc:  # a bug must not stop the other topics, nor show a traceback
        result.failed = True
        result.diagnostics.append(
            Diagnostic(job.topic.file, None, "", f"internal error ({type(exc).__name__}: {exc}); please report it")
        )
    result.diagnostics = [
        d if d.file else Diagnostic(job.topic.file, d.line, d.field, d.message, d.level) for d in result.diagnostics
    ]
    return result


def _run(job: Job, result: JobResult) -> None:
    from leaflets.checks import CheckContext, run_checks
    from leaflets.compose import compose
    from leaflets.glossary import find_glossary
    from leaflets.renderers import FORMATS

    topic, brand = job.topic, BRANDS[job.brand]
    glossary_path = find_glossary(job.path)
    glossary = _glossary(glossary_path)
    leaflet = compose(topic, brand, "leaflet", glossary)
    ctx = CheckContext(topic, leaflet, glossary, job.today)
    if job.checks:
        found = run_checks(ctx)
        result.metrics = ctx.metrics
    else:
        from leaflets.checks.governance import governance

        found = governance(ctx)
    errors = [d for d in found if d.level == "error"]
    if errors:
        raise LeafletsError(found)
    result.diagnostics += found
    inputs = [job.path, *brand.files, *([glossary_path] if glossary_path else []), *topic.assets]
    for fmt in (FORMATS[f] for f in job.formats):
        doc = leaflet if fmt.target == "leaflet" else compose(topic, brand, fmt.target, glossary)
        for options in job.options if fmt.printed else job.options[:1]:
            _render(job, result, fmt, doc, options if fmt.printed else Options(), inputs)


def _render(job: Job, result: JobResult, fmt: Any, doc: Any, options: Options, inputs: list[Path]) -> None:
    from leaflets.layouts import available_layouts, load_layout
    from leaflets.manifest import output_key

    brand = BRANDS[job.brand]
    if job.out_dir is None:
        result.diagnostics += fmt.load()(doc, brand, io.BytesIO(), options).warnings
        return
    from leaflets.atomic import atomic_write

    stem = job.topic.id
    files = list(inputs)
    if fmt.printed:
        layout = load_layout(options.layout, options.large_print)
        stem += layout.suffix + ("-print" if options.print_ready else "")
        files.append(available_layouts()[options.layout])
    target = job.out_dir / f"{stem}{fmt.suffix}"
    key = output_key(files, fmt.name, options, job.topic.id)
    made_together = [name for name, made_from in job.manifest.items() if made_from == key and name.startswith(stem)]
    if not job.force and target.name in made_together and all((job.out_dir / n).is_file() for n in made_together):
        result.skipped.append(target)
        return
    with atomic_write(target) as stream:
        rendered = fmt.load()(doc, brand, stream, options)
    result.diagnostics += rendered.warnings
    result.written.append((target, f"{rendered.units} {rendered.unit_name}"))
    result.manifest[target.name] = key
    for ending, data in rendered.extra.items():
        extra = job.out_dir / f"{stem}{ending}{fmt.suffix}"
        with atomic_write(extra) as stream:
            stream.write(data)
        result.written.append((extra, "reading order"))
        result.manifest[extra.name] = key
