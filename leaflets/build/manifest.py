"""Incremental builds: what each output file was made from and by whom, kept in the output folder.

Each output is keyed by a hash of everything that made it: the topic file and its pictures,
the glossary, every file of the brand, the layout, the options and the tool's version. Each
entry also names the topic (or talk) file that owns it, so a topic that fails or is deleted
withdraws exactly its own files and never another's, and the size and hash of the bytes
written, so a file truncated or edited by hand is noticed and made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from msgspec.structs import asdict

from leaflets import __version__
from leaflets.files.atomic import write_atomic
from leaflets.files.confined import UnsafeFile, read_limited
from leaflets.files.digest import file_digest, sha256_of

MANIFEST_FILE = ".leaflets-manifest.json"
#: The one subfolder outputs may use: files many outputs share (a web page's fonts and pictures).
SHARED_FOLDER = "assets"
#: The owner of shared files and of site-wide files (a web site's index): no topic, so no topic
#: that fails withdraws them; the site step removes those no page uses any more.
SITE_OWNER = "(site)"
FORMAT = 2
#: A manifest lists a few files per topic; anything larger is not ours.
MAX_BYTES = 20_000_000


_RECORD_KEYS: dict[str, type | tuple[type, ...]] = {
    "inputs": list, "context": str, "until": (str, type(None)), "id": str, "code": (str, type(None)),
    "language": str, "diagnostics": list, "outputs": list,
}  # fmt: skip


def well_formed(record: object) -> bool:
    """Whether a record read from a manifest (a file anyone could edit) has the shape we write."""
    if not isinstance(record, dict):
        return False
    for key, kind in _RECORD_KEYS.items():
        if not isinstance(record.get(key), kind):
            return False
    strings = record["inputs"] + record["outputs"]
    return all(type(p) is str for p in strings) and all(type(d) is list and len(d) == 6 for d in record["diagnostics"])


#: How many tool installs' source digests the per-user cache keeps (one per checkout or venv).
KEPT_SOURCE_MEMOS = 8
#: A source file changed this recently may change again within the same timestamp: its hash is
#: not kept, so it is read again next time (git's rule for "racy" files).
RACY_NS = 2_000_000_000
_DIGEST = re.compile("[0-9a-f]{64}")


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """The tool's own version and code, so a changed renderer rebuilds what it draws.

    Every process that builds needs it, the no-op included, and hashing every source file
    cost about 6 ms; each file's digest is kept in the per-user cache under its size and
    modification time (what Python trusts to reuse a compiled module), so only an edited file
    is read again."""
    from leaflets.resources import cache_dir, keep_in_cache, mark_used, prune_cache

    package = Path(__file__).resolve().parent.parent
    memo_path = cache_dir() / f"tool-sources-{hashlib.sha256(str(package).encode()).hexdigest()[:10]}.json"
    memo = _read_memo(memo_path)
    digests: dict[str, str] = {}
    kept: dict[str, list[Any]] = {}
    now = time.time_ns()
    for key, path in _sources(package):
        try:
            stat = os.stat(path)
        except OSError:
            continue  # a dangling link (an editor's lock file) is no source
        digest = _remembered(memo.get(key), stat) or sha256_of(Path(path))
        digests[key] = digest
        if now - stat.st_mtime_ns > RACY_NS:
            kept[key] = [stat.st_mtime_ns, stat.st_size, digest]
    h = hashlib.sha256(__version__.encode())
    for key in sorted(digests, key=lambda k: k.split("/")):
        h.update(digests[key].encode())
    if kept != memo:
        keep_in_cache(memo_path, json.dumps(kept).encode())
        prune_cache("tool-sources-*.json", KEPT_SOURCE_MEMOS)
    else:
        mark_used(memo_path)
    return h.hexdigest()


def _sources(package: Path) -> Iterator[tuple[str, str]]:
    """Each ``.py`` file of the package: its path from the package, with ``/``, and its full path."""
    root = len(str(package)) + 1
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                yield path[root:].replace(os.sep, "/"), path


def _remembered(known: Any, stat: os.stat_result) -> str | None:
    """The hash a memo entry ``[mtime_ns, size, sha256]`` gives for a file of this size and time, if any."""
    if not (isinstance(known, list) and len(known) == 3 and known[:2] == [stat.st_mtime_ns, stat.st_size]):
        return None
    return known[2] if isinstance(known[2], str) and _DIGEST.fullmatch(known[2]) else None


def _read_memo(path: Path) -> dict[str, Any]:
    """The source digests a cache file holds, or none if it is missing or damaged."""
    try:
        memo = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def output_key(files: list[Path], *settings: object) -> str:
    """The hash of an output's inputs: file contents (by name), settings and the tool itself."""
    h = hashlib.sha256(tool_digest().encode())
    for path in sorted(set(files)):
        h.update(f"\n{path.name}:{file_digest(path)}".encode())
    for setting in settings:
        h.update(f"\n{setting!r}".encode())
    return h.hexdigest()[:32]


class Made(Struct, frozen=True):
    """One file a build wrote: from which inputs, for which topic file, and what it holds."""

    key: str  # output_key of its inputs
    owner: str  # resolved path of the topic or talk file that made it
    name: str  # the topic's id when it was made
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes, key: str, owner: str, name: str) -> Made:
        return cls(key, owner, name, len(data), path.stat().st_mtime_ns, hashlib.sha256(data).hexdigest())

    def intact(self, path: Path) -> bool:
        """Whether ``path`` still holds what was written: same size, and same bytes if touched since."""
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != self.size:
            return False
        return stat.st_mtime_ns == self.mtime_ns or file_digest(path) == self.sha256


class Manifest(Struct):
    """The files in one output folder, and per topic (or talk) file what its last good build read
    (``leaflets.build.uptodate``), so an unchanged topic is known to be current without parsing it."""

    folder: Path
    entries: dict[str, Made] = field(default_factory=dict)
    owners: dict[str, dict[str, Any]] = field(default_factory=dict)  # owner -> uptodate record
    stamps: dict[str, list[Any]] = field(default_factory=dict)  # input file -> [size, mtime_ns, sha256]

    def save(self) -> None:
        files = {name: asdict(made) for name, made in sorted(self.entries.items())}
        inputs = sorted({path for record in self.owners.values() for path in record["inputs"]})
        number = {path: n for n, path in enumerate(inputs)}  # a record names its inputs by number: a smaller file
        owners = {o: {**r, "inputs": [number[p] for p in r["inputs"]]} for o, r in sorted(self.owners.items())}
        stamps = [[path, *self.stamps.get(path, [-2, -2, ""])] for path in inputs]
        data = {"format": FORMAT, "files": files, "owners": owners, "stamps": stamps}
        write_atomic(self.folder / MANIFEST_FILE, json.dumps(data, indent=None, separators=(",", ":")).encode())


def open_manifest(folder: Path) -> Manifest:
    """The manifest in ``folder``; one that is missing, damaged or of another format counts as empty,
    so everything is built again (and nothing is withdrawn on its word)."""
    try:
        data = json.loads(read_limited(folder / MANIFEST_FILE, MAX_BYTES))
        files = data["files"] if data.get("format") == FORMAT else {}
        entries = {name: Made(**fields) for name, fields in files.items() if _plain_name(name)}
        if not all(isinstance(v, (str, int)) for made in entries.values() for v in asdict(made).values()):
            entries = {}
        owners, stamps = _records(data, entries)
    except (UnsafeFile, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        entries, owners, stamps = {}, {}, {}
    return Manifest(folder, entries, owners, stamps)


def _records(data: dict[str, Any], entries: dict[str, Made]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The up-to-date records, only when every one is well formed (anything else: parse every topic)."""
    owners, table = data.get("owners", {}), data.get("stamps", [])
    if not entries or not isinstance(owners, dict) or not isinstance(table, list):
        return {}, {}
    if not all(
        isinstance(s, list) and len(s) == 4 and isinstance(s[0], str) and type(s[1]) is int and type(s[2]) is int
        and isinstance(s[3], str)
        for s in table
    ):  # fmt: skip
        return {}, {}
    paths = [s[0] for s in table]
    named = {}
    for owner, record in owners.items():
        numbers = record.get("inputs") if isinstance(record, dict) else None
        if not isinstance(owner, str) or not isinstance(numbers, list):
            return {}, {}
        if not all(type(n) is int and 0 <= n < len(paths) for n in numbers):
            return {}, {}
        named[owner] = {**record, "inputs": [paths[n] for n in numbers]}
        if not well_formed(named[owner]):
            return {}, {}
    return named, {s[0]: s[1:] for s in table}


def _plain_name(name: object) -> bool:
    """A file name in the output folder itself or its shared folder: a manifest never names a file elsewhere."""
    if not isinstance(name, str):
        return False
    name = name.removeprefix(SHARED_FOLDER + "/")
    return bool(name) and Path(name).name == name and name not in (".", "..")
