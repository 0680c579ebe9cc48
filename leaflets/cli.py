"""The ``leaflets`` command. It parses options and reports; the work is in ``leaflets.build.run``.

Imports of reportlab and python-pptx happen only inside commands that render, so
``leaflets --help`` starts fast.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from leaflets import __version__
from leaflets.errors import LeafletsError, counted, display, internal_error
from leaflets.renderers import FORMATS, Options

if TYPE_CHECKING:
    from collections.abc import Callable

    from leaflets.build.job import JobResult
    from leaflets.build.report import Report

FORMAT_CHOICES = [*FORMATS, "all"]

sources_arg = click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
brands_opt = click.option(
    "--brand", "-b", "brands", multiple=True, default=["default"], show_default=True, metavar="NAME|PATH|GLOB",
    help="Brand name, folder, _brand.yml or glob such as 'templates/brands/*'; repeat for several "
    "(each brand's files then go to OUT/BRAND).",
)  # fmt: skip
jobs_opt = click.option(
    "--jobs", "-j", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="all cores",
    help="Worker processes; the files are the same for any number.",
)  # fmt: skip
brand_opt = click.option(
    "--brand",
    "-b",
    default="default",
    show_default=True,
    metavar="NAME|PATH",
    help="Brand name from templates/brands, or a brand folder or _brand.yml file.",
)
format_opt = click.option(
    "--format",
    "-f",
    "formats",
    type=click.Choice(FORMAT_CHOICES),
    multiple=True,
    default=["pdf", "pptx"],
    show_default=True,
    help="Output format; repeat for several, or 'all' for every one (adds the deck's slides-pdf twin and web pages).",
)


def _layouts(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    from leaflets.layouts import LARGE_PRINT, available_layouts

    known = [n for n in available_layouts() if n != LARGE_PRINT]
    for name in value:
        if name not in known:
            from leaflets.content.schema import suggest

            raise click.BadParameter(f"{name!r}{suggest(name, known)}; available: {', '.join(known)}")
    return value or ("a4",)


layout_opt = click.option(
    "--layout", "-l", "layouts", multiple=True, callback=_layouts, metavar="NAME",
    help="Print layout from templates/layouts (default a4); repeat for several. See `leaflets list`.",
)  # fmt: skip


def _print_options(
    layouts: tuple[str, ...], large_print: bool, print_ready: bool = False, bleed: float = 3.0, fit: bool = False
) -> list[Options]:
    """The options of each layout asked for. ``--large-print`` with a layout that does not flow is
    a usage error (exit 2), said before anything is built; a layout file with errors is left for
    the build to report, with its line."""
    options = [Options(name, large_print, print_ready, bleed, fit) for name in layouts]
    if not large_print:
        return options
    from leaflets.layouts import load_layout

    for name in layouts:
        try:
            load_layout(name)
        except LeafletsError:
            continue
        try:
            load_layout(name, large_print=True)
        except LeafletsError as exc:
            raise click.UsageError(str(exc)) from None
    return options


def _formats(chosen: tuple[str, ...]) -> list[str]:
    return list(FORMATS) if "all" in chosen else list(dict.fromkeys(chosen))


def _sources(sources: tuple[Path, ...]) -> list[Path]:
    if sources:
        return list(sources)
    default = Path("content")
    if not default.is_dir():
        raise click.UsageError("no SOURCES given and there is no content/ folder here")
    return [default]


def _report(report: Report, strict: bool = False, verbose: bool = True) -> int:
    """Print the findings (routine ones counted by kind unless ``verbose``); the exit code."""
    from leaflets.errors import SUMMARIES

    counted: dict[str, int] = {}
    for d in report.diagnostics:
        if d.kind in SUMMARIES and not verbose:
            counted[d.kind] = counted.get(d.kind, 0) + 1
        else:
            click.echo(str(d), err=True)
    for kind, n in counted.items():
        click.echo(SUMMARIES[kind][n > 1].format(n=n) + " (details: --verbose)", err=True)
    errors = len(report.errors) + (len(report.warnings) if strict else 0)
    return 1 if errors or report.failed else 0


class _Leaflets(click.Group):
    """The command group, where every command's errors are said: an input's fault as its one-line
    message, Ctrl-C as what it left behind, and a bug of ours as one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LeafletsError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted: the files written before it are whole; nothing else was written", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug of ours: one line that names it
            click.echo(str(internal_error(ctx.invoked_subcommand or "leaflets", exc)), err=True)
            ctx.exit(1)


@click.group(cls=_Leaflets, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="leaflets")
def main() -> None:
    """Turn YAML topics into branded PDF leaflets and PowerPoint decks.

    \b
    Example:
      leaflets build                       # everything in content/ -> output/
      leaflets build content/bone.yaml --brand northfield --format pdf
    """


@main.command()
@sources_arg
@format_opt
@brands_opt
@layout_opt
@click.option("--large-print", is_flag=True, help="Large print (18 pt body) of a flowing layout, as a separate file.")
@click.option("--print-ready", is_flag=True, help="Add bleed and crop marks, and set trim and bleed boxes.")
@click.option("--bleed", type=click.FloatRange(0, 10), default=3.0, show_default=True, help="Bleed in mm.")
@click.option("--fit", is_flag=True, help="Let a folded layout shrink the type, never under its floor, to fit.")
@jobs_opt
@click.option("--force", is_flag=True, help="Rebuild every file, even those whose inputs have not changed.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the summary.")
@click.option("--verbose", "-v", is_flag=True, help="List every warning, not only a count of routine ones.")
@click.option("--watch", is_flag=True, help="Keep running, and rebuild what changed each time a topic, brand or "
              "layout is saved (Ctrl+C stops).")  # fmt: skip
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the built files.",
)
def build(
    sources: tuple[Path, ...],
    formats: tuple[str, ...],
    brands: tuple[str, ...],
    layouts: tuple[str, ...],
    large_print: bool,
    print_ready: bool,
    bleed: float,
    fit: bool,
    jobs: int,
    force: bool,
    quiet: bool,
    verbose: bool,
    watch: bool,
    out: Path,
) -> None:
    """Build leaflets and decks from topic files or folders (default: content/).

    Only files whose inputs changed are rebuilt (see --force).

    \b
    Example:
      leaflets build content/ --brand northfield --out output/
      leaflets build content/palliative-care.yaml --layout trifold-a4 --print-ready
      leaflets build content/ --layout a4 --large-print
      leaflets build content/ --brand 'templates/brands/*'
      leaflets build --watch
    """
    from leaflets.build import run
    from leaflets.build.workers import stop_on_sigterm

    options = _print_options(layouts, large_print, print_ready, bleed, fit)

    def once() -> int:
        events = _Progress(quiet)
        try:
            with stop_on_sigterm():
                report = run.run(
                    _sources(sources), _formats(formats), list(brands), out, options=options, jobs=jobs, force=force,
                    events=events,
                )  # fmt: skip
        except LeafletsError as exc:
            events.clear()
            click.echo(str(exc), err=True)
            return 1
        except KeyboardInterrupt:
            events.clear()  # the group says what an interruption leaves
            raise
        events.clear()
        code = _report(report, verbose=verbose)
        click.echo(_summary(report))
        return code

    code = once()
    if watch:
        from leaflets.build.watch import rebuild_on_save

        force = False  # a save rebuilds only what it changed
        rebuild_on_save([*_sources(sources), Path("templates")], out, once)
    sys.exit(code)


def _summary(report: Report) -> str:
    """The build's last line: files written and unchanged, topics built of those found, failures."""
    built = report.topics - len(report.failed)
    return (
        f"{counted(len(report.written), 'file')} written"
        + (f" ({report.shared} the web pages share)" if report.shared else "")
        + (f", {len(report.skipped)} unchanged" if report.skipped else "")
        + f" from {built} of {counted(report.topics, 'topic')}"
        + (f"; {len(report.failed)} failed: {', '.join(map(_in_part(report), report.failed))}" if report.failed else "")
        + (f"; {counted(len(report.warnings), 'warning')}" if report.warnings else "")
    )


def _in_part(report: Report) -> Callable[[str], str]:
    """A failed topic's name, said to have failed in part when it wrote its other formats."""
    partly = set(report.failed_in_part)
    return lambda file: f"{file} (in part: its other formats were written)" if file in partly else file


class _Progress:
    """ "wrote ..." lines, and on a terminal a done/total line that rewrites itself."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.live = sys.stderr.isatty() and not quiet
        self.done = self.total = 0

    def started(self, total: int) -> None:
        self.total = total

    def finished(self, label: str, result: JobResult) -> None:
        self.done += 1
        self.clear()
        if not self.quiet:
            for path, what in result.written:
                click.echo(f"wrote {display(path)} ({what})")
        if self.live:
            click.echo(f"[{self.done}/{self.total}] {label}", err=True, nl=False)

    def clear(self) -> None:
        if self.live:
            click.echo("\r\033[K", err=True, nl=False)


@main.command()
@sources_arg
@brands_opt
@layout_opt
@jobs_opt
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "-f",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as text lines or as JSON for other tools.",
)
def check(
    sources: tuple[Path, ...],
    brands: tuple[str, ...],
    layouts: tuple[str, ...],
    jobs: int,
    strict: bool,
    report_format: str,
) -> None:
    """Check topics for errors, readability, plain language, medical terms and governance.

    Nothing is written: every topic is validated and drawn in memory in every format, so
    a topic that passes will build. Exit 1 on errors (or warnings, with --strict).

    \b
    Example:
      leaflets check content/ --strict
      leaflets check content/bone-metastasis.yaml --format json
    """
    from leaflets.build import run

    options = [Options(name) for name in layouts]
    report = run.run(_sources(sources), list(FORMATS), list(brands), None, checks=True, options=options, jobs=jobs)
    code = 1 if report.errors or report.failed or (strict and report.warnings) else 0
    if report_format == "json":
        import json

        click.echo(json.dumps(_json_report(report), indent=2))
        sys.exit(code)
    for result in report.results:
        m = result.metrics
        if "reading_ease" in m:
            click.echo(
                f"{result.file}: reading ease {m['reading_ease']:.0f}, grade {m['grade']:.1f}, {m['words']} words"
            )
    _report(report, strict)
    click.echo(
        f"{counted(report.topics, 'topic')} checked: {counted(len(report.errors), 'error')}, "
        f"{counted(len(report.warnings), 'warning')}"
        + (" (--strict: warnings count as errors)" if strict and report.warnings else "")
    )
    sys.exit(code)


def _json_report(report: Report) -> dict[str, Any]:
    by_file: dict[str, list[dict[str, Any]]] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.file, []).append(
            {"line": d.line, "field": d.field, "level": d.level, "message": d.message}
        )
    return {
        "topics": [
            {
                "file": r.file,
                "id": r.topic_id,
                "ok": not r.failed,
                "metrics": r.metrics,
                "findings": by_file.pop(r.file, []),
            }
            for r in report.results
        ],
        "other_findings": [dict(file=f, **item) for f, items in by_file.items() for item in items],
        "summary": {"topics": report.topics, "errors": len(report.errors), "warnings": len(report.warnings)},
    }


@main.command()
@click.argument("topic_id")
@click.option("--title", default=None, help="The topic's title (default: made from the id).")
def new(topic_id: str, title: str | None) -> None:
    """Write a commented starter topic to content/TOPIC_ID.yaml: a draft that builds as it is.

    Its review fields are empty: `leaflets approve` fills them when a clinician signs it off,
    and `leaflets check` reports any starter words still in it.

    \b
    Example:
      leaflets new liver-metastasis --title "Signs of liver metastasis"
    """
    from leaflets.content.starter import starter_text, title_problems

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", topic_id):
        raise click.BadParameter("use lower-case letters, digits and '-', e.g. liver-metastasis", param_hint="TOPIC_ID")
    title = title or topic_id.replace("-", " ").capitalize()
    if problems := title_problems(title):
        raise click.BadParameter("; ".join(problems), param_hint="--title")
    target = Path("content") / f"{topic_id}.yaml"
    if target.exists():
        raise LeafletsError(f"{target} already exists; not overwriting it")
    text = starter_text(title)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")


@main.command(name="import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The topic file to write (default: content/NAME.yaml, named after the document).",
)
@click.option(
    "--images",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where its pictures go (default: images/NAME/ beside the topic file).",
)
@click.option("--accept-changes", is_flag=True, help="Take the document's tracked changes as they stand.")
@click.option("--force", is_flag=True, help="Overwrite the topic file if it exists.")  # fmt: skip
def import_(source: Path, out: Path | None, images: Path | None, accept_changes: bool, force: bool) -> None:
    """Import a Word (.docx) or Markdown (.md) leaflet as a topic that builds as it is.

    Headings, paragraphs, lists, tables, links, bold and italic, pictures with their alt text,
    boxes as callouts, and the title, code and sources where the document gives them. Every
    guess to check is marked CHECK in the topic, and the report lists it with the comments and
    anything that could not be mapped (it is also written beside the topic, as NAME.import.txt).

    \b
    Example:
      leaflets import bone.docx --out content/bone-metastasis.yaml
      leaflets check content/bone-metastasis.yaml
      leaflets build content/bone-metastasis.yaml
    """
    from leaflets.content.folders import file_stem
    from leaflets.content.imports import REPORT_SUFFIX, import_file
    from leaflets.content.imports.draft import ImportProblem

    out = out or Path("content") / f"{file_stem(source.stem, 'imported')}.yaml"
    if out.exists() and not force:
        raise LeafletsError(f"{out} already exists; not overwriting it (use --force)")
    try:
        report = import_file(source, out, images or out.parent / "images" / out.stem, accept_changes)
    except ImportProblem as exc:
        raise LeafletsError(f"{source}: {exc}") from None
    click.echo(f"wrote {out}")
    for line in report:
        click.echo(f"  {line}")
    click.echo(f"{len(report)} notes (also in {out.with_suffix(REPORT_SUFFIX)}); next: leaflets check {out}")


@main.command(name="review-pack")
@click.argument("topic", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The PDF to write (default: output/TOPIC-review-pack.pdf).")  # fmt: skip
def review_pack(topic: Path, out: Path | None) -> None:
    """Write a PDF for a clinician to review a topic: its text with numbered lines, the changes
    since the last approved version, the sources, the check findings and a sign-off box.

    \b
    Example:
      leaflets review-pack content/bone-metastasis.yaml
    """
    import io

    from leaflets.brand.brand import load_brand
    from leaflets.build import run
    from leaflets.editorial.review_pack import review_pack as make
    from leaflets.errors import SUMMARIES
    from leaflets.files.atomic import write_atomic
    from leaflets.renderers.pdf.review import render_review

    name = display(topic)
    checked = run.run([topic], [], ["default"], None, checks=True)
    findings = [  # the status is on the pack's cover, not a finding
        d for d in checked.diagnostics
        if d.file == name and d.level in ("error", "warning") and d.kind not in SUMMARIES
    ]  # fmt: skip
    pack = make(topic, name, findings)
    target = out or Path("output") / f"{pack.topic.id}-review-pack.pdf"
    drawn = io.BytesIO()
    pages = render_review(pack, load_brand("default"), drawn)
    write_atomic(target, drawn.getvalue())
    click.echo(f"wrote {display(target)} ({pages} pages, {pack.changes} changed lines)")


@main.command()
@sources_arg
@click.option("--due-within", type=click.IntRange(0), default=90, show_default=True, metavar="DAYS",
              help="Mark topics whose next review is this close (or past).")  # fmt: skip
@click.option("--format", "-f", "report_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="A table to read, JSON for tools, or CSV for a spreadsheet.")  # fmt: skip
def status(sources: tuple[Path, ...], due_within: int, report_format: str) -> None:
    """Show where every topic and translation stands: version, sign-off, next review, open findings.

    \b
    Example:
      leaflets status
      leaflets status content/ --due-within 180 --format csv > review-plan.csv
    """
    import datetime as _dt

    from leaflets.editorial.standing import COLUMNS, standing

    rows = standing(_sources(sources), _dt.date.today(), due_within)
    if report_format == "json":
        import json

        click.echo(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    elif report_format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_dict() for r in rows)
    else:
        _status_table(rows, due_within)


def _status_table(rows: list[Any], due_within: int) -> None:
    header = ("file", "code", "version", "status", "approved by", "on", "next review", "days left", "findings")
    cells = [
        (r.file, r.code, r.version, r.status + (f" (translation {r.translation})" if r.translation else ""),
         r.approved_by or "-", r.approved_on or "-", r.next_review or "-",
         "-" if r.days_left is None else str(r.days_left), str(r.findings))
        for r in rows
    ]  # fmt: skip
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row, line in zip(rows, cells, strict=True):
        text = "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        click.echo(click.style(text + "  << review due", bold=True) if row.due else text)
    drafts = sum(r.status != "approved" for r in rows if not r.translation)
    due = sum(r.due for r in rows)
    click.echo(f"{len(rows)} topics: {drafts} await clinical sign-off, {due} due for review within {due_within} days")


@main.command()
@click.argument("topic", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", required=True, metavar="NAME", help="Who approved the text, as it should be printed.")
@click.option("--role", required=True, metavar="ROLE", help="Their role, e.g. 'Consultant clinical oncologist'.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="The day they approved it (default: today).")  # fmt: skip
def approve(topic: Path, by: str, role: str, on: Any) -> None:
    """Record a clinician's sign-off of a topic's text, exactly as it is now.

    The register (content/register.yaml) records who, their role, the day and a hash of the
    text; the topic file gets status: approved. The leaflet then prints "Checked by" and
    "Reviewed on" from the sign-off, without the DRAFT band. Changing the text later makes it
    a draft of the next version until it is approved again.

    \b
    Example:
      leaflets approve content/bone-metastasis.yaml --by "Dr A. Example" --role "Consultant clinical oncologist"
    """
    import datetime as _dt

    from leaflets.editorial.signoff import approve as record

    day = on.date() if on else _dt.date.today()
    code, version, register = record(topic, display(topic), by, role, day)
    who = f"{by.strip()}, {role.strip()}"
    click.echo(f"{display(topic)}: {code} v{version} approved by {who}, on {day}; recorded in {register}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@brand_opt
@layout_opt
@click.option("--large-print", is_flag=True, help="Preview the large-print version.")
@click.option("--deck", is_flag=True, help="Preview the deck's slides (drawn as the slides-pdf twin).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("output/preview"),
              show_default=True, help="Folder for the pictures.")  # fmt: skip
def preview(source: Path, brand: str, layouts: tuple[str, ...], large_print: bool, deck: bool, out: Path) -> None:
    """Write PNG pictures of each page of a leaflet (or slide of a deck) and one contact sheet.

    \b
    Example:
      leaflets preview content/palliative-care.yaml --layout trifold-a4
    """
    import io

    from leaflets.brand.brand import load_brand
    from leaflets.build.preview import preview_pages
    from leaflets.content.glossary import find_glossary, load_glossary
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.layouts import load_layout

    chosen_options = _print_options(layouts, large_print)
    chosen = load_brand(brand)
    topic = load_topic(source, display(source))
    glossary_path = find_glossary(source)
    glossary = load_glossary(glossary_path) if glossary_path else None
    if deck:
        pdf = io.BytesIO()
        FORMATS["slides-pdf"].load()(compose(topic, chosen, "deck", glossary), chosen, pdf, Options())
        for path in preview_pages(pdf.getvalue(), f"{topic.id}-slides", out):
            click.echo(f"wrote {display(path)}")
        return
    doc = compose(topic, chosen, "leaflet", glossary)
    for name, options in zip(layouts, chosen_options, strict=True):
        pdf = io.BytesIO()
        FORMATS["pdf"].load()(doc, chosen, pdf, options)
        stem = topic.id + load_layout(name, large_print).suffix
        for path in preview_pages(pdf.getvalue(), stem, out):
            click.echo(f"wrote {display(path)}")


@main.command()
@click.argument("translation", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stamp", is_flag=True, help="Record that the translation now matches its source (sets source_hash).")
def diff(translation: Path, stamp: bool) -> None:
    """Show what changed in a translation's English source since it was translated.

    The translation's source_hash names the version of the source it was made from; the
    changes since then come from git history. Once the translation is brought up to date,
    --stamp records the current source version, and the stale warning goes.

    \b
    Examples:
      leaflets diff content/ar/bone-metastasis.yaml
      leaflets diff content/ar/bone-metastasis.yaml --stamp
    """
    import difflib

    from leaflets.content import translation as tr

    source, recorded, current = tr.standing(translation)
    if stamp:
        tr.stamp(translation, current)
        click.echo(f"{translation}: source_hash set to {current} ({source.name} as it is now)")
        return
    if recorded == current:
        click.echo(f"{translation}: up to date with {source.name}")
        return
    before = tr.earlier_version(source, recorded) if recorded else None
    if before is None:
        why = "it has no source_hash" if not recorded else "that version is not in git history"
        click.echo(f"{translation}: cannot show what changed in {source.name}, as {why}.")
        click.echo(
            f"Compare the translation with {source.name} block by block, then run: leaflets diff {translation} --stamp"
        )
        sys.exit(1)
    now = source.read_text(encoding="utf-8")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        now.splitlines(keepends=True),
        f"{source.name} (translated)",
        f"{source.name} (now)",
    )
    click.echo("".join(lines), nl=False)
    click.echo(f"\nUpdate {translation} to match, then run: leaflets diff {translation} --stamp")
    sys.exit(1)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@click.option("--port", type=click.IntRange(0, 65535), default=8737, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the studio in the web browser.")
@click.option("--brand", "-b", "brands", multiple=True, default=["default"], show_default=True, metavar="NAME",
              help="Brands the preview can show; repeat for several.")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 lets other computers reach the studio.")  # fmt: skip
def studio(folder: Path, port: int, open_browser: bool, brands: tuple[str, ...], host: str) -> None:
    """Write, check and preview topics in the web browser, with the real pages updating as you type.

    \b
    Example:
      leaflets studio --open
    """
    from leaflets.studio.serve import serve

    serve(folder, host, port, list(brands), open_browser)


@main.command(name="derive-brands")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--parent", required=True, metavar="BRAND", help="The brand every row extends.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("templates/brands"),
              show_default=True, help="Where the brand folders go.")  # fmt: skip
def derive_brands(table: Path, parent: str, out: Path) -> None:
    """Make one brand per row of a CSV table (slug, organisation, helpline, logo...), each extending PARENT.

    \b
    Example:
      leaflets derive-brands clinics.csv --parent northfield
      leaflets build content/ --brand 'templates/brands/clinic-*'
    """
    from leaflets.brand.brand import load_brand
    from leaflets.brand.derive import derive_brands as derive

    load_brand(parent)
    for folder in derive(table, parent, out):
        load_brand(str(folder))  # a row that makes a broken brand is reported now, not at build time
        click.echo(f"wrote {display(folder / 'leaflets.yml')}")


@main.command(name="brand-template")
@click.argument("brand")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write, .pptx or .potx (default: NAME-template.pptx).")  # fmt: skip
def brand_template(brand: str, out: Path | None) -> None:
    """Write a PowerPoint template from a brand: its colours, fonts and logo on the slide master
    and layouts, for the organisation to refine and name as its deck template.

    \b
    Example:
      leaflets brand-template northfield --out northfield.potx
    """
    from leaflets.brand.brand import load_brand
    from leaflets.files.atomic import write_atomic

    target = out or Path(f"{brand.rstrip('/').split('/')[-1]}-template.pptx")
    if target.suffix.lower() not in (".pptx", ".potx"):
        click.echo(f"{target}: a template is a .pptx or .potx file", err=True)
        sys.exit(2)
    chosen = load_brand(brand)
    from leaflets.renderers.pptx.brand_template import brand_template as make

    write_atomic(target, make(chosen, potx=target.suffix.lower() == ".potx"))
    click.echo(f"wrote {display(target)}: name it in leaflets.yml as deck: {{template: {target.name}}}")


@main.command()
def blocks() -> None:
    """List the block types a topic can use, each with an example.

    \b
    Example:
      leaflets blocks
    """
    from leaflets.content.blocks import REGISTRY

    for kind in REGISTRY.values():
        click.echo(f"{kind.key}: {kind.summary}")
        click.echo("  " + kind.example.replace("\n", "\n  ") + "\n")


@main.command(name="list")
def list_() -> None:
    """List the topics in content/, the brands and the output formats.

    \b
    Example:
      leaflets list
    """
    from leaflets.brand.brand import available_brands
    from leaflets.content.folders import find_topics

    click.echo("Formats:")
    for fmt in FORMATS.values():
        click.echo(f"  {fmt.name:<14} {fmt.description}")
    from leaflets.layouts import LARGE_PRINT, available_layouts, load_layout

    click.echo("Layouts (--layout; --large-print works with the flowing ones):")
    for name in available_layouts():
        if name != LARGE_PRINT:
            try:
                layout = load_layout(name)
            except LeafletsError as exc:
                click.echo(f"  {name:<16} (broken: {exc})")
                continue
            click.echo(f"  {name:<16} {layout.description}")
            if layout.use_for:
                click.echo(f"  {'':<16} {layout.use_for}")
    click.echo("Brands:")
    for name, folder in available_brands().items():
        click.echo(f"  {name:<16} {display(folder)}")
    content = Path("content")
    if content.is_dir():
        from leaflets.content.source import load_yaml

        click.echo("Topics in content/:")
        for path in find_topics([content]) + find_topics([content], talks=True):
            try:
                data = load_yaml(path).data
                title = str(data.get("title", "")) if isinstance(data, dict) else ""
            except LeafletsError:
                title = "(unreadable: run leaflets check)"
            click.echo(f"  {path.relative_to(content).with_suffix('').as_posix():<36} {title}")
