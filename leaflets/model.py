"""The validated content model: a topic file becomes a frozen Topic, or a list of errors.

Every error in a file is reported in one run, each with its line and field path.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from leaflets.blocks import REGISTRY, BlockContext
from leaflets.document import Figure, Node, Origin, SourceRef
from leaflets.errors import ContentError, Diagnostic
from leaflets.schema import MAX_TITLE, Reader, suggest
from leaflets.source import load_yaml
from leaflets.translation import INHERITED, STATUSES, Translation, compare_blocks, find_source
from leaflets.translation import KEYS as TRANSLATION_KEYS

TOPIC_KEYS = (
    "title",
    "subtitle",
    "id",
    "language",
    "audience",
    "code",
    "version",
    "owner",
    "clinical_reviewer",
    "reviewed",
    "next_review",
    "sources",
    "pages",
    "blocks",
    *TRANSLATION_KEYS,
)
BLOCK_OPTIONS = ("notes", "only", "region")
TARGETS = ("leaflet", "deck")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Entry:
    """The nodes one block made, and where they may appear."""

    nodes: tuple[Node, ...]
    only: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    file: str
    title: str
    subtitle: str | None
    language: str
    audience: str | None
    code: str | None
    version: str | None
    owner: str | None
    clinical_reviewer: str | None
    reviewed: _dt.date | None
    next_review: _dt.date | None
    sources: tuple[SourceRef, ...]
    entries: tuple[Entry, ...]
    content_hash: str = ""  # of the words a reader sees; see leaflets.register
    warnings: tuple[Diagnostic, ...] = ()
    translation: Translation | None = None
    pages: int | None = None  # a page budget for flowing layouts; more is a fitting error
    lines: dict[str, int] = field(default_factory=dict)  # line of each top-level field, for late errors

    def origin(self, key: str) -> Origin:
        """Where a top-level field (``title``) was written, for problems found after validation."""
        return Origin(self.file, self.lines.get(key))

    @property
    def register_key(self) -> str | None:
        """The code the register keeps this text under: a translation's carries its language."""
        if not self.code:
            return None
        return f"{self.code}/{self.language}" if self.translation else self.code

    @property
    def assets(self) -> list[Path]:
        """Files the topic draws in: its pictures."""
        return [n.path for e in self.entries for n in e.nodes if isinstance(n, Figure)]


def load_topic(path: Path, display: str | None = None) -> Topic:
    """Read and validate one topic file; raise ContentError listing every problem in it."""
    name = display or str(path)
    located = load_yaml(path, name)
    reader = Reader(located, name)
    data = reader.mapping((), located.data, TOPIC_KEYS, required=("title", "blocks"))
    if data is None:
        raise ContentError(reader.diagnostics)
    language = reader.text(("language",), data.get("language"), limit=35) or "en"
    if not _LANGUAGE.fullmatch(language):
        reader.error(("language",), f"{language!r} is not a BCP 47 language tag such as en, en-GB or ar")
    source_id = reader.text(("translation_of",), data.get("translation_of"))
    if source_id and not reader.identifier(("translation_of",), source_id):
        source_id = None  # not a file name to look for
    source, translation = _translation(reader, path, data, source_id, language) if source_id else (None, None)
    # a translation's pictures are the source's, named as the source names them
    ctx = BlockContext(reader, Path(translation.source_file).parent if translation else path.parent)
    if "translation_of" not in data:
        for key in TRANSLATION_KEYS[1:]:
            if key in data:
                reader.error((key,), "is only for translations: add translation_of: <the source topic's id>")
    topic_id = reader.text(("id",), data.get("id")) or (f"{source_id}-{language.lower()}" if source_id else path.stem)
    reader.identifier(("id",), topic_id)
    reviewed = reader.date(("reviewed",), data.get("reviewed"))
    next_review = reader.date(("next_review",), data.get("next_review"))
    if reviewed and next_review and next_review <= reviewed:
        reader.error(("next_review",), "must be after the reviewed date")
    topic = Topic(
        id=topic_id,
        file=name,
        title=reader.text(("title",), data.get("title"), required=True, limit=MAX_TITLE) or "",
        subtitle=reader.text(("subtitle",), data.get("subtitle"), limit=MAX_TITLE),
        language=language,
        audience=reader.text(("audience",), data.get("audience")),
        code=reader.text(("code",), data.get("code")),
        version=reader.text(("version",), data.get("version")),
        owner=reader.text(("owner",), data.get("owner")),
        clinical_reviewer=reader.text(("clinical_reviewer",), data.get("clinical_reviewer")),
        reviewed=reviewed,
        next_review=next_review,
        sources=_sources(reader, data.get("sources")),
        entries=_entries(ctx, data.get("blocks")),
        pages=reader.page_count(("pages",), data.get("pages")),
    )
    if not reader.ok:
        raise ContentError(reader.diagnostics)
    if source is not None:
        topic = replace(topic, **{k: getattr(source, k) for k in INHERITED if data.get(k) is None})
    lines = {key: line for key in data if (line := located.line((key,)))}
    return replace(
        topic, content_hash=content_hash(data), warnings=tuple(reader.diagnostics), translation=translation, lines=lines
    )


def _translation(
    reader: Reader, path: Path, data: dict[str, Any], source_id: str, language: str
) -> tuple[Topic | None, Translation | None]:
    """The source topic, and how this translation stands against it; errors go to ``reader``."""
    status = reader.choice(("translation_status",), data.get("translation_status"), STATUSES)
    translated_by = reader.text(("translated_by",), data.get("translated_by"), required=True)
    source_hash = reader.text(("source_hash",), data.get("source_hash"))
    located = find_source(path, source_id)
    if located is None:
        reader.error(
            ("translation_of",), f"no original topic {source_id!r} beside this file or one folder up (a translation"
            " names the original, not another translation)",
        )  # fmt: skip
        return None, None
    found, source_data = located
    try:
        source = load_topic(found)
    except ContentError:
        reader.error(("translation_of",), f"the source topic {found.name} has errors: fix it first")
        return None, None
    if source.language.split("-")[0].lower() == language.split("-")[0].lower():
        reader.error(("language",), f"is the language of {found.name} ({source.language}); a translation needs its own")
    compare_blocks(reader, source_data.get("blocks") or [], data.get("blocks"), found.name)
    translation = Translation(
        source_id, str(found), source.language, status or "draft", translated_by or "", source_hash,
        source.content_hash,
        source,
    )  # fmt: skip
    if translation.stale:
        if source_hash is not None:
            message = f"{found.name} changed since this was translated: see `leaflets diff {reader.file}`"
        elif "source_hash" not in data:
            message = f"is missing: run `leaflets diff {reader.file} --stamp` once the translation matches the source"
        else:
            message = ""  # an unreadable value: the reader has said why
        if message:
            line = reader.located.line(("source_hash",) if "source_hash" in data else ("translation_of",))
            reader.diagnostics.append(Diagnostic(reader.file, line, "source_hash", message, "warning"))
    return source, translation


def content_hash(data: dict[str, Any]) -> str:
    """A hash of what the reader reads: title, subtitle, blocks and sources, not the review dates."""
    text = {k: data.get(k) for k in ("title", "subtitle", "blocks", "sources")}
    return hashlib.sha256(json.dumps(text, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def _sources(reader: Reader, value: Any) -> tuple[SourceRef, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.error(("sources",), "expected a list of sources (title, publisher, url)")
        return ()
    out = []
    for i, item in enumerate(value):
        path = ("sources", i)
        fields = reader.mapping(path, item, ("title", "publisher", "url"), required=("title",))
        if fields is None:
            continue
        title = reader.text(path + ("title",), fields.get("title"), required=True)
        publisher = reader.text(path + ("publisher",), fields.get("publisher"))
        url = reader.url(path + ("url",), fields.get("url"), required=False)
        if title:
            out.append(SourceRef(title, publisher, url))
    return tuple(out)


def _entries(ctx: BlockContext, value: Any) -> tuple[Entry, ...]:
    reader = ctx.reader
    if not isinstance(value, list) or not value:
        if ("blocks",) not in reader.missing:
            reader.error(("blocks",), "expected a non-empty list of blocks")
        return ()
    entries = []
    for i, item in enumerate(value):
        path = ("blocks", i)
        if not isinstance(item, dict):
            reader.error(path, f"a block is a mapping with one key naming its type: {', '.join(REGISTRY)}")
            continue
        kinds = [key for key in item if key not in BLOCK_OPTIONS]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            reader.error(path, f"a block has exactly one type key ({', '.join(REGISTRY)}); found {found}")
            continue
        kind = kinds[0]
        if kind not in REGISTRY:
            reader.error(
                path + (kind,), f"unknown block type {kind!r}{suggest(kind, REGISTRY)}; known: {', '.join(REGISTRY)}"
            )
            continue
        nodes = REGISTRY[kind].parse(ctx, path + (kind,), item[kind])
        notes = reader.text(path + ("notes",), item.get("notes"))
        only = reader.choice(path + ("only",), item.get("only"), TARGETS, default="") or None
        region = reader.text(path + ("region",), item.get("region"))
        if nodes:
            if notes:
                nodes = (replace(nodes[0], notes=notes),) + nodes[1:]
            entries.append(Entry(nodes, only, region.upper() if region else None))
    return tuple(entries)
