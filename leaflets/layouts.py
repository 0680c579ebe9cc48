"""Print layouts are data: one YAML file each under ``templates/layouts/``.

A layout says how big the sheet is, its margins and type sizes, and how content meets
paper: ``flow`` (as many pages as needed), ``panels`` (a folded sheet of fixed panels) or
``booklet`` (pages imposed two-up for saddle stitching). Adding a layout needs no code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from leaflets.content.schema import Reader, shown, suggest
from leaflets.content.source import Path_, load_yaml
from leaflets.errors import LeafletsError
from leaflets.resources import template_dirs

MM = 72 / 25.4
SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0), "letter": (215.9, 279.4)}
#: The largest sheet, and the largest margin, panel or type size, a layout may give (A0 is 1189 mm).
MAX_SHEET_MM, MAX_LENGTH = 1200.0, 300.0
KINDS = ("flow", "panels", "booklet", "bilingual")
LARGE_PRINT = "large-print"
TYPE_KEYS = ("body", "leading", "title", "h2", "h3", "small")
LAYOUT_KEYS = (
    "description", "use_for", "kind", "sheet", "page", "margins_mm", "type_pt", "panels", "italics", "min_body_pt",
    "overlay", "double_sided", "pages",
)  # fmt: skip


class Panel(Struct, frozen=True):
    """One panel of a folded sheet: the side of the sheet it is printed on, and where on it."""

    name: str
    side: int  # 1 = outside (PDF page 1), 2 = inside
    left: float  # points from the sheet's left edge
    width: float


class Layout(Struct, frozen=True):
    """A print layout, read from data: sheet and page size, margins, type sizes, panels and page budget."""

    name: str
    description: str
    use_for: str
    kind: str
    sheet: tuple[float, float]  # points
    page: tuple[float, float]  # the page content flows on: the sheet, or an A5 page of a booklet
    margins: tuple[float, float, float, float]  # top, bottom, left, right in points
    type: dict[str, float]
    panels: tuple[Panel, ...] = ()
    italics: bool = True
    min_body: float = 12.0
    large_print: bool = False
    double_sided: bool = False  # printed on both sides: an even page count, notes pages rather than blanks
    pages: int | None = None  # a page budget: more is a fitting error (or --fit shrinks the type)

    @property
    def suffix(self) -> str:
        """What output file names add for this layout: nothing for plain A4."""
        parts = [] if self.name == "a4" else [self.name]
        if self.large_print:
            parts.append(LARGE_PRINT)
        return "".join(f"-{p}" for p in parts)

    def with_top_margin(self, at_least: float) -> Layout:
        """The layout with room at the top of every page for ``at_least`` points (a band)."""
        top, bottom, left, right = self.margins
        return replace(self, margins=(max(top, at_least), bottom, left, right))

    def mirrored(self) -> Layout:
        """The layout for right-to-left reading: panels swap sides, so the leaflet opens the other way."""
        sheet = self.sheet[0]
        top, bottom, left, right = self.margins
        panels = tuple(replace(p, left=sheet - p.left - p.width) for p in self.panels)
        return replace(self, panels=panels, margins=(top, bottom, right, left))

    def with_body(self, body: float) -> Layout:
        """The same layout with every type size scaled so the body is ``body`` points."""
        scale = body / self.type["body"]
        return replace(
            self, type={k: max(v * scale, self.min_body if k in ("body", "small") else 0) for k, v in self.type.items()}
        )


def available_layouts() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in reversed(template_dirs()):
        folder = root / "layouts"
        if folder.is_dir():
            for path in sorted(folder.glob("*.yml")):
                found[path.stem] = path
    return found


def load_layout(name: str, large_print: bool = False) -> Layout:
    """Read, check and return a layout, with the large-print overlay applied when asked."""
    layouts = available_layouts()
    if name not in layouts or name == LARGE_PRINT:
        names = [n for n in layouts if n != LARGE_PRINT]
        raise LeafletsError(f"unknown layout {name!r}{suggest(name, names)}; available: {', '.join(names)}")
    layout = _parse(name, layouts[name])
    if large_print:
        if layout.kind != "flow":
            raise LeafletsError(f"--large-print needs a flowing layout (a4, a5, letter), not {name!r}")
        layout = _overlay(layout, layouts[LARGE_PRINT])
    return layout


def _size(reader: Reader, path: tuple[str, ...], value: Any) -> tuple[float, float]:
    fields = reader.mapping(path, value, ("size", "orientation", "width_mm", "height_mm")) or {}
    if "size" in fields:
        if fields["size"] not in SIZES_MM:
            reader.error(path + ("size",), f"{fields['size']!r} is not one of {', '.join(SIZES_MM)}")
            return (0.0, 0.0)
        w, h = SIZES_MM[fields["size"]]
    else:
        sized = {k: v for k, v in fields.items() if k in ("width_mm", "height_mm")}
        numbers = _numbers(reader, path, sized, ("width_mm", "height_mm"), most=MAX_SHEET_MM)
        w, h = numbers.get("width_mm", 0.0), numbers.get("height_mm", 0.0)
        if not sized or (reader.ok and (w <= 0 or h <= 0)):
            reader.error(path, "give size (A4, A5, letter) or width_mm and height_mm")
    if (
        reader.choice(path + ("orientation",), fields.get("orientation"), ("portrait", "landscape"), "portrait")
        == "landscape"
    ):
        w, h = max(w, h), min(w, h)
    return (w * MM, h * MM)


def _numbers(
    reader: Reader, path: Path_, value: Any, keys: tuple[str, ...], most: float = MAX_LENGTH
) -> dict[str, float]:
    """The numbers under ``keys``: each above 0 and at most ``most``; anything else is an error."""
    fields = reader.mapping(path, value, keys) or {}
    out = {}
    for key, number in fields.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 < number <= most:
            reader.error(path + (key,), f"expected a number above 0 and at most {most:g}, got {shown(number)}")
        else:
            out[key] = float(number)
    return out


def _min_body(reader: Reader, data: dict[str, Any], default: float) -> float:
    """The smallest the body may shrink to (``--fit``): 12 pt (clear print) to 40 pt."""
    if "min_body_pt" not in data:
        return default
    found = _numbers(reader, (), {"min_body_pt": data["min_body_pt"]}, ("min_body_pt",), most=40)
    if found and found["min_body_pt"] < 12:
        reader.error(("min_body_pt",), "must be 12 pt or more (the clear-print minimum)")
    return found.get("min_body_pt", default)


def _reader(path: Path) -> tuple[Reader, dict[str, Any]]:
    located = load_yaml(path)
    reader = Reader(located, str(path))
    return reader, reader.mapping((), located.data, LAYOUT_KEYS) or {}


def _parse(name: str, path: Path) -> Layout:
    reader, data = _reader(path)
    kind = reader.choice(("kind",), data.get("kind"), KINDS) or "flow"
    sheet = _size(reader, ("sheet",), data.get("sheet"))
    page = _size(reader, ("page",), data["page"]) if "page" in data else sheet
    margins = _numbers(reader, ("margins_mm",), data.get("margins_mm"), ("top", "bottom", "left", "right"))
    type_pt = _numbers(reader, ("type_pt",), data.get("type_pt"), TYPE_KEYS)
    for key in ("top", "bottom", "left", "right"):
        if key not in margins:
            reader.error(("margins_mm",), f"{key!r} is required")
    for key in TYPE_KEYS:
        if key not in type_pt:
            reader.error(("type_pt",), f"{key!r} is required")
    if type_pt.get("body", 12) < 12 or type_pt.get("small", 12) < 12:
        reader.error(("type_pt",), "body and small text must be 12 pt or more (the clear-print minimum)")
    panels = []
    if kind == "panels":
        items = data.get("panels")
        if not isinstance(items, list) or len(items) < 2:
            reader.error(("panels",), "a panels layout lists its panels in reading order")
            items = []
        for i, item in enumerate(items):
            at = ("panels", i)
            fields = reader.mapping(at, item, ("name", "side", "left_mm", "width_mm"), ("name", "side", "width_mm"))
            if not fields:
                continue
            sized = {k: v for k, v in fields.items() if k != "name" and not (k == "left_mm" and v == 0)}
            numbers = _numbers(reader, at, sized, ("side", "left_mm", "width_mm"))
            if {"side", "width_mm"} <= numbers.keys():
                left = numbers.get("left_mm", 0.0) * MM
                panels.append(Panel(str(fields["name"]), int(numbers["side"]), left, numbers["width_mm"] * MM))
        if panels and (panels[0].name != "cover" or panels[-1].name != "back"):
            reader.error(("panels",), "the first panel in reading order must be 'cover' and the last 'back'")
    min_body = _min_body(reader, data, 12.0)
    if not reader.ok:
        raise LeafletsError(reader.diagnostics)
    return Layout(
        name=name,
        description=str(data.get("description", "")),
        use_for=str(data.get("use_for", "")),
        kind=kind,
        sheet=sheet,
        page=page,
        margins=tuple(margins[k] * MM for k in ("top", "bottom", "left", "right")),  # type: ignore[arg-type]
        type=type_pt,
        panels=tuple(panels),
        italics=bool(data.get("italics", True)),
        min_body=min_body,
        double_sided=bool(data.get("double_sided", False)),
        pages=reader.page_count(("pages",), data.get("pages")),
    )


def _overlay(layout: Layout, path: Path) -> Layout:
    reader, data = _reader(path)
    margins = _numbers(reader, ("margins_mm",), data.get("margins_mm"), ("top", "bottom", "left", "right"))
    type_pt = _numbers(reader, ("type_pt",), data.get("type_pt"), TYPE_KEYS)
    min_body = _min_body(reader, data, layout.min_body)
    if not reader.ok:
        raise LeafletsError(reader.diagnostics)
    top, bottom, left, right = layout.margins
    current = {"top": top, "bottom": bottom, "left": left, "right": right}
    current.update({k: v * MM for k, v in margins.items()})
    return replace(
        layout,
        margins=(current["top"], current["bottom"], current["left"], current["right"]),
        type={**layout.type, **type_pt},
        italics=bool(data.get("italics", layout.italics)),
        min_body=min_body,
        large_print=True,
    )
