"""The register: who signed off which text of each leaflet code and version.

A printed leaflet is identified by its code and version (``MBC-003 v2``). ``leaflets approve``
records here who approved it, in what role, on which day, and a hash of exactly the text they
approved, so the file is the team's sign-off record, reviewable in version control. Builds
never write it: only approved text is recorded. A topic whose text differs from what was
approved under its version is a draft of the next version until someone approves it.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path

import yaml
from msgspec import Struct, field

from leaflets.files.atomic import write_atomic

REGISTER_FILE = "register.yaml"
_HEADER = (
    "# Written by `leaflets approve`: who signed off each leaflet code and version, and a hash of\n"
    "# exactly the text they approved. Keep this file with the content, in version control.\n"
)
_FIELDS = ("text", "by", "role", "date", "file")


class SignOff(Struct, frozen=True):
    """One approval: ``text`` is the content hash of the words approved (see content.source.content_hash)."""

    text: str
    by: str
    role: str
    date: _dt.date
    file: str  # the topic file, relative to the register's folder

    @property
    def reviewer(self) -> str:
        return f"{self.by}, {self.role}"


class Register(Struct):
    """The sign-off register: for each leaflet code and version, who approved it and when."""

    path: Path
    entries: dict[str, dict[str, SignOff]] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def approval(self, code: str, version: str) -> SignOff | None:
        return self.entries.get(code, {}).get(version)

    def latest(self, code: str) -> tuple[str, SignOff] | None:
        """The highest version of ``code`` that was approved, with its sign-off."""
        versions = self.entries.get(code, {})
        if not versions:
            return None
        version = max(versions, key=_version_key)
        return version, versions[version]

    def owner(self, code: str) -> str | None:
        """The topic file (relative to the register) that ``code`` was last approved for."""
        latest = self.latest(code)
        return latest[1].file if latest else None

    def approve(self, code: str, version: str, signoff: SignOff) -> None:
        self.entries.setdefault(code, {})[version] = signoff

    def save(self) -> None:
        """Write the whole register; values are plain strings, so reading it back gives the same."""
        body = {
            code: {
                version: {k: str(getattr(s, k)) for k in _FIELDS}
                for version, s in sorted(versions.items(), key=lambda kv: _version_key(kv[0]))
            }
            for code, versions in sorted(self.entries.items())
        }
        text = yaml.safe_dump(body, sort_keys=False, default_flow_style=False, allow_unicode=True) if body else "{}\n"
        write_atomic(self.path, (_HEADER + text).encode("utf-8"))
        _cached.cache_clear()


def next_version(version: str) -> str:
    """The version after ``version``: "2" after "1", "1.3" after "1.2", "v2-1" after "v2"."""
    head, _, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}-1"


def _version_key(version: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))


def find_register(topic_path: Path) -> Path:
    """Where the register for a topic lives: ``register.yaml`` beside it or up to two folders
    above (a translation in ``content/ar/`` shares its source's), else beside the glossary,
    else beside the topic."""
    from leaflets.content.glossary import find_glossary

    folder = topic_path.resolve().parent
    for candidate in (folder, folder.parent, folder.parent.parent):
        if (candidate / REGISTER_FILE).is_file():
            return candidate / REGISTER_FILE
    glossary = find_glossary(topic_path)
    return (glossary.parent if glossary else folder) / REGISTER_FILE


def open_register(path: Path) -> Register:
    """The register at ``path`` (empty if there is none yet); a copy the caller may change."""
    try:
        stat = path.stat()
    except OSError:
        return Register(path)
    entries = _cached(path, stat.st_mtime_ns, stat.st_size)
    return Register(path, {code: dict(versions) for code, versions in entries.items()})


@lru_cache(maxsize=8)
def _cached(path: Path, _mtime: int, _size: int) -> dict[str, dict[str, SignOff]]:
    """The sign-offs in a register file. Entries that are not sign-offs (the text hashes that
    builds before sign-off recorded) and unreadable files count as no approval."""
    from leaflets.content.source import load_yaml
    from leaflets.errors import ContentError

    try:
        data = load_yaml(path).data
    except ContentError:
        return {}
    entries: dict[str, dict[str, SignOff]] = {}
    for code, versions in (data if isinstance(data, dict) else {}).items():
        for version, item in (versions if isinstance(versions, dict) else {}).items():
            if isinstance(item, dict) and all(item.get(k) for k in _FIELDS):
                try:
                    day = _dt.date.fromisoformat(str(item["date"]))
                except ValueError:
                    continue
                signoff = SignOff(str(item["text"]), str(item["by"]), str(item["role"]), day, str(item["file"]))
                entries.setdefault(str(code), {})[str(version)] = signoff
    return entries


def approved_elsewhere(code: str, path: Path) -> str | None:
    """The other topic file that ``code`` was approved for, if it still exists and still has it."""
    from leaflets.content.source import load_yaml
    from leaflets.errors import LeafletsError, display

    register = open_register(find_register(path))
    owner = register.owner(code)
    if owner is None:
        return None
    other = register.folder / owner
    inside = other.resolve().is_relative_to(register.folder.resolve())  # a register names files beside it only
    if not inside or other.resolve() == path.resolve() or not other.is_file():
        return None
    try:
        data = load_yaml(other).data
    except LeafletsError:
        return None
    return display(other) if isinstance(data, dict) and str(data.get("code")) == code else None
