"""Inline text: ``**bold**``, ``*italic*``, ``[text](url)`` and ``{placeholder}``.

Everything else is literal. Runs carry plain text, never markup, so ``<``, ``&`` or a word
that happens to be a reportlab tag print exactly as typed; each renderer escapes for itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from leaflets.schema import check_url


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style. ``placeholder`` names a brand value still to fill."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    placeholder: str | None = None


Inline = tuple[Run, ...]

_TOKEN = re.compile(
    r"""\\(?P<esc>[\\*\[\]()_{}`])
    |\*\*(?P<bold>(?:\\.|[^\\])+?)\*\*
    |\*(?P<italic>[^\s*](?:(?:\\.|[^\\])*?[^\s\\])?)\*
    |\[(?P<ltext>(?:\\.|[^\]\\])+)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\)
    |(?P<lbrace>\{\{)|(?P<rbrace>\}\})
    |\{(?P<ph>[a-z][a-z0-9_]*)\}""",
    re.X,
)


#: Where a sentence ends: full stops, question and exclamation marks of the scripts we print:
#: Latin, Arabic (؟), Urdu (۔), Bengali and Devanagari (।), and Chinese (。！？, with no space after).
SENTENCE_END = re.compile(r"(?<=[.!?؟۔।])\s+|(?<=[。！？])")
SENTENCE_ENDS = ".!?؟۔।。！？"  # the same marks, for checking the end of a text


def parse_inline(source: str) -> tuple[Inline, list[str]]:
    """Split ``source`` into styled runs; also return problems such as unsafe links."""
    problems: list[str] = []
    runs = _parse(source, Run(""), problems)
    return merge_runs(runs), problems


def _parse(source: str, style: Run, problems: list[str]) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in _TOKEN.finditer(source):
        if m.start() > pos:
            runs.append(replace(style, text=source[pos : m.start()]))
        pos = m.end()
        if m["esc"]:
            runs.append(replace(style, text=m["esc"]))
        elif m["bold"]:
            runs += _parse(m["bold"], replace(style, bold=True), problems)
        elif m["italic"]:
            runs += _parse(m["italic"], replace(style, italic=True), problems)
        elif m["ltext"]:
            url = m["url"]
            if problem := check_url(url):
                problems.append(f"link {problem}")
                runs += _parse(m["ltext"], style, problems)
            else:
                runs += _parse(m["ltext"], replace(style, href=url), problems)
        elif m["lbrace"] or m["rbrace"]:
            runs.append(replace(style, text=m.group()[0]))
        else:
            runs.append(replace(style, text=m.group(), placeholder=m["ph"]))
    if pos < len(source):
        runs.append(replace(style, text=source[pos:]))
    return runs


def merge_runs(runs: list[Run] | Inline) -> Inline:
    """Join neighbouring runs of the same style so renderers draw fewer pieces."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.placeholder is None
            and run.placeholder is None
            and (prev.bold, prev.italic, prev.href) == (run.bold, run.italic, run.href)
        ):
            out[-1] = replace(prev, text=prev.text + run.text)
        else:
            out.append(run)
    return tuple(out)


def plain(text: Inline) -> str:
    """The words a reader sees, for checks, speaker notes and search."""
    return "".join(run.text for run in text)


def sentences(text: Inline) -> list[Inline]:
    """Split inline text after each sentence end, keeping the runs' styles."""
    pieces: list[list[Run]] = [[]]
    for run in text:
        parts = SENTENCE_END.split(run.text)
        for i, part in enumerate(parts):
            if i:
                pieces.append([])
            if part:
                pieces[-1].append(Run(part, run.bold, run.italic, run.href))
    return [tuple(p) for p in pieces if p]


def join_runs(pieces: list[Inline]) -> Inline:
    out: list[Run] = []
    for i, piece in enumerate(pieces):
        if i:
            out.append(Run(" "))
        out += piece
    return tuple(out)


def chunks(text: Inline, max_words: int) -> list[Inline]:
    """Whole sentences grouped into pieces of about ``max_words``, for boxes that cannot split a paragraph."""
    out: list[list[Inline]] = [[]]
    count = 0
    for sentence in sentences(text):
        words = len(plain(sentence).split())
        if out[-1] and count + words > max_words:
            out.append([])
            count = 0
        out[-1].append(sentence)
        count += words
    return [join_runs(group) for group in out if group]


def starts_right_to_left(text: str, default: bool) -> bool:
    """Whether ``text`` reads right to left, by its first letter with a direction (the Unicode
    bidi rules P2 and P3, as HTML's dir="auto"); ``default`` when it has none.

    So an English source title in an Arabic leaflet keeps its full stop at its end.
    """
    import unicodedata

    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return default
