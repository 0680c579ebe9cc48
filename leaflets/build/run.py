"""The build and check pipeline that the CLI (and any other caller) drives.

Topics are found here and read once each (on every core, by ``leaflets.build.plan``), then
admitted in file order; each (topic, brand) pair becomes a job (``leaflets.build.job``) that
runs in this process or in worker processes. A topic with errors fails alone, and the others
still build. Every problem comes back as a Diagnostic.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from msgspec import Struct, field
from msgspec.structs import replace

from leaflets.build import uptodate
from leaflets.build.plan import Identity, Read, lost_read, read_talk, read_topic
from leaflets.build.report import Events, Quiet, Report, TopicResult
from leaflets.content.folders import find_topics
from leaflets.errors import Diagnostic, LeafletsError, display, internal_error
from leaflets.files.atomic import WriteError, remove_abandoned
from leaflets.renderers import FORMATS, Options

if TYPE_CHECKING:
    from leaflets.brand.brand import Brand
    from leaflets.build.job import Job
    from leaflets.build.manifest import Made, Manifest
    from leaflets.build.workers import Workers
    from leaflets.content.topic import Topic

T = TypeVar("T")
R = TypeVar("R")


class Brands(Struct):
    """The brands a run asked for: those that loaded, and why the others did not."""

    loaded: list[Brand] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # the specs of brands that did not load
    several: bool = False  # more than one was asked for: each builds into its own folder


def load_brands(specs: list[str]) -> Brands:
    """The brands ``specs`` name (globs already expanded). A brand that does not load is
    reported and left out, so the other brands still build."""
    from leaflets.brand.brand import load_brand

    found = Brands(several=len(specs) > 1)
    for spec in specs:
        try:
            found.loaded.append(load_brand(spec))
        except LeafletsError as exc:
            found.problems += [d if d.file else replace(d, file=f"brand {spec}") for d in exc.diagnostics]
            found.failed.append(spec)
    if not found.loaded:
        raise LeafletsError(found.problems)
    return found


def expand_brands(specs: list[str]) -> list[str]:
    """Brand specs with globs expanded into the folders they match, each once."""
    expanded: list[str] = []
    for spec in specs:
        if any(ch in spec for ch in "*?["):
            matches = sorted(str(p) for p in Path().glob(spec) if p.is_dir())
            if not matches:
                raise LeafletsError(f"no brand folders match {spec!r}")
            expanded += matches
        else:
            expanded.append(spec)
    return list(dict.fromkeys(expanded))


class _Run(Struct):
    """One build or check as it goes: what was asked, the brands and their folders, what each
    step found, and the workers once there is work for them."""

    sources: list[Path]
    formats: list[str]
    options: tuple[Options, ...]
    out_dir: Path | None
    checks: bool
    force: bool
    jobs: int
    today: _dt.date
    events: Events
    key: str | None
    stack: contextlib.ExitStack[Any]
    # filled in when the run opens its brands and their folders
    asked: Brands = field(default_factory=Brands)
    report: Report = field(default_factory=Report)
    untemplated: set[int] = field(default_factory=set)  # brands whose deck template cannot give a deck
    run_wide: list[Diagnostic] = field(default_factory=list)  # said again by a no-op
    outs: list[Path | None] = field(default_factory=list)
    manifests: list[Manifest | None] = field(default_factory=list)
    owned: list[dict[str, dict[str, Made]]] = field(default_factory=list)  # each brand's files, by owner
    current: uptodate.Current | None = None
    contexts: list[str | None] = field(default_factory=list)
    talk_contexts: list[str | None] = field(default_factory=list)
    identity: Identity = field(default_factory=Identity)
    work: list[tuple[TopicResult, Job]] = field(default_factory=list)
    loaded: dict[str, tuple[Topic, Path]] = field(default_factory=dict)
    unread: dict[str, tuple[str, Path]] = field(default_factory=dict)  # current, not read: id -> (file, path)
    failed_files: set[Path] = field(default_factory=set)
    refused: list[Path] = field(default_factory=list)
    workers: Workers | None = None

    @property
    def brands(self) -> list[Brand]:
        return self.asked.loaded

    def made(self, index: int, formats: Sequence[str]) -> tuple[str, ...]:
        """The formats brand ``index`` makes of ``formats``: no decks when its template broke."""
        return tuple(f for f in formats if f != "pptx" or index not in self.untemplated)

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], cost: Callable[[T], float], lost: Callable[[T, str], R]
    ) -> Iterator[R]:
        """``fn`` over ``items``, in order; on every core asked for when there are several items
        (the workers start once, warm, and serve every later step). An item whose worker died
        gets ``lost(item, why)``."""
        if self.workers is None and self.jobs > 1 and len(items) > 1:
            from leaflets.build.job import use_brands, warm
            from leaflets.build.workers import started

            try:
                warm(tuple(self.formats), self.brands)
            except Exception:  # noqa: BLE001 - only a head start: each job meets the same problem and reports it
                pass
            self.workers = self.stack.enter_context(started(self.jobs, use_brands, (self.brands,)))
        return map(fn, items) if self.workers is None else self.workers.map(fn, items, cost, lost)


def run(
    sources: list[Path],
    formats: list[str],
    brand_specs: list[str] | str,
    out_dir: Path | None,
    checks: bool = False,
    options: list[Options] | None = None,
    jobs: int = 1,
    force: bool = False,
    events: Events | None = None,
) -> Report:
    """Build (``out_dir`` set) or only check (``out_dir`` None) every topic in ``sources``.

    ``checks`` adds the content checks (readability, plain language, medical terms) to the
    validation and governance rules that every run applies. With several brands, each
    brand's files go to ``out_dir/BRAND``.
    """
    events = events or Quiet()
    today = _dt.date.today()
    specs = expand_brands([brand_specs] if isinstance(brand_specs, str) else brand_specs)
    all_options = tuple(options or [Options()])
    key = None
    if out_dir is not None and not force and not any(FORMATS[f].site for f in formats):
        key = uptodate.run_key(sources, formats, specs, all_options, checks)
        if (done := _noop(out_dir, key, sources, formats, today, events)) is not None:
            return done
    with contextlib.ExitStack() as stack:
        state = _Run(sources, formats, all_options, out_dir, checks, force, jobs, today, events, key, stack)
        _open_brands(state, specs)
        _open_folders(state)
        _plan_topics(state)
        _plan_talks(state)
        _forget(state)
        _execute(state)
    if out_dir is not None:
        _sites(state, {j.owner: j.topic for _, j in state.work})
    _save(state)
    return state.report


def _open_brands(state: _Run, specs: list[str]) -> None:
    """Load the brands, and open each deck template once before any topic."""
    from leaflets.build.job import use_brands

    state.asked = load_brands(specs)
    brands = state.brands
    use_brands(brands)
    state.report = Report(diagnostics=[*state.asked.problems, *(w for b in brands for w in b.warnings)])
    state.report.results += [TopicResult(f"brand {spec}", brand=spec, failed=True) for spec in state.asked.failed]
    check_only = state.out_dir is None
    state.untemplated = _deck_templates(brands, state.report, check_only) if "pptx" in state.formats else set()
    state.run_wide = list(state.report.diagnostics)


def _open_folders(state: _Run) -> None:
    """Each brand's output folder and manifest, cleared of what an interrupted build left and of
    decks its template can no longer give; the records that say which topics are current."""
    from leaflets.build.manifest import open_manifest

    out_dir, brands, report = state.out_dir, state.brands, state.report
    state.outs = [None if out_dir is None else (out_dir / b.slug if state.asked.several else out_dir) for b in brands]
    state.manifests = [open_manifest(o) if o is not None else None for o in state.outs]
    for index in state.untemplated:  # its decks from earlier builds must not stay, as if current
        if (template := brands[index].deck_template) is not None:  # only a brand with a template is untemplated
            _withdraw_decks(report, state.manifests[index], display(template))
    for out in state.outs:
        if out is not None and (abandoned := remove_abandoned(out)):
            note = f"removed {len(abandoned)} part files of an interrupted build"
            report.diagnostics.append(Diagnostic(display(out), None, "", note, "note"))
    # each job carries only its own files' entries: workers are not sent the whole manifest
    state.owned = [_by_owner(m) if m is not None else {} for m in state.manifests]
    if out_dir is None or state.force:
        return
    state.current = uptodate.Current(state.manifests, state.owned, state.today)
    deck_formats = [f for f in state.formats if FORMATS[f].target == "deck"]
    for kind, formats, options in (("topics", state.formats, state.options), ("talks", deck_formats, (Options(),))):
        contexts = [
            uptodate.context(made, options, brand, state.checks) if made else None
            for made, brand in ((state.made(i, formats), b) for i, b in enumerate(brands))
        ]
        setattr(state, "contexts" if kind == "topics" else "talk_contexts", contexts)


def _plan_topics(state: _Run) -> None:
    """A job per topic and brand; topics whose records say they are current are not read, the
    others are read on every core, then admitted: those that made files before first, then in
    the order they were found."""
    from leaflets.build.job import owner_of

    paths = find_topics(state.sources, refused=state.refused)
    held = {p: r for p in paths if state.current and (r := state.current.records(owner_of(p), state.contexts))}
    to_read = [p for p in paths if p not in held]
    read = dict(zip(to_read, state.map(read_topic, to_read, _size, lost_read), strict=True))

    def newcomer(path: Path) -> tuple[bool, bool]:
        """Whether the topic made no files before, and whether its id is not its file's name: a
        new file that takes an established topic's id or code is the one refused, not the other."""
        established = path in held or any(owner_of(path) in owned for owned in state.owned)
        topic = read[path].topic if path in read else None
        topic_id = held[path][0]["id"] if path in held else topic.id if topic else None
        return not established, topic_id != path.stem

    for path in sorted(paths, key=newcomer):  # a stable sort: otherwise in the order found
        name = display(path)
        if path in held and state.identity.claim(held[path][0], name):
            _unchanged(state.report, held[path], [b.slug for b in state.brands], state.outs, state.contexts, name)
            state.unread[held[path][0]["id"]] = (name, path)
            continue
        _take_topic(state, state.identity.admit(read.get(path) or read_topic(path)))


def _take_topic(state: _Run, read: Read) -> None:
    """A read topic's jobs, one per brand; or its failure, and its old files withdrawn."""
    from leaflets.build.job import Job, owner_of

    report, topic = state.report, read.topic
    if topic is None:
        report.results.append(TopicResult(read.name, failed=True))
        report.diagnostics += read.diagnostics
        state.failed_files.add(read.path.resolve())
        if read.invalid:
            _withdraw_all(report, state.manifests, read.path, read.name, "made before")
        return
    report.diagnostics += topic.warnings
    state.loaded[topic.id] = (topic, read.path)
    for index, brand in enumerate(state.brands):
        made = state.made(index, state.formats)
        if state.formats and not made:  # the brand's deck template broke (said above); no formats: checks only
            continue
        unit = Job(
            topic, read.path, index, made, state.options, state.outs[index], state.checks, state.force,
            state.owned[index].get(owner_of(read.path), {}), state.today,
        )  # fmt: skip
        state.work.append((TopicResult(read.name, topic.id, brand.slug), unit))


def _plan_talks(state: _Run) -> None:
    """A job per talk and brand, when decks are asked for; a talk reads the topics it uses."""
    from leaflets.build.job import Job, owner_of

    deck_formats = tuple(f for f in state.formats if FORMATS[f].target == "deck")
    if not deck_formats:
        return
    report, current = state.report, state.current
    topic_files = {**{k: v for k, (v, _) in state.unread.items()}, **{k: t.file for k, (t, _) in state.loaded.items()}}
    for path in find_topics(state.sources, talks=True, refused=state.refused):
        name = display(path)
        held = current.records(owner_of(path), state.talk_contexts) if current else None
        if held and held[0]["id"] not in topic_files:
            _unchanged(report, held, [b.slug for b in state.brands], state.outs, state.talk_contexts, name)
            continue
        try:
            unread = {k: p for k, (_, p) in state.unread.items()}
            talk, parts = read_talk(path, name, state.loaded, unread, state.failed_files)
            if talk.id in topic_files:
                raise LeafletsError(
                    [Diagnostic(name, None, "id", f"{talk.id!r} is also the id of {topic_files[talk.id]}")]
                )
        except LeafletsError as exc:
            report.results.append(TopicResult(name, failed=True))
            report.diagnostics += exc.diagnostics
            _withdraw_all(report, state.manifests, path, name, "made before")
            continue
        except Exception as exc:  # noqa: BLE001 - as for topics
            report.results.append(TopicResult(name, failed=True))
            report.diagnostics.append(internal_error(name, exc))
            continue
        for index, brand in enumerate(state.brands):
            if made := state.made(index, deck_formats):
                unit = Job(
                    parts[0][0], path, index, made, (Options(),), state.outs[index], state.checks, state.force,
                    state.owned[index].get(owner_of(path), {}), state.today, talk, tuple(parts),
                )  # fmt: skip
                state.work.append((TopicResult(name, talk.id, brand.slug), unit))


def _forget(state: _Run) -> None:
    """Say which links were refused, and withdraw the files of topics that are gone."""
    for path in state.refused:
        state.report.results.append(TopicResult(display(path), failed=True))
        state.report.diagnostics.append(
            Diagnostic(display(path), None, "", "is a link to a file outside the folder being built; it is not read")
        )
    for manifest in state.manifests:
        if manifest is not None:
            _withdraw_gone(state.report, manifest, state.sources)


def _execute(state: _Run) -> None:
    """Run every job, on every core when there is drawing to do (an up-to-date build stays in
    this process), and merge the results in job order, whatever the number of workers."""
    from leaflets.build.job import cost, fresh, lost_job, outputs, run_job

    report, units = state.report, [unit for _, unit in state.work]
    drawing = state.out_dir is None or any(not fresh(j, o) for j in units for o in outputs(j))
    results = state.map(run_job, units, cost, lost_job) if drawing else map(run_job, units)
    said: set[Diagnostic] = set()
    state.events.started(len(units))
    for (result, unit), outcome in zip(state.work, results, strict=True):
        result.failed, result.metrics, result.wrote = outcome.failed, outcome.metrics, len(outcome.written)
        report.results.append(result)
        report.diagnostics += [d for d in outcome.diagnostics if d not in said]  # a template speaks once
        said.update(outcome.diagnostics)
        report.written += outcome.written
        report.skipped += outcome.skipped
        manifest = state.manifests[unit.brand]
        if manifest is not None:
            _update(manifest, outcome.manifest)
            _remember(manifest, unit.owner, outcome.record)
        state.events.finished(result.file, outcome)


def _save(state: _Run) -> None:
    """Keep the manifests, and what the next run needs to find nothing changed before reading anything."""
    try:
        for manifest in state.manifests:
            if manifest is not None and (manifest.entries or manifest.folder.is_dir()):
                manifest.save()
        out_dir = state.out_dir
        if state.key is not None and out_dir is not None and out_dir.is_dir():
            if not state.untemplated and not state.asked.failed:
                _save_run(state, out_dir, state.key)
    except WriteError as exc:
        state.report.diagnostics += exc.diagnostics


def _size(path: Path) -> float:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _save_run(state: _Run, out_dir: Path, key: str) -> None:
    """What the next run needs to know, before loading any brand, that nothing changed."""
    from leaflets.brand.brand import brand_candidates
    from leaflets.build.uptodate import save_run

    records = [
        {"slug": b.slug, "out": str(o), "topics": c or "", "talks": t or ""}
        for b, o, c, t in zip(state.brands, state.outs, state.contexts, state.talk_contexts, strict=True)
    ]
    inputs = [f for b in state.brands for f in (*b.files, *brand_candidates(b))]
    save_run(out_dir, key, records, inputs, state.run_wide)


def _noop(
    out_dir: Path, key: str, sources: list[Path], formats: list[str], today: _dt.date, events: Events
) -> Report | None:
    """The report of a build with nothing to do, found without loading a brand or reading a topic:
    the last run's question, brand files, topic files, records and outputs are all unchanged.
    None when anything differs: then the build goes the whole way."""
    from leaflets.build.manifest import open_manifest
    from leaflets.build.uptodate import Current, open_run

    run = open_run(out_dir, key)
    if run is None:
        return None
    outs = [Path(b["out"]) for b in run["brands"]]
    slugs = [b["slug"] for b in run["brands"]]
    manifests = [open_manifest(out) for out in outs]
    current = Current(list(manifests), [_by_owner(m) for m in manifests], today)
    report = Report(diagnostics=[Diagnostic(*d) for d in run["diagnostics"]])
    identity = Identity()
    refused: list[Path] = []
    topics = find_topics(sources, refused=refused)
    deck = any(FORMATS[f].target == "deck" for f in formats)
    talks = find_topics(sources, talks=True, refused=refused) if deck else []
    owners = {path: os.path.abspath(path) for path in [*topics, *talks]}
    found = set(owners.values())
    folders = [os.path.abspath(s) for s in sources if s.is_dir()]
    for manifest in manifests:  # a topic whose file is gone: its files must be withdrawn
        for owner in {made.owner for made in manifest.entries.values()} - found:
            if any(Path(owner).is_relative_to(f) for f in folders) and not Path(owner).exists():
                return None
    if refused or any(
        any(name.endswith(".part") or ".part-" in name for name in os.listdir(o)) for o in outs if o.is_dir()
    ):
        return None
    for kind, paths in (("topics", topics), ("talks", talks)):
        contexts = [b[kind] or None for b in run["brands"]]
        for path in paths:
            name = display(path)
            held = current.records(owners[path], contexts)
            if held is None:
                return None
            if kind == "topics" and not identity.claim(held[0], name):
                return None
            if kind == "talks" and held[0]["id"] in identity.ids:
                return None
            _unchanged(report, held, slugs, outs, contexts, name)
    events.started(0)
    for manifest, stamps in zip(manifests, current.stamps, strict=True):
        if stamps.refreshed:
            try:
                manifest.save()
            except WriteError as exc:
                report.diagnostics += exc.diagnostics
    return report


def _sites(state: _Run, topics: dict[str, Topic]) -> None:
    """After every page is built: each format's site-wide files (a web site's index) in each folder."""
    from leaflets.build.job import build_site

    report = state.report
    for fmt in (FORMATS[f] for f in state.formats if FORMATS[f].site):
        for brand, out, manifest in zip(state.brands, state.outs, state.manifests, strict=True):
            if out is None or manifest is None:
                continue
            try:
                done = build_site(fmt, brand, out, manifest.entries, topics)
            except LeafletsError as exc:
                report.diagnostics += exc.diagnostics
                continue
            report.written += done.written
            report.shared += len(done.written)
            _update(manifest, done.manifest)


def _unchanged(
    report: Report, held: list[dict[str, Any]], slugs: list[str], outs: Sequence[Path | None],
    contexts: list[str | None], name: str,
) -> None:  # fmt: skip
    """Report a topic (or talk) whose records say it is current, as a build that drew nothing would."""
    from leaflets.build.uptodate import diagnostics

    records = iter(held)
    for slug, out, ctx in zip(slugs, outs, contexts, strict=True):
        if ctx is None or out is None:
            continue
        record = next(records)
        report.results.append(TopicResult(name, record["id"], slug))
        report.skipped += [out / output for output in record["outputs"]]
    report.diagnostics += dict.fromkeys(d for record in held for d in diagnostics(record))


def _remember(manifest: Manifest, owner: str, record: dict[str, Any] | None) -> None:
    """Keep what a good build read, for the next run's no-op; a failed one keeps nothing."""
    if record is None:
        manifest.owners.pop(owner, None)
        return
    manifest.stamps.update(record.pop("stamps"))
    manifest.owners[owner] = record


def _by_owner(manifest: Manifest) -> dict[str, dict[str, Made]]:
    grouped: dict[str, dict[str, Made]] = {}
    for name, made in manifest.entries.items():
        grouped.setdefault(made.owner, {})[name] = made
    return grouped


def _update(manifest: Manifest, changes: dict[str, Made | None]) -> None:
    for name, made in changes.items():
        if made is None:
            manifest.entries.pop(name, None)
        else:
            manifest.entries[name] = made


def _withdraw(
    report: Report, manifest: Manifest, owner: str, file: str, why: str, among: dict[str, Made] | None = None
) -> None:
    """Remove from the manifest's folder the files ``owner`` made (only those ``among``, if given),
    forget them, and say so."""
    from leaflets.build.job import JobResult, withdraw

    done = JobResult()
    withdraw(manifest.folder, manifest.entries if among is None else among, owner, file, done, why)
    _update(manifest, done.manifest)
    if among is None:
        manifest.owners.pop(owner, None)
    report.diagnostics += done.diagnostics


def _withdraw_all(report: Report, manifests: list[Manifest | None], path: Path, name: str, why: str) -> None:
    """Withdraw, in every brand's output folder, the files that a topic or talk which now fails made."""
    from leaflets.build.job import owner_of

    for manifest in manifests:
        if manifest is not None:
            _withdraw(report, manifest, owner_of(path), name, why)


def _withdraw_decks(report: Report, manifest: Manifest | None, file: str) -> None:
    """Withdraw a brand's decks when its template can no longer give one."""
    if manifest is None:
        return
    decks = {name: made for name, made in manifest.entries.items() if name.endswith(".pptx")}
    for owner in sorted({made.owner for made in decks.values()}):
        _withdraw(report, manifest, owner, file, "its brand's template cannot give a deck", among=decks)


def _withdraw_gone(report: Report, manifest: Manifest, sources: list[Path]) -> None:
    """Withdraw the files of topics whose file was deleted or renamed from a folder being built;
    a topic outside the folders named this time is not this build's business."""
    folders = [Path(os.path.abspath(s)) for s in sources if s.is_dir()]  # as owners are written: links not resolved
    gone = {
        made.owner
        for made in manifest.entries.values()
        if not Path(made.owner).exists() and any(Path(made.owner).is_relative_to(f) for f in folders)
    }
    for owner in sorted(gone):
        _withdraw(report, manifest, owner, display(Path(owner)), "its topic file is gone")


def _deck_templates(brands: list[Brand], report: Report, describe: bool) -> set[int]:
    """Open each brand's deck template once, before any topic: a template that cannot give a
    deck is one error naming the brand and file (its brand's other formats and the other brands
    still build), and kinds of slide that fall back are one warning per brand. ``describe`` adds
    what the template provides, for ``check``. Returns the indexes of brands without decks."""
    broken: set[int] = set()
    if all(brand.deck_template is None for brand in brands):
        return broken  # nothing to open: python-pptx need not be imported
    from leaflets.renderers.pptx.deck import template_error
    from leaflets.renderers.pptx.layouts import describe_plan, fallback_warning, open_presentation
    from leaflets.renderers.pptx.template import TemplateProblem

    for index, brand in enumerate(brands):
        if brand.deck_template is None:
            continue
        file, who = display(brand.deck_template), f"brand {brand.slug!r}: "
        try:
            plan = open_presentation(brand.deck_template).plan
        except TemplateProblem as exc:
            report.diagnostics += template_error(brand, exc).diagnostics
            report.results.append(TopicResult(file, brand=brand.slug, failed=True))
            broken.add(index)
            continue
        if plan.fallbacks:
            report.diagnostics.append(Diagnostic(file, None, "", who + fallback_warning(plan), "warning"))
        if describe:
            report.diagnostics.append(Diagnostic(file, None, "", who + describe_plan(plan), "note"))
    return broken
