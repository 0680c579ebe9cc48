"""Load YAML safely and remember the line of every value, so errors can name it.

Topic and brand files travel between organisations, so they are untrusted: only plain
YAML types are built (no ``!!python`` tags), duplicate keys are refused, and alias
expansion is bounded so that a "billion laughs" file fails fast instead of eating memory.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from leaflets.errors import ContentError, Diagnostic
from leaflets.safe_files import UnsafeFile, read_limited

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Values built per file before we call it an alias bomb; real topics use a few hundred.
MAX_VALUES = 20_000
MAX_BYTES = 2_000_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed YAML data with the line where each value starts, keyed by its path."""

    file: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """Line of ``path`` or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class _Builder:
    def __init__(self, loader: Any, file: str) -> None:
        self.loader = loader
        self.file = file
        self.count = 0
        self.lines: dict[Path_, int] = {}

    def fail(self, node: yaml.Node, message: str) -> ContentError:
        return ContentError([Diagnostic(self.file, node.start_mark.line + 1, "", message)])

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, f"too many values (over {MAX_VALUES}); are aliases expanding?")
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            try:
                value = self.loader.construct_object(node, deep=True)
            except ValueError:  # e.g. 2026-13-01: keep the text; the schema names the field
                return node.value
            if isinstance(value, _dt.datetime):
                value = value.date()
            return value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "keys must be plain text")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "YAML merge keys (<<) are not supported")
                key = str(key_node.value)
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}")
                result[key] = self.build(value_node, path + (key,))
            return result
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover


def load_yaml(path: Path, display: str | None = None, raw: bytes | None = None) -> Located:
    """Read ``path`` (or ``raw``, an earlier text of it) as UTF-8 YAML; every problem is a
    one-line ContentError naming the file."""
    name = display or str(path)
    try:
        raw = read_limited(path, MAX_BYTES) if raw is None else raw
    except UnsafeFile as exc:
        raise ContentError([Diagnostic(name, None, "", str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Diagnostic(name, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(path, None)
        builder = _Builder(loader, name)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError([Diagnostic(name, line, "", f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Diagnostic(name, None, "", f"invalid YAML: {exc}")]) from None
    except (ValueError, OverflowError) as exc:
        raise ContentError([Diagnostic(name, None, "", f"invalid value: {exc}")]) from None
    finally:
        loader.dispose()
    return Located(path, data, builder.lines)


def set_top_level(path: Path, key: str, value: str, before: tuple[str, ...] = ()) -> None:
    """Write ``key: value`` (``value`` already YAML) as a top-level line of ``path``, keeping every
    other line, comment and blank as the author wrote it. A key not there yet goes before the
    first of ``before`` that the file has, else at the end of the leading fields."""
    import re

    from leaflets.atomic import write_atomic

    text = path.read_text(encoding="utf-8")
    line = f"{key}: {value}"
    own = re.compile(rf"(?m)^{re.escape(key)}:.*$")
    if own.search(text):
        text = own.sub(lambda m: line, text, count=1)
    else:
        for other in before:
            found = re.search(rf"(?m)^{re.escape(other)}:", text)
            if found:
                text = text[: found.start()] + line + "\n" + text[found.start() :]
                break
        else:
            text = line + "\n" + text
    write_atomic(path, text.encode("utf-8"))
