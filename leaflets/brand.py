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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leaflets.blocks import BlockContext
from leaflets.blocks.contacts import parse_contacts
from leaflets.color import MIN_CONTRAST, RGB, contrast, parse_color, to_hex
from leaflets.document import Contact
from leaflets.errors import BrandError, Diagnostic
from leaflets.fonts import DEFAULT_FAMILY, FontFiles, css_families, default_family, find_family, install_hint
from leaflets.resources import cache_dir, template_dirs
from leaflets.schema import Reader, suggest
from leaflets.source import Located, load_yaml

EXTRAS_FILE = "leaflets.yml"
BRAND_FILE = "_brand.yml"
EXTRAS_KEYS = (
    "extends", "organisation", "footer", "website", "phone", "charity_number", "country",
    "helpline", "emergency", "urgent_advice", "placeholders", "contacts", "disclaimer",
    "logo", "logo_alt", "deck", "feedback_url", "callout_colors",
)  # fmt: skip
DEFAULT_DISCLAIMER = (
    "This leaflet gives general information. It does not replace advice from your own care team, "
    "who know your situation."
)
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
    logo_alt: str
    footer: str
    website: str | None
    country: str | None
    placeholders: dict[str, str]
    contacts: tuple[Contact, ...]
    disclaimer: str
    deck_template: Path | None
    feedback_url: str | None
    warnings: tuple[Diagnostic, ...] = field(default=())


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
    raise BrandError(f"unknown brand {spec!r}{suggest(spec, brands)}; available: {', '.join(brands)}")


def load_brand(spec: str = "default") -> Brand:
    """Load, merge and check a brand; raise BrandError naming each problem's file and line."""
    return _load(brand_folder(spec), ())


def _load(folder: Path, seen: tuple[Path, ...]) -> Brand:
    folder = folder.resolve()
    if folder in seen:
        raise BrandError(f"{folder}: brands extend each other in a circle")
    extras: dict[str, Any] = {}
    reader: Reader | None = None
    extras_path = folder / EXTRAS_FILE
    if extras_path.is_file():
        located = _located(extras_path, BrandError)
        reader = Reader(located, str(extras_path))
        extras = reader.mapping((), located.data or {}, EXTRAS_KEYS) or {}
    # Every brand but the default one inherits, from the brand it names or from the default.
    parent_spec = str(extras["extends"]) if extras.get("extends") else "default"
    parent_folder = brand_folder(parent_spec).resolve()
    parent = _load(parent_folder, seen + (folder,)) if parent_folder != folder else None
    core = _brand_yml(folder / BRAND_FILE) if (folder / BRAND_FILE).is_file() else None
    return _assemble(folder, core, extras, reader, parent)


def _located(path: Path, error: type[Exception]) -> Located:
    try:
        return load_yaml(path)
    except Exception as exc:  # re-raised as the brand's own error type
        if hasattr(exc, "diagnostics"):
            raise error(exc.diagnostics) from None
        raise


def _brand_yml(path: Path) -> dict[str, Any]:
    """The brand.yml data, normalised by brand-yml, from the cache when the file is unchanged."""
    raw = path.read_bytes()
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
                Diagnostic(str(path), located.line(tuple(str(p) for p in e["loc"][:2])), ".".join(map(str, e["loc"])), e["msg"])
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
        fixed = {k: v.lstrip("/") if isinstance(v, str) and k in ("small", "medium", "large") else v for k, v in logo.items()}
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


def _assemble(
    folder: Path, core: dict[str, Any] | None, extras: dict[str, Any], reader: Reader | None, parent: Brand | None
) -> Brand:
    warnings: list[Diagnostic] = list(parent.warnings) if parent else []
    display = str(folder / BRAND_FILE)

    def warn(message: str) -> None:
        warnings.append(Diagnostic(display, None, "", message, "warning"))

    colors = (core or {}).get("color", {})

    def color(key: str, fallback: RGB) -> RGB:
        value = colors.get(key)
        if value is None:
            return fallback
        rgb = parse_color(str(value))
        if rgb is None:
            warn(f"color.{key}: {value!r} is not a colour; using {to_hex(fallback)}")
            return fallback
        return rgb

    base = parent
    primary = color("primary", base.primary if base else (0x1F, 0x4E, 0x79))
    foreground = color("foreground", base.foreground if base else (0x1A, 0x1A, 0x1A))
    background = color("background", base.background if base else (255, 255, 255))
    secondary = color("secondary", base.secondary if base else primary)
    if contrast(foreground, background) < MIN_CONTRAST:
        warn(
            f"text colour {to_hex(foreground)} on {to_hex(background)} has contrast "
            f"{contrast(foreground, background):.1f}:1, under {MIN_CONTRAST}:1; black or white is used instead"
        )

    fonts = base.fonts if base else default_family()
    typography = (core or {}).get("typography", {})
    wanted = (typography.get("base") or {}).get("family") if isinstance(typography.get("base"), dict) else None
    if wanted:
        families = [f for f in css_families(str(wanted)) if f.lower() not in ("sans-serif", "serif", "system-ui")]
        found = next((f for f in (find_family(fam, (folder / "fonts", folder)) for fam in families) if f), None)
        if found:
            fonts = found
        elif families:
            warn(
                f"font {families[0]!r} was not found; using {fonts.family}. "
                f"To use it, {install_hint(families[0])} or put its static TTF files in {folder / 'fonts'}"
            )

    name = str(((core or {}).get("meta", {}).get("name") or {}).get("full") or "") or (base.name if base else folder.name)
    name = str(extras.get("organisation") or name)
    logo = base.logo if base else None
    logo_spec = extras.get("logo") or (_logo_path(core) if core else None)
    if logo_spec:
        from leaflets.images import probe_image

        candidate = (folder / str(logo_spec).lstrip("/")).resolve()
        problem = probe_image(candidate)
        if isinstance(problem, str):
            warn(f"logo: {problem}; the brand is used without a logo")
            logo = None
        else:
            logo = candidate

    text = (lambda key, default=None: (reader.text((key,), extras.get(key)) if reader else None) or default)
    placeholders = dict(base.placeholders) if base else {}
    placeholders["organisation"] = name
    for key in ("helpline", "emergency", "urgent_advice"):
        if value := text(key):
            placeholders[key] = value
    extra = extras.get("placeholders")
    if reader and extra is not None and (checked := reader.mapping(("placeholders",), extra, extra.keys() if isinstance(extra, dict) else ())):
        placeholders.update({k: reader.text(("placeholders", k), v, required=True) or "" for k, v in checked.items()})

    contacts = base.contacts if base else ()
    if reader and "contacts" in extras:
        contacts = parse_contacts(BlockContext(reader, folder), ("contacts",), extras["contacts"]) or ()

    callout_colors = dict(base.callout_colors) if base else {k: parse_color(v) for k, v in CALLOUT_COLORS.items()}  # type: ignore[misc]
    if reader and isinstance(extras.get("callout_colors"), dict):
        for key, value in extras["callout_colors"].items():
            rgb = parse_color(str(value))
            if key not in CALLOUT_COLORS or rgb is None:
                reader.error(("callout_colors", key), f"expected urgent, info or tip with a colour, got {key}: {value!r}")
            else:
                callout_colors[key] = rgb

    deck = extras.get("deck") or {}
    template = base.deck_template if base else None
    if reader and deck:
        deck = reader.mapping(("deck",), deck, ("template",)) or {}
        if deck.get("template"):
            template = (folder / str(deck["template"])).resolve()
            if template.suffix.lower() not in (".pptx", ".potx") or not template.is_file():
                reader.error(("deck", "template"), f"{deck['template']!r} is not a .pptx or .potx file in {folder}")
    website = text("website", base.website if base else None)
    if reader and website:
        website = reader.url(("website",), website)
    feedback = text("feedback_url", base.feedback_url if base else None)
    if reader and extras.get("feedback_url"):
        feedback = reader.url(("feedback_url",), feedback)
    if reader and not reader.ok:
        raise BrandError(reader.diagnostics)
    if reader:
        warnings += reader.diagnostics
    return Brand(
        name=name,
        folder=folder,
        primary=primary,
        secondary=secondary,
        foreground=foreground,
        background=background,
        callout_colors=callout_colors,
        fonts=fonts,
        logo=logo,
        logo_alt=text("logo_alt", f"{name} logo"),
        footer=text("footer", base.footer if base else name),
        website=website,
        country=(text("country", base.country if base else None) or "").upper() or None,
        placeholders=placeholders,
        contacts=contacts,
        disclaimer=text("disclaimer", base.disclaimer if base else DEFAULT_DISCLAIMER),
        deck_template=template,
        feedback_url=feedback,
        warnings=tuple(warnings),
    )
