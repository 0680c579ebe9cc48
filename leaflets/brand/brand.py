"""Brands: a ``_brand.yml`` (the brand.yml convention that Quarto and Posit tools use) plus
``leaflets.yml`` for what that convention lacks (helpline, footer, contacts, deck template).

``_brand.yml`` is read with the ``brand-yml`` package after loosening what real files do
that Quarto accepts (root-relative logo paths); the normalised result is cached by file
hash because importing brand-yml costs more than a whole build. ``leaflets.yml`` may say
``extends: NAME`` to inherit everything it does not override.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from leaflets.brand.color import MIN_CONTRAST, RGB, contrast, parse_color, to_hex
from leaflets.brand.fonts import FontFiles, css_families, default_family, find_family, install_hint
from leaflets.content.blocks import BlockContext
from leaflets.content.blocks.contacts import parse_contacts
from leaflets.content.schema import Reader, suggest
from leaflets.content.source import MAX_BYTES, Located, load_yaml
from leaflets.document.nodes import Contact
from leaflets.errors import BrandError, ContentError, Diagnostic
from leaflets.files.confined import UnsafeFile, inside, read_limited, regular_file
from leaflets.files.images import probe_image
from leaflets.resources import cache_dir, template_dirs

EXTRAS_FILE = "leaflets.yml"
BRAND_FILE = "_brand.yml"
EXTRAS_KEYS = (
    "extends",
    "organisation",
    "footer",
    "website",
    "country",
    "helpline",
    "helpline_number",
    "emergency",
    "urgent_advice",
    "placeholders",
    "contacts",
    "disclaimer",
    "logo",
    "logo_alt",
    "deck",
    "feedback_url",
    "web",
    "callout_colors",
    "cmyk",
    "languages",
)
#: What a brand may say again in another language (``languages: {ar: {...}}`` in leaflets.yml).
LANGUAGE_KEYS = ("footer", "disclaimer", "helpline", "helpline_number", "urgent_advice", "contacts")
DEFAULT_DISCLAIMER = (
    "This is general information. It does not replace advice from your own care team, who know your situation."
)
#: A font family's file; the largest pip fonts (CJK) are about 20 MB.
MAX_FONT_BYTES = 40_000_000
CALLOUT_COLORS = {"urgent": "#B00020", "info": "#1F5FA8", "tip": "#2E6B30"}


@dataclass(frozen=True)
class Brand:
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
    located = _located(extras_path, BrandError) if extras_path.is_file() else Located(extras_path, {})
    reader = Reader(located, str(extras_path))
    extras = reader.mapping((), located.data if located.data is not None else {}, EXTRAS_KEYS) or {}
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
        brand = _apply_brand_yml(brand, _brand_yml(folder / BRAND_FILE))
    brand = _apply_extras(brand, extras, reader)
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
    if sibling.resolve() != folder and ((sibling / BRAND_FILE).is_file() or (sibling / EXTRAS_FILE).is_file()):
        return sibling.resolve()
    return brand_folder(name).resolve() if name in available_brands() else _unknown(name)


def _unknown(name: str) -> Path:
    brands = available_brands()
    raise BrandError(f"unknown brand {name!r}{suggest(name, brands)}; available: {', '.join(brands)}")


def _located(path: Path, error: type[Exception]) -> Located:
    try:
        return load_yaml(path)
    except ContentError as exc:  # the same problem, reported as the brand's
        raise error(exc.diagnostics) from None


def _brand_yml(path: Path) -> dict[str, Any]:
    """The brand.yml data, normalised by brand-yml, from the cache when the file is unchanged."""
    try:
        raw = read_limited(path, MAX_BYTES)
    except UnsafeFile as exc:
        raise BrandError([Diagnostic(str(path), None, "", str(exc))]) from None
    cached = cache_dir() / f"brand-{hashlib.sha256(raw + str(path).encode()).hexdigest()[:32]}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    located = _located(path, BrandError)
    data = located.data if isinstance(located.data, dict) else {}
    data = _loosen(data)
    from brand_yml import Brand as BrandYml
    from pydantic import ValidationError

    try:
        model = BrandYml.model_validate(data)
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
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result), encoding="utf-8")
    except OSError:
        pass  # a read-only home only costs speed
    return result  # type: ignore[no-any-return]


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
    size = next((logo[s] for s in ("medium", "large", "small") if isinstance(logo.get(s), dict)), {})
    found = []
    for mode in ("light", "dark"):
        entry = size.get(mode)
        entry = entry.get("path") if isinstance(entry, dict) else entry
        entry = images.get(entry, entry) if isinstance(entry, str) else None
        entry = entry.get("path") if isinstance(entry, dict) else entry
        if isinstance(entry, str):
            found.append(entry)
    return found


def _apply_brand_yml(brand: Brand, core: dict[str, Any]) -> Brand:
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
        changes["logo"] = _logo(brand.folder, logo, warn)
        others = (_logo(brand.folder, v, warn) for v in variants if v != logo)
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


def _font_problem(folder: Path, fonts: FontFiles) -> str | None:
    """Why a brand's own font files may not be embedded: outside the brand, or not a font-sized file."""
    for path in {fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic}:
        if path.is_relative_to(folder):
            try:
                inside(folder, path.relative_to(folder))
            except UnsafeFile as exc:
                return str(exc)
            if problem := regular_file(path, MAX_FONT_BYTES):
                return problem
    return None


def _logo(folder: Path, spec: str, warn: Callable[[str], None]) -> Path | None:
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


def _apply_extras(brand: Brand, extras: dict[str, Any], reader: Reader) -> Brand:
    """Overlay what ``leaflets.yml`` sets; problems go to ``reader`` with their lines."""
    changes: dict[str, Any] = {}
    for key in ("organisation", "footer", "logo_alt", "disclaimer", "country"):
        if key in extras and (value := reader.text((key,), extras[key], required=True)):
            changes["name" if key == "organisation" else key] = value.upper() if key == "country" else value
    for key in ("website", "feedback_url"):
        if key in extras:
            changes[key] = reader.url((key,), extras[key])
    if "web" in extras:
        web = reader.mapping(("web",), extras["web"], ("base_url",)) or {}
        if "base_url" in web and (url := reader.url(("web", "base_url"), web["base_url"])):
            if not url.startswith(("https://", "http://")):
                reader.error(("web", "base_url"), f"{url!r} must be a web address (https://...)")
            changes["web_base_url"] = url if url.endswith("/") else url + "/"
    placeholders = dict(brand.placeholders)
    placeholders["organisation"] = changes.get("name", brand.name)
    for key in ("helpline", "helpline_number", "emergency", "urgent_advice"):
        if key in extras and (value := reader.text((key,), extras[key], required=True)):
            placeholders[key] = value
    if "placeholders" in extras:
        extra = extras["placeholders"]
        names = list(extra) if isinstance(extra, dict) else []
        for key, value in (reader.mapping(("placeholders",), extra, names) or {}).items():
            placeholders[key] = reader.text(("placeholders", key), value, required=True) or ""
    changes["placeholders"] = placeholders
    if "contacts" in extras:
        changes["contacts"] = (
            parse_contacts(BlockContext(reader, brand.folder), ("contacts",), extras["contacts"]) or ()
        )
    if "logo" in extras:
        logo_warnings: list[str] = []
        changes["logo"] = _logo(brand.folder, str(extras["logo"]), logo_warnings.append)
        changes["logos"] = ()  # leaflets.yml names one logo: no variants
        for message in logo_warnings:
            reader.error(("logo",), message.removeprefix("logo: ").replace("; the brand is used without a logo", ""))
    if "callout_colors" in extras:
        colors = dict(brand.callout_colors)
        for key, value in (reader.mapping(("callout_colors",), extras["callout_colors"], CALLOUT_COLORS) or {}).items():
            rgb = parse_color(str(value))
            if rgb is None:
                reader.error(("callout_colors", key), f"{value!r} is not a colour")
            else:
                colors[key] = rgb
        changes["callout_colors"] = colors
    if "cmyk" in extras:
        roles = ("primary", "secondary", "foreground", "background", *CALLOUT_COLORS)
        cmyk = dict(brand.cmyk)
        for role, value in (reader.mapping(("cmyk",), extras["cmyk"], roles) or {}).items():
            if not (
                isinstance(value, list)
                and len(value) == 4
                and all(isinstance(v, (int, float)) and 0 <= v <= 100 for v in value)
            ):
                reader.error(("cmyk", role), f"expected four numbers from 0 to 100 (C, M, Y, K), got {value!r}")
                continue
            rgb = (
                changes.get(role)
                or getattr(brand, role, None)
                or changes.get("callout_colors", brand.callout_colors).get(role)
            )
            cmyk[rgb] = tuple(float(v) for v in value)
        changes["cmyk"] = cmyk
    if "languages" in extras:
        given = extras["languages"]
        languages = dict(brand.languages)
        for tag, texts in (
            reader.mapping(("languages",), given, list(given) if isinstance(given, dict) else []) or {}
        ).items():
            found = reader.mapping(("languages", tag), texts, LANGUAGE_KEYS) or {}
            entry: dict[str, Any] = {}
            for key, value in found.items():
                if key == "contacts":
                    entry[key] = (
                        parse_contacts(BlockContext(reader, brand.folder), ("languages", tag, key), value) or ()
                    )
                else:
                    entry[key] = reader.text(("languages", tag, key), value, required=True) or ""
            languages[str(tag)] = entry
        changes["languages"] = languages
    if "deck" in extras:
        deck = reader.mapping(("deck",), extras["deck"], ("template",)) or {}
        if deck.get("template"):
            try:
                template = inside(brand.folder, str(deck["template"]))
            except UnsafeFile as exc:
                reader.error(("deck", "template"), str(exc))
                return replace(brand, **changes)
            if template.suffix.lower() not in (".pptx", ".potx") or not template.is_file():
                reader.error(
                    ("deck", "template"), f"{deck['template']!r} is not a .pptx or .potx file in {brand.folder}"
                )
            changes["deck_template"] = template
    return replace(brand, **changes)
