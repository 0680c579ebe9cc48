"""A file's contents as a sha256 digest: what incremental builds key outputs on, and what the
per-user cache keys facts about fonts on."""

from __future__ import annotations

import hashlib
from pathlib import Path

_REMEMBERED: dict[tuple[Path, int, int], str] = {}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, remembered while its size and modification time stay the same."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _REMEMBERED:
        try:
            _REMEMBERED[key] = sha256_of(path)
        except OSError:
            return "unreadable"
    return _REMEMBERED[key]
