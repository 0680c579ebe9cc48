"""Block types: each module here registers one or more keys a topic's ``blocks`` may use.

A block's parser validates its value and returns document nodes, so adding a block type
means adding one module with a ``@block`` function; renderers need no change.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct

from leaflets.content.inline import Inline, parse_inline
from leaflets.content.schema import Reader
from leaflets.content.source import Path_, unspaced_letters
from leaflets.document.nodes import Node, Origin, Paragraph


class BlockContext:
    """What a block parser needs: the reader that collects errors, and the file's folder."""

    def __init__(self, reader: Reader, base_dir: Path) -> None:
        self.reader = reader
        self.base_dir = base_dir

    def origin(self, path: Path_) -> Origin:
        return Origin(self.reader.file, self.reader.located.line(path))

    def inline(self, path: Path_, value: Any, required: bool = True, limit: int | None = None) -> Inline | None:
        """Validate and parse a piece of inline text of at most ``limit`` characters."""
        text = self.reader.text(path, value, required, limit)
        if text is None:
            return None
        runs, problems = parse_inline(text)
        for problem in problems:
            self.reader.error(path, problem)
        return runs

    def paragraphs(self, path: Path_, value: Any) -> list[Paragraph]:
        """Text split into paragraphs at blank lines, with line breaks folded to spaces."""
        raw = self.reader.text(path, value, required=True)
        if raw is None:
            return []
        if _looks_like_a_table(raw):
            self.reader.warn(path, "looks like a pasted table (columns split by tabs or |): its rows would run"
                             " together in one paragraph; use a table block (see `leaflets blocks`)")  # fmt: skip
        out = []
        for chunk in re.split(r"\n\s*\n", raw):
            words = chunk.split()
            if (size := _size(chunk, words)) > MAX_PARAGRAPH_WORDS:
                self.reader.error(
                    path,
                    f"has a paragraph of {size:,} words; at most {MAX_PARAGRAPH_WORDS:,} are read in one"
                    " (a leaflet's are rarely over 100): start new ones with blank lines",
                )
                continue
            runs = self.inline(path, " ".join(words))
            if runs:
                out.append(Paragraph(text=runs, origin=self.origin(path)))
        return out


#: The most words one paragraph may have. Plain-language guidance keeps a paragraph to a few
#: short sentences; a paragraph of tens of thousands of words (a whole document pasted without
#: its blank lines) costs the page and slide layout minutes and serves no reader.
MAX_PARAGRAPH_WORDS = 2_000


def _size(chunk: str, words: list[str]) -> int:
    """How many words ``chunk`` has, each letter of Chinese or Thai counted as one; the letters
    are counted only when that could take it past MAX_PARAGRAPH_WORDS."""
    if len(words) + len(chunk) <= MAX_PARAGRAPH_WORDS:
        return len(words)
    return len(words) + len(unspaced_letters().findall(chunk))


def _looks_like_a_table(text: str) -> bool:
    """Two or more lines split into columns by tabs, or framed by pipes as Markdown tables are."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return sum("\t" in line or (line.startswith("|") and line.endswith("|")) for line in lines) >= 2


Parser = Callable[[BlockContext, Path_, Any], tuple[Node, ...] | None]


class BlockType(Struct, frozen=True):
    """One kind of content block: the key that names it in YAML, its parser, and the summary and example the
    documentation prints."""

    key: str
    parse: Parser
    summary: str
    example: str


REGISTRY: dict[str, BlockType] = {}


def block(key: str, summary: str, example: str) -> Callable[[Parser], Parser]:
    """Register ``fn`` as the parser of blocks written ``- key: ...``."""

    def register(fn: Parser) -> Parser:
        REGISTRY[key] = BlockType(key, fn, summary, example)
        return fn

    return register


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
