"""Running text; a blank line starts a new paragraph."""

from __future__ import annotations

from typing import Any

from leaflets.blocks import BlockContext, block
from leaflets.document import Node
from leaflets.source import Path_


@block(
    "text",
    "One or more paragraphs; a blank line starts a new one.",
    "- text: |\n    Bone is the most common place for breast cancer to spread.",
)
def text(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    return tuple(ctx.paragraphs(path, value)) or None
