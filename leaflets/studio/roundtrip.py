"""Editing a topic's YAML without losing the author's comments or key order.

The studio's state is the YAML text itself: a form edit is applied to a round-trip
(ruamel.yaml) reading of that text and written back, so every comment, key order and block
the form does not touch stays as the author wrote it.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError


class EditError(Exception):
    """An edit that cannot be applied; ``str()`` is a sentence for the author."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an author's lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> CommentedMap:
    """The topic as a round-trip mapping; EditError when it is not a YAML mapping."""
    try:
        data = _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise EditError(f"{where}the YAML cannot be read ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(data, CommentedMap):
        raise EditError("a topic file must be a mapping of fields such as title: and blocks:")
    return data


def load_value(text: str) -> Any:
    """One value written as YAML in the form (a block of an unusual shape)."""
    try:
        return _yaml().load(text) if text.strip() else None
    except YAMLError as exc:
        raise EditError(f"this YAML cannot be read ({getattr(exc, 'problem', None) or exc})") from None


def yaml_text(value: Any) -> str:
    out = io.StringIO()
    _yaml().dump(value, out)
    return out.getvalue()


def dump(data: CommentedMap) -> str:
    return yaml_text(data)


def block_lines(data: CommentedMap) -> list[int]:
    """The 1-based line each block starts on, so a finding can be shown beside its block."""
    blocks = data.get("blocks")
    if not isinstance(blocks, CommentedSeq):
        return []
    return [blocks.lc.item(i)[0] + 1 for i in range(len(blocks))]


def blocks_of(data: CommentedMap) -> CommentedSeq:
    blocks = data.get("blocks")
    if blocks is None:
        blocks = data["blocks"] = CommentedSeq()
    if not isinstance(blocks, CommentedSeq):
        raise EditError("blocks: must be a list of blocks")
    return blocks


def set_field(data: CommentedMap, path: list[str | int], value: Any) -> None:
    """Set the value at ``path`` (keys and list positions); an empty optional field is removed."""
    if not path:
        raise EditError("no field named")
    parent: Any = data
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"the field {_name(path)} no longer exists; reload the topic") from None
    last = path[-1]
    if isinstance(parent, dict):
        if value in ("", None, []) and last in parent and len(path) > 1 and not _required(path):
            del parent[last]
        elif value not in ("", None, []) or last in parent:
            parent[last] = _keep_style(parent.get(last), value)
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        parent[last] = _keep_style(parent[last], value)
    else:
        raise EditError(f"the field {_name(path)} no longer exists; reload the topic")


def block_op(data: CommentedMap, op: str, index: int, template: Any = None) -> None:
    """Add (after ``index``), move up or down, duplicate or delete the block at ``index``."""
    blocks = blocks_of(data)
    if op == "add":
        blocks.insert(min(max(index + 1, 0), len(blocks)), template)
        return
    if not 0 <= index < len(blocks):
        raise EditError(f"there is no block {index + 1}; reload the topic")
    if op == "delete":
        del blocks[index]
    elif op == "duplicate":
        blocks.insert(index + 1, copy.deepcopy(blocks[index]))
    elif op in ("up", "down"):
        other = index - 1 if op == "up" else index + 1
        if 0 <= other < len(blocks):
            blocks[index], blocks[other] = blocks[other], blocks[index]
    else:
        raise EditError(f"unknown block action {op!r}")


def _keep_style(old: Any, value: Any) -> Any:
    """Multi-line text stays a ``|`` block, as authors write paragraphs."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, str) and ("\n" in value or isinstance(old, LiteralScalarString)):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, list) and isinstance(old, CommentedSeq):
        old[:] = value
        return old
    return value


def _required(path: list[str | int]) -> bool:
    return path[-1] in ("title", "blocks")


def _name(path: list[str | int]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path)
