"""Opening images from untrusted files: only whole PNG and JPEG files, never more than a size
limit, and photos turned the way the camera says they stand.

Every picture is decoded once here, at the edge, so a truncated file is an error naming it
instead of a damaged print. A photo whose EXIF orientation says "rotated", or one larger than
any output needs, is written upright and to size to the cache (keyed by its bytes), and the
renderers draw that copy: they know nothing of EXIF, and embed no more pixels than print needs.
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
#: The longest side, in pixels, of a picture as drawn: 300 dpi over 200 mm, wider than the text
#: column of any shipped layout (A4's is 174 mm; a picture is at most 95 mm tall), and sharp on
#: a full-width slide. A larger picture is drawn from a copy this size: the same print, in a
#: file and build a tenth the size.
MAX_DRAWN_SIDE = 2400
#: Copies kept in the cache, the most recently used: a library's pictures, many times over.
KEPT_PICTURES = 500
FORMATS = ("PNG", "JPEG")
_ORIENTATION = 0x0112


def probe_image(path: Path) -> tuple[int, int] | str:
    """The image's pixel size, or a sentence saying why it cannot be used."""
    prepared = prepare_image(path)
    return prepared if isinstance(prepared, str) else prepared[1:]


def prepare_image(path: Path) -> tuple[Path, int, int] | str:
    """The file to draw and its pixel size, or why it cannot be used: ``path``, or a copy of it
    made once (and kept in the cache under the digest of its bytes), upright and no larger than
    MAX_DRAWN_SIDE. A copy already made is not decoded again: it was checked whole when made."""
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
    digest = hashlib.sha256(data).hexdigest()[:32]
    if made := _made(digest):
        return made
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on damaged metadata: the picture itself is checked below
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _checked(path, digest, Image.open(io.BytesIO(data)))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{path.name} is too large to open safely (over {MAX_PIXELS:,} pixels)"
    except Image.UnidentifiedImageError:
        return f"{path.name} is not a readable image"
    except (OSError, SyntaxError, ValueError, EOFError):
        return f"{path.name} is damaged or cut short (truncated); export or download it again"


def _checked(path: Path, digest: str, img: Any) -> tuple[Path, int, int] | str:
    """The picture opened from the file, decoded whole: the file to draw and its size, or why not."""
    from PIL import Image, ImageOps

    with img:
        if img.format not in FORMATS:
            return f"{path.name} is a {img.format} image; use PNG or JPEG"
        width, height = img.size
        if width * height > MAX_PIXELS:
            return f"{path.name} has {width}x{height} pixels, over the limit of {MAX_PIXELS:,}"
        if img.format == "JPEG" and max(width, height) > MAX_DRAWN_SIDE:
            img.draft(img.mode, (MAX_DRAWN_SIDE, MAX_DRAWN_SIDE))  # decoded at a half, quarter or eighth of its size
        img.load()  # decodes every byte: a truncated or damaged file fails here
        rotated = img.getexif().get(_ORIENTATION, 1) not in (1, None)
        if not rotated and img.size == (width, height) and max(width, height) <= MAX_DRAWN_SIDE:
            return path, width, height
        drawn = ImageOps.exif_transpose(img) if rotated else img.copy()
        drawn.thumbnail((MAX_DRAWN_SIDE, MAX_DRAWN_SIDE), Image.Resampling.LANCZOS)
        try:
            return _cached_copy(digest, drawn, img.format, img.info.get("icc_profile")), drawn.width, drawn.height
        except WriteError as exc:
            if rotated:
                return f"{path.name} is stored rotated and an upright copy could not be made ({exc})"
            return path, width, height  # a cache that cannot be written costs size and speed, never the picture


def _folder() -> Path:
    from leaflets.resources import cache_dir

    return cache_dir() / "pictures"


def _made(digest: str) -> tuple[Path, int, int] | None:
    """The copy made of the picture with these bytes, and its size, when there is one whole: it is
    decoded again (it is small), so a copy damaged in the cache is made again, never drawn."""
    from PIL import Image

    from leaflets.resources import mark_used

    for suffix in ("png", "jpg"):
        copy = _folder() / f"{digest}-{MAX_DRAWN_SIDE}.{suffix}"
        if copy.is_file():
            try:
                with warnings.catch_warnings(), Image.open(copy) as img:
                    warnings.simplefilter("ignore")
                    img.load()
                    mark_used(copy)
                    return copy, img.width, img.height
            except (OSError, SyntaxError, ValueError, EOFError):
                return None
    return None


def _cached_copy(digest: str, drawn: Any, fmt: str, profile: bytes | None) -> Path:
    """The copy written to the cache, with the picture's colour profile (a phone's Display P3,
    a print designer's CMYK) so that its colours hold."""
    import io

    from leaflets.resources import prune_cache

    target = _folder() / f"{digest}-{MAX_DRAWN_SIDE}.{'png' if fmt == 'PNG' else 'jpg'}"
    copy = io.BytesIO()
    drawn.save(copy, format=fmt, quality=92, **({"icc_profile": profile} if profile else {}))
    write_atomic(target, copy.getvalue())
    prune_cache("pictures/*", KEPT_PICTURES)
    return target
