"""One unit of work: one topic, for one brand, in every format and layout asked for.

It runs in the main process or in a worker process (``--jobs``); it reads its inputs,
writes its files atomically and returns what it did, so results from any number of
workers merge into the same report, and the files are the same for any number of workers.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field
from msgspec.structs import replace

from leaflets.build.manifest import Made
from leaflets.errors import Diagnostic, LeafletsError, MissingGlyphs, RenderError, internal_error, worker_lost
from leaflets.files.atomic import WriteError, remove_abandoned
from leaflets.renderers import Options

if TYPE_CHECKING:  # the model is imported by whoever loads a topic: a no-op build never does
    from leaflets.content.topic import Topic

#: The brands of the current run, given to each process by ``use_brands`` (a worker's initializer).
_brands: tuple[Any, ...] = ()


class Job(Struct, frozen=True):
    """One topic (or talk) to build in one brand: all a worker process needs, sent to it as it is."""

    topic: Topic  # for a talk: its first topic, for checks and naming
    path: Path
    brand: int  # index into the run's brands (use_brands)
    formats: tuple[str, ...]
    options: tuple[Options, ...]
    out_dir: Path | None  # None: check only, write nothing
    checks: bool
    force: bool
    manifest: dict[str, Made]
    today: _dt.date
    talk: Any = None  # a leaflets.content.talk.Talk: then only deck formats are built
    parts: tuple[tuple[Topic, Path], ...] = ()  # the talk's topics, cut to their chosen sections

    @property
    def name(self) -> str:
        return self.talk.id if self.talk else self.topic.id

    @property
    def owner(self) -> str:
        """Who owns the files this job makes, in the manifest: its topic or talk file."""
        return owner_of(self.path)


class Output(Struct, frozen=True):
    """One file a job may write, and the hash of everything that makes it."""

    fmt: Any
    options: Options
    target: Path
    stem: str
    key: str
    files: tuple[Path, ...]  # the files the key hashes


class JobResult(Struct):
    """What building one job gave: the files written or skipped, the findings, and what the manifest should
    remember."""

    failed: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    manifest: dict[str, Made | None] = field(default_factory=dict)  # None: no longer there
    metrics: dict[str, Any] = field(default_factory=dict)
    record: dict[str, Any] | None = None  # what a good build read (leaflets.build.uptodate), for the next run


_GLOSSARIES: dict[Path, Any] = {}


def use_brands(brands: list[Any]) -> None:
    """Give this process the run's brands, which jobs name by index: the main process calls it
    before any job, and every worker as its initializer."""
    global _brands
    _brands = tuple(brands)


def brand_of(job: Job) -> Any:
    return _brands[job.brand]


def cost(job: Job) -> float:
    """Roughly how long ``job`` takes, to start the longest first: its topics' text, per format."""
    size = 0
    for _, path in _sources(job):
        try:
            size += path.stat().st_size
        except OSError:
            pass
    return size * len(job.formats)


def warm(formats: tuple[str, ...], brands: list[Any]) -> None:
    """Do once, before workers fork, what every worker would otherwise repeat: import the
    renderers, load the brands' fonts, prepare the deck templates."""
    from leaflets.renderers import FORMATS

    for name in formats:
        FORMATS[name].load()
    for brand in brands:
        if "pdf" in formats:
            from leaflets.renderers.pdf.text import PdfFonts

            PdfFonts(brand.fonts)
        if "pptx" in formats:
            from leaflets.renderers.pptx.layouts import open_presentation
            from leaflets.renderers.pptx.template import TemplateProblem

            try:
                open_presentation(brand.deck_template)
            except TemplateProblem:
                pass  # reported once by the build run, and that brand builds no decks


def _glossary(path: Path | None) -> Any:
    from leaflets.content.glossary import load_glossary

    if path is None:
        return None
    if path not in _GLOSSARIES:
        _GLOSSARIES[path] = load_glossary(path)
    return _GLOSSARIES[path]


def run_job(job: Job) -> JobResult:
    """Build (or check) one topic for one brand; never raises."""
    result = JobResult()
    file = file_of(job)
    planned: list[Output] = []
    try:
        planned = _run(job, result)
    except WriteError as exc:  # the disk's fault: what is there stays
        result.failed = True
        result.diagnostics += exc.diagnostics
    except LeafletsError as exc:
        result.failed = True
        result.diagnostics += _located(exc, job)
        if job.out_dir is not None:
            withdraw(job.out_dir, job.manifest, job.owner, file, result, "made before")
    except Exception as exc:  # a bug must not stop the other topics, nor show a traceback
        result.failed = True
        result.diagnostics.append(internal_error(file, exc))
    result.diagnostics = [
        d if d.file else Diagnostic(file, d.line, d.field, d.message, d.level) for d in result.diagnostics
    ]
    if planned and not result.failed:
        result.record = _record(job, planned, result.diagnostics)
    return result


def lost_job(job: Job, why: str) -> JobResult:
    """A job whose worker died: it fails alone, its files from earlier builds stay, and the part
    files the worker was writing are removed (their process no longer exists)."""
    if job.out_dir is not None:
        remove_abandoned(job.out_dir)
    return JobResult(failed=True, diagnostics=[worker_lost(file_of(job), why)])


def _record(job: Job, planned: list[Output], found: list[Diagnostic]) -> dict[str, Any]:
    """What the next run needs to know this job's files are current without reading its topic."""
    from leaflets.build import uptodate

    sources = _sources(job)
    inputs = [f for output in planned for f in output.files] + uptodate.governance_inputs(sources)
    warnings = [*(job.topic.warnings if job.talk is None else ()), *found]
    ctx = uptodate.context(job.formats, job.options, brand_of(job), job.checks)
    names = [output.target.name for output in planned]
    return uptodate.record(inputs, ctx, [t for t, _ in sources], job.name, names, warnings)


def _located(exc: LeafletsError, job: Job) -> list[Diagnostic]:
    """The error's findings; characters no font has, met where the document keeps no line (a
    title drawn in the band), get the first line of the topic file that holds one of them."""
    if not isinstance(exc, MissingGlyphs) or all(d.line for d in exc.diagnostics):
        return exc.diagnostics
    from leaflets.content.source import MAX_BYTES
    from leaflets.files.confined import UnsafeFile, read_limited

    try:
        lines = read_limited(job.path, MAX_BYTES).decode("utf-8-sig", "replace").splitlines()
    except UnsafeFile:
        return exc.diagnostics
    line = next((n for n, text in enumerate(lines, 1) if any(ch in text for ch in exc.chars)), None)
    return [replace(d, line=d.line or line) for d in exc.diagnostics]


def withdraw(
    folder: Path,
    manifest: dict[str, Made],
    owner: str,
    file: str,
    result: JobResult,
    why: str,
    keep: Callable[[Made], bool] = lambda made: False,
) -> None:
    """Remove the files ``owner`` made (and ``keep`` does not spare): a topic that now fails (say,
    past its review date) or is gone must not leave its old leaflet in the output folder, ready
    to print. Files are matched by owner in the manifest, never by name, so no other topic's
    file is touched. A crash of our own keeps the old file: it was made from valid content."""
    for name, made in manifest.items():
        if made.owner != owner or keep(made):
            continue
        path = folder / name
        try:
            path.unlink()
            result.diagnostics.append(Diagnostic(file, None, "", f"removed {name}, {why}", "note"))
        except FileNotFoundError:
            pass
        except OSError as exc:
            result.diagnostics.append(Diagnostic(file, None, "", f"cannot remove {name}: {exc.strerror}", "warning"))
            continue
        result.manifest[name] = None


def owner_of(path: Path) -> str:
    """The topic file as it was found (a link is its own topic, not the file it points to)."""
    return os.path.abspath(path)


def file_of(job: Job) -> str:
    return job.talk.file if job.talk else job.topic.file


def outputs(job: Job) -> list[Output]:
    """The files ``job`` makes, with their input hashes, worked out without drawing anything."""
    from leaflets.build.manifest import output_key
    from leaflets.content.glossary import find_glossary
    from leaflets.document.strings import catalogue_candidates
    from leaflets.layouts import available_layouts, load_layout
    from leaflets.renderers import FORMATS

    if job.out_dir is None:
        return []
    brand = brand_of(job)
    sources = _sources(job)
    inputs = [job.path, *brand.files]
    for topic, path in sources:
        glossary = find_glossary(path)
        inputs += [path, *topic.assets, *([glossary] if glossary else []), *catalogue_candidates(topic.language)]
    signed = [(t.status, t.version, t.signoff) for t, _ in sources]  # a sign-off lives in the register
    planned: list[Output] = []
    # printed formats first: a web page links to the leaflet built beside it
    for fmt in sorted((FORMATS[f] for f in job.formats), key=lambda f: not f.printed):
        if job.talk is not None and fmt.target != "deck":
            continue
        for options in (
            job.options if fmt.printed else (_page_options(job, planned, brand) if fmt.name == "html" else Options(),)
        ):
            stem, files = job.name, list(inputs)
            if fmt.printed:
                stem += load_layout(options.layout, options.large_print).suffix + (
                    "-print" if options.print_ready else ""
                )
                files.append(available_layouts()[options.layout])
            key = output_key(files, fmt.name, options, job.name, signed)
            planned.append(Output(fmt, options, job.out_dir / f"{stem}{fmt.suffix}", stem, key, tuple(files)))
    return planned


def _sources(job: Job) -> list[tuple[Topic, Path]]:
    """The topics a job draws, with their files: its topic, or a talk's parts."""
    return [(job.topic, job.path)] if job.talk is None else list(job.parts)


def _page_options(job: Job, planned: list[Output], brand: Any) -> Options:
    """A web page's links to the leaflet built beside it (standard and large print), and its own address."""
    companions: dict[str, str] = {}
    for output in planned:
        if output.fmt.name == "pdf" and not output.options.print_ready:
            kind = "large_print" if output.options.large_print else "pdf"
            companions.setdefault(kind, output.target.name)
    from leaflets.document.compose import page_url

    return Options(companions=tuple(companions.items()), page_url=page_url(brand, job.name))


def fresh(job: Job, output: Output) -> bool:
    """True when the output and the files made with it come from the same inputs and still hold
    what was written (a file removed, truncated or edited by hand is made again)."""
    if job.force or job.out_dir is None:
        return False
    made = job.manifest.get(output.target.name)
    if made is None or made.key != output.key or made.owner != job.owner:
        return False
    together = [n for n, m in job.manifest.items() if m.key == output.key and m.owner == job.owner]
    return all(job.manifest[n].intact(job.out_dir / n) for n in together)


def _run(job: Job, result: JobResult) -> list[Output]:
    """Check, then draw what is not current; returns the files a build plans (none for a check)."""
    docs = _documents(job, result)
    if job.out_dir is None:
        _draw_in_memory(job, result, docs)
        return []
    planned = outputs(job)
    for output in planned:
        if fresh(job, output):
            result.skipped.append(output.target)
            continue
        try:
            _write(job, result, output, docs[output.fmt.target])
        except RenderError as exc:  # this output only (a layout it does not fit): the others still build
            result.failed = True
            result.diagnostics += _located(exc, job)
            earlier = job.manifest.get(output.target.name)
            if earlier is not None:  # its file from before, and the files made with it, must not stay
                withdraw(job.out_dir, job.manifest, job.owner, file_of(job), result, "made before",
                         keep=_made_from_other_inputs(earlier.key))  # fmt: skip
    # files this topic made under an id it no longer has
    withdraw(job.out_dir, job.manifest, job.owner, file_of(job), result, "made under an earlier id",
             keep=lambda made: made.name == job.name)  # fmt: skip
    return planned


def _made_from_other_inputs(key: str) -> Callable[[Made], bool]:
    """Spares the files not made with ``key`` (those of the job's other outputs)."""
    return lambda made: made.key != key


def _documents(job: Job, result: JobResult) -> dict[str, Any]:
    """The job's layout-neutral documents by target, once its checks pass (their findings go to
    ``result``); a failing check raises."""
    from leaflets.checks import CheckContext, run_checks
    from leaflets.content.glossary import find_glossary
    from leaflets.document.compose import compose, compose_talk
    from leaflets.renderers import FORMATS

    brand = brand_of(job)
    if job.talk is not None:
        from leaflets.checks.governance import review_date_errors

        expired = [d for topic, _ in job.parts for d in review_date_errors(topic, job.today)]
        if expired:  # a talk is as current as its oldest part
            raise LeafletsError(expired)
        return {"deck": compose_talk(job.talk, [t for t, _ in job.parts], brand)}
    glossary = _glossary(find_glossary(job.path))
    leaflet = compose(job.topic, brand, "leaflet", glossary)
    ctx = CheckContext(job.topic, leaflet, glossary.for_topic(job.topic) if glossary else None, job.today)
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
    return docs


def _draw_in_memory(job: Job, result: JobResult, docs: dict[str, Any]) -> None:
    """``check``: draw every format in memory, and audit the deck as PowerPoint would."""
    from leaflets.renderers import FORMATS

    for fmt in (FORMATS[f] for f in job.formats):
        if fmt.target not in docs:
            continue
        for options in job.options if fmt.printed else (Options(),):
            drawn = io.BytesIO()
            rendered = fmt.load()(docs[fmt.target], brand_of(job), drawn, options)
            result.diagnostics += rendered.warnings + layout_findings(options, rendered.fullness)
            if fmt.name == "pptx" and job.checks:
                from leaflets.checks.deck_audit import audit_deck

                result.diagnostics += audit_deck(drawn.getvalue(), file_of(job))


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
    """Draw the whole file in memory, then write it (and its companions) atomically."""
    from leaflets.files.atomic import write_atomic

    drawn = io.BytesIO()
    rendered = output.fmt.load()(doc, brand_of(job), drawn, output.options)
    result.diagnostics += rendered.warnings
    files = [(output.target, drawn.getvalue(), rendered.amount)]
    for ending, data in rendered.extra.items():
        files.append((output.target.with_name(f"{output.stem}{ending}{output.fmt.suffix}"), data, "reading order"))
    for target, data, what in files:
        write_atomic(target, data)
        result.written.append((target, what))
        result.manifest[target.name] = Made.of(target, data, output.key, job.owner, job.name)
    for name, data in rendered.shared.items():
        _write_shared(job, result, name, data)


def _write_shared(job: Job, result: JobResult, name: str, data: bytes) -> None:
    """A file many outputs share, named by its content: written once, kept while a page uses it."""
    from leaflets.build.manifest import SHARED_FOLDER, SITE_OWNER
    from leaflets.files.atomic import write_atomic

    assert (
        job.out_dir is not None and name.startswith(SHARED_FOLDER + "/") and "/" not in name[len(SHARED_FOLDER) + 1 :]
    )
    target, key = job.out_dir / name, name
    if key in result.manifest or (
        target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
    ):
        return
    write_atomic(target, data)
    result.manifest[key] = Made.of(target, data, "", SITE_OWNER, SITE_OWNER)


def build_site(fmt: Any, brand: Any, folder: Path, manifest: dict[str, Made], topics: dict[str, Topic]) -> JobResult:
    """The files a folder of ``fmt`` outputs shares (a web site's index), over every page the
    manifest lists there, not only this build's; shared files no page uses any more go."""
    import re

    from leaflets.build.manifest import SHARED_FOLDER, SITE_OWNER
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.files.atomic import write_atomic
    from leaflets.renderers.web.site import SitePage

    result = JobResult()
    pages = []
    for name, made in sorted(manifest.items()):
        if made.owner == SITE_OWNER or name != f"{made.name}{fmt.suffix}":
            continue
        owner = Path(made.owner)
        if made.owner not in topics and not (owner.suffix in (".yaml", ".yml") and owner.is_file()):
            continue  # a manifest names only topic files as owners; anything else is not read
        try:
            topic = topics.get(made.owner) or load_topic(owner, made.owner)
            pages.append(SitePage(name, compose(topic, brand, fmt.target)))
        except LeafletsError:
            continue  # its own build reports it
    index, shared = fmt.load_site()(pages, brand)
    files = {"index.html": index, **shared}
    for name, data in files.items():
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
        result.written.append((target, "site index" if name == "index.html" else "shared"))
        result.manifest[name] = Made.of(target, data, "", SITE_OWNER, SITE_OWNER)
    used = set(files)
    for name in [n for n in manifest if n.endswith(fmt.suffix)] + ["index.html"]:
        try:
            used |= set(re.findall(rf"{SHARED_FOLDER}/[\w.-]+", (folder / name).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    for name, made in manifest.items():
        if made.owner == SITE_OWNER and name.startswith(SHARED_FOLDER + "/") and name not in used:
            (folder / name).unlink(missing_ok=True)
            result.manifest[name] = None
    return result
