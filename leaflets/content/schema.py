"""Small validation helpers that collect every problem in a file, each with its line.

Validation happens once, here at the edge; what passes is turned into frozen model objects
that the rest of the program trusts. Messages follow the compiler habit
``file:line: field.path: what is wrong``, with a close-match suggestion for misspelt keys.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from leaflets.content.source import Located, Path_, describe_character, format_path, unspaced_letters
from leaflets.errors import Diagnostic

#: Link and QR targets a leaflet may point to; anything else (javascript:, file:) is refused.
SAFE_SCHEMES = ("https", "http", "mailto", "tel")
#: Longest title, subtitle or heading: the library's longest is 65 characters.
MAX_TITLE = 200
#: Longest id: ids name output files, and a file name has at most 255 bytes.
MAX_ID = 100
#: The longest run of characters with no space a text may hold in a script that spaces its words
#: (the longest English word in a dictionary has 45 letters). Chinese and Japanese put no spaces
#: between words, and web addresses are long: neither is held to it.
MAX_WORD = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_WORD + 1},}}")
#: A web or email address, which may run long without a space, up to MAX_ADDRESS characters.
_ADDRESS = re.compile(r"[(<\[\"']*(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
MAX_ADDRESS = 2_000
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: Years a review date may have; governance adds years to them, and dates end at 9999.
YEARS = (1900, 2999)
#: Invisible characters that paste along with text: zero-width space, joiners, word joiner, a
#: byte-order mark inside the text, soft hyphen.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
JOINERS = "\u200c\u200d"
#: A bullet or number typed by hand at the start of an item or paragraph (pasted from Word).
TYPED_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢►✓✔–—-]|\*|o(?=\s))\s+")
TYPED_NUMBER = re.compile(r"^\s*\(?\d{1,2}[.)]\s+")


def suggest(word: str, options: Iterable[str]) -> str:
    """A "did you mean" tail for a misspelt name, or nothing when no option is close."""
    import difflib  # only for a misspelt name: not every build pays for its import

    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _too_long(text: str) -> re.Match[str] | None:
    """The first run of over MAX_WORD characters with no space that is not a web or email address
    (of at most MAX_ADDRESS characters)."""
    if not _LONG_RUN.search(text):
        return None
    for run in _spaced_long_run().finditer(text):
        if not (len(run.group()) <= MAX_ADDRESS and _ADDRESS.fullmatch(run.group())):
            return run
    return None


@cache
def _spaced_long_run() -> re.Pattern[str]:
    """A run of over MAX_WORD characters of spaced scripts with no space (see ``unspaced_letters``)."""
    letters = unspaced_letters().pattern[1:-1]
    return re.compile(rf"[^\s{letters}]{{{MAX_WORD + 1},}}")


def check_url(url: str) -> str | None:
    """Why ``url`` is not an allowed link target, or None when it is."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed "[" in the host: urlsplit refuses it
        return f"{shown(url)} is not a valid web address"
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return f"{shown(url)} must start with one of " + ", ".join(f"{s}:" for s in SAFE_SCHEMES)
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return f"{shown(url)} has no host name"
    return None


#: Ids the build gives files of its own (the web site's index.html).
RESERVED_IDS = frozenset({"index"})


class Reader:
    """Reads values out of one parsed file, recording problems instead of raising."""

    def __init__(self, located: Located, display: str) -> None:
        self.located = located
        self.file = display
        self.diagnostics: list[Diagnostic] = []
        self.missing: set[Path_] = set()  # required keys already reported missing, not to report twice

    @property
    def ok(self) -> bool:
        return not any(d.level == "error" for d in self.diagnostics)

    def error(self, path: Path_, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, self.located.line(path), format_path(path), message))

    def warn(self, path: Path_, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, self.located.line(path), format_path(path), message, "warning"))

    def mapping(
        self, path: Path_, value: Any, known: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        """Check ``value`` is a mapping with only ``known`` keys and every ``required`` one."""
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping of keys, got {kind(value)}")
            return None
        known = list(known)
        for key in value:
            if key not in known:
                self.error(
                    path + (key,),
                    f"unknown key {shown(key)}{suggest(key, known)}; allowed: {', '.join(known)}",
                )
        for key in required:
            if value.get(key) in (None, "", []):
                self.error(path + (key,) if key in value else path, f"{key!r} is required")
                self.missing.add(path + (key,))
        return value

    def text(
        self, path: Path_, value: Any, required: bool = False, limit: int | None = None, spaced: bool = True
    ) -> str | None:
        """Plain text of at most ``limit`` characters. A number is taken as it is written (a
        YAML ``version: 2.10`` is "2.10", ``hours: 9:30`` is "9:30", not 570). ``spaced`` text
        (all but names such as ids) has no run of more than MAX_WORD characters without a space."""
        if value is None:
            if required and path not in self.missing:  # written but left empty, or not written at all
                self.error(
                    path, "is empty: write its text, or remove it" if path in self.located.lines else "is required"
                )
            return None
        written = self.located.written.get(path)
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            self.error(path, f"{written or value} is read as {kind(value)}, not text: put the text in quotes")
            return None
        if isinstance(value, (int, float)):
            value = written or str(value)
        if not isinstance(value, str):
            self.error(path, f"expected text, got {kind(value)}")
            return None
        text = value.strip()
        if required and not _visible(text):
            self.error(path, "must not be empty" + (" (it has only invisible characters)" if text else ""))
            return None
        if limit is not None and len(text) > limit:
            self.error(path, f"is {len(text):,} characters long; at most {limit} fit here")
            return None
        if spaced and (long := _too_long(text)):
            self.error(path, f"has {len(long.group()):,} characters with no space, from character {long.start() + 1}"
                       f" ({shown(long.group(), 30)}): no word is that long; add the missing spaces")  # fmt: skip
            return None
        if path in self.located.joined:
            self.warn(path, f"line {self.located.joined[path]} starts with '- ' but was read as more words of this"
                      " text, not as an item of its own: line it up with the items above it")  # fmt: skip
        text = self._without_invisibles(path, text)
        return text or None

    def _without_invisibles(self, path: Path_, text: str) -> str:
        """Text without the invisible characters pasting leaves in it, and the author told where."""
        cleaned, found = without_invisibles(text)
        if found:
            names = ", ".join(describe_character(ch) for ch in dict.fromkeys(found))
            self.warn(path, f"removed {len(found)} invisible character{'s' * (len(found) > 1)} ({names}) pasted with"
                      " the text; words they glued now have a space between them")  # fmt: skip
        return cleaned

    def identifier(self, path: Path_, value: str) -> bool:
        """Check an id, which names output files: its characters and its length."""
        if len(value) > MAX_ID:
            self.error(path, f"{shown(value)} is {len(value):,} characters long; an id names the output files, so at"
                       f" most {MAX_ID}")  # fmt: skip
        elif not ID.fullmatch(value):
            self.error(path, f"{shown(value)} must be letters, digits, '-', '_' or '.' (it names the output files)")
        elif value.lower() in RESERVED_IDS:
            self.error(path, f"{shown(value)} is the name of the web site's own index page: choose another id")
        else:
            return True
        return False

    def text_list(self, path: Path_, value: Any, limit: int | None = None) -> list[str] | None:
        """A non-empty list of text items, each of at most ``limit`` characters."""
        if not isinstance(value, list) or not value:
            self.error(path, f"expected a non-empty list, got {kind(value) if value != [] else 'an empty one'}")
            return None
        items = [self.text(path + (i,), item, required=True, limit=limit) for i, item in enumerate(value)]
        return [i for i in items if i is not None] if len(items) == len(value) else None

    def choice(self, path: Path_, value: Any, options: tuple[str, ...], default: str | None = None) -> str | None:
        """One of ``options``."""
        if value is None:
            if default is None:
                self.error(path, f"is required: one of {', '.join(options)}")
            return default
        if not isinstance(value, str) or value not in options:
            hint = suggest(value, options) if isinstance(value, str) else ""
            self.error(path, f"{shown(value)} is not one of {', '.join(options)}{hint}")
            return None
        return value

    def country(self, path: Path_, value: Any) -> str | None:
        """A two-letter country code (``gb`` is read as GB), or one of its nations or regions
        (``GB-SCT``), or none. A code that is no country's
        is an error, never a silent mismatch: a block for "UK" would be left out of every leaflet."""
        from leaflets.content.countries import COUNTRY_CODES, MISTAKEN

        text = self.text(path, value)
        if text is None:
            return None
        code = text.upper()
        country, _, part = code.partition("-")  # GB-SCT: a nation or region of a country (ISO 3166-2)
        if country not in COUNTRY_CODES or (part and not re.fullmatch(r"[A-Z0-9]{1,3}", part)):
            hint = f": the code for that country is {MISTAKEN[code]}" if code in MISTAKEN else ", such as GB or GB-SCT"
            self.error(path, f"{shown(text)} is not a two-letter country code (ISO 3166-1){hint}")
            return None
        return code

    def page_count(self, path: Path_, value: Any) -> int | None:
        """A whole number of pages (a page budget), or none."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(path, f"expected a whole number of pages, such as 2, got {value!r}")
            return None
        return value

    def date(self, path: Path_, value: Any) -> _dt.date | None:
        """A date written as YYYY-MM-DD."""
        if value is None:
            return None
        day = value
        if not isinstance(day, _dt.date):
            try:
                day = _dt.date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                day = None
            if day is None:
                self.error(path, f"{shown(value)} is not a date; write it as YYYY-MM-DD")
                return None
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.error(path, f"{day.isoformat()} is not a plausible date: the year must be {YEARS[0]} to {YEARS[1]}")
            return None
        return day

    def url(self, path: Path_, value: Any, required: bool = True) -> str | None:
        """A link target with an allowed scheme."""
        url = self.text(path, value, required)
        if url is not None and (problem := check_url(url)):
            self.error(path, problem)
            return None
        return url


def without_invisibles(text: str) -> tuple[str, list[str]]:
    """Text pasted from the web or Word often carries invisible characters that glue words
    ("Keep<zero-width space>the" prints "Keepthe") or break them oddly. Between two letters they
    become a space, elsewhere they go; joiners stay in the scripts that need them (Arabic,
    Bengali, emoji sequences). Returns the text and the characters taken out."""
    if not INVISIBLE.search(text):
        return text, []
    found: list[str] = []

    def one(match: re.Match[str]) -> str:
        ch, at = match.group(), match.start()
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if ch in JOINERS and not (_latin(before) and _latin(after)):
            return ch
        found.append(ch)
        return " " if before.isalnum() and after.isalnum() else ""

    return INVISIBLE.sub(one, text), found


def _latin(ch: str) -> bool:
    """A Latin letter, digit, space or common punctuation mark: beside these a joiner does nothing
    (in Arabic, Bengali or an emoji sequence it does)."""
    return not ch or ch.isspace() or ord(ch) < 0x250


def _visible(text: str) -> bool:
    """Whether ``text`` has a character a reader sees: not only spaces and zero-width marks."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def shown(value: Any, width: int = 60) -> str:
    """``value`` as Python writes it, cut to ``width`` characters so a message stays one line."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def kind(value: Any) -> str:
    """What a wrong value is, in plain words: a list, true/false, a special number."""
    if value is None:
        return "nothing"
    if isinstance(value, float) and not math.isfinite(value):
        return "a special number"
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return kinds.get(type(value), "a date" if isinstance(value, _dt.date) else type(value).__name__)
