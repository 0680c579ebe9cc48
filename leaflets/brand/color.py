"""Colours from brand files, and the WCAG contrast rules every output must meet."""

from __future__ import annotations

RGB = tuple[int, int, int]

#: WCAG 2 AA minimum for normal-size text.
MIN_CONTRAST = 4.5


def parse_color(value: str) -> RGB | None:
    """A CSS colour (``#5B2A86``, ``#fff``, ``rgb(..)``, ``white``) as RGB, or None."""
    from PIL import ImageColor

    try:
        rgb = ImageColor.getrgb(value.strip())
    except (ValueError, AttributeError):
        return None
    return rgb[0], rgb[1], rgb[2]


def to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def luminance(rgb: RGB) -> float:
    """Relative luminance as WCAG defines it."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
#: The draft-translation band on every page and slide: black on this yellow, 14:1.
DRAFT_FILL: RGB = (255, 214, 0)
DRAFT_INK: RGB = (0, 0, 0)


def readable_on(background: RGB, preferred: RGB) -> RGB:
    """``preferred`` if it meets 4.5:1 on ``background``, else black or white, whichever is clearer."""
    if contrast(preferred, background) >= MIN_CONTRAST:
        return preferred
    return max((BLACK, WHITE), key=lambda c: contrast(c, background))


def tint(color: RGB, amount: float = 0.1) -> RGB:
    """``color`` mixed into white: the pale fill of a callout box."""
    return tuple(round(255 - (255 - c) * amount) for c in color)  # type: ignore[return-value]
