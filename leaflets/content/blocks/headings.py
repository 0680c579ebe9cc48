"""Headings start a new section: a new part of the leaflet and a new slide."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.schema import MAX_TITLE
from leaflets.content.source import Path_
from leaflets.document.nodes import Heading, Node


@block("heading", "Starts a section (a new slide in the deck).", "- heading: Bone pain")
def heading(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    text = ctx.inline(path, value, limit=MAX_TITLE)
    return (Heading(text=text, level=2, origin=ctx.origin(path)),) if text else None


@block("subheading", "A smaller heading inside a section.", "- subheading: What it feels like")
def subheading(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    text = ctx.inline(path, value, limit=MAX_TITLE)
    return (Heading(text=text, level=3, origin=ctx.origin(path)),) if text else None
