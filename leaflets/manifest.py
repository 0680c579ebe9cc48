"""Incremental builds: what each output file was made from, kept in the output folder.

Each output is keyed by a hash of everything that made it: the topic file and its pictures,
the glossary, every file of the brand, the layout, the options and the tool's version. A
rebuild skips an output whose hash is unchanged and whose file is still there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from leaflets import __version__
from leaflets.atomic import atomic_write

MANIFEST_FILE = ".leaflets-manifest.json"
_FILE_DIGESTS: dict[tuple[Path, int, int], str] = {}


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, remembered while its size and modification time stay the same."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _FILE_DIGESTS:
        _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _FILE_DIGESTS[key]


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """The tool's own version and code, so a changed renderer rebuilds what it draws."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(file_digest(path).encode())
    return h.hexdigest()


def output_key(files: list[Path], *settings: object) -> str:
    """The hash of an output's inputs: file contents (by name), settings and the tool itself."""
    h = hashlib.sha256(tool_digest().encode())
    for path in sorted(set(files)):
        h.update(f"\n{path.name}:{file_digest(path)}".encode())
    for setting in settings:
        h.update(f"\n{setting!r}".encode())
    return h.hexdigest()[:32]


@dataclass
class Manifest:
    folder: Path
    entries: dict[str, str] = field(default_factory=dict)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with atomic_write(self.folder / MANIFEST_FILE) as stream:
            stream.write(json.dumps(self.entries, indent=1, sort_keys=True).encode())


def open_manifest(folder: Path) -> Manifest:
    try:
        entries = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = {}
    return Manifest(folder, entries if isinstance(entries, dict) else {})
