"""Brands: a folder with a ``_brand.yml`` (the brand.yml convention, read in ``brand_yml``) and
a ``leaflets.yml`` for what that convention lacks (its keys are the field specs in ``fields``).

``leaflets.yml`` may say ``extends: NAME`` to inherit everything it does not override; every
brand but the shipped default inherits from the default.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from leaflets.brand.brand_yml import BRAND_FILE, apply_brand_yml, read_brand_file, read_brand_yml
from leaflets.brand.color import RGB, parse_color
from leaflets.brand.fields import CALLOUT_COLORS, KEYS, apply_fields
from leaflets.brand.fonts import FontFiles, default_family
from leaflets.content.schema import Reader, suggest
from leaflets.content.source import Located
from leaflets.document.nodes import Contact
from leaflets.errors import BrandError, Diagnostic
from leaflets.resources import template_dirs

EXTRAS_FILE = "leaflets.yml"
DEFAULT_DISCLAIMER = (
    "This is general information. It does not replace advice from your own care team, who know your situation."
)


class Brand(Struct, frozen=True):
    """A brand as the renderers use it: colours, fonts, logo and the words every page prints, read and checked once
    from its folder."""

    name: str
    folder: Path
    primary: RGB
    secondary: RGB
    foreground: RGB
    background: RGB
    callout_colors: dict[str, RGB]
    fonts: FontFiles
    logo: Path | None
    logo_alt: str | None
    footer: str | None
    website: str | None
    country: str | None
    placeholders: dict[str, str]
    contacts: tuple[Contact, ...]
    disclaimer: str
    deck_template: Path | None
    feedback_url: str | None
    web_base_url: str | None = (
        None  # where the web pages live: every printed leaflet then carries a QR code to its page
    )
    cmyk: dict[RGB, tuple[float, float, float, float]] = field(default_factory=dict)  # print values, 0-100
    warnings: tuple[Diagnostic, ...] = field(default=())
    files: tuple[Path, ...] = ()  # every file the brand was made from, for incremental builds
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)  # brand text in other languages
    logos: tuple[Path, ...] = ()  # every variant _brand.yml gives (light, dark), for the one that stands out

    @property
    def slug(self) -> str:
        """The brand's folder name: it names the output folder when several brands are built."""
        return self.folder.name

    @property
    def logo_text(self) -> str:
        """Alt text for the logo wherever it appears."""
        return self.logo_alt or f"{self.name} logo"


def _root(folder: Path) -> Brand:
    """What a brand that sets nothing gets; the shipped default brand is built on top of it."""
    return Brand(
        name=folder.name,
        folder=folder,
        primary=(0x1F, 0x4E, 0x79),
        secondary=(0x1F, 0x4E, 0x79),
        foreground=(0x1A, 0x1A, 0x1A),
        background=(255, 255, 255),
        callout_colors={k: parse_color(v) or (0, 0, 0) for k, v in CALLOUT_COLORS.items()},
        fonts=default_family(),
        logo=None,
        logo_alt=None,
        footer=None,
        website=None,
        country=None,
        placeholders={},
        contacts=(),
        disclaimer=DEFAULT_DISCLAIMER,
        deck_template=None,
        feedback_url=None,
    )


def available_brands() -> dict[str, Path]:
    """Brand name -> folder, the user's ``templates/brands`` overriding shipped ones."""
    found: dict[str, Path] = {}
    for root in reversed(template_dirs()):
        brands = root / "brands"
        if brands.is_dir():
            for folder in sorted(brands.iterdir()):
                if (folder / BRAND_FILE).is_file() or (folder / EXTRAS_FILE).is_file():
                    found[folder.name] = folder
    return found


def brand_folder(spec: str) -> Path:
    """Resolve ``--brand``: a name, a folder, or a ``_brand.yml``/``leaflets.yml`` path."""
    path = Path(spec)
    if path.is_file() and path.name in (BRAND_FILE, EXTRAS_FILE):
        return path.parent
    if path.is_dir():
        return path
    brands = available_brands()
    if spec in brands:
        return brands[spec]
    return _unknown(spec)


def brand_candidates(brand: Brand) -> list[Path]:
    """Files that, added or removed, would change what the brand is (its own brand files) or which
    folder its name finds (a project's templates over the shipped ones): a no-op build checks them."""
    folders = [brand.folder, *(d / "brands" / brand.folder.name for d in template_dirs())]
    return [folder / name for folder in folders for name in (BRAND_FILE, EXTRAS_FILE)]


def load_brand(spec: str = "default") -> Brand:
    """Load, merge and check a brand; raise BrandError naming each problem's file and line."""
    return _load(brand_folder(spec), ())


def _load(folder: Path, seen: tuple[Path, ...]) -> Brand:
    folder = folder.resolve()
    if folder in seen:
        raise BrandError(f"{folder}: brands extend each other in a circle")
    extras_path = folder / EXTRAS_FILE
    located = read_brand_file(extras_path) if extras_path.is_file() else Located(extras_path, {})
    reader = Reader(located, str(extras_path))
    extras = reader.mapping((), located.data if located.data is not None else {}, KEYS) or {}
    # Every brand but the default one inherits, from the brand it names or from the default.
    try:
        parent_folder = _parent(folder, reader.text(("extends",), extras.get("extends")) or "default")
    except BrandError as exc:
        reader.error(("extends",), str(exc).lstrip(": "))
        raise BrandError(reader.diagnostics) from None
    if extras.get("extends") and parent_folder == folder:
        reader.error(("extends",), "a brand cannot extend itself")
        raise BrandError(reader.diagnostics)
    parent = _load(parent_folder, seen + (folder,)) if parent_folder != folder else _root(folder)
    brand = replace(parent, folder=folder, warnings=())
    if (folder / BRAND_FILE).is_file():
        brand = apply_brand_yml(brand, read_brand_yml(folder / BRAND_FILE))
    brand = apply_fields(brand, extras, reader)
    if not reader.ok:
        raise BrandError(reader.diagnostics)
    own = [p for p in (folder / BRAND_FILE, extras_path, brand.logo, brand.deck_template) if p and p.is_file()]
    fonts = [brand.fonts.regular, brand.fonts.bold, brand.fonts.italic, brand.fonts.bold_italic]
    files = tuple(dict.fromkeys([*parent.files, *own, *fonts]))
    return replace(brand, warnings=parent.warnings + brand.warnings + tuple(reader.diagnostics), files=files)


def _parent(folder: Path, name: str) -> Path:
    """The brand ``extends`` names: a sibling brand folder or a shipped one, by name, never a path,
    so a brand received from elsewhere cannot read another folder of the machine."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name) or ".." in name:
        raise BrandError(f"{name!r} must be the name of a brand (a sibling folder or a shipped brand), not a path")
    sibling = folder.parent / name
    if sibling.is_symlink() or sibling.resolve().parent != folder.parent.resolve():
        raise BrandError(f"{name!r} is a link to a folder elsewhere; a brand extends a real sibling folder")
    if sibling.resolve() != folder and ((sibling / BRAND_FILE).is_file() or (sibling / EXTRAS_FILE).is_file()):
        return sibling.resolve()
    return brand_folder(name).resolve() if name in available_brands() else _unknown(name)


def _unknown(name: str) -> Path:
    brands = available_brands()
    raise BrandError(f"unknown brand {name!r}{suggest(name, brands)}; available: {', '.join(brands)}")
