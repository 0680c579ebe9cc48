"""What a build or check tells its caller: per-topic results, files written, every finding,
and the progress events a caller may listen to while it runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from msgspec import Struct, field

from leaflets.errors import Diagnostic

if TYPE_CHECKING:
    from leaflets.build.job import JobResult


class TopicResult(Struct):
    """One topic's line in the build report: whether it failed, and the scores worth reporting."""

    file: str
    topic_id: str | None = None
    brand: str | None = None
    failed: bool = False
    metrics: dict[str, Any] = field(default_factory=dict)
    wrote: int = 0  # files it wrote: a topic that failed in one format may have built the others


class Report(Struct):
    """What a build or check did: files written or skipped, topics seen, and every finding."""

    written: list[tuple[Path, str]] = field(default_factory=list)
    shared: int = 0  # of those, files a folder of web pages shares (its index, fonts and pictures)
    skipped: list[Path] = field(default_factory=list)
    results: list[TopicResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def topics(self) -> int:
        return len({r.file for r in self.results})

    @property
    def failed(self) -> list[str]:
        return list(dict.fromkeys(r.file for r in self.results if r.failed))

    @property
    def failed_in_part(self) -> list[str]:
        """Failed topics that still wrote some of their files (a Word file failed, the PDF built)."""
        return list(dict.fromkeys(r.file for r in self.results if r.failed and r.wrote))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]


class Events(Protocol):
    """What the caller hears while a run goes on; the CLI prints it, a library caller may not."""

    def started(self, total: int) -> None: ...

    def finished(self, label: str, result: JobResult) -> None: ...


class Quiet:
    """Events for a caller that does not listen."""

    def started(self, total: int) -> None:
        pass

    def finished(self, label: str, result: JobResult) -> None:
        pass
