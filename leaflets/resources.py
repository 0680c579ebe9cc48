"""Where shipped brands and layouts live, and how a project folder overrides them.

The top-level ``templates/`` folder is installed inside the package as
``leaflets/templates``; in a source checkout it sits beside the package. A ``templates/``
folder in the current directory comes first, so a user can add or override brands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent


def shipped_templates() -> Path:
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


def template_dirs() -> list[Path]:
    """Folders searched for brands and layouts, the user's first."""
    local = Path.cwd() / "templates"
    shipped = shipped_templates()
    dirs = [local] if local.is_dir() and local.resolve() != shipped.resolve() else []
    return dirs + [shipped]


def cache_dir() -> Path:
    """Per-user cache for work that is slow and depends only on file contents."""
    import os

    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "leaflets"


def keep_in_cache(path: Path, data: bytes) -> None:
    """Keep ``data`` at ``path`` in the cache, whole or not at all: parallel workers and a
    studio beside a build read it back while another may be writing it. A read-only or full
    home only costs speed."""
    from leaflets.errors import LeafletsError
    from leaflets.files.atomic import write_atomic

    try:
        write_atomic(path, data)
    except LeafletsError:
        pass


def cached_file(name: str, make: Callable[[], bytes], keep: int) -> bytes:
    """The bytes ``make`` gives, kept in the per-user cache as ``name`` (a folder, a key made
    from what they were made of, a suffix) and read from there when they were made before.
    The ``keep`` most recently used files of that folder and suffix are kept."""
    path = cache_dir() / name
    try:
        data = path.read_bytes()
    except OSError:  # not made yet, or removed by another build's pruning meanwhile
        data = make()
        keep_in_cache(path, data)
        prune_cache(f"{Path(name).parent}/*{Path(name).suffix}", keep)
    else:
        mark_used(path)
    return data


def cached_value(name: str, make: Callable[[], bytes], keep: int, read: Callable[[bytes], T | None]) -> T:
    """What ``read`` makes of the bytes :func:`cached_file` gives. Bytes it finds damaged (it
    returns None: the cache is a folder anyone could edit) are made again and kept."""
    found = read(cached_file(name, make, keep))
    if found is None:
        data = make()
        keep_in_cache(cache_dir() / name, data)
        found = read(data)
        if found is None:
            raise ValueError(f"{name}: what was made reads as damaged")
    return found


def installed(module: str) -> str:
    """The installed copy of a package as a key, without importing it: its package file's size
    and time, which an upgrade or a reinstall changes."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    stat = Path(spec.origin).stat() if spec and spec.origin else None
    return f"{stat.st_size}-{stat.st_mtime_ns}" if stat else "absent"


def mark_used(path: Path) -> None:
    """Note that a cache file was read, so that pruning keeps the ones in use."""
    import os

    try:
        os.utime(path)
    except OSError:
        pass  # removed meanwhile, or a read-only cache


def prune_cache(pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently used cache files matching ``pattern``: entries
    keyed on a file's version would otherwise pile up with every edit of a brand or template."""
    found = []
    for path in cache_dir().glob(pattern):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue  # removed meanwhile by another build
    for _, path in sorted(found, reverse=True)[keep:]:
        forget(path)


def forget(path: Path) -> None:
    """Remove a cache file, if it can be: another build may have removed it, and a read-only
    cache keeps it."""
    try:
        path.unlink()
    except OSError:
        pass
