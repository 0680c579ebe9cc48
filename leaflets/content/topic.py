"""The validated content model: a topic file becomes a frozen Topic, or a list of errors.

Every error in a file is reported in one run, each with its line and field path.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from leaflets.content.blocks import REGISTRY, BlockContext
from leaflets.content.schema import MAX_TITLE, Reader, suggest
from leaflets.content.source import content_hash, load_yaml
from leaflets.content.translation import INHERITED, Translation, compare_blocks, find_source
from leaflets.content.translation import KEYS as TRANSLATION_KEYS
from leaflets.content.translation import STATUSES as TRANSLATION_STATUSES
from leaflets.document.nodes import Figure, Node, Origin, SourceRef
from leaflets.editorial.register import SignOff, find_register, next_version, open_register
from leaflets.errors import ContentError, Diagnostic

TOPIC_KEYS = (
    "title",
    "subtitle",
    "id",
    "language",
    "audience",
    "status",
    "code",
    "version",
    "owner",
    "clinical_reviewer",
    "reviewed",
    "next_review",
    "sources",
    "pages",
    "tags",
    "glossary",
    "define",
    "blocks",
    *TRANSLATION_KEYS,
)
BLOCK_OPTIONS = ("notes", "only", "region")
TARGETS = ("leaflet", "deck")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
#: Where a topic stands: written, with a clinician, or signed off with ``leaflets approve``.
STATUSES = ("draft", "in-review", "approved")
#: Fields the sign-off sets; a value typed into the topic file is not a sign-off.
SIGNED = ("clinical_reviewer", "reviewed")


class Entry(Struct, frozen=True):
    """The nodes one block made, and where they may appear."""

    nodes: tuple[Node, ...]
    only: str | None = None
    region: str | None = None


class Topic(Struct, frozen=True):
    """One topic as its YAML file says it, validated: metadata, sources and content blocks."""

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
    content_hash: str = ""  # of the words a reader sees; see leaflets.editorial.register
    warnings: tuple[Diagnostic, ...] = ()
    translation: Translation | None = None
    pages: int | None = None  # a page budget for flowing layouts; more is a fitting error
    lines: dict[str, int] = field(default_factory=dict)  # line of each top-level field, for late errors
    tags: tuple[str, ...] = ()  # what the topic is about, for glossary entries written for some topics only
    glossary: str | tuple[str, ...] = "auto"  # its "Words to know": auto, none, or only these terms
    define: tuple[tuple[str, str], ...] = ()  # its own plain meanings, over the library's
    status: str = "draft"  # as it stands with the register: "approved" only with a matching sign-off
    signoff: SignOff | None = None  # the approval of this exact text, when approved

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    def origin(self, key: str) -> Origin:
        """Where a top-level field (``title``) was written, for problems found after validation."""
        return Origin(self.file, self.lines.get(key))

    @property
    def assets(self) -> list[Path]:
        """Files the topic draws in: its pictures, as the author keeps them."""
        return [n.source for e in self.entries for n in e.nodes if isinstance(n, Figure)]


def load_topic(path: Path, display: str | None = None, raw: bytes | None = None) -> Topic:
    """Read and validate one topic file (or ``raw``, an earlier text of it); raise ContentError
    listing every problem in it."""
    name = display or str(path)
    located = load_yaml(path, name, raw)
    reader = Reader(located, name)
    data = reader.mapping((), located.data, TOPIC_KEYS, required=("title", "blocks"))
    if data is None:
        raise ContentError(reader.diagnostics)
    language = reader.text(("language",), data.get("language"), limit=35) or "en"
    if not _LANGUAGE.fullmatch(language):
        reader.error(("language",), f"{language!r} is not a BCP 47 language tag such as en, en-GB or ar")
    source_id, source, translation = _translation_of(reader, path, data, language)
    # a translation's pictures are the source's, named as the source names them
    ctx = BlockContext(reader, Path(translation.source_file).parent if translation else path.parent)
    topic_id = reader.text(("id",), data.get("id"), spaced=False) or (
        f"{source_id}-{language.lower()}" if source_id else path.stem
    )
    reader.identifier(("id",), topic_id)
    for key in SIGNED:
        if key in data:
            reader.warn((key,), "is recorded by `leaflets approve` when a clinician signs the text off; a value typed"
                        " here is not printed: remove this line")  # fmt: skip
    status = reader.choice(("status",), data.get("status"), STATUSES, default="draft") or "draft"
    next_review = reader.date(("next_review",), data.get("next_review"))
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
        clinical_reviewer=None,
        reviewed=None,
        next_review=next_review,
        sources=_sources(reader, data.get("sources")),
        entries=_entries(ctx, data.get("blocks")),
        pages=reader.page_count(("pages",), data.get("pages")),
    )
    if not reader.ok:
        raise ContentError(reader.diagnostics)
    lines = {key: line for key in data if (line := located.line((key,)))}
    topic = replace(
        topic, content_hash=content_hash(data), translation=translation, lines=lines, status=status,
        tags=tuple(reader.text_list(("tags",), data["tags"]) or ()) if "tags" in data else (),
        glossary=_glossary_choice(reader, data.get("glossary")), define=_definitions(reader, data.get("define")),
    )  # fmt: skip
    if source is not None:  # a translation stands where its source stands
        inherited = {k: getattr(source, k) for k in INHERITED if k in SIGNED or data.get(k) is None}
        topic = replace(topic, **inherited, status=source.status, signoff=source.signoff)
    else:
        topic = _settle(topic, path, reader)
    return replace(topic, warnings=tuple(reader.diagnostics))


def _translation_of(
    reader: Reader, path: Path, data: dict[str, Any], language: str
) -> tuple[str | None, Topic | None, Translation | None]:
    """The source a translation names, and what the translation records of it; the keys only a
    translation may have are refused in a topic that is not one."""
    if "translation_of" not in data:
        for key in TRANSLATION_KEYS[1:]:
            if key in data:
                reader.error((key,), "is only for translations: add translation_of: <the source topic's id>")
        return None, None, None
    if "status" in data:
        reader.error(("status",), "a translation stands where its source stands: set translation_status instead")
    source_id = reader.text(("translation_of",), data.get("translation_of"), spaced=False)
    if not source_id or not reader.identifier(("translation_of",), source_id):
        return None, None, None  # not a file name to look for
    return source_id, *_translation(reader, path, data, source_id, language)


def _settle(topic: Topic, path: Path, reader: Reader) -> Topic:
    """The topic as its sign-off stands. Approved only when the register holds an approval of
    this code and version for exactly this text; text changed since its version was approved
    is a draft of the next version (the old approval stays recorded), so editing never stops
    a build, and no unapproved text ever prints as approved."""
    register = open_register(find_register(path))
    signoff = register.approval(topic.code, topic.version) if topic.code and topic.version else None
    status, version = topic.status, topic.version
    if signoff is not None and signoff.text != topic.content_hash:
        latest = register.latest(topic.code or "")
        version = next_version(max(version or "", latest[0] if latest else "", key=_numbers))
        reader.warn(
            ("version",),
            f"the text changed since {topic.code} v{topic.version} was approved ({signoff.by}, {signoff.date}): it"
            f" builds as a draft of version {version} until `leaflets approve` signs it off",
        )
        status, signoff = ("draft" if status == "approved" else status), None
    elif status == "approved" and signoff is None:
        reader.warn(
            ("status",),
            "approved, but the register holds no sign-off of this code and version: it builds as a draft until"
            " `leaflets approve` records one",
        )
        status = "draft"
    if status != "approved":
        return replace(topic, status=status, version=version)
    assert signoff is not None
    return replace(topic, status=status, signoff=signoff, clinical_reviewer=signoff.reviewer, reviewed=signoff.date)


def _glossary_choice(reader: Reader, value: Any) -> str | tuple[str, ...]:
    """``auto`` (every library term the topic uses), ``none``, or a list of the only terms to explain."""
    if value is None or value in ("auto", "none"):
        return value or "auto"
    if isinstance(value, list):
        return tuple(reader.text_list(("glossary",), value) or ())
    reader.error(("glossary",), "is auto, none, or a list of the terms to explain, such as [biopsy, scan]")
    return "auto"


def _definitions(reader: Reader, value: Any) -> tuple[tuple[str, str], ...]:
    """The topic's own plain meanings (``define: {biopsy: ...}``), which win over the library's."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        reader.error(("define",), "expected term: plain meaning pairs, such as biopsy: Taking a small sample ...")
        return ()
    pairs = [(str(term), reader.text(("define", term), meaning, required=True)) for term, meaning in value.items()]
    return tuple((term, meaning) for term, meaning in pairs if meaning)


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))


def _translation(
    reader: Reader, path: Path, data: dict[str, Any], source_id: str, language: str
) -> tuple[Topic | None, Translation | None]:
    """The source topic, and how this translation stands against it; errors go to ``reader``."""
    status = reader.choice(("translation_status",), data.get("translation_status"), TRANSLATION_STATUSES)
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
        stray = [k for k in kinds if k not in REGISTRY] if len(kinds) > 1 else []
        if len(stray) == 1 and len(kinds) == 2:  # a block and a key that is neither a block nor an option
            name = str(stray[0])
            hint = suggest(name, BLOCK_OPTIONS) or (
                f"{suggest(name, REGISTRY)}; another block starts on a line of its own with '- '"
                if suggest(name, REGISTRY)
                else f"; a block's other keys are {', '.join(BLOCK_OPTIONS)}"
            )
            reader.error(path + (stray[0],), f"unknown key {name!r} beside the block{hint}")
            continue
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
        region = reader.country(path + ("region",), item.get("region"))
        if nodes:
            if notes:
                nodes = (replace(nodes[0], notes=notes),) + nodes[1:]
            entries.append(Entry(nodes, only, region))
    return tuple(entries)
