"""The library page's rows: every topic, translation and talk with where it stands, as
``leaflets status`` says it (status, next review, open findings), its readability from the
checks, and the brands and print layouts it fits in."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from leaflets.errors import LeafletsError


class Row(Struct):
    """One topic, translation or talk in the studio's library page."""

    path: str  # relative to the project folder
    title: str
    kind: str  # topic, translation or talk
    status: str  # draft, in-review, approved, has errors; a translation's own status after a comma
    next_review: str
    findings: int  # open errors and warnings, as `leaflets status` counts them
    readability: str = ""  # reading ease and school grade, from the checks
    builds_in: list[str] = field(default_factory=list)  # "brand: layouts it fits"; empty until worked out


def rows(root: Path) -> list[Row]:
    """Every file of the library, checked once as `leaflets check` checks it (nothing drawn);
    the layouts it fits in are for the caller to fill in (:class:`Fits`)."""
    from leaflets.build.run import run
    from leaflets.content.folders import find_topics
    from leaflets.content.topic import load_topic
    from leaflets.editorial.standing import rows_of

    content = root / "content"
    if not content.is_dir():
        return []
    report = run([content], [], ["default"], None, checks=True)
    metrics = {_inside(root, r.file): r.metrics for r in report.results}
    out = []
    for standing in rows_of(report, [content], _dt.date.today(), 0):
        name = _inside(root, standing.file)
        path = root / name
        if standing.status == "error":
            out.append(Row(name, path.stem, "topic", "has errors", "", standing.findings))
            continue
        try:
            topic = load_topic(path, name)
        except LeafletsError:
            continue  # changed since the check a moment ago: the next visit shows it
        m = metrics.get(name, {})
        readability = f"ease {m['reading_ease']:.0f}, grade {m['grade']:.1f}" if "reading_ease" in m else ""
        status = f"{standing.status}, translation {standing.translation}" if standing.translation else standing.status
        out.append(Row(
            name, topic.title, "translation" if topic.translation else "topic", status, standing.next_review,
            standing.findings, readability,
        ))  # fmt: skip
    for path in find_topics([content], talks=True):
        name = path.relative_to(root).as_posix()
        out.append(Row(name, path.stem.replace("-", " ").capitalize(), "talk", "", "", 0))
    return out


def matches(row: Row, query: str, status: str) -> bool:
    words = query.lower().split()
    return all(w in f"{row.title} {row.path}".lower() for w in words) and (not status or row.status.startswith(status))


def _inside(root: Path, name: str) -> str:
    """A file as the pipeline named it (relative to the current folder), relative to ``root``."""
    return Path(os.path.abspath(name)).relative_to(root).as_posix()


class Fits:
    """Which print layouts each topic fits in, for each brand: worked out by drawing it, in the
    background, and kept until the topic file changes."""

    def __init__(self) -> None:
        self.done: dict[tuple[Path, int, str], list[str]] = {}

    def known(self, path: Path, brands: list[str]) -> list[str]:
        stamp = path.stat().st_mtime_ns
        found = [(b, self.done.get((path, stamp, b))) for b in brands]
        return [f"{b}: {', '.join(layouts) or 'no layout'}" for b, layouts in found if layouts is not None]

    def missing(self, paths: list[Path], brands: list[str]) -> list[tuple[Path, str]]:
        return [(p, b) for p in paths for b in brands if (p, p.stat().st_mtime_ns, b) not in self.done]

    def work_out(self, path: Path, name: str, brand: Any, brand_name: str, layouts: list[str]) -> None:
        """Draw the topic in each layout (``large-print``: A4 in large print); one that does not
        fit (an error) is left out. Runs in the background: it never raises."""
        import io

        from leaflets.content.topic import load_topic
        from leaflets.document.compose import compose
        from leaflets.renderers import FORMATS
        from leaflets.studio.builds import print_options

        stamp = path.stat().st_mtime_ns
        fit: list[str] = []
        try:
            doc = compose(load_topic(path, name), brand, "leaflet")
        except Exception:  # noqa: BLE001 - a topic with errors fits nowhere; the page says it has errors
            self.done[(path, stamp, brand_name)] = fit
            return
        for layout in layouts:
            try:
                FORMATS["pdf"].load()(doc, brand, io.BytesIO(), print_options(layout, tagged=False))
            except Exception:  # noqa: BLE001 - it does not fit (or a bug of ours): either way, not claimed
                continue
            fit.append(layout)
        self.done[(path, stamp, brand_name)] = fit
