"""The build and check pipeline that the CLI (and any other caller) drives.

Topics are found and validated here, once; each (topic, brand) pair then becomes a job
(``leaflets.build.job``) that runs in this process or in worker processes. A topic with
errors fails alone, and the others still build. Every problem comes back as a Diagnostic.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leaflets.build.report import Events, Quiet, Report, TopicResult
from leaflets.content.folders import find_topics
from leaflets.editorial.register import approved_elsewhere
from leaflets.errors import Diagnostic, LeafletsError, display, internal_error
from leaflets.files.atomic import WriteError, remove_abandoned
from leaflets.renderers import FORMATS, Options

if TYPE_CHECKING:
    from leaflets.brand.brand import Brand
    from leaflets.build.job import Job, JobResult
    from leaflets.build.manifest import Made, Manifest
    from leaflets.content.topic import Topic


class _Identity:
    """Ids name files and codes name printed leaflets: each must belong to one topic, including
    a code approved for another file that this run does not read (a copied topic keeps its code)."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.codes: dict[tuple[str, str], str] = {}

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


@dataclass
class Brands:
    """The brands a run asked for: those that loaded, and why the others did not."""

    loaded: list[Brand]
    problems: list[Diagnostic]
    failed: list[str]  # the specs of brands that did not load
    several: bool  # more than one was asked for: each builds into its own folder


def load_brands(specs: list[str]) -> Brands:
    """The brands ``specs`` name (globs already expanded). A brand that does not load is
    reported and left out, so the other brands still build."""
    from leaflets.brand.brand import load_brand

    found = Brands([], [], [], len(specs) > 1)
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
    from leaflets.build import uptodate
    from leaflets.build.manifest import open_manifest

    events = events or Quiet()
    today = _dt.date.today()
    specs = expand_brands([brand_specs] if isinstance(brand_specs, str) else brand_specs)
    all_options = tuple(options or [Options()])
    key = None
    if out_dir is not None and not force and not any(FORMATS[f].site for f in formats):
        key = uptodate.run_key(sources, formats, specs, all_options, checks)
        if (done := _noop(out_dir, key, sources, formats, today, events)) is not None:
            return done
    from leaflets.build import job

    asked = load_brands(specs)
    brands = asked.loaded
    report = Report(diagnostics=[*asked.problems, *(w for b in brands for w in b.warnings)])
    report.results += [TopicResult(f"brand {spec}", brand=spec, failed=True) for spec in asked.failed]
    untemplated = _deck_templates(brands, report, out_dir is None) if "pptx" in formats else set()
    run_wide = list(report.diagnostics)  # a no-op says these again
    outs = [None if out_dir is None else (out_dir / b.slug if asked.several else out_dir) for b in brands]
    manifests = [open_manifest(o) if o is not None else None for o in outs]
    for index in untemplated:  # its decks from earlier builds must not stay, as if current
        _withdraw_decks(report, manifests[index], display(brands[index].deck_template))
    for out in outs:
        if out is not None and (abandoned := remove_abandoned(out)):
            note = f"removed {len(abandoned)} part files of an interrupted build"
            report.diagnostics.append(Diagnostic(display(out), None, "", note, "note"))
    # each job carries only its own files' entries: workers are not sent the whole manifest
    owned = [_by_owner(m) if m is not None else {} for m in manifests]
    identity = _Identity()
    work: list[tuple[TopicResult, Job]] = []
    loaded: dict[str, tuple[Topic, Path]] = {}
    current = uptodate.Current(manifests, owned, today) if out_dir is not None and not force else None
    unread: dict[str, tuple[str, Path]] = {}  # topics current without reading them: id -> (file, path)
    failed_files: set[Path] = set()
    refused: list[Path] = []
    made_by = [tuple(f for f in formats if f != "pptx" or index not in untemplated) for index in range(len(brands))]
    contexts = (
        [uptodate.context(m, all_options, b, checks) if m else None for m, b in zip(made_by, brands, strict=True)]
        if current
        else []
    )
    for path in find_topics(sources, refused=refused):
        name = display(path)
        held = current.records(job.owner_of(path), contexts) if current else None
        if held and identity.claim(held[0], name):
            _unchanged(report, held, [b.slug for b in brands], outs, contexts, name)
            unread[held[0]["id"]] = (name, path)
            continue
        try:
            from leaflets.content.topic import load_topic

            topic = load_topic(path, name)
            problems = identity.check(topic, path)
            if problems:
                raise LeafletsError(problems)
        except LeafletsError as exc:
            report.results.append(TopicResult(name, failed=True))
            report.diagnostics += [
                d if d.file else Diagnostic(name, d.line, d.field, d.message, d.level) for d in exc.diagnostics
            ]
            failed_files.add(path.resolve())
            _withdraw_all(report, manifests, path, name, "made before")
            continue
        except Exception as exc:  # noqa: BLE001 - a bug of ours fails this topic alone, without a traceback
            report.results.append(TopicResult(name, failed=True))
            report.diagnostics.append(internal_error(name, exc))
            failed_files.add(path.resolve())
            continue
        report.diagnostics += topic.warnings
        loaded[topic.id] = (topic, path)
        for index, brand in enumerate(brands):
            made = tuple(f for f in formats if f != "pptx" or index not in untemplated)
            if formats and not made:  # the brand's deck template broke (said above); no formats: checks only
                continue
            unit = job.Job(
                topic, path, index, made, tuple(options or [Options()]), outs[index], checks, force,
                owned[index].get(job.owner_of(path), {}), today,
            )  # fmt: skip
            work.append((TopicResult(name, topic.id, brand.slug), unit))
    deck_formats = tuple(f for f in formats if FORMATS[f].target == "deck")
    topic_files = {**{k: v for k, (v, _) in unread.items()}, **{k: t.file for k, (t, _) in loaded.items()}}
    talk_made = [
        tuple(f for f in deck_formats if f != "pptx" or index not in untemplated) for index in range(len(brands))
    ]
    talk_contexts = (
        [uptodate.context(m, (Options(),), b, checks) if m else None for m, b in zip(talk_made, brands, strict=True)]
        if current
        else []
    )
    for path in find_topics(sources, talks=True, refused=refused) if deck_formats else []:
        name = display(path)
        held = current.records(job.owner_of(path), talk_contexts) if current else None
        if held and held[0]["id"] not in topic_files:
            _unchanged(report, held, [b.slug for b in brands], outs, talk_contexts, name)
            continue
        try:
            talk, parts = _talk(path, name, loaded, {k: p for k, (_, p) in unread.items()}, failed_files)
            if talk.id in topic_files:
                raise LeafletsError(
                    [Diagnostic(name, None, "id", f"{talk.id!r} is also the id of {topic_files[talk.id]}")]
                )
        except LeafletsError as exc:
            report.results.append(TopicResult(name, failed=True))
            report.diagnostics += exc.diagnostics
            _withdraw_all(report, manifests, path, name, "made before")
            continue
        except Exception as exc:  # noqa: BLE001 - as for topics
            report.results.append(TopicResult(name, failed=True))
            report.diagnostics.append(internal_error(name, exc))
            continue
        for index, brand in enumerate(brands):
            made = tuple(f for f in deck_formats if f != "pptx" or index not in untemplated)
            if not made:
                continue
            unit = job.Job(
                parts[0][0], path, index, made, (Options(),), outs[index], checks, force,
                owned[index].get(job.owner_of(path), {}), today, talk, tuple(parts),
            )  # fmt: skip
            work.append((TopicResult(name, talk.id, brand.slug), unit))
    for path in refused:
        report.results.append(TopicResult(display(path), failed=True))
        report.diagnostics.append(
            Diagnostic(display(path), None, "", "is a link to a file outside the folder being built; it is not read")
        )
    for manifest in manifests:
        if manifest is not None:
            _withdraw_gone(report, manifest, sources)
    job.BRANDS[:] = brands
    # workers pay off only when there is drawing to do; an up-to-date build stays in this process
    drawing = out_dir is None or any(not job.fresh(j, o) for _, j in work for o in job.outputs(j))
    jobs = jobs if drawing else 1
    if jobs > 1 and len(work) > 1:
        try:
            job.warm(tuple(formats))
        except Exception:  # noqa: BLE001 - only a head start: each job meets the same problem and reports it
            pass
    said: set[Diagnostic] = set()
    events.started(len(work))
    for (result, unit), outcome in zip(work, _execute([unit for _, unit in work], jobs), strict=True):
        result.failed, result.metrics = outcome.failed, outcome.metrics
        report.results.append(result)
        report.diagnostics += [d for d in outcome.diagnostics if d not in said]  # a template speaks once
        said.update(outcome.diagnostics)
        report.written += outcome.written
        report.skipped += outcome.skipped
        manifest = manifests[unit.brand]
        if manifest is not None:
            _update(manifest, outcome.manifest)
            _remember(manifest, unit.owner, outcome.record)
        events.finished(result.file, outcome)
    if out_dir is not None:
        _sites(report, formats, brands, outs, manifests, {job.owner_of(j.path): j.topic for _, j in work})
    try:
        for manifest in manifests:
            if manifest is not None and (manifest.entries or manifest.folder.is_dir()):
                manifest.save()
        if key is not None and out_dir is not None and out_dir.is_dir() and not untemplated and not asked.failed:
            _save_run(out_dir, key, brands, outs, contexts, talk_contexts, run_wide)
    except WriteError as exc:
        report.diagnostics += exc.diagnostics
    return report


def _save_run(
    out_dir: Path, key: str, brands: list[Brand], outs: list[Path | None], contexts: list[str | None],
    talk_contexts: list[str | None], found: list[Diagnostic],
) -> None:  # fmt: skip
    """What the next run needs to know, before loading any brand, that nothing changed."""
    from leaflets.brand.brand import brand_candidates
    from leaflets.build.uptodate import save_run

    records = [
        {"slug": b.slug, "out": str(o), "topics": c or "", "talks": t or ""}
        for b, o, c, t in zip(brands, outs, contexts, talk_contexts, strict=True)
    ]
    inputs = [f for b in brands for f in (*b.files, *brand_candidates(b))]
    save_run(out_dir, key, records, inputs, found)


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
    identity = _Identity()
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


def _sites(
    report: Report,
    formats: list[str],
    brands: list[Brand],
    outs: list[Path | None],
    manifests: list[Manifest | None],
    topics: dict[str, Topic],
) -> None:
    """After every page is built: each format's site-wide files (a web site's index) in each folder."""
    from leaflets.build.job import build_site

    for fmt in (FORMATS[f] for f in formats if FORMATS[f].site):
        for brand, out, manifest in zip(brands, outs, manifests, strict=True):
            if out is None or manifest is None:
                continue
            try:
                done = build_site(fmt, brand, out, manifest.entries, topics)
            except LeafletsError as exc:
                report.diagnostics += exc.diagnostics
                continue
            report.written += done.written
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
            _, plan = open_presentation(brand.deck_template)
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


def _talk(
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


def _execute(jobs_list: list[Job], jobs: int) -> Iterator[JobResult]:
    """Results in job order, from this process or from ``jobs`` forked workers."""
    from leaflets.build.job import run_job

    if jobs <= 1 or len(jobs_list) <= 1:
        yield from map(run_job, jobs_list)
        return
    from leaflets.build.workers import parallel

    yield from parallel(run_job, jobs_list, jobs, chunksize=max(1, len(jobs_list) // (jobs * 8)))
