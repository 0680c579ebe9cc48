"""Bulleted and numbered lists."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.schema import TYPED_BULLET, TYPED_NUMBER
from leaflets.content.source import Path_
from leaflets.document.nodes import ListNode, Node


def _untyped(ctx: BlockContext, path: Path_, item: Any) -> Any:
    """An item without a bullet or number typed at its start: the list draws its own."""
    if isinstance(item, str) and (marker := TYPED_BULLET.match(item) or TYPED_NUMBER.match(item)):
        typed = marker.group().strip()
        ctx.reader.warn(path, f"removed {typed!r} typed at the start of the item: the list draws its own")
        return item[marker.end() :]
    return item


def parse_items(ctx: BlockContext, path: Path_, value: Any, ordered: bool) -> ListNode | None:
    """A list of inline-text items; shared with callouts that hold bullets."""
    if not isinstance(value, list) or not value:
        ctx.reader.error(path, "expected a non-empty list of items")
        return None
    items = [ctx.inline(path + (i,), _untyped(ctx, path + (i,), item)) for i, item in enumerate(value)]
    if any(item is None for item in items):
        return None
    return ListNode(items=tuple(items), ordered=ordered, origin=ctx.origin(path))  # type: ignore[arg-type]


@block("bullets", "A bulleted list.", "- bullets:\n    - a new pain\n    - a pain that gets worse")
def bullets(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    node = parse_items(ctx, path, value, ordered=False)
    return (node,) if node else None


@block("numbered", "A numbered list of steps.", "- numbered:\n    - Stay still.\n    - Call the helpline.")
def numbered(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    node = parse_items(ctx, path, value, ordered=True)
    return (node,) if node else None
