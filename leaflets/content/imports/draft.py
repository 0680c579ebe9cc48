"""A topic being made from an imported document, and the tidying every importer shares:
clean text, dates, urgent wording, and YAML written the way a person would write it."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct, field

from leaflets.content.inline import Inline, Run, merge_runs, plain, to_markup
from leaflets.content.schema import TYPED_BULLET, TYPED_NUMBER, without_invisibles

#: What ``check`` refuses as alt text, so an imported picture without any gets described.
ALT_NEEDED = "ALT TEXT NEEDED: describe what this picture shows"
#: Spaces that glue words in Word (non-breaking, narrow, figure): the renderers place their own.
_GLUE = re.compile("[\u00a0\u202f\u2007]")
#: Words that make a box an urgent callout (flagged for checking: a guess, however good).
URGENT = re.compile(
    r"\b(urgent(ly)?|emergency|emergencies|call 999|999|111|A&E|immediately|straight away|right away|"
    r"do not wait|don't wait|go to hospital)\b",
    re.IGNORECASE,
)
#: Section headings whose list is the topic's sources.
SOURCES_HEADING = re.compile(
    r"^\s*(references|sources|sources of information|where this information comes from)\s*:?\s*$", re.I
)
_CODE = re.compile(
    r"^\s*(?:leaflet\s+)?(?:code|reference|ref\.?|leaflet number)\s*[:\-]?\s*([A-Z]{2,6}[- ]?\d{1,5})\s*$", re.I
)
_OWNER = re.compile(r"^\s*owner\s*:\s*(.+?)\s*$", re.I)
_AUDIENCE = re.compile(r"^\s*audience\s*:\s*(.+?)\s*$", re.I)
_VERSION = re.compile(r"^\s*version\s*[:\-]?\s*(\d+(?:\.\d+)?)\s*$", re.I)
_REVIEW = re.compile(r"^\s*(?:next\s+review(?:\s+date)?|review\s+date|review\s+by)\s*[:\-]?\s*(.+?)\s*$", re.I)


class ImportProblem(Exception):
    """The source cannot be imported as it is; the message says what to do, in one line."""


def clean(text: str) -> str:
    """Pasted-text hygiene: invisible characters out, gluing spaces and line breaks made plain
    spaces, runs of spaces folded; quotes, dashes and emoji are kept as typed."""
    text = without_invisibles(text)[0]
    text = _GLUE.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return text


def tidy(runs: list[Run]) -> Inline:
    """Runs cleaned, spaces folded (also across runs) and trimmed at both ends."""
    out: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", clean(run.text))
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Run(text, run.bold, run.italic, run.href))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].href)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic, out[-1].href)
    return merge_runs(out)


def strip_prefix(runs: Inline, pattern: re.Pattern[str]) -> Inline:
    """``runs`` without what ``pattern`` matches at their start (a typed bullet or number)."""
    text = plain(runs)
    match = pattern.match(text)
    if not match:
        return runs
    cut, out = match.end(), []
    for run in runs:
        if cut >= len(run.text):
            cut -= len(run.text)
            continue
        out.append(Run(run.text[cut:], run.bold, run.italic, run.href))
        cut = 0
    return tuple(out)


class Draft(Struct):
    """A topic being made from an imported document: its fields, its blocks (each with the
    notes to write above it), and the report of what an author must look at."""

    fields: dict[str, Any] = field(default_factory=dict)
    blocks: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    in_sources: bool = False  # under a "References" heading: its lines are the topic's sources

    def heading(self, runs: Inline, level: int, guessed: bool = False) -> None:
        """A heading: the title (the first level-1 one), a section, a subsection, or the start
        of the sources."""
        text = plain(runs)
        if level == 1 and not self.blocks and self.fields.get("title", text) == text:
            self.fields["title"] = text  # the title, perhaps also in the document's properties
            return
        self.in_sources = bool(SOURCES_HEADING.match(text))
        if self.in_sources:
            return
        checks = [f'"{short(text)}" is a short bold line, so it became a heading'] if guessed else []
        self.add({"subheading" if level >= 3 else "heading": to_markup(runs)}, *checks)

    def source(self, runs: Inline) -> None:
        """A line of the References section: its link is the source's title and address, and
        words after the link its publisher ("[Title](url) — Publisher")."""
        runs = strip_prefix(strip_prefix(runs, TYPED_NUMBER), TYPED_BULLET)
        linked = [r for r in runs if r.href and r.href.startswith("http")]
        text = plain(runs).strip()
        source: dict[str, str] = {}
        if linked and all(r.href == linked[0].href for r in linked):
            title = "".join(r.text for r in linked).strip()
            rest = text.replace(title, "", 1).strip(" ,.;:-–—")
            source = {"title": title, **({"publisher": rest} if rest else {}), "url": linked[0].href or ""}
        elif match := re.search(r"https?://\S+", text):
            title = text.replace(match.group(0), "").strip(" .,:;()")
            source = {"title": title or match.group(0), "url": match.group(0).rstrip(".,)")}
        elif " — " in text:  # "Title — Publisher", as --format docx writes a source with no address
            title, publisher = text.rsplit(" — ", 1)
            source = {"title": title.strip(), "publisher": publisher.strip()}
        elif text:
            source = {"title": text}
        if source:
            self.sources.append(source)

    def add(self, block: dict[str, Any], *checks: str) -> None:
        """Add a block; ``checks`` are guesses an author should confirm, written above it."""
        self.blocks.append((block, list(checks)))
        for note in checks:
            self.report.append(f"check: {note}")

    def paragraph(self, runs: Inline) -> None:
        """Running text joins the text block before it, as its next paragraph."""
        if self.in_sources:
            self.source(runs)
            return
        text = to_markup(runs)
        if self.blocks and set(self.blocks[-1][0]) == {"text"} and not self.blocks[-1][1]:
            self.blocks[-1][0]["text"] += "\n\n" + text
        else:
            self.add({"text": text})

    def items(self, items: list[Inline], ordered: bool, new: bool = False) -> None:
        """List items join the list before them when it is the same kind (and not ``new``)."""
        if self.in_sources:
            for item in items:
                self.source(item)
            return
        key = "numbered" if ordered else "bullets"
        written = [to_markup(item) for item in items]
        if self.blocks and set(self.blocks[-1][0]) == {key} and not new:
            self.blocks[-1][0][key] += written
        else:
            self.add({key: written})

    def metadata_line(self, text: str, exact: bool = False) -> bool:
        """Take a line naming the leaflet's code, version, owner, audience or review date into the
        topic's fields; ``exact`` when leaflets itself wrote the line (nothing to check)."""
        found = (
            (_CODE, "code"),
            (_VERSION, "version"),
            (_REVIEW, "next_review"),
            (_OWNER, "owner"),
            (_AUDIENCE, "audience"),
        )
        for pattern, key in found:
            match = pattern.match(text)
            if match and key not in self.fields:
                value = match.group(1).strip()
                if key == "next_review":
                    date = parse_date(value)
                    if date is None:
                        return False
                    value = date
                self.fields[key] = value
                if not exact:
                    self.report.append(f"check: {key} {value} was read from the line {text.strip()!r}")
                return True
        return False

    def yaml(self, topic_id: str) -> str:
        """The topic file: its fields, sources and blocks, with the checks as comments above blocks."""
        head: dict[str, Any] = {"title": self.fields.get("title") or topic_id.replace("-", " ").capitalize()}
        for key in ("subtitle", "audience", "id", "language", "status", "code", "version", "owner", "next_review"):
            if self.fields.get(key):
                head[key] = self.fields[key]
        if "next_review" in head:  # a date, as authors write it, not a quoted string
            head["next_review"] = _dt.date.fromisoformat(head["next_review"])
        if self.sources:
            head["sources"] = self.sources
        out = [f"# Imported by leaflets import from {self.fields.get('from', 'a document')}.\n"]
        if self.report:
            out.append("# See the import report for what to check; each guess is marked CHECK below.\n")
        out.append(_dump(head))
        out.append("blocks:\n")
        for block, checks in self.blocks:
            for note in checks:
                out.append(f"  # CHECK: {note}\n")
            dumped = _dump([block])
            out.append("".join("  " + line + "\n" for line in dumped.rstrip("\n").split("\n")))
        return "".join(out)


def parse_date(text: str) -> str | None:
    """A review date as YYYY-MM-DD, from "2027-03-01", "1 March 2027", "March 2027" or "01/03/2027"."""
    text = text.strip().rstrip(".")
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %Y", "%b %Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return _dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


class _Dumper(yaml.SafeDumper):
    """Long text as literal blocks (as authors write it), everything else as plain YAML."""


def _str(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class Row(list):
    """A table row, written on one line: ``- [Weekdays, Your nurse]``."""


_Dumper.add_representer(str, _str)
_Dumper.add_representer(
    Row, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000)


def short(text: str, words: int = 8) -> str:
    """The start of a text, to name it in a report."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def urgent_reason(text: str) -> str | None:
    """The words that make a box urgent, or None."""
    match = URGENT.search(text)
    return match.group(0) if match else None


def write_picture(path: Path, data: bytes) -> None:
    """An imported picture written whole or not at all, as a file of its own: a link left at its
    name is replaced, never written through to wherever it points."""
    from leaflets.files.atomic import WriteError, write_atomic

    try:
        write_atomic(path, data)
    except WriteError as exc:
        raise ImportProblem(exc.diagnostics[0].message) from None
