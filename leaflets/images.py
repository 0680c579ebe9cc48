"""Opening images from untrusted files: only PNG and JPEG, and never more than a size limit."""

from __future__ import annotations

import warnings
from pathlib import Path

#: Pixels an image may have; a 300 dpi A4 page is about 8.7 million.
MAX_PIXELS = 40_000_000
FORMATS = ("PNG", "JPEG")


def probe_image(path: Path) -> tuple[int, int] | str:
    """The image's pixel size, or a sentence saying why it cannot be used."""
    from PIL import Image

    if not path.is_file():
        return f"image file not found: {path}"
    if path.suffix.lower() == ".svg":
        return f"{path.name}: SVG images are not supported yet; export it as PNG"
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
        with img:
            if img.format not in FORMATS:
                return f"{path.name} is a {img.format} image; use PNG or JPEG"
            width, height = img.size
            if width * height > MAX_PIXELS:
                return f"{path.name} has {width}x{height} pixels, over the limit of {MAX_PIXELS:,}"
            img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{path.name} is too large to open safely (over {MAX_PIXELS:,} pixels)"
    except (OSError, SyntaxError, ValueError):
        return f"{path.name} is not a readable image"
    return width, height
