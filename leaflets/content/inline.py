"""Inline text: ``**bold**``, ``*italic*``, ``[text](url)`` and ``{placeholder}``.

Everything else is literal. Runs carry plain text, never markup, so ``<``, ``&`` or a word
that happens to be a reportlab tag print exactly as typed; each renderer escapes for itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

from msgspec import Struct
from msgspec.structs import replace

from leaflets.content.schema import check_url
from leaflets.content.source import unspaced


class Run(Struct, frozen=True):
    """A stretch of text with one style. ``placeholder`` names a brand value still to fill."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    placeholder: str | None = None


Inline = tuple[Run, ...]

#: Where a sentence ends: full stops, question and exclamation marks of the scripts we print:
#: Latin, Arabic (؟), Urdu (۔), Bengali and Devanagari (।), and Chinese (。！？, with no space after).
SENTENCE_END = re.compile(r"(?<=[.!?؟۔।])\s+|(?<=[。！？])")
SENTENCE_ENDS = ".!?؟۔।。！？"  # the same marks, for checking the end of a text


def parse_inline(source: str) -> tuple[Inline, list[str]]:
    """Split ``source`` into styled runs; also return problems such as unsafe links."""
    problems: list[str] = []
    runs = _parse(source, Run(""), problems)
    return merge_runs([piece for run in runs for piece in _autolink(run)]), problems


#: A bare web address typed in running text (a trailing full stop or bracket is the sentence's).
BARE_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]", re.I)


def _autolink(run: Run) -> list[Run]:
    """A bare address becomes a link, shown in its short form; the link keeps the exact address."""
    if run.href or run.placeholder or not BARE_ADDRESS.search(run.text):
        return [run]
    out, at = [], 0
    for match in BARE_ADDRESS.finditer(run.text):
        url = match.group() if "://" in match.group() else "https://" + match.group()
        if check_url(url):
            continue
        out += [replace(run, text=run.text[at : match.start()]), replace(run, text=short_url(url), href=url)]
        at = match.end()
    return [*out, replace(run, text=run.text[at:])]


#: Query parameters that only track a click: never printed.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)$", re.I)


def short_url(url: str) -> str:
    """What to print for a link: no scheme, no ``www.``, no tracking parameters, no trailing slash.

    The link itself keeps the exact address; this is only what a reader sees and types.
    """
    lowered = url.lower()
    for prefix in ("mailto:", "tel:"):
        if lowered.startswith(prefix):
            return url[len(prefix) :]
    parts = urlsplit(url if "://" in url else "//" + url)
    host = parts.netloc
    if host.lower().startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    shown = host + parts.path.rstrip("/")
    if query:
        shown += "?" + query
    if parts.fragment:
        shown += "#" + parts.fragment
    return shown


def _parse(source: str, style: Run, problems: list[str]) -> list[Run]:
    if not _SPECIAL.search(source):
        return [_styled(style, source)]
    scan = _Scanner(source)
    bold, italic = replace(style, bold=True), replace(style, italic=True)
    runs: list[Run] = []
    pieces: list[str] = []  # text in ``style`` not yet made a run, joined once
    pos = 0  # text before ``pos`` is done
    at = 0  # the next place a span may open
    while (m := _SPECIAL.search(source, at)) is not None:
        i = m.start()
        span = scan.span(i)
        if span is None:
            at = i + 1
            continue
        end, kind, inner = span.end, span.kind, span.text
        pieces.append(source[pos:i])
        pos = at = end
        if kind == "escape":  # an escaped character, or a doubled brace standing for one
            pieces.append(inner)
            continue
        runs.append(_styled(style, "".join(pieces)))
        pieces.clear()
        if kind == "bold":
            runs += _parse(inner, bold, problems)
        elif kind == "italic":
            runs += _parse(inner, italic, problems)
        elif kind == "link":
            if problem := check_url(span.url):
                problems.append(f"link {problem}")
                runs += _parse(inner, style, problems)
            else:
                runs += _parse(inner, replace(style, href=span.url), problems)
        else:
            runs.append(_styled(style, source[i:end], inner))
    pieces.append(source[pos:])
    runs.append(_styled(style, "".join(pieces)))
    return runs


def _styled(style: Run, text: str, placeholder: str | None = None) -> Run:
    # replace() costs more than a new Run, and a text may hold a run per character
    return Run(text, style.bold, style.italic, style.href, placeholder)


_SPECIAL = re.compile(r"[\\*\[{}]")  # where a span may open
_ESCAPABLE = frozenset("\\*[]()_{}`")
_BACKSLASHES = re.compile(r"\\+")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_URL = re.compile(r"(?:[^()\s]|\([^()\s]*\))+\)")  # a link target and its closing bracket
_ITALIC_OPEN = re.compile(r"\*[^\s*]")
_BOLD_CLOSE = re.compile(r"\*\*")
_ITALIC_CLOSE = re.compile(r"[^\s\\]\*")  # the last letter of the italic text, and its star
_STAR_AT = {_BOLD_CLOSE: 0, _ITALIC_CLOSE: 1}  # where a close's star is, from where it matches
_STARS = re.compile(r"\*+")
#: A letter or digit of a script that puts spaces between words. Stars touching one on their
#: outer side are part of the text: "2*3 tablets, or 1*2" is a dose, not italics. Scripts with
#: no spaces between words (Chinese, Thai...) may have stars beside their letters mark a span.
_WORD = re.compile(r"[^\W_]")  # a letter or digit (of a spaced script: see _glued)
_LINK_CLOSE = re.compile(r"\]")


class _Span(NamedTuple):
    """A span of markup: where it ends, its kind, its text (a placeholder's name) and a link's target."""

    end: int
    kind: str  # escape, bold, italic, link or placeholder
    text: str
    url: str = ""


class _Scanner:
    """Finds the span that opens at a given place in one text, in time linear in the text.

    A span's text is read in units: a backslash and the character after it are one unit, so an
    escaped ``\\*`` or ``\\]`` never closes a span, and a backslash before a line break or at
    the end stops the span. Where every kind of span can close is listed once per text, so
    finding the close of each opener is a binary search instead of a scan to the end: a text
    of many unclosed ``*`` or ``[`` costs no more than a short one.

    A bold span ends at the first ``**`` after at least one unit; an italic span starts with a
    letter that is not a space or a star and ends at the first letter, neither space nor
    backslash, that is followed by ``*`` (that one letter first); a link's
    text ends at the first ``]`` and must be followed by ``(target)``. Stars glued to a word on
    their outer side neither open nor close a span (a run of stars after a digit opens nothing,
    one before a letter closes nothing), so ``2*3`` and ``**note**s`` print as typed.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.escaped: set[int] = set()  # characters taken by the backslash before them
        self.dead: list[int] = []  # backslashes before a line break or at the end: no span crosses
        for run in _BACKSLASHES.finditer(text):
            if (run.end() - run.start()) % 2:
                if run.end() == len(text) or text[run.end()] == "\n":
                    self.dead.append(run.end() - 1)
                else:
                    self.escaped.add(run.end())
        self.closes: dict[re.Pattern[str], list[int]] = {}
        self.stars = [(m.start(), m.end()) for m in _STARS.finditer(text)]  # each run of stars
        self.star_starts = [start for start, _ in self.stars]
        self.targets: dict[int, int | None] = {}

    def span(self, i: int) -> _Span | None:
        """The span opening at ``i``, or None when none opens there."""
        s = self.text
        ch = s[i]
        if ch == "\\":
            return _Span(i + 2, "escape", s[i + 1]) if i + 1 < len(s) and s[i + 1] in _ESCAPABLE else None
        if ch == "*":
            if self._glued(i, after=False):
                return None
            return self._bold(i) if s.startswith("**", i) else self._italic(i)
        if ch == "[":
            return self._link(i)
        if s.startswith("{{", i) or s.startswith("}}", i):
            return _Span(i + 2, "escape", ch)
        if ch == "{" and (m := _PLACEHOLDER.match(s, i)):
            return _Span(m.end(), "placeholder", m[1])
        return None

    def _bold(self, i: int) -> _Span | None:
        start = i + 2
        after = self._unit(start)
        end = None if after is None else self._close(after, _BOLD_CLOSE)
        return None if end is None else _Span(end + 2, "bold", self.text[start:end])

    def _italic(self, i: int) -> _Span | None:
        s = self.text
        if not _ITALIC_OPEN.match(s, i):
            return None
        one = i + 2  # a star right after the first letter closes a one-letter span
        if s.startswith("*", one) and one not in self.escaped and not self._glued(one, after=True):
            return _Span(one + 1, "italic", s[i + 1])
        last = self._close(one, _ITALIC_CLOSE)
        return None if last is None else _Span(last + 2, "italic", s[i + 1 : last + 1])

    def _link(self, i: int) -> _Span | None:
        s = self.text
        if s.startswith("]", i + 1):
            return None
        after = self._unit(i + 1)
        close = None if after is None else self._close(after, _LINK_CLOSE)
        if close is None or not s.startswith("(", close + 1):
            return None
        end = self._target_end(close + 2)
        return None if end is None else _Span(end, "link", s[i + 1 : close], s[close + 2 : end - 1])

    def _unit(self, q: int) -> int | None:
        """Where the unit at ``q`` ends, or None at the end or at a backslash before a line break."""
        s = self.text
        if q >= len(s):
            return None
        if s[q] != "\\":
            return q + 1
        return q + 2 if q + 1 < len(s) and s[q + 1] != "\n" else None

    def _close(self, q: int, close: re.Pattern[str]) -> int | None:
        """The first unit boundary from ``q`` where ``close`` matches, unless a dead backslash comes first."""
        s = self.text
        # after a backslash, units from q may pair characters differently from units from the
        # start of the text; walk until they agree (after any other character they do)
        while q > 0 and s[q - 1] == "\\":
            if close.match(s, q):
                return q
            if (after := self._unit(q)) is None:
                return None
            q = after
        ends = self.closes.get(close)
        if ends is None:
            star = _STAR_AT.get(close)
            ends = self.closes[close] = [
                m.start()
                for m in re.finditer(f"(?={close.pattern})", s)
                if m.start() not in self.escaped and (star is None or not self._glued(m.start() + star, after=True))
            ]
        k = bisect_left(ends, q)
        d = bisect_left(self.dead, q)
        if k == len(ends) or (d < len(self.dead) and self.dead[d] < ends[k]):
            return None
        return ends[k]

    def _glued(self, star: int, after: bool) -> bool:
        """Whether the run of stars holding ``star`` touches a word before it (or, ``after``, after it)."""
        start, end = self.stars[bisect_right(self.star_starts, star) - 1]
        at = end if after else start - 1
        return 0 <= at < len(self.text) and _WORD.match(self.text, at) is not None and not unspaced(self.text[at])

    def _target_end(self, q: int) -> int | None:
        """The end of the ``target)`` of a link starting at ``q``; remembered, as many links may share it."""
        if q not in self.targets:
            m = _URL.match(self.text, q)
            self.targets[q] = m.end() if m else None
        return self.targets[q]


def merge_runs(runs: list[Run] | Inline) -> Inline:
    """Join neighbouring runs of the same style so renderers draw fewer pieces."""
    out: list[Run] = []
    texts: list[list[str]] = []  # each joined once: adding one run at a time is quadratic
    last = None  # the style of the last run, None after a placeholder
    for run in runs:
        if not run.text:
            continue
        style = (run.bold, run.italic, run.href) if run.placeholder is None else None
        if style is not None and style == last:
            texts[-1].append(run.text)
        else:
            out.append(run)
            texts.append([run.text])
        last = style
    return tuple(r if len(t) == 1 else replace(r, text="".join(t)) for r, t in zip(out, texts, strict=True))


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


def to_markup(text: Inline) -> str:
    """Inline runs written back as the markup :func:`parse_inline` reads, every special character
    escaped, so an imported or exported text reads back as the same runs. Where a style cannot be
    written so that it reads back the same, it is dropped (italic, then bold, then the link, whose
    address is then written after its words): words are never lost, only that styling."""
    runs = merge_runs(text)
    for keep in ((True, True, True), (True, True, False), (True, False, False)):
        written = _write(runs, keep, 0)
        wanted = merge_runs([replace(r, bold=r.bold and keep[1], italic=r.italic and keep[2]) for r in runs])
        if parse_inline(written) == (wanted, []):
            return written
    return "".join(_escape(r.text) + (f" ({_escape(r.href)})" if r.href else "") for r in runs)


_LAYERS = ("href", "bold", "italic")


def _write(runs: Inline | list[Run], keep: tuple[bool, bool, bool], layer: int) -> str:
    """Runs grouped by link, then bold, then italic, each group's markup around its words."""
    if layer == len(_LAYERS):
        return "".join(r.text if r.placeholder else _escape(r.text) for r in runs)
    key = _LAYERS[layer]
    out, group = [], []  # type: ignore[var-annotated]
    for run in [*runs, None]:
        if group and (run is None or getattr(run, key) != getattr(group[0], key)):
            inner = _write(group, keep, layer + 1)
            value = getattr(group[0], key)
            body = inner.strip()
            if value and keep[layer] and body:
                lead, tail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
                mark = {"href": f"[{body}]({value})", "bold": f"**{body}**", "italic": f"*{body}*"}[key]
                inner = lead + mark + tail
            out.append(inner)
            group = []
        if run is not None:
            group.append(run)
    return "".join(out)


#: What must be escaped for a text to read back as written: what opens or closes a span. A "("
#: needs none, since the "]" that would make it a link's address is escaped itself.
_MUST_ESCAPE = frozenset("\\*[]{}")


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _MUST_ESCAPE else ch for ch in text)
