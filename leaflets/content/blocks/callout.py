"""Boxed messages; ``urgent`` ones say what to do in an emergency."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.blocks.lists import parse_items
from leaflets.content.schema import MAX_TITLE
from leaflets.content.source import Path_
from leaflets.document.nodes import Callout, ListNode, Node, Paragraph

STYLES = ("urgent", "info", "tip")


@block(
    "callout",
    "A boxed message: style urgent, info or tip, a title, and text or bullets.",
    "- callout:\n    style: urgent\n    title: Call {helpline} now if you have\n"
    "    bullets:\n      - numbness or weakness in your legs",
)
def callout(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    fields = ctx.reader.mapping(path, value, ("style", "title", "text", "bullets", "numbered"))
    if fields is None:
        return None
    style = ctx.reader.choice(path + ("style",), fields.get("style"), STYLES)
    title = ctx.inline(path + ("title",), fields.get("title"), required=False, limit=MAX_TITLE)
    body: list[Paragraph | ListNode] = []
    if "text" in fields:
        body += ctx.paragraphs(path + ("text",), fields["text"])
    for key in ("bullets", "numbered"):
        if key in fields:
            items = parse_items(ctx, path + (key,), fields[key], ordered=key == "numbered")
            if items:
                body.append(items)
    if not body and title is None:
        ctx.reader.error(path, "needs a title, text or bullets")
    if style is None:
        return None
    return (Callout(style=style, title=title, body=tuple(body), origin=ctx.origin(path)),)
