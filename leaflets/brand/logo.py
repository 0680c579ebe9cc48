"""Which logo to draw on a given background, chosen by measured contrast.

A logo is a graphic, so WCAG 1.4.11 (non-text contrast) asks for 3:1 against what it sits on.
It is measured on the logo's own pixels: the share of its visible pixels that reach 3:1
against the background. A brand that gives variants (brand.yml ``light`` and ``dark``) gets
the one that stands out; when none does, the logo goes on a white plate and the brand owner
is told which version to supply. Renderer-neutral: it needs only Pillow.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from msgspec import Struct

from leaflets.brand.color import RGB, WHITE, contrast, to_hex

if TYPE_CHECKING:
    from leaflets.brand.brand import Brand

#: WCAG 1.4.11: graphics need 3:1 against adjacent colours.
NON_TEXT_CONTRAST = 3.0
#: A logo stands out when at least this share of its visible pixels reach 3:1.
VISIBLE_SHARE = 0.6


class LogoChoice(Struct, frozen=True):
    """The logo file to draw, whether it needs a white plate behind it, and what to tell the brand."""

    path: Path
    plate: bool = False
    warning: str | None = None


@lru_cache(maxsize=64)
def visible_share(path: Path, background: RGB) -> float:
    """The share of the logo's visible pixels with at least 3:1 contrast against ``background``."""
    from PIL import Image

    with Image.open(path) as im:
        image = im.convert("RGBA")
    image.thumbnail((160, 160))
    seen = standing = 0
    colors = cast(list[tuple[int, tuple[int, int, int, int]]], image.getcolors(image.width * image.height) or [])
    for count, (r, g, b, a) in colors:
        if a < 128:
            continue  # transparent: the background shows through
        seen += count
        k = a / 255
        shown = tuple(round(c * k + bg * (1 - k)) for c, bg in zip((r, g, b), background, strict=True))
        if contrast(shown, background) >= NON_TEXT_CONTRAST:  # type: ignore[arg-type]
            standing += count
    return standing / seen if seen else 0.0


def choose_logo(variants: tuple[Path, ...], background: RGB, where: str = "the band") -> LogoChoice | None:
    """The variant that stands out on ``background``; else the best one on a white plate, with a warning."""
    if not variants:
        return None
    best = max(variants, key=lambda p: visible_share(p, background))
    share = visible_share(best, background)
    if share >= VISIBLE_SHARE:
        return LogoChoice(best)
    on_white = max(variants, key=lambda p: visible_share(p, WHITE))
    advice = (
        f"logo {best.name}: only {share:.0%} of it has {NON_TEXT_CONTRAST:g}:1 contrast against {where} "
        f"({to_hex(background)}), so it is drawn on a white plate; for the logo to sit on the colour, give a "
        "version for dark backgrounds in _brand.yml (logo: {medium: {light: ..., dark: ...}})"
    )
    if visible_share(on_white, WHITE) < VISIBLE_SHARE:
        advice = (
            f"logo {best.name}: under {NON_TEXT_CONTRAST:g}:1 contrast against {where} ({to_hex(background)}) "
            "and against white; give a version that stands out on one of them in _brand.yml"
        )
        return LogoChoice(best, False, advice)
    return LogoChoice(on_white, True, advice)


def logo_variants(brand: Brand) -> tuple[Path, ...]:
    """Every version of the brand's logo it gives (light, dark), or its one logo."""
    return brand.logos or ((brand.logo,) if brand.logo else ())


def band_logo(brand: Brand, where: str = "the band") -> LogoChoice | None:
    """The logo for what is drawn on the brand colour: a leaflet's band, a title slide, a web page's header."""
    return choose_logo(logo_variants(brand), brand.primary, where)


def small_logo(brand: Brand) -> Path | None:
    """The logo variant that stands out on the brand's background on its own, for the small mark
    repeated on every content slide; None when only a plate would make one stand out."""
    choice = choose_logo(logo_variants(brand), brand.background, "content slides")
    return choice.path if choice and not choice.plate and not choice.warning else None
