"""Running text; a blank line starts a new paragraph."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.source import Path_
from leaflets.document.nodes import Node


@block(
    "text",
    "One or more paragraphs; a blank line starts a new one.",
    "- text: |\n    Bone is the most common place for breast cancer to spread.",
)
def text(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    return tuple(ctx.paragraphs(path, value)) or None
