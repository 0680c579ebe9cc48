"""A quotation: a person's own words, and who said them."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.source import Path_
from leaflets.document.nodes import Node, Quote


@block(
    "quote",
    "Someone's own words, with who said them; a slide of its own in the deck.",
    "- quote:\n    text: Palliative care gave me my energy back.\n    by: Sam, who has secondary breast cancer",
)
def quote(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    fields = ctx.reader.mapping(path, value, ("text", "by"), required=("text",))
    if fields is None:
        return None
    text = ctx.inline(path + ("text",), fields.get("text"))
    by = ctx.inline(path + ("by",), fields.get("by"), required=False)
    return (Quote(text=text, by=by, origin=ctx.origin(path)),) if text else None
