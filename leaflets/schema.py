"""Small validation helpers that collect every problem in a file, each with its line.

Validation happens once, here at the edge; what passes is turned into frozen model objects
that the rest of the program trusts. Messages follow the compiler habit
``file:line: field.path: what is wrong``, with a close-match suggestion for misspelt keys.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from leaflets.errors import Diagnostic
from leaflets.source import Located, Path_

#: Link and QR targets a leaflet may point to; anything else (javascript:, file:) is refused.
SAFE_SCHEMES = ("https", "http", "mailto", "tel")


def format_path(path: Path_) -> str:
    """``("blocks", 3, "callout", "style")`` -> ``blocks[3].callout.style``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def suggest(word: str, options: Iterable[str]) -> str:
    """A "did you mean" tail for a misspelt name, or nothing when no option is close."""
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_url(url: str) -> str | None:
    """Why ``url`` is not an allowed link target, or None when it is."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return f"{url!r} must start with one of " + ", ".join(f"{s}:" for s in SAFE_SCHEMES)
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return f"{url!r} has no host name"
    return None


class Reader:
    """Reads values out of one parsed file, recording problems instead of raising."""

    def __init__(self, located: Located, display: str) -> None:
        self.located = located
        self.file = display
        self.diagnostics: list[Diagnostic] = []

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
            self.error(path, f"expected a mapping of keys, got {_kind(value)}")
            return None
        known = list(known)
        for key in value:
            if key not in known:
                self.error(
                    path + (key,),
                    f"unknown key {key!r}{suggest(key, known)}; allowed: {', '.join(known)}",
                )
        for key in required:
            if value.get(key) in (None, "", []):
                self.error(path + (key,) if key in value else path, f"{key!r} is required")
        return value

    def text(self, path: Path_, value: Any, required: bool = False) -> str | None:
        """Plain text; numbers are accepted as their text (a YAML ``version: 2``)."""
        if value is None:
            if required:
                self.error(path, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"expected text, got {_kind(value)}")
            return None
        text = str(value).strip()
        if required and not text:
            self.error(path, "must not be empty")
            return None
        return text or None

    def text_list(self, path: Path_, value: Any) -> list[str] | None:
        """A non-empty list of text items."""
        if not isinstance(value, list) or not value:
            self.error(path, f"expected a non-empty list, got {_kind(value)}")
            return None
        items = [self.text(path + (i,), item, required=True) for i, item in enumerate(value)]
        return [i for i in items if i is not None] if len(items) == len(value) else None

    def choice(self, path: Path_, value: Any, options: tuple[str, ...], default: str | None = None) -> str | None:
        """One of ``options``."""
        if value is None:
            if default is None:
                self.error(path, f"is required: one of {', '.join(options)}")
            return default
        if value not in options:
            self.error(path, f"{value!r} is not one of {', '.join(options)}{suggest(str(value), options)}")
            return None
        return str(value)

    def date(self, path: Path_, value: Any) -> _dt.date | None:
        """A date written as YYYY-MM-DD."""
        if value is None:
            return None
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(path, f"{value!r} is not a date; write it as YYYY-MM-DD")
            return None

    def url(self, path: Path_, value: Any, required: bool = True) -> str | None:
        """A link target with an allowed scheme."""
        url = self.text(path, value, required)
        if url is not None and (problem := check_url(url)):
            self.error(path, problem)
            return None
        return url


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(type(value), type(value).__name__)
