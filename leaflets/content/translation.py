"""Translations kept in step with their English source.

A translation is a topic file with ``translation_of: <source id>`` and its own ``language``,
usually in a folder named for the language beside the source (``content/ar/bone-metastasis.yaml``).
Its blocks match the source's one to one (same types, same number of list items, same
callout styles); what readers do not see differently in each language (code, version,
owner, review dates, sources) comes from the source. ``source_hash`` records which
version of the source was translated, so a changed source shows up as a stale translation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from leaflets.content.schema import Reader

if TYPE_CHECKING:
    from leaflets.content.topic import Topic

STATUSES = ("draft", "reviewed")
KEYS = ("translation_of", "translation_status", "translated_by", "source_hash")
#: Fields a translation takes from its source unless it sets them itself.
INHERITED = ("code", "version", "owner", "clinical_reviewer", "reviewed", "next_review", "sources", "tags")
#: Block keys that must be the same in source and translation: they are not words.
SAME = ("style", "only", "region", "phone", "level")  # a picture or link may be a translated one


class Translation(Struct, frozen=True):
    """How a translated topic stands to its source: who translated it, its status, and whether the source changed
    since."""

    source_id: str
    source_file: str
    source_language: str
    status: str  # "draft" or "reviewed"
    translated_by: str
    source_hash: str | None  # the source's content hash when it was translated
    current_hash: str  # the source's content hash now
    source: Topic | None = None  # for side-by-side leaflets

    @property
    def stale(self) -> bool:
        return self.source_hash != self.current_hash

    @property
    def draft(self) -> bool:
        return self.status == "draft"


def find_source(path: Path, source_id: str) -> tuple[Path, dict[str, Any]] | None:
    """The source topic file, ``<id>.yaml`` beside the translation or one folder up, that is not
    itself a translation, with its YAML data; a file that is not YAML counts as a source."""
    from leaflets.content.source import load_yaml
    from leaflets.errors import ContentError

    for folder in (path.parent, path.parent.parent):
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{source_id}{suffix}"
            if not candidate.is_file() or candidate.resolve() == path.resolve():
                continue
            try:
                data = load_yaml(candidate, str(candidate)).data
            except ContentError:
                return candidate, {}
            if not (isinstance(data, dict) and "translation_of" in data):
                return candidate, data if isinstance(data, dict) else {}
    return None


def compare_blocks(reader: Reader, source: list[Any], blocks: Any, source_name: str) -> None:
    """Record an error for every block that does not match the source's block in its place."""
    if not isinstance(blocks, list):
        return  # the topic reader reports it
    for i in range(max(len(source), len(blocks))):
        path = ("blocks", min(i, len(blocks) - 1)) if blocks else ("blocks",)
        if i >= len(blocks):
            reader.error(path, f"block {i + 1} of {source_name} ({_kind(source[i])}) is missing from the translation")
            continue
        if i >= len(source):
            reader.error(path, f"block {i + 1} ({_kind(blocks[i])}) is not in {source_name}")
            continue
        _compare(reader, ("blocks", i), source[i], blocks[i], source_name)
    if len(blocks) != len(source):
        reader.error(("blocks",), f"has {len(blocks)} blocks; {source_name} has {len(source)}")


def _compare(reader: Reader, path: tuple[Any, ...], source: Any, ours: Any, source_name: str) -> None:
    if isinstance(source, dict) and isinstance(ours, dict):
        wanted = {k for k in source if k != "notes"}
        have = {k for k in ours if k != "notes"}
        for key in sorted(wanted - have):
            reader.error(path, f"{key!r} is missing ({source_name} has it here)")
        for key in sorted(have - wanted):
            reader.error(path + (key,), f"{key!r} is not in {source_name} here")
        for key in sorted(wanted & have):
            if key in SAME and source[key] != ours[key]:
                reader.error(path + (key,), f"must be {source[key]!r}, as in {source_name}")
            else:
                _compare(reader, path + (key,), source[key], ours[key], source_name)
    elif isinstance(source, list) and isinstance(ours, list):
        if len(source) != len(ours):
            reader.error(path, f"has {len(ours)} items; {source_name} has {len(source)}")
        for i, (a, b) in enumerate(zip(source, ours, strict=False)):  # a length mismatch is reported above
            _compare(reader, path + (i,), a, b, source_name)
    elif isinstance(source, (dict, list)) != isinstance(ours, (dict, list)):
        reader.error(path, f"has a different shape from {source_name} here")


def _kind(block: Any) -> str:
    if isinstance(block, dict):
        kinds = [k for k in block if k not in ("notes", "only", "region")]
        return kinds[0] if kinds else "block"
    return "block"


def standing(path: Path) -> tuple[Path, str | None, str]:
    """A translation's source file, the source version it records, and the source's version now.

    Read from the files as they are, so it works while the translation does not match its source.
    """
    from leaflets.content.source import content_hash, load_yaml
    from leaflets.errors import LeafletsError

    data = load_yaml(path, str(path)).data
    source_id = data.get("translation_of") if isinstance(data, dict) else None
    if not isinstance(source_id, str):
        raise LeafletsError(f"{path} is not a translation: it has no translation_of")
    located = find_source(path, source_id)
    if located is None:
        raise LeafletsError(f"{path}: no original topic {source_id!r} beside it or one folder up")
    recorded = data.get("source_hash")
    return located[0], str(recorded) if recorded is not None else None, content_hash(located[1])


def earlier_version(source: Path, digest: str) -> str | None:
    """The text of ``source`` when its content hash was ``digest``, from git history (None
    without git, outside a repository, or when no commit has it)."""
    import subprocess

    import yaml

    from leaflets.content.source import content_hash

    def git(*args: str, cwd: Path = source.parent) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
        except OSError:  # git is not installed
            return ""
        return done.stdout if done.returncode == 0 else ""

    top = git("rev-parse", "--show-toplevel").strip()
    if not top:
        return None
    root = Path(top).resolve()
    relative = source.resolve().relative_to(root).as_posix()
    for commit in git("log", "--format=%H", "--", relative, cwd=root).split():
        text = git("show", f"{commit}:{relative}", cwd=root)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and content_hash(data) == digest:
            return text
    return None


def stamp(path: Path, digest: str) -> None:
    """Write ``source_hash: digest`` into the translation file, keeping everything else as it is."""
    from leaflets.content.source import set_top_level

    set_top_level(path, "source_hash", digest, before=("language", "translation_status"))
