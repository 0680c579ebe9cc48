"""Load YAML safely and remember the line of every value, so errors can name it.

Topic and brand files travel between organisations, so they are untrusted: only plain
YAML types are built (no ``!!python`` tags), duplicate keys are refused, and alias
expansion is bounded so that a "billion laughs" file fails fast instead of eating memory.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct, field

from leaflets.errors import ContentError, Diagnostic
from leaflets.files.confined import UnsafeFile, read_limited

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Values built per file before we call it an alias bomb; real topics use a few hundred.
MAX_VALUES = 20_000
#: Lists and mappings inside each other; real files use under ten. Deeper files would exhaust
#: the stack of the (recursive) YAML composer, so depth is checked on the parser's events first.
MAX_DEPTH = 64
MAX_BYTES = 2_000_000
#: Whole numbers past this are kept as the text they were written as: no field wants one, and
#: Python refuses to turn one of over 4,300 digits back into text.
MAX_INT = 2**63

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

Path_ = tuple[str | int, ...]


class Located(Struct):
    """Parsed YAML data with the line where each value starts, keyed by its path."""

    file: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    written: dict[Path_, str] = field(default_factory=dict)  # how each number or true/false was written
    #: Plain text running over lines, one of which starts "- ": a list item indented too far,
    #: which YAML reads as more words of the item above. Its line, by the text's path.
    joined: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """Line of ``path`` or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class _Builder:
    def __init__(self, loader: Any, file: str, source: list[str]) -> None:
        self.loader = loader
        self.file = file
        self.source = source
        self.count = 0
        self.lines: dict[Path_, int] = {}
        self.written: dict[Path_, str] = {}
        self.joined: dict[Path_, int] = {}

    def fail(self, node: yaml.Node, message: str) -> ContentError:
        return ContentError([Diagnostic(self.file, node.start_mark.line + 1, "", message)])

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, f"too many values (over {MAX_VALUES}); are aliases expanding?")
        if len(path) > MAX_DEPTH:  # the text's own nesting is checked before; an alias nests what it names
            raise self.fail(node, f"lists and mappings are nested more than {MAX_DEPTH} deep (aliases count too)")
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            try:
                value = self.loader.construct_object(node, deep=True)
            except ValueError:  # e.g. 2026-13-01: keep the text; the schema names the field
                return node.value
            if isinstance(value, str) and (said := hidden_character(value)):  # in any file: brands, strings, layouts
                raise ContentError([Diagnostic(self.file, node.start_mark.line + 1, format_path(path), said)])
            if not node.style and node.end_mark.line > node.start_mark.line:  # plain text over several lines
                for at in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.source))):
                    if self.source[at].lstrip().startswith("- "):
                        self.joined[path] = at + 1
                        break
            if isinstance(value, _dt.datetime):
                value = value.date()
            elif isinstance(value, (int, float)):  # bool is an int
                self.written[path] = node.value
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_INT:
                    return node.value
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
        _check_depth(text, name)
        node = loader.get_single_node()
        if node is None:
            return Located(path, None)
        builder = _Builder(loader, name, text.splitlines())
        data = builder.build(node, ())
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        at = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"{describe_character(character)} is a character a YAML file cannot hold: remove it"
        raise ContentError([Diagnostic(name, at, "", message)]) from None
    except yaml.MarkedYAMLError as exc:
        where, said = _explain(exc, text)
        raise ContentError([Diagnostic(name, where, "", said)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Diagnostic(name, None, "", f"invalid YAML: {str(exc).splitlines()[0]}")]) from None
    except (ValueError, OverflowError) as exc:
        raise ContentError([Diagnostic(name, None, "", f"invalid value: {exc}")]) from None
    finally:
        loader.dispose()
    return Located(path, data, builder.lines, builder.written, builder.joined)


def _check_depth(text: str, name: str) -> None:
    """Refuse lists and mappings nested over MAX_DEPTH deep, before any node is built."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else None
                message = f"lists and mappings are nested more than {MAX_DEPTH} deep"
                raise ContentError([Diagnostic(name, line, "", message)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


#: Characters that are never text: C0 and C1 controls but tab and line break, and DEL, which no
#: font draws; the embeddings, overrides and isolates of bidirectional text, which reorder what
#: a reader sees (Arabic and Urdu need none: their direction comes from their letters); halves
#: of surrogate pairs, which cannot be written as UTF-8; Unicode's non-characters, which a
#: slide's XML refuses; and the invisible tag characters, which a PDF drops.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U000e0000-\U000e007f]"
)


def format_path(path: Path_) -> str:
    """``("blocks", 3, "callout", "style")`` -> ``blocks[3].callout.style``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


#: Scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer, and the
#: Chinese and Japanese ones (Korean spaces its words). A "word" there is a whole phrase, so
#: the rules that look at words (stars glued to a word, runs with no space) leave them alone.
UNSPACED_RANGES = (
    (0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x9FFF), (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)  # fmt: skip


def unspaced(char: str) -> bool:
    """Whether ``char`` is a letter of a script written without spaces."""
    code = ord(char)
    return any(low <= code <= high for low, high in UNSPACED_RANGES)


@cache
def unspaced_letters() -> re.Pattern[str]:
    """Any letter of a script written without spaces. Compiled when first needed: its class
    spans some 30,000 characters, which costs a cold start 2 ms to compile."""
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in UNSPACED_RANGES) + "]")


def hidden_character(text: str) -> str | None:
    """What to tell an author whose text holds a character that is never text, or None."""
    if bad := NOT_TEXT.search(text):
        where = f"{describe_character(bad.group())}, at character {bad.start() + 1}"
        return f"has a hidden control character ({where}): remove it"
    return None


def describe_character(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``, or ``U+0000`` for a character with no name."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


def set_top_level(path: Path, key: str, value: str, before: tuple[str, ...] = ()) -> None:
    """Write ``key: value`` (``value`` already YAML) as a top-level line of ``path``, keeping every
    other line, comment and blank as the author wrote it. A key not there yet goes before the
    first of ``before`` that the file has, else at the end of the leading fields."""
    import re

    from leaflets.files.atomic import write_atomic

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


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line, and PyYAML's complaint in words an author can act on: tabs, indentation, a quote
    or bracket never closed, and a colon inside a text are the usual causes."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    lines = text.splitlines()
    line = mark.line + 1 if mark else None
    where = lines[mark.line] if mark and mark.line < len(lines) else ""
    opened = exc.context_mark
    if "nesting depth" in problem:  # libyaml's own limit, met before ours on very deep files
        return line, f"lists and mappings are nested more than {MAX_DEPTH} deep"
    if "\t" in where and ("cannot start any token" in problem or "tab" in problem):
        column = where.index("\t") + 1
        return line, f"column {column}: a tab character; YAML needs spaces: replace the tab with two spaces"
    if opened and "quoted scalar" in context:
        return opened.line + 1, "a quotation mark on this line is never closed: close it at the end of the text"
    if opened and "flow" in context:  # the parser marks where it gave up: the bracket is on that line or above
        at = next(
            (i for i in range(min(opened.line, len(lines) - 1), -1, -1) if "[" in lines[i] or "{" in lines[i]), None
        )
        return (at + 1 if at is not None else line), (
            "a [ or { on this line is never closed: close it, or put the text in quotes if the bracket is part of it"
        )
    if mark and "mapping values are not allowed" in problem and ": " in where[: mark.column]:
        key, _, rest = where.partition(":")
        key, rest = key.strip().lstrip("- "), rest.strip().replace("'", "''")  # single quotes: no escapes but ''
        return line, (
            f"a colon and a space in the text of {key!r} would start a new field: put the whole text in quotes, "
            f"such as {key}: '{rest}'"
        )
    if mark and ("expected" in problem or "mapping values are not allowed" in problem) and mark.line > 0:
        indent = len(where) - len(where.lstrip(" "))
        above = next((t for t in reversed(lines[: mark.line]) if t.strip() and not t.lstrip().startswith("#")), "")
        above_indent = len(above) - len(above.lstrip(" "))
        if indent != above_indent:
            return line, (
                f"indentation: this line starts after {indent} spaces and the line above after {above_indent}; "
                f"items of one list, and keys of one block, line up (YAML said: {problem})"
            )
    return line, f"invalid YAML: {problem}"


def content_hash(data: dict[str, Any]) -> str:
    """A hash of what the reader reads: title, subtitle, blocks and sources, not the review dates."""
    text = {k: data.get(k) for k in ("title", "subtitle", "blocks", "sources")}
    return hashlib.sha256(json.dumps(text, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]
