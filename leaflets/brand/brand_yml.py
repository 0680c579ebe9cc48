"""Reading a ``_brand.yml``: the brand.yml convention that Quarto and Posit tools use.

The file is read with the ``brand-yml`` package after loosening what real files do that
Quarto accepts (root-relative logo paths); the normalised result is cached by file hash
because importing brand-yml costs more than a whole build. Name, colours, font and logo
(with its light and dark variants) come from it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from leaflets.brand.color import MIN_CONTRAST, contrast, parse_color, to_hex
from leaflets.brand.fonts import FontFiles, css_families, find_family, install_hint
from leaflets.content.source import MAX_BYTES, Located, load_yaml
from leaflets.errors import BrandError, ContentError, Diagnostic
from leaflets.files.confined import UnsafeFile, inside, read_limited, regular_file
from leaflets.files.images import probe_image
from leaflets.resources import cache_dir, keep_in_cache, mark_used, prune_cache

if TYPE_CHECKING:
    from leaflets.brand.brand import Brand

BRAND_FILE = "_brand.yml"
#: A font family's file; the largest pip fonts (CJK) are about 20 MB.
MAX_FONT_BYTES = 40_000_000
#: Brand files kept read in the per-user cache (a few KiB each): each edit of one makes a new entry.
KEPT_BRANDS = 256


def read_brand_file(path: Path) -> Located:
    """A brand's YAML file, its problems reported as the brand's."""
    try:
        return load_yaml(path)
    except ContentError as exc:
        raise BrandError(exc.diagnostics) from None


def read_brand_yml(path: Path) -> dict[str, Any]:
    """The brand.yml data, normalised by brand-yml, from the cache when the file is unchanged."""
    try:
        raw = read_limited(path, MAX_BYTES)
    except UnsafeFile as exc:
        raise BrandError([Diagnostic(str(path), None, "", str(exc))]) from None
    cached = cache_dir() / f"brand-{hashlib.sha256(raw + str(path).encode()).hexdigest()[:32]}.json"
    try:
        found = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not made yet, or damaged: made again
        pass
    else:
        mark_used(cached)
        return found
    located = read_brand_file(path)
    data = located.data if isinstance(located.data, dict) else {}
    data = _loosen(data)
    from brand_yml import Brand as BrandYml
    from brand_yml._defs import CircularReferenceError
    from pydantic import ValidationError

    try:
        model = BrandYml.model_validate(data)
    except CircularReferenceError as exc:  # colours that name each other: brand-yml's own check, in its words
        said = " ".join(str(exc).split()).replace("Circular reference detected. ", "")
        raise BrandError(
            [Diagnostic(str(path), None, "color", f"colours name each other in a circle ({said})")]
        ) from None
    except ValidationError as exc:
        raise BrandError(
            [
                Diagnostic(
                    str(path), located.line(tuple(str(p) for p in e["loc"][:2])), ".".join(map(str, e["loc"])), e["msg"]
                )
                for e in exc.errors()
            ]
        ) from None
    result = model.model_dump(exclude_none=True, mode="json")
    keep_in_cache(cached, json.dumps(result).encode())
    prune_cache("brand-*.json", KEPT_BRANDS)
    return result


def _loosen(data: dict[str, Any]) -> dict[str, Any]:
    """Accept what Quarto accepts: ``logo: /logo.png`` means relative to the brand's root."""
    logo = data.get("logo")
    if isinstance(logo, str):
        data = {**data, "logo": logo.lstrip("/")}
    elif isinstance(logo, dict):
        images = logo.get("images")
        if isinstance(images, dict):
            images = {k: v.lstrip("/") if isinstance(v, str) else v for k, v in images.items()}
        fixed = {
            k: v.lstrip("/") if isinstance(v, str) and k in ("small", "medium", "large") else v for k, v in logo.items()
        }
        if images is not None:
            fixed["images"] = images
        data = {**data, "logo": fixed}
    return data


def _logo_path(core: dict[str, Any]) -> str | None:
    logo = core.get("logo")
    if isinstance(logo, dict):
        if "path" in logo:
            return str(logo["path"])
        for size in ("medium", "large", "small"):
            chosen = logo.get(size)
            if isinstance(chosen, dict):
                chosen = chosen.get("light") or chosen.get("path")
            if isinstance(chosen, str):
                images = logo.get("images") or {}
                entry = images.get(chosen, chosen)
                return str(entry["path"] if isinstance(entry, dict) else entry)
    return None


def _logo_variants(core: dict[str, Any]) -> list[str]:
    """Every logo variant brand.yml names for the chosen size (``light`` for light backgrounds,
    ``dark`` for dark ones), as paths; the renderers pick the one that stands out."""
    logo = core.get("logo")
    if not isinstance(logo, dict):
        return []
    images = logo.get("images") or {}
    size: dict[str, Any] = next((logo[s] for s in ("medium", "large", "small") if isinstance(logo.get(s), dict)), {})
    found = []
    for mode in ("light", "dark"):
        entry = size.get(mode)
        entry = entry.get("path") if isinstance(entry, dict) else entry
        entry = images.get(entry, entry) if isinstance(entry, str) else None
        entry = entry.get("path") if isinstance(entry, dict) else entry
        if isinstance(entry, str):
            found.append(entry)
    return found


def apply_brand_yml(brand: Brand, core: dict[str, Any]) -> Brand:
    """Overlay what a normalised ``_brand.yml`` sets: name, colours, font, logo."""
    warnings: list[Diagnostic] = []
    display = str(brand.folder / BRAND_FILE)

    def warn(message: str) -> None:
        warnings.append(Diagnostic(display, None, "", message, "warning"))

    changes: dict[str, Any] = {}
    name = (core.get("meta", {}).get("name") or {}).get("full")
    if name:
        changes["name"] = str(name)
    colors = core.get("color", {})
    for key in ("primary", "secondary", "foreground", "background"):
        if key in colors:
            rgb = parse_color(str(colors[key]))
            if rgb is None:
                warn(f"color.{key}: {colors[key]!r} is not a colour; using {to_hex(getattr(brand, key))}")
            else:
                changes[key] = rgb
    base = core.get("typography", {}).get("base")
    if isinstance(base, dict) and base.get("family"):
        changes["fonts"] = _font(brand, str(base["family"]), warn)
    variants = _logo_variants(core)
    if logo := _logo_path(core) or next(iter(variants), None):
        changes["logo"] = logo_file(brand.folder, logo, warn)
        others = (logo_file(brand.folder, v, warn) for v in variants if v != logo)
        changes["logos"] = tuple(dict.fromkeys(p for p in (changes["logo"], *others) if p))
    brand = replace(brand, **changes)
    if contrast(brand.foreground, brand.background) < MIN_CONTRAST:
        warn(
            f"text colour {to_hex(brand.foreground)} on {to_hex(brand.background)} has contrast "
            f"{contrast(brand.foreground, brand.background):.1f}:1, under {MIN_CONTRAST}:1; "
            "black or white is used instead"
        )
    return replace(brand, warnings=tuple(warnings))


def _font(brand: Brand, stack: str, warn: Callable[[str], None]) -> FontFiles:
    """The first family of a CSS font stack that is installed, else the current font and a warning."""
    families = [f for f in css_families(stack) if f.lower() not in ("sans-serif", "serif", "system-ui")]
    for family in families:
        if not re.fullmatch(r"[\w][\w .'&+-]*", family) or ".." in family:
            warn(f"font {family!r} is not a family name (a brand names fonts, not paths); it is not used")
            continue
        if found := find_family(family, (brand.folder / "fonts", brand.folder)):
            problem = _font_problem(brand.folder, found)
            if problem is None:
                return found
            warn(f"font {family!r}: {problem}; using {brand.fonts.family}")
            return brand.fonts
    if families:
        warn(
            f"font {families[0]!r} was not found; using {brand.fonts.family}. "
            f"To use it, {install_hint(families[0])} or put its static TTF files in {brand.folder / 'fonts'}"
        )
    return brand.fonts


#: How a TrueType font file starts; reportlab embeds no other kind.
TRUETYPE = (b"\x00\x01\x00\x00", b"true")


def _font_problem(folder: Path, fonts: FontFiles) -> str | None:
    """Why a brand's own font files may not be embedded: outside the brand, not a font-sized
    file, or not a TrueType font that reads whole. A web font (WOFF, WOFF2) is refused before
    anything unpacks it: its compressed tables could expand to gigabytes."""
    for path in sorted({fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic}):
        if path.is_relative_to(folder):
            try:
                inside(folder, path.relative_to(folder))
            except UnsafeFile as exc:
                return str(exc)
            if problem := regular_file(path, MAX_FONT_BYTES):
                return problem
            if problem := _truetype_problem(path):
                return problem
    return None


def _truetype_problem(path: Path) -> str | None:
    with path.open("rb") as file:
        head = file.read(4)
    if head in (b"wOFF", b"wOF2"):
        return f"{path.name} is a web font (WOFF); use the font's .ttf file"
    if head == b"OTTO":
        return f"{path.name} has PostScript (CFF) outlines, which cannot be embedded; use a TrueType .ttf"
    if head not in TRUETYPE:
        return f"{path.name} is not a TrueType font file"
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        TTFontFile(str(path), validate=1)
    except Exception as exc:  # noqa: BLE001 - any damage in a font is the same for the reader: it cannot be used
        said = " ".join(str(exc).replace(str(path), path.name).split())
        return f"{path.name} is damaged or cannot be embedded ({said[:120]})"
    return None


def logo_file(folder: Path, spec: str, warn: Callable[[str], None]) -> Path | None:
    try:
        candidate = inside(folder, spec.lstrip("/"))
    except UnsafeFile as exc:
        warn(f"logo: {exc}; the brand is used without a logo")
        return None
    problem = probe_image(candidate)
    if isinstance(problem, str):
        warn(f"logo: {problem}; the brand is used without a logo")
        return None
    return candidate
