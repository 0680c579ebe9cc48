"""The no-op path: which topics are current, decided from file sizes, times and hashes before
any YAML is parsed, so an unchanged build costs what changed and not the size of the library.

After a topic (or talk) builds, the manifest keeps a record of it: every file the build read
(topic, translation source, pictures, glossary, register, strings, brand, layout), a digest of
what else decides its files (the tool's code, formats, options, brand, folder), the last day its
review date allows printing, its id and code (so a duplicate is still found) and the warnings it
gave (said again on a no-op). A topic whose record still holds and whose files are intact is not
read again; anything else goes the whole way (``leaflets.build.job``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from leaflets.build.manifest import Made, Manifest, tool_digest
from leaflets.errors import Diagnostic
from leaflets.files.digest import file_digest

#: A file changed this close to when it was read may change again within the same tick of the
#: file system's clock, keeping size and time: its record holds no time, so its bytes are compared.
RECENT_NS = 2_000_000_000


def stamp(path: Path) -> list[Any]:
    """[size, mtime_ns, sha256] of a file as it is now ([-1, -1, "missing"] when there is none)."""
    try:
        stat = path.stat()
    except OSError:
        return [-1, -1, "missing"]
    recent = time.time_ns() - stat.st_mtime_ns < RECENT_NS
    return [stat.st_size, 0 if recent else stat.st_mtime_ns, file_digest(path)]


def context(formats: Iterable[str], options: Iterable[Any], brand: Any, checks: bool) -> str:
    """What decides a topic's files besides the files it reads."""
    files = [str(f) for f in brand.files]
    settings = (tool_digest(), tuple(formats), tuple(options), brand.slug, files, checks, os.getcwd())
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:32]


def record(
    inputs: Iterable[Path], ctx: str, topics: list[Any], name: str, outputs: list[str], found: Iterable[Diagnostic]
) -> dict[str, Any]:
    """What the manifest keeps about a topic's (or, with several ``topics``, a talk's) good build."""
    reviews = [t.next_review for t in topics if t.next_review is not None]
    single = topics[0] if len(topics) == 1 else None
    paths = sorted({os.path.abspath(p) for p in inputs})
    return {
        "inputs": paths,
        "context": ctx,
        "until": min(reviews).isoformat() if reviews else None,
        "id": name,
        "code": single.code if single else None,
        "language": single.language if single else "",
        "diagnostics": [[d.file, d.line, d.field, d.message, d.level, d.kind] for d in found if d.level == "warning"],
        "outputs": outputs,  # the files a no-op counts as unchanged
        "stamps": {p: stamp(Path(p)) for p in paths},  # moved into the manifest's stamps when merged
    }


def governance_inputs(sources: list[tuple[Any, Path]]) -> list[Path]:
    """Files that decide whether a topic may print, besides the ones its outputs are made from:
    the register with its sign-off, a translation's source (a changed source makes it stale),
    and the other file a register gives the topic's code to (a copied topic keeps its code)."""
    from leaflets.editorial.register import find_register, open_register

    found: list[Path] = []
    for topic, path in sources:
        for file in (path, *([Path(topic.translation.source_file)] if topic.translation else [])):
            register = find_register(file)
            found += [file, register]
            owner = open_register(register).owner(topic.code) if topic.code else None
            if owner:
                found.append(register.parent / owner)
    return found


def diagnostics(record: dict[str, Any]) -> list[Diagnostic]:
    return [Diagnostic(*d) for d in record["diagnostics"]]


class Stamps:
    """Recorded stamps of input files, each file looked at once: unchanged when its size and time
    are the same, or, touched since, its bytes."""

    def __init__(self, known: dict[str, list[Any]]):
        self.known = known
        self.refreshed = False  # a touched file's new time was noted: worth saving
        self._same: dict[str, bool] = {}

    def unchanged(self, path: str) -> bool:
        if path not in self._same:
            self._same[path] = self._compare(path)
        return self._same[path]

    def _compare(self, path: str) -> bool:
        old = self.known.get(path)
        if old is None:
            return False
        try:
            stat = os.stat(path)
        except OSError:
            return bool(old[2] == "missing")
        if stat.st_size != old[0]:
            return False
        if stat.st_mtime_ns == old[1]:
            return True
        if file_digest(Path(path)) != old[2]:
            return False
        self.known[path] = stamp(Path(path))  # the same bytes, touched: next time the time will do
        self.refreshed = True
        return True


class Current:
    """The records of one run's output folders, and their input files looked at once each."""

    def __init__(self, manifests: list[Manifest | None], owned: list[dict[str, dict[str, Made]]], today: _dt.date):
        self.manifests, self.owned, self.today = manifests, owned, today.isoformat()
        self.stamps = [Stamps(m.stamps if m is not None else {}) for m in manifests]

    def records(self, owner: str, contexts: list[str | None]) -> list[dict[str, Any]] | None:
        """The record of ``owner`` in every folder it builds to (a None context: none there), when
        each still holds: same settings, review date not passed, inputs and files unchanged."""
        found = []
        for index, ctx in enumerate(contexts):
            manifest = self.manifests[index]
            if ctx is None:
                continue
            held = manifest.owners.get(owner) if manifest is not None else None
            files = self.owned[index].get(owner, {})
            if manifest is None or held is None or held["context"] != ctx or not files:
                return None
            if held["until"] is not None and held["until"] < self.today:
                return None  # past its review date: the whole path refuses it and withdraws its files
            if not all(self.stamps[index].unchanged(path) for path in held["inputs"]):
                return None
            if not all(made.intact(manifest.folder / name) for name, made in files.items()):
                return None
            found.append(held)
        return found or None


#: Beside the manifests, in the folder a build writes to: what the last run was asked and found.
RUN_FILE = ".leaflets-run.json"


def run_key(sources: list[Path], formats: list[str], specs: list[str], options: Iterable[Any], checks: bool) -> str:
    """The question a build answers: the same question, with every file unchanged, has the same answer."""
    asked = ([os.path.abspath(s) for s in sources], formats, specs, tuple(options), checks, os.getcwd())
    return hashlib.sha256(repr((tool_digest(), asked)).encode()).hexdigest()[:32]


def save_run(
    folder: Path, key: str, brands: list[dict[str, Any]], inputs: Iterable[Path], found: Iterable[Diagnostic]
) -> None:
    """Record a build's brands (their output folders, files and contexts) and its run-wide findings."""
    from leaflets.files.atomic import write_atomic

    paths = sorted({os.path.abspath(p) for p in inputs})
    data = {
        "key": key,
        "brands": brands,
        "stamps": {p: stamp(Path(p)) for p in paths},
        "diagnostics": [[d.file, d.line, d.field, d.message, d.level, d.kind] for d in found],
    }
    write_atomic(folder / RUN_FILE, json.dumps(data, separators=(",", ":")).encode())


def open_run(folder: Path, key: str) -> dict[str, Any] | None:
    """The last run's record when it answered the same question and its brands' files are unchanged."""
    from leaflets.build.manifest import MAX_BYTES
    from leaflets.files.confined import UnsafeFile, read_limited

    try:
        data = json.loads(read_limited(folder / RUN_FILE, MAX_BYTES))
        if data.get("key") != key:
            return None
        brands, stamps, found = data["brands"], data["stamps"], data["diagnostics"]
        shapes = [isinstance(b, dict) and all(isinstance(b.get(k), str) for k in BRAND_KEYS) for b in brands]
        if not (all(shapes) and isinstance(stamps, dict) and all(isinstance(d, list) and len(d) == 6 for d in found)):
            return None
        if not all(isinstance(v, list) and len(v) == 3 for v in stamps.values()):
            return None
    except (UnsafeFile, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return data if all(map(Stamps(stamps).unchanged, stamps)) else None


#: Per brand of a run: its slug, its output folder, and the contexts of its topics and talks.
BRAND_KEYS = ("slug", "out", "topics", "talks")
