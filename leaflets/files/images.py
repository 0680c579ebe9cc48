"""Opening images from untrusted files: only whole PNG and JPEG files, never more than a size
limit, and photos turned the way the camera says they stand.

Every picture is decoded once here, at the edge, so a truncated file is an error naming it
instead of a damaged print. A photo whose EXIF orientation says "rotated" is written upright
to the cache (keyed by its bytes), and the renderers draw that copy: they know nothing of EXIF.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Any

from leaflets.files.atomic import WriteError, write_atomic
from leaflets.files.confined import UnsafeFile, read_limited

#: Pixels an image may have; a 300 dpi A4 page is about 8.7 million.
MAX_PIXELS = 40_000_000
#: Bytes an image file may have; a 40-megapixel JPEG is about 20 MB.
MAX_BYTES = 50_000_000
FORMATS = ("PNG", "JPEG")
_ORIENTATION = 0x0112


def probe_image(path: Path) -> tuple[int, int] | str:
    """The image's pixel size, or a sentence saying why it cannot be used."""
    prepared = prepare_image(path)
    return prepared if isinstance(prepared, str) else prepared[1:]


def prepare_image(path: Path) -> tuple[Path, int, int] | str:
    """The file to draw (``path``, or an upright copy of it) and its pixel size, or why it cannot be used."""
    import io

    from PIL import Image

    if path.suffix.lower() == ".svg":
        return f"{path.name}: SVG images are not supported yet; export it as PNG"
    if not path.exists():
        return f"image file not found: {path}"
    try:
        data = read_limited(path, MAX_BYTES)
    except UnsafeFile as exc:
        return f"image {exc}"
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on damaged metadata: the picture itself is checked below
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _checked(path, data, Image.open(io.BytesIO(data)))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{path.name} is too large to open safely (over {MAX_PIXELS:,} pixels)"
    except Image.UnidentifiedImageError:
        return f"{path.name} is not a readable image"
    except (OSError, SyntaxError, ValueError, EOFError):
        return f"{path.name} is damaged or cut short (truncated); export or download it again"


def _checked(path: Path, data: bytes, img: Any) -> tuple[Path, int, int] | str:
    """The picture opened from ``data``, decoded whole: the file to draw and its size, or why not."""
    from PIL import ImageOps

    with img:
        if img.format not in FORMATS:
            return f"{path.name} is a {img.format} image; use PNG or JPEG"
        width, height = img.size
        if width * height > MAX_PIXELS:
            return f"{path.name} has {width}x{height} pixels, over the limit of {MAX_PIXELS:,}"
        img.load()  # decodes every byte: a truncated or damaged file fails here
        if img.getexif().get(_ORIENTATION, 1) in (1, None):
            return path, width, height
        upright = ImageOps.exif_transpose(img)
        try:
            return _cached_copy(data, upright, img.format), upright.width, upright.height
        except WriteError as exc:
            return f"{path.name} is stored rotated and an upright copy could not be made ({exc})"


def _cached_copy(data: bytes, upright: object, fmt: str) -> Path:
    from leaflets.resources import cache_dir

    folder = cache_dir() / "upright"
    target = folder / f"{hashlib.sha256(data).hexdigest()[:32]}.{'png' if fmt == 'PNG' else 'jpg'}"
    if not target.is_file():
        import io

        drawn = io.BytesIO()
        upright.save(drawn, format=fmt, quality=95)  # type: ignore[attr-defined]
        write_atomic(target, drawn.getvalue())
    return target
