"""Reading files that someone else supplied: only inside their folder, only regular files,
never more than a size limit.

Topics, brands and templates travel between organisations, so a path they name is hostile
until checked: ``../`` or an absolute path could reach a private file, a symbolic link could
point out of the folder, a FIFO would block for ever and ``/dev/zero`` would fill memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The longest file name, and whole path, a user-supplied name may have (the usual system limits).
MAX_NAME, MAX_PATH = 255, 1024


class UnsafeFile(Exception):
    """A file that may not be read; ``str()`` is a sentence for the user."""


def inside(folder: Path, name: str | Path) -> Path:
    """``name``, relative to ``folder``, resolved (links too) and checked to stay inside it."""
    root = folder.resolve()
    if "\0" in str(name):
        raise UnsafeFile(f"{str(name)[:60]!r} has a NUL character, which no file name holds")
    if len(str(name)) > MAX_PATH or any(len(part) > MAX_NAME for part in Path(name).parts):
        raise UnsafeFile(f"{str(name)[:60]!r}... is too long for a file name")
    if Path(name).is_absolute():
        raise UnsafeFile(f"{str(name)!r} must be a path relative to {root.name}/, not an absolute one")
    try:
        target = (root / name).resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links, a name the system refuses
        raise UnsafeFile(
            f"{str(name)!r} cannot be followed ({exc.strerror if isinstance(exc, OSError) else exc})"
        ) from None
    if not target.is_relative_to(root):
        raise UnsafeFile(f"{str(name)!r} leads outside {root.name}/; files must be inside that folder")
    return target


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, checked before reading."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UnsafeFile(f"cannot read {path.name}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise UnsafeFile(f"{path.name} is {_size(info.st_size)}, over the limit of {_size(limit)}")
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read it
                raise UnsafeFile(f"{path.name} is over the limit of {_size(limit)}")
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(f"cannot read {path.name}: {exc.strerror}") from None
    finally:
        os.close(fd)


def regular_file(path: Path, limit: int) -> str | None:
    """Why ``path`` may not be opened by a library that reads it itself, or None when it may."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot read {path.name}: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return f"{path.name} is not a regular file"
    if info.st_size > limit:
        return f"{path.name} is {_size(info.st_size)}, over the limit of {_size(limit)}"
    return None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
