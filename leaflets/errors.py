"""Errors a user can fix, printed as ``file:line: field: message`` without a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from msgspec import Struct


class Diagnostic(Struct, frozen=True):
    """One finding about an input file, located as precisely as the input allows."""

    file: str
    line: int | None
    field: str
    message: str
    level: str = "error"
    kind: str = ""  # a routine finding a build counts instead of listing (see SUMMARIES)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.level == "error" else f" {self.level}:"
        said = f"{prefix}{field} {self.message}"
        return f"{where}:{said}" if where else said.lstrip()  # a message about no file is just the message


#: How a build sums up routine findings of one kind (``leaflets build --verbose`` lists them).
SUMMARIES = {  # one, and several
    "signoff": (
        "1 topic awaits clinical sign-off: see leaflets status",
        "{n} topics await clinical sign-off: see leaflets status",
    ),
    "translation": (
        "1 translation awaits a qualified translator's check: see leaflets status",
        "{n} translations await a qualified translator's check: see leaflets status",
    ),
}


class LeafletsError(Exception):
    """Base of every error that is the input's fault, not the program's."""

    def __init__(self, diagnostics: list[Diagnostic] | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("", None, "", diagnostics)]
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class ContentError(LeafletsError):
    """A topic file is unreadable or does not follow the topic format."""


class BrandError(LeafletsError):
    """A brand folder or one of its files is unusable."""


class RenderError(LeafletsError):
    """The content is valid but cannot be drawn in this output (for example a missing glyph)."""


class MissingGlyphs(RenderError):
    """Characters no installed font can draw; ``chars`` lets the caller find their line."""

    def __init__(self, diagnostics: list[Diagnostic], chars: str) -> None:
        super().__init__(diagnostics)
        self.chars = chars


class UnhandledNode(TypeError):
    """A renderer, planner or check met a node type it has no rule for. That is a bug in the tool,
    and it fails the topic loudly: skipping the node would silently lose its words."""

    def __init__(self, node: object, where: str) -> None:
        super().__init__(f"{where} has no rule for {type(node).__name__} nodes")


def internal_error(file: str, exc: BaseException) -> Diagnostic:
    """A bug of ours, said in one line that names the file it happened on (never a traceback)."""
    detail = " ".join(str(exc).split())
    detail = detail if len(detail) <= 200 else detail[:200] + "..."
    return Diagnostic(file, None, "", f"internal error ({type(exc).__name__}: {detail}); please report it")


def worker_lost(file: str, why: str) -> Diagnostic:
    """A worker process that ended in the middle of ``file``, said in one line: nothing of it was
    written, and what it made before stays."""
    said = f"was not built, because the worker process building it {why}; its earlier files are kept."
    return Diagnostic(file, None, "", said + " Build again, and report it if it happens again")


def display(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, as users typed it."""
    here, full = os.getcwd(), os.path.abspath(path)  # not resolved: a link is shown under its own name
    if full == here:
        return "."
    inside = full.startswith(here.rstrip(os.sep) + os.sep)
    return full[len(here.rstrip(os.sep)) + 1 :] if inside else str(path)


def counted(n: int, noun: str) -> str:
    """``n`` and its noun, as a reader says it: "1 file", "2 files", "1 page"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
