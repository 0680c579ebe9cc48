"""Find font files for a family name: fonts installed with pip (``fontpkg-*``) or a brand's own.

reportlab can only embed static TrueType files, so a family is usable for print when its
regular and bold styles exist as static files. Anything we cannot find falls back to the
default family with a warning; a missing brand font never fails a build.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from msgspec import Struct

DEFAULT_FAMILY = "Atkinson Hyperlegible"
FALLBACK_FAMILY = "Noto Sans"
#: The deck names Arial, which every presenter's machine has; Arimo has the same metrics.
DECK_FAMILY = "Arial"
DECK_METRICS_FAMILY = "Arimo"
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


class FontFiles(Struct, frozen=True):
    """The four faces of one font family, as files."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def _slug(family: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", family.lower()).strip("_")


def css_families(stack: str) -> list[str]:
    """``"'Noto Sans', Aptos, sans-serif"`` -> ``["Noto Sans", "Aptos", "sans-serif"]``."""
    return [part.strip().strip("'\"").strip() for part in stack.split(",") if part.strip()]


def _package_dir(family: str) -> Path | None:
    spec = importlib.util.find_spec(f"fontpkg_{_slug(family)}")
    if spec is None or not spec.submodule_search_locations:
        return None
    files = Path(list(spec.submodule_search_locations)[0]) / "files"
    return files if files.is_dir() else None


def _static_styles(folder: Path, family: str) -> FontFiles | None:
    stem = family.replace(" ", "")
    found: dict[str, Path] = {}
    for style in STYLES:
        for candidate in (folder / f"{stem}-{style}.ttf", folder / f"{family}-{style}.ttf"):
            if candidate.is_file():
                found[style] = candidate
                break
    if "Regular" not in found or "Bold" not in found:
        return None
    return FontFiles(
        family,
        found["Regular"],
        found["Bold"],
        found.get("Italic", found["Regular"]),
        found.get("BoldItalic", found["Bold"]),
    )


def _variable(folder: Path) -> Path | None:
    files = sorted(p for p in folder.glob("*.ttf") if "[" in p.name and "Italic" not in p.name)
    return files[0] if files else None


def find_family(family: str, extra_dirs: tuple[Path, ...] = ()) -> FontFiles | None:
    """Static font files for ``family`` from a brand's folders or an installed fontpkg."""
    folders = [*extra_dirs]
    package = _package_dir(family)
    if package:
        folders.append(package)
    for folder in folders:
        if folder.is_dir() and (files := _static_styles(folder, family)):
            return files
    return None


def default_family() -> FontFiles:
    files = find_family(DEFAULT_FAMILY)
    if files is None:  # pragma: no cover - the package depends on it
        raise RuntimeError("fontpkg-atkinson-hyperlegible is not installed")
    return files


def _installed_variable(family: str) -> Path:
    folder = _package_dir(family)
    path = _variable(folder) if folder else None
    if path is None:  # pragma: no cover - the package depends on it
        raise RuntimeError(f"{install_hint(family)} is needed: it is a dependency of leaflets")
    return path


def fallback_font() -> Path:
    """Noto Sans (its default instance, Regular): Latin, Greek and Cyrillic the main font lacks."""
    return _installed_variable(FALLBACK_FAMILY)


class ScriptFont(Struct, frozen=True):
    """A font for scripts the brand's family lacks, in the order they are tried."""

    name: str  # the name reportlab registers it under
    regular: Path
    bold: Path | None = None
    subfont: int = 0  # the face inside a .ttc collection
    shaped: bool = False  # needs HarfBuzz shaping: joined or reordered letters (Arabic, Bengali)


def script_fonts() -> list[ScriptFont]:
    """Fallback fonts installed with leaflets, widest first: Noto Sans (Latin, Greek,
    Cyrillic), Noto Sans Arabic (Arabic, Urdu, Persian), Hind Siliguri (Bengali) and
    WenQuanYi Micro Hei (Chinese)."""
    fonts = [ScriptFont("LeafletsFallback", fallback_font())]
    arabic = _package_dir("Noto Sans Arabic")
    if arabic and (path := _variable(arabic)):
        fonts.append(ScriptFont("LeafletsArabic", path, shaped=True))
    bengali = _package_dir("Hind Siliguri")
    if bengali and (found := _static_styles(bengali, "Hind Siliguri")):
        fonts.append(ScriptFont("LeafletsBengali", found.regular, found.bold, shaped=True))
    spec = importlib.util.find_spec("paperang_p2_fonts_cjk")
    if spec and spec.submodule_search_locations:
        cjk = Path(list(spec.submodule_search_locations)[0]) / "fonts" / "wqy-microhei.ttc"
        if cjk.is_file():
            fonts.append(ScriptFont("LeafletsCJK", cjk))
    return fonts


#: Which fallback font a language's letters come from, for measuring slide text.
SCRIPT_OF_LANGUAGE = {"ar": "LeafletsArabic", "ur": "LeafletsArabic", "fa": "LeafletsArabic",
                      "bn": "LeafletsBengali", "zh": "LeafletsCJK", "ja": "LeafletsCJK"}  # fmt: skip


def language_font(language: str) -> Path | None:
    """The installed font for a language whose script the brand's fonts lack, if there is one."""
    name = SCRIPT_OF_LANGUAGE.get(language.split("-")[0].lower())
    return next((f.regular for f in script_fonts() if f.name == name), None) if name else None


def deck_metrics_font() -> Path:
    """Arimo, metric-compatible with the Arial a deck names, for measuring slide text."""
    return _installed_variable(DECK_METRICS_FAMILY)


def deck_family() -> FontFiles:
    """Arimo as four static fonts, for PDFs of slides that wrap every line where PowerPoint and
    LibreOffice wrap the deck's Arial. fontpkg-arimo ships variable fonts, which reportlab draws
    only at their default weight, so the bold and italic instances are cut once and cached."""
    folder = _package_dir(DECK_METRICS_FAMILY)
    if folder is None:  # pragma: no cover - the package depends on it
        raise RuntimeError(f"{install_hint(DECK_METRICS_FAMILY)} is needed: it is a dependency of leaflets")
    upright, italic = deck_metrics_font(), folder / "Arimo-Italic[wght].ttf"
    paths = {}
    for style, source, weight in (
        ("Regular", upright, 400), ("Bold", upright, 700), ("Italic", italic, 400), ("BoldItalic", italic, 700)
    ):  # fmt: skip
        paths[style] = _cached_font(f"{DECK_METRICS_FAMILY}-{style}", source, partial(_instance, source, weight, style))
    return FontFiles(DECK_METRICS_FAMILY, paths["Regular"], paths["Bold"], paths["Italic"], paths["BoldItalic"])


def _instance(source: Path, weight: int, style: str, path: Path) -> None:
    """Write the static instance of a variable font at ``weight``, named for its ``style`` (PDF
    viewers tell embedded fonts apart by name) and without hinting, whole or not at all."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = _lean(instantiateVariableFont(TTFont(source), {"wght": weight}, updateFontNames=False))
    family = DECK_METRICS_FAMILY
    for record, value in ((2, style), (4, f"{family} {style}"), (6, f"{family}-{style}")):
        font["name"].setName(value, record, 3, 1, 0x409)
    _save_whole(font, path)


def _save_whole(font: Any, path: Path) -> None:
    """Save a fontTools font so that ``path`` appears whole or not at all (builds run in parallel).

    The font keeps its source's modification time (fontTools would stamp the time of saving):
    PDFs embed it, and the same leaflet must be the same bytes on every machine.
    """
    import io

    from leaflets.files.atomic import write_atomic

    font.recalcTimestamp = False
    data = io.BytesIO()
    font.save(data)
    write_atomic(path, data.getvalue())


#: Tables that only instruct screen rasterisers (TrueType hinting); paper and PDF viewers at
#: reading sizes do without them, and they are about a quarter of an embedded subset.
HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "cvar")
#: Fonts larger than this (the CJK ones) are embedded as they are: stripping them costs seconds.
MAX_STRIP_BYTES = 5_000_000
#: The name records a PDF viewer may show (family, style, full name, PostScript name); a
#: font's others (copyright, licence, description, in several languages) are kilobytes that
#: every subset of it would carry.
KEPT_NAMES = (1, 2, 4, 6)


def embeddable(path: Path) -> Path:
    """The font file a PDF embeds: ``path`` without its hinting and most of its names, cut once
    and cached by the file's size and time. A font that cannot be read that way, a large one
    or a face of a collection is embedded as it is (see :func:`cut_as_written`)."""
    if not _cut_once(path):
        return path
    try:
        return _cached_font(f"{path.stem}-unhinted", path, lambda target: _save_whole(_lean(path), target))
    except Exception:  # noqa: BLE001 - an odd font is embedded whole rather than failing a build
        return path


def cut_as_written(path: Path) -> bool:
    """Whether the subsets of ``path`` are cut with :func:`lean_subset` as a PDF is written: a
    font too large to cut once (cutting a CJK font whole takes half a minute), or a face of a
    collection. A font :func:`embeddable` made is lean already."""
    from leaflets.resources import cache_dir

    return not _cut_once(path) and path.parent != cache_dir() / "fonts"


def _cut_once(path: Path) -> bool:
    from leaflets.resources import cache_dir

    small = path.suffix.lower() == ".ttf" and path.stat().st_size <= MAX_STRIP_BYTES
    return small and path.parent != cache_dir() / "fonts"


#: How many cut subsets the per-user cache keeps, the most recently used: every brand that
#: prints the same Chinese text shares them, and a rebuild finds them there.
KEPT_SUBSETS = 1024
#: Changes when the cutting does, so that no subset cut the old way is used.
SUBSET_CUT = b"subset-cut-2"


@lru_cache(maxsize=64)
def lean_subset(data: bytes) -> bytes:
    """An embedded subset (a TrueType file of the glyphs one PDF draws) cut as :func:`embeddable`
    cuts whole fonts, and further: each composite glyph drawn as one outline, so the parts it
    was made of (which no text draws) are left out, and 2,048 units per em halved to 1,024,
    which pdfium draws to the same pixels. The Chinese leaflets are about 13 KiB smaller for
    about 0.1 s a subset, once: cut subsets are kept in the per-user cache. A subset that cannot
    be cut is embedded as reportlab made it."""
    import hashlib

    from leaflets.resources import cached_file

    key = hashlib.sha256(SUBSET_CUT + data).hexdigest()[:32]
    return cached_file(f"subsets/{key}.ttf", lambda: _cut_subset(data), KEPT_SUBSETS)


def _cut_subset(data: bytes) -> bytes:
    import io

    from fontTools.ttLib import TTFont

    try:
        font = _lean(TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False))
        _flatten(font)
        if font["head"].unitsPerEm == 2048:
            from fontTools.ttLib.scaleUpem import scale_upem

            scale_upem(font, 1024)
        out = io.BytesIO()
        font.save(out, reorderTables=False)
    except Exception:  # noqa: BLE001 - a smaller file is not worth a failed build
        return data
    return out.getvalue()


def _flatten(font: Any) -> None:
    """Draw every composite glyph as one simple glyph, and drop the glyphs no code draws. A
    font whose composites are made of more than MAX_PARTS parts each is left as it is: a
    hostile one could nest parts so that each level doubles the outline drawn."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    order, glyf, hmtx = font.getGlyphOrder(), font["glyf"], font["hmtx"]
    drawn = {name for table in font["cmap"].tables for name in table.cmap.values()}
    keep = [order[0]] + [name for name in order[1:] if name in drawn]  # .notdef first
    parts: dict[str, int] = {}
    if any(_parts(glyf, name, parts) > MAX_PARTS for name in keep):
        return
    outlines = {}
    for name in keep:
        glyph = glyf[name]
        if glyph.isComposite():
            # the points as a rasteriser places them: scaled offsets and matched points included
            coordinates, ends, flags = glyph.getCoordinates(glyf)
            coordinates.toInt()
            glyph = Glyph()
            glyph.numberOfContours, glyph.endPtsOfContours = len(ends), list(ends)
            glyph.coordinates, glyph.flags = coordinates, bytearray(f & 1 for f in flags)  # 1: on the curve
            glyph.program = _empty_program()
            glyph.recalcBounds(glyf)
        outlines[name] = glyph
    font.setGlyphOrder(keep)
    glyf.glyphs, glyf.glyphOrder = outlines, keep
    hmtx.metrics = {name: hmtx.metrics[name] for name in keep}
    font["maxp"].recalc(font)


#: The most simple glyphs a composite glyph may be made of, in all, to be drawn as one outline.
MAX_PARTS = 64


def _parts(glyf: Any, name: str, known: dict[str, int], depth: int = 0) -> int:
    """How many simple glyphs the glyph ``name`` is made of, through every level of parts;
    over MAX_PARTS for a part that is missing, nested over 8 deep, or part of itself. Each
    glyph is counted once, so a hostile font costs time in proportion to its size."""
    if name not in known:
        glyph = glyf[name] if name in glyf.glyphs and depth <= 8 else None
        if glyph is None:
            return MAX_PARTS + 1
        known[name] = MAX_PARTS + 1  # until counted: a glyph that is part of itself is too many
        count = 0
        for component in glyph.components if glyph.isComposite() else ():
            count += _parts(glyf, component.glyphName, known, depth + 1)
            if count > MAX_PARTS:
                break
        known[name] = min(count or 1, MAX_PARTS + 1)
    return known[name]


#: The way cached fonts are cut and named: raised when that changes, and fonts cut another way
#: are then removed as new ones are made.
FONT_CACHE_FORMAT = 3
#: A cached font cut another way is left this long after it was made (seconds): an older copy
#: of the tool building at the same moment may still be about to read it.
OTHER_FORMAT_GRACE = 3600


def _cached_font(kind: str, source: Path, make: Callable[[Path], None]) -> Path:
    """The font ``make`` writes for this version of ``source``, made once and kept in the
    per-user cache under the source's place, size and time. Making it removes the copies of
    that file's earlier versions (each reinstall of a font package gives its files new times)
    and the fonts an earlier version of the tool cut another way, which nothing reads again."""
    import glob
    import hashlib
    import time

    from leaflets.resources import cache_dir, forget

    stat = source.stat()
    where = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:10]
    folder = cache_dir() / "fonts"
    ending = f"-{FONT_CACHE_FORMAT}.ttf"
    target = folder / f"{kind}-{where}-{stat.st_size}-{stat.st_mtime_ns}{ending}"
    if not target.is_file():
        make(target)
        for older in folder.glob(f"{glob.escape(kind)}-{where}-*.ttf"):
            if older != target:
                forget(older)
        for other in folder.glob("*.ttf"):
            try:
                stale = not other.name.endswith(ending) and time.time() - other.stat().st_mtime > OTHER_FORMAT_GRACE
            except OSError:
                continue  # removed meanwhile by another build
            if stale:
                forget(other)
    return target


def _lean(font: Any) -> Any:
    """``font`` (a path, or a fontTools font) without its hinting and with only the names in
    :data:`KEPT_NAMES`."""
    from fontTools.ttLib import TTFont, newTable

    font = _unhinted(TTFont(font) if isinstance(font, Path) else font)
    if "name" in font:
        names = newTable("name")
        names.names = []
        for record in KEPT_NAMES:
            if text := font["name"].getDebugName(record):
                names.setName(text, record, 3, 1, 0x409)
        font["name"] = names
    return font


def _unhinted(font: Any) -> Any:
    """``font`` (a path, or a fontTools font) without its hinting tables and glyph programs."""
    from fontTools.ttLib import TTFont

    font = TTFont(font) if isinstance(font, Path) else font
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    if "glyf" in font:
        for name in font.getGlyphOrder():
            glyph = font["glyf"][name]
            if hasattr(glyph, "program"):
                glyph.program = _empty_program()
    maxp = font["maxp"]
    if getattr(maxp, "tableVersion", 0) >= 0x00010000:
        maxp.maxZones, maxp.maxTwilightPoints, maxp.maxStorage = 1, 0, 0
        maxp.maxFunctionDefs = maxp.maxInstructionDefs = maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    return font


def _empty_program() -> Any:
    from fontTools.ttLib.tables import ttProgram

    program = ttProgram.Program()
    program.fromBytecode(b"")
    return program


#: Facts about font files kept in the per-user cache: a few for each font file and reader.
KEPT_FONT_FACTS = 64
#: A fact larger than this in the cache is damaged (the Chinese font's characters take 240 KB).
MAX_FACT_BYTES = 4_000_000


def font_fact(path: Path, subfont: int, fact: str, read: Callable[[], Iterable[int]]) -> list[int]:
    """Numbers ``read()`` finds in font ``path`` (the characters it maps, say), kept in the
    per-user cache under ``fact`` by the file's contents: opening a font costs up to 75 ms (the
    Chinese one), and every process that drew a page in another script paid it again. ``fact``
    names the reader's version too, so an upgrade that reads a font differently reads it again."""
    import json

    from leaflets.files.digest import file_digest
    from leaflets.resources import cached_value

    def numbers(data: bytes) -> list[int] | None:
        try:
            found = json.loads(data) if len(data) <= MAX_FACT_BYTES else None
        except (ValueError, RecursionError):
            return None
        valid = isinstance(found, list) and all(type(n) is int and 0 <= n <= 0x10FFFF for n in found)
        return found if valid else None

    name = f"font-facts/{fact}-{file_digest(path)[:24]}-{subfont}.json"
    return cached_value(name, lambda: json.dumps(sorted(read())).encode(), KEPT_FONT_FACTS, numbers)


def install_hint(family: str) -> str:
    return f"pip install fontpkg-{_slug(family).replace('_', '-')}"


def metrics_font(family: str | None) -> tuple[Path, bool]:
    """A font file with ``family``'s metrics, and whether it is exact (else Arimo stands in)."""
    if family is None or family.lower() in ("arial", "arimo", "liberation sans", "helvetica"):
        return deck_metrics_font(), family is not None
    found = find_family(family)
    if found:
        return found.regular, True
    folder = _package_dir(family)
    variable = _variable(folder) if folder else None
    return (variable, True) if variable else (deck_metrics_font(), False)
