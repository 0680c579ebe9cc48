"""Pictures and QR codes."""

from __future__ import annotations

from typing import Any

from leaflets.blocks import BlockContext, block
from leaflets.document import Figure, Node, QRCode
from leaflets.images import prepare_image
from leaflets.safe_files import UnsafeFile, inside
from leaflets.source import Path_


@block(
    "image",
    "A picture with alt text (required) and an optional caption; src is relative to the topic file.",
    "- image:\n    src: images/spine.png\n    alt: Drawing of the spine\n    caption: The spine",
)
def image(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    fields = ctx.reader.mapping(path, value, ("src", "alt", "caption"), required=("src", "alt"))
    if fields is None:
        return None
    src = ctx.reader.text(path + ("src",), fields.get("src"))
    alt = ctx.reader.text(path + ("alt",), fields.get("alt"))
    caption = ctx.inline(path + ("caption",), fields.get("caption"), required=False)
    if src is None or alt is None:
        return None
    try:
        # topics are shared between organisations: they may not reach for files elsewhere on a machine
        file = inside(ctx.base_dir, src)
    except UnsafeFile as exc:
        ctx.reader.error(path + ("src",), f"{exc} (the topic's folder)")
        return None
    prepared = prepare_image(file)
    if isinstance(prepared, str):
        ctx.reader.error(path + ("src",), prepared)
        return None
    drawn, width, height = prepared
    return (Figure(path=drawn, alt=alt, caption=caption, width_px=width, height_px=height, origin=ctx.origin(path)),)


@block(
    "qr",
    "A QR code to a web page, printed with its address so it can also be typed.",
    "- qr:\n    url: https://www.macmillan.org.uk\n    caption: Macmillan Cancer Support",
)
def qr(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    fields = ctx.reader.mapping(path, value, ("url", "caption"), required=("url",))
    if fields is None:
        return None
    url = ctx.reader.url(path + ("url",), fields.get("url"))
    caption = ctx.inline(path + ("caption",), fields.get("caption"), required=False)
    return (QRCode(url=url, caption=caption, origin=ctx.origin(path)),) if url else None
