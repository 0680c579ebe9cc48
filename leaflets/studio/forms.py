"""The editor's form, generated from what a topic holds and from the block registry, so a new
block type appears in the editor with no editor code.

Each value becomes the simplest control that can hold it: one line of text, a text area for
paragraphs, one list item per line, a small table for a list of records (contacts, sources),
and, for any other shape, its own YAML in a text area.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from msgspec import Struct, field

from leaflets.studio.roundtrip import CommentedMap, load_value, yaml_text

#: Topic fields the form shows above the blocks, in this order, with their labels.
GOVERNANCE = (
    ("title", "Title"),
    ("subtitle", "Subtitle"),
    ("status", "Status"),
    ("code", "Leaflet code"),
    ("version", "Version"),
    ("owner", "Owner"),
    ("next_review", "Next review (YYYY-MM-DD)"),
)
LONG = 70  # characters past which one line of text gets a text area


def _choices() -> dict[tuple[str | int, ...], tuple[str, ...]]:
    """Fields with a fixed set of values, by the end of their path: a chooser, not free text."""
    from leaflets.content.blocks.callout import STYLES
    from leaflets.content.topic import STATUSES, TARGETS

    return {("status",): ("", *STATUSES), ("callout", "style"): STYLES, ("only",): ("", *TARGETS)}


class Field(Struct):
    """One field of a block's form in the studio: where its value sits in the block, its label, kind and value."""

    path: list[str | int]
    label: str
    kind: str  # line, text, lines, table, choice, yaml
    value: Any
    columns: list[str] = field(default_factory=list)  # a table's columns, or a chooser's values

    @property
    def id(self) -> str:
        return "f-" + "-".join(str(p) for p in self.path)

    @property
    def path_json(self) -> str:
        return json.dumps(self.path)


class BlockForm(Struct):
    """One block of a topic as the studio's editor shows it: its fields, and the line it starts on."""

    index: int
    key: str
    summary: str
    fields: list[Field]
    line: int | None = None


def block_templates() -> dict[str, Any]:
    """A new block of each registered type, made from the registry's own example."""
    from leaflets.content.blocks import REGISTRY

    return {key: load_value(kind.example)[0] for key, kind in REGISTRY.items()}


def governance_fields(data: CommentedMap) -> list[Field]:
    return [_field([key], label, data.get(key)) for key, label in GOVERNANCE]


def source_fields(data: CommentedMap) -> list[Field]:
    """The sources as a small table."""
    return [_field(["sources"], "Sources", data.get("sources") or [])]


def block_forms(data: CommentedMap, lines: list[int]) -> list[BlockForm]:
    from leaflets.content.blocks import REGISTRY

    forms = []
    for index, block in enumerate(data.get("blocks") or []):
        keys = [k for k in block if k in REGISTRY] if isinstance(block, dict) else []
        key = keys[0] if keys else "?"
        summary = REGISTRY[key].summary if key in REGISTRY else "A block this studio does not know; edit it as YAML."
        if not keys:
            fields = [_field(["blocks", index], "Block", block, force_yaml=True)]
        else:
            fields = _fields(["blocks", index, key], key.capitalize(), block[key])
            fields += [_field(["blocks", index, k], k.capitalize(), v) for k, v in block.items() if k != key]
        forms.append(BlockForm(index, key, summary, fields, lines[index] if index < len(lines) else None))
    return forms


def _fields(path: list[str | int], label: str, value: Any) -> list[Field]:
    """A mapping becomes one control per key; anything else, one control."""
    if isinstance(value, dict) and all(isinstance(v, (str, int, float, list)) or v is None for v in value.values()):
        return [_field([*path, k], str(k).capitalize(), v) for k, v in value.items()]
    return [_field(path, label, value)]


def _field(path: list[str | int], label: str, value: Any, force_yaml: bool = False) -> Field:
    if not force_yaml:
        choices = next((c for end, c in _choices().items() if tuple(path[-len(end) :]) == end), None)
        if choices and (value is None or value in choices):
            return Field(path, label, "choice", _plain(value), list(choices))
        if value is None or isinstance(value, (str, int, float, _dt.date)):
            text = _plain(value)
            return Field(path, label, "text" if "\n" in text or len(text) > LONG else "line", text)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return Field(path, label + " (one per line)", "lines", "\n".join(value))
        if isinstance(value, list) and value and all(_record(v) for v in value):
            columns = list(dict.fromkeys(k for v in value for k in v))
            rows = [[_plain(v.get(c)) for c in columns] for v in value]
            return Field(path, label, "table", rows, columns)
    return Field(path, label + " (YAML)", "yaml", yaml_text(value))


def _record(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, (str, int, float)) or v is None for v in value.values())


def _plain(value: Any) -> str:
    return "" if value is None else str(value)
