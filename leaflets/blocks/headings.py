"""Headings start a new section: a new part of the leaflet and a new slide."""

from __future__ import annotations

from typing import Any

from leaflets.blocks import BlockContext, block
from leaflets.document import Heading, Node
from leaflets.schema import MAX_TITLE
from leaflets.source import Path_


@block("heading", "Starts a section (a new slide in the deck).", "- heading: Bone pain")
def heading(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    text = ctx.inline(path, value, limit=MAX_TITLE)
    return (Heading(text=text, level=2, origin=ctx.origin(path)),) if text else None


@block("subheading", "A smaller heading inside a section.", "- subheading: What it feels like")
def subheading(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    text = ctx.inline(path, value, limit=MAX_TITLE)
    return (Heading(text=text, level=3, origin=ctx.origin(path)),) if text else None
