"""Pictures and QR codes."""

from __future__ import annotations

from typing import Any

from leaflets.content.blocks import BlockContext, block
from leaflets.content.source import Path_
from leaflets.document.nodes import Figure, Node, QRCode
from leaflets.files.confined import UnsafeFile, inside
from leaflets.files.images import prepare_image


@block(
    "image",
    "A picture with alt text (required) and an optional caption; src is relative to the topic file. "
    "width (optional) is its share of the column in print, from 30% to 100%.",
    "- image:\n    src: images/spine.png\n    alt: Drawing of the spine\n    caption: The spine\n    width: 60%",
)
def image(ctx: BlockContext, path: Path_, value: Any) -> tuple[Node, ...] | None:
    fields = ctx.reader.mapping(path, value, ("src", "alt", "caption", "width"), required=("src", "alt"))
    if fields is None:
        return None
    src = ctx.reader.text(path + ("src",), fields.get("src"), spaced=False)
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
    share = _share(ctx, path + ("width",), fields.get("width", 1.0))
    if share is None:
        return None
    return (
        Figure(
            path=drawn, source=file, alt=alt, caption=caption, width_px=width, height_px=height, share=share,
            origin=ctx.origin(path),
        ),
    )  # fmt: skip


def _share(ctx: BlockContext, path: Path_, value: Any) -> float | None:
    """A picture's width as a share of the column: ``60%`` or ``0.6``, from 30% to 100%."""
    text = str(value).strip()
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        share = -1.0
    if not 0.3 <= share <= 1.0 or isinstance(value, bool):
        ctx.reader.error(path, f"{value!r} is not a width: give a share of the column from 30% to 100%, e.g. 60%")
        return None
    return share


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
