"""``leaflets status``: where every topic and translation stands, for the team's review meeting.

One row per file: code, version, status, who approved it and when, the next review date, the
days left until it, and how many check findings are open. The status itself (awaiting
sign-off, an unchecked translation) is a column, not counted again as a finding.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import asdict

if TYPE_CHECKING:
    from leaflets.build.report import Report

#: Columns, in order, for text, CSV and JSON alike.
COLUMNS = (
    "file", "code", "version", "status", "translation", "approved_by", "approved_on", "next_review", "days_left",
    "findings", "due",
)  # fmt: skip


class Row(Struct, frozen=True):
    """One file's row in ``leaflets status``."""

    file: str
    code: str
    version: str
    status: str  # draft, in-review, approved, or error (the file does not load)
    translation: str  # a translation's own status (draft, reviewed); empty for a source topic
    approved_by: str
    approved_on: str
    next_review: str
    days_left: int | None
    findings: int  # open errors and warnings from `leaflets check`
    due: bool  # next review within the days asked for (or past)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def standing(sources: list[Path], today: _dt.date, due_within: int) -> list[Row]:
    """A row for every topic file under ``sources``, checked as `leaflets check` checks it (nothing is drawn)."""
    from leaflets.build.run import run

    return rows_of(run(sources, [], ["default"], None, checks=True), sources, today, due_within)


def rows_of(report: Report, sources: list[Path], today: _dt.date, due_within: int) -> list[Row]:
    """The rows for ``sources`` from a check run's ``report`` (a caller that also wants the
    run's metrics, such as the studio's library page, runs the check once)."""
    from leaflets.checks.governance import AWAITS_SIGNOFF
    from leaflets.content.folders import find_topics
    from leaflets.content.topic import load_topic
    from leaflets.errors import LeafletsError, display

    findings: dict[str, int] = {}
    for d in report.diagnostics:
        if d.level in ("error", "warning") and d.message != AWAITS_SIGNOFF and "draft translation" not in d.message:
            findings[d.file] = findings.get(d.file, 0) + 1
    rows = []
    for path in find_topics(sources):
        name = display(path)
        try:
            topic = load_topic(path, name)
        except LeafletsError:
            rows.append(Row(name, "", "", "error", "", "", "", "", None, findings.get(name, 0), False))
            continue
        left = (topic.next_review - today).days if topic.next_review else None
        signoff = topic.signoff
        rows.append(
            Row(
                name, topic.code or "", topic.version or "", topic.status,
                topic.translation.status if topic.translation else "",
                signoff.reviewer if signoff else "", signoff.date.isoformat() if signoff else "",
                topic.next_review.isoformat() if topic.next_review else "", left, findings.get(name, 0),
                left is not None and left <= due_within,
            )
        )  # fmt: skip
    return rows
