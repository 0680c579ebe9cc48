"""Self-hosted web fonts: the same pip-installed font files the PDF embeds, cut down to the
characters pages need and packed as WOFF2 (fontTools' subsetter with brotli).

Each font is cut to a fixed set of characters for its script (the brand's family to Latin,
Noto Sans Arabic to the Arabic block, and so on), so every page of a site names the same files,
a reader's browser fetches each once, and only when the page has a character in its
``unicode-range``. Chinese is the exception: its full set is megabytes, so it is cut to the
characters of each page. Files are named by their content, and kept in the user's cache, so a
build subsets each font once.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from msgspec import Struct

from leaflets.brand.fonts import FontFiles, font_fact, script_fonts
from leaflets.build.manifest import SHARED_FOLDER
from leaflets.resources import installed

#: Characters every page shares from the brand's family: Basic Latin, Latin-1, Latin Extended-A,
#: general punctuation, currency and arrows, the bullet. About 12 KB a style as WOFF2.
SHARED_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x205E), (0x20AC, 0x20AC), (0x2190, 0x2193), (0x2212, 0x2212))
#: Each script font's fixed set; a font missing here (Chinese) is cut to each page's characters.
SCRIPT_RANGES = {
    "LeafletsFallback": ((0x100, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1EFF)),
    "LeafletsArabic": ((0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0x200C, 0x200F), (0xFD3E, 0xFD3F)),
    "LeafletsBengali": ((0x964, 0x965), (0x980, 0x9FF), (0x200C, 0x200D)),
}


class WebFont(Struct, frozen=True):
    """One ``@font-face``: a CSS family, its weight and style, the characters it is used for,
    and the WOFF2 file it loads."""

    family: str
    weight: str  # "400", "700", or "100 900" for a variable font
    style: str  # "normal" or "italic"
    chars: frozenset[int]
    path: str  # relative to the output folder
    data: bytes


def _chars(ranges: tuple[tuple[int, int], ...]) -> frozenset[int]:
    return frozenset(c for lo, hi in ranges for c in range(lo, hi + 1))


def page_fonts(brand_fonts: FontFiles, text: str) -> list[WebFont]:
    """The faces a page with ``text`` may use, in the order the CSS font stack tries them."""
    used = frozenset(ord(ch) for ch in text if not ch.isspace())
    shared = _chars(SHARED_RANGES) & _cmap(brand_fonts.regular, 0)
    styles = (
        ("400", "normal", brand_fonts.regular),
        ("700", "normal", brand_fonts.bold),
        ("400", "italic", brand_fonts.italic),
        ("700", "italic", brand_fonts.bold_italic),
    )
    out = [_face(brand_fonts.family, weight, style, path, 0, shared) for weight, style, path in styles]
    covered = set(shared)
    for script in script_fonts():
        fixed = SCRIPT_RANGES.get(script.name)
        wanted = frozenset(((_chars(fixed) if fixed else used) - covered) & _cmap(script.regular, script.subfont))
        if not wanted or not fixed and not used & wanted:
            continue
        covered |= wanted
        family = f"Leaflets {script.name.removeprefix('Leaflets')}"
        if script.bold is None:  # one file: a variable font's weights, or one weight the browser emboldens
            weight = "100 900" if _variable(script.regular) else "400"
            out.append(_face(family, weight, "normal", script.regular, script.subfont, wanted))
        else:
            out.append(_face(family, "400", "normal", script.regular, script.subfont, wanted))
            out.append(_face(family, "700", "normal", script.bold, script.subfont, wanted))
    return out


def font_stack(fonts: list[WebFont]) -> str:
    """The CSS ``font-family`` value: the page's faces, then the reader's own sans-serif."""
    families = dict.fromkeys(f.family for f in fonts)
    return ", ".join([*(f'"{name}"' for name in families), "sans-serif"])


def font_face_css(fonts: list[WebFont], prefix: str = "") -> str:
    """``@font-face`` rules for ``fonts``, their files at ``prefix`` + path; a browser fetches a
    file only for a page with a character in its ``unicode-range``."""
    return "".join(
        f'@font-face{{font-family:"{f.family}";font-weight:{f.weight};font-style:{f.style};'
        f'font-display:swap;src:url("{prefix}{f.path}") format("woff2");unicode-range:{unicode_range(f.chars)}}}\n'
        for f in fonts
    )


def unicode_range(chars: frozenset[int]) -> str:
    """``U+20-7E,U+A0`` for a set of code points: runs of neighbours as one range."""
    runs: list[list[int]] = []
    for c in sorted(chars):
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ",".join(f"U+{lo:X}" if lo == hi else f"U+{lo:X}-{hi:X}" for lo, hi in runs)


def _face(family: str, weight: str, style: str, path: Path, subfont: int, chars: frozenset[int]) -> WebFont:
    data = _subset(path, subfont, chars)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{family} {weight.split()[0]} {style}".lower()).strip("-")
    name = f"{SHARED_FOLDER}/{slug}-{hashlib.sha256(data).hexdigest()[:12]}.woff2"
    return WebFont(family, weight, style, chars, name, data)


#: How many web-font subsets the per-user cache keeps, the most recently used: each set of
#: characters a site's pages use makes one, and every edit in the studio may make another.
KEPT_WEB_FONTS = 1024


@lru_cache(maxsize=256)
def _subset(path: Path, subfont: int, chars: frozenset[int]) -> bytes:
    """``path`` cut to ``chars`` as WOFF2, from the user's cache when it was made before."""
    from leaflets.files.digest import file_digest
    from leaflets.resources import cached_file

    key = hashlib.sha256(f"{file_digest(path)}:{subfont}:{unicode_range(chars)}".encode()).hexdigest()[:32]
    return cached_file(f"webfonts/{key}.woff2", lambda: _make_subset(path, subfont, chars), KEPT_WEB_FONTS)


def _make_subset(path: Path, subfont: int, chars: frozenset[int]) -> bytes:
    """``path`` cut to ``chars`` (with what its shaping rules reach), as WOFF2; no hinting."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM dropped" and the like are not news
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Arabic joining and Bengali conjuncts need them all
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright and licence-relevant names
    options.notdef_outline = True
    font = TTFont(path, fontNumber=subfont, lazy=True, recalcTimestamp=False)  # same bytes every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


@lru_cache(maxsize=16)
def _cmap(path: Path, subfont: int) -> frozenset[int]:
    """The characters a font maps, as fontTools reads them (and cuts the font to)."""

    def read() -> Iterable[int]:
        from fontTools.ttLib import TTFont

        return TTFont(path, fontNumber=subfont, lazy=True).getBestCmap()

    return frozenset(font_fact(path, subfont, f"fonttools-{installed('fontTools')}-chars", read))


@lru_cache(maxsize=16)
def _variable(path: Path) -> bool:
    """Whether a font is a variable one (its weights in one file): it has an ``fvar`` table."""

    def read() -> Iterable[int]:
        from fontTools.ttLib import TTFont

        return [1 if "fvar" in TTFont(path, fontNumber=0, lazy=True) else 0]

    return any(font_fact(path, 0, f"fonttools-{installed('fontTools')}-fvar", read))
