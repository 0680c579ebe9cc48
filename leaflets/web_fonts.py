"""Self-hosted web fonts: the same pip-installed font files the PDF embeds, cut down to the
characters a page needs and packed as WOFF2 (fontTools' subsetter with brotli).

The brand's family is cut to a fixed Latin set, so every page of a site shares the same files
and a reader's browser fetches them once; the script fonts (Arabic, Bengali, Chinese and the
Noto Sans fallback) are cut to the characters each page uses beyond that set, because their
full character sets are large. Files are named by their content: two pages that need the same
subset write the same bytes under the same name.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from leaflets.fonts import FontFiles, script_fonts
from leaflets.manifest import SHARED_FOLDER

#: Characters every page shares from the brand's family: Basic Latin, Latin-1, Latin Extended-A,
#: general punctuation, currency and arrows, the bullet. About 20 KB a style as WOFF2.
SHARED_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x205E), (0x20AC, 0x20AC), (0x2190, 0x2193), (0x2212, 0x2212))


@dataclass(frozen=True)
class WebFont:
    """One ``@font-face``: a CSS family, its weight and style, and the WOFF2 file it loads."""

    family: str
    weight: str  # "400", "700", or "100 900" for a variable font
    style: str  # "normal" or "italic"
    path: str  # relative to the output folder
    data: bytes


def shared_chars() -> frozenset[int]:
    return frozenset(c for lo, hi in SHARED_RANGES for c in range(lo, hi + 1))


def page_fonts(brand_fonts: FontFiles, text: str) -> list[WebFont]:
    """The faces a page with ``text`` needs, in the order the CSS font stack tries them."""
    shared = shared_chars()
    used = frozenset(ord(ch) for ch in text if not ch.isspace())
    out: list[WebFont] = []
    brand_css = brand_fonts.family
    styles = (
        ("400", "normal", brand_fonts.regular),
        ("700", "normal", brand_fonts.bold),
        ("400", "italic", brand_fonts.italic),
        ("700", "italic", brand_fonts.bold_italic),
    )
    for weight, style, path in styles:
        out.append(_face(brand_css, weight, style, path, 0, shared))
    covered = set(_cmap(brand_fonts.regular, 0)) & shared
    for script in script_fonts():
        wanted = (used - covered) & _cmap(script.regular, script.subfont)
        if not wanted:
            continue
        covered |= wanted
        family = f"Leaflets {script.name.removeprefix('Leaflets')}"
        if script.bold is None:  # one file: a variable font's weights, or one weight the browser emboldens
            weight = "100 900" if _variable(script.regular) else "400"
            out.append(_face(family, weight, "normal", script.regular, script.subfont, frozenset(wanted)))
        else:
            out.append(_face(family, "400", "normal", script.regular, script.subfont, frozenset(wanted)))
            out.append(_face(family, "700", "normal", script.bold, script.subfont, frozenset(wanted)))
    return out


def font_stack(fonts: list[WebFont]) -> str:
    """The CSS ``font-family`` value: the page's faces, then the reader's own sans-serif."""
    families = dict.fromkeys(f.family for f in fonts)
    return ", ".join([*(f'"{name}"' for name in families), "sans-serif"])


def font_face_css(fonts: list[WebFont], prefix: str = "") -> str:
    """``@font-face`` rules for ``fonts``, their files at ``prefix`` + path."""
    return "".join(
        f'@font-face{{font-family:"{f.family}";font-weight:{f.weight};font-style:{f.style};'
        f'font-display:swap;src:url("{prefix}{f.path}") format("woff2")}}\n'
        for f in fonts
    )


def _face(family: str, weight: str, style: str, path: Path, subfont: int, chars: frozenset[int]) -> WebFont:
    data = _subset(path, subfont, chars)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{family} {weight.split()[0]} {style}".lower()).strip("-")
    name = f"{SHARED_FOLDER}/{slug}-{hashlib.sha256(data).hexdigest()[:12]}.woff2"
    return WebFont(family, weight, style, name, data)


@lru_cache(maxsize=256)
def _subset(path: Path, subfont: int, chars: frozenset[int]) -> bytes:
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
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, fontNumber=subfont, lazy=True).getBestCmap())


@lru_cache(maxsize=16)
def _variable(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    return "fvar" in TTFont(path, fontNumber=0, lazy=True)
