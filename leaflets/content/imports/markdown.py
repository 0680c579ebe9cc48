"""Read Markdown web copy (.md) into a Draft topic, with markdown-it-py (CommonMark and tables).

Headings, paragraphs, lists (nested ones flattened and noted), tables, links, bold and italic,
and pictures with their alt text (copied beside the topic). Block quotes become callouts, urgent
when they say so, flagged; raw HTML and code are kept as text and flagged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leaflets.content.imports.draft import (
    ALT_NEEDED,
    Draft,
    ImportProblem,
    Row,
    short,
    tidy,
    urgent_reason,
    write_picture,
)
from leaflets.content.inline import Inline, Run, plain, to_markup
from leaflets.files.confined import UnsafeFile, inside, read_limited
from leaflets.files.images import MAX_BYTES as MAX_PICTURE_BYTES

#: The largest Markdown file read: web copy for one leaflet is a few kilobytes.
MAX_BYTES = 2 * 1024 * 1024


def read_markdown(path: Path, images: Path) -> Draft:
    from markdown_it import MarkdownIt

    if path.stat().st_size > MAX_BYTES:
        raise ImportProblem(f"is larger than {MAX_BYTES // 1024 // 1024} MiB: is it one leaflet?")
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportProblem("is not UTF-8 text: save it as UTF-8") from None
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    reader = _Reader(path, images)
    reader.walk(tokens)
    if not reader.draft.blocks:
        raise ImportProblem("has no text that leaflets can import")
    return reader.draft


class _Reader:
    def __init__(self, path: Path, images: Path) -> None:
        self.path, self.images = path, images
        self.draft = Draft(fields={"from": path.name, "status": "draft"})
        self.pictures = 0

    def walk(self, tokens: list[Any]) -> None:
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i)

    def block(self, tokens: list[Any], i: int) -> int:
        """Read the block starting at ``tokens[i]``; return the index after it."""
        token, draft = tokens[i], self.draft
        end = _close(tokens, i)
        kind = token.type
        if kind == "heading_open":
            draft.heading(self.inline(tokens[i + 1]), int(token.tag[1]))
        elif kind == "paragraph_open":
            runs = self.inline(tokens[i + 1])
            if runs and not draft.metadata_line(plain(runs)):
                draft.paragraph(runs)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.items(tokens[i:end], kind == "ordered_list_open")
        elif kind == "table_open":
            self.table(tokens[i:end])
        elif kind == "blockquote_open":
            self.quote(tokens[i + 1 : end - 1])
        elif kind in ("html_block", "code_block", "fence"):
            text = token.content.strip()
            if text:
                what = "raw HTML" if kind == "html_block" else "code"
                draft.add({"text": to_markup(tidy([Run(text)]))}, f"{what} was kept as plain text")
        return end + 1

    def inline(self, token: Any) -> Inline:
        """An inline token's runs; pictures in it become image blocks after the text."""
        runs: list[Run] = []
        bold = italic = 0
        href: str | None = None
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline", "html_inline"):
                runs.append(Run(child.content, bold > 0, italic > 0, href))
            elif kind in ("softbreak", "hardbreak"):
                runs.append(Run(" "))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                href = str(child.attrs.get("href") or "") or None
            elif kind == "link_close":
                href = None
            elif kind == "image":
                self.picture(str(child.attrs.get("src") or ""), child.content)
        return tidy(runs)

    def picture(self, src: str, alt: str) -> None:
        self.pictures += 1
        try:
            file = inside(self.path.parent, src)
        except UnsafeFile as exc:
            self.draft.report.append(f"picture {self.pictures} ({src}) was not copied: {exc}")
            return
        if not file.is_file() or file.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif"):
            self.draft.report.append(f"picture {self.pictures} ({src}) is not a PNG, JPEG or GIF file beside the page")
            return
        copy = self.images / f"picture-{self.pictures}{file.suffix.lower()}"
        try:
            write_picture(copy, read_limited(file, MAX_PICTURE_BYTES))
        except UnsafeFile as exc:
            self.draft.report.append(f"picture {self.pictures} ({src}) was not copied: {exc}")
            return
        if not alt.strip():
            self.draft.report.append(f"picture {self.pictures} has no alt text: write it where it says ALT TEXT NEEDED")
        self.draft.add({"image": {"src": copy.as_posix(), "alt": alt.strip() or ALT_NEEDED}})

    def items(self, tokens: list[Any], ordered: bool) -> None:
        items: list[Inline] = []
        depth = 0
        for token in tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif token.type == "inline":
                runs = self.inline(token)
                if depth > 1:
                    self.draft.report.append(f'check: "{short(plain(runs))}" was nested: it is now in the main list')
                if runs:
                    items.append(runs)
        self.draft.items(items, ordered)

    def table(self, tokens: list[Any]) -> None:
        rows: list[list[Inline]] = []
        header = False
        for token in tokens:
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "th_open":
                header = True
            elif token.type == "inline" and rows:
                rows[-1].append(self.inline(token))
        block: dict[str, Any] = {}
        if header and len(rows) > 1:
            block["header"] = Row(to_markup(c) for c in rows[0])
            rows = rows[1:]
        block["rows"] = [Row(to_markup(c) for c in row) for row in rows]
        self.draft.add({"table": block})

    def quote(self, tokens: list[Any]) -> None:
        paragraphs = [self.inline(t) for t in tokens if t.type == "inline"]
        paragraphs = [p for p in paragraphs if p]
        if not paragraphs:
            return
        reason = urgent_reason(" ".join(plain(p) for p in paragraphs))
        block: dict[str, Any] = {"style": "urgent" if reason else "info"}
        if len(paragraphs) > 1 and all(r.bold for r in paragraphs[0]):
            block["title"] = to_markup(tuple(Run(r.text, False, r.italic, r.href) for r in paragraphs[0]))
            paragraphs = paragraphs[1:]
        block["text"] = "\n\n".join(to_markup(p) for p in paragraphs)
        why = f"mentions {reason!r}" if reason else "has no urgent words"
        kind = "an urgent" if reason else "an info"
        self.draft.add({"callout": block}, f"a block quote became {kind} callout ({why})")


def _close(tokens: list[Any], i: int) -> int:
    """The index of the token that closes ``tokens[i]`` (itself when it closes nothing)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
