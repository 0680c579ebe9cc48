"""Which slide layout each kind of slide is built on, in any template an organisation uses.

Layouts are found by their placeholder types first (PowerPoint's own layouts, renamed or
translated), then by their names, then by the shape of their placeholders. A kind with no
layout of its own is built on the closest one present, and a title or body box the chosen
layout lacks is drawn inside the template's own text area, so any template with at least one
layout gives a deck. Boxes are in EMU and come from the template, whatever its slide size.
"""

from __future__ import annotations

import io
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any, NamedTuple

from msgspec import Struct, to_builtins
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Inches

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
ROLES = ("title", "content", "section", "title_only")
#: for a kind without a layout: the kinds whose layouts come closest, best first
CLOSEST = {
    "title": ("section", "content", "title_only"),
    "content": ("section", "title", "title_only"),
    "section": ("title", "title_only", "content"),
    "title_only": ("content", "section", "title"),
}
NAMES = {
    "title": r"title slide|cover|titel(folie)?$|diapositive de titre|portada",
    "content": r"content|text|bullet|inhalt|contenu|contenido",
    "section": r"section|chapter|divider|abschnitt|sección",
    "title_only": r"title only|heading only|nur titel|titre seul",
}
Box = tuple[int, int, int, int]  # left, top, width, height in EMU


class RoleLayout(Struct, frozen=True):
    """The layout a kind of slide is built on, and where its title and body go."""

    layout: int  # index into all_layouts()
    name: str
    how: str  # "placeholder types", "name", "layout shape" or "closest"
    title: Box
    title_idx: int | None  # None: the layout has no title placeholder, so one is added
    body: Box | None
    body_idx: int | None  # None: the layout has no usable body, so a text box is added
    background: tuple[int, int, int] | None  # None: a picture, gradient or colour we cannot name
    decorated: bool  # pictures or shapes of the layout or master lie under the title or body


class TemplatePlan(Struct, frozen=True):
    """What a PowerPoint template offers: its slide size, and the layout chosen for each kind of slide."""

    width: int
    height: int
    masters: int
    layouts: int
    roles: dict[str, RoleLayout]

    @property
    def fallbacks(self) -> list[str]:
        return [role for role, found in self.roles.items() if found.how == "closest"]


def all_layouts(prs: Any) -> list[Any]:
    """Layouts of every slide master, the first master's first."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


class Opened(NamedTuple):
    """A presentation to build on, where each kind of slide goes, and a place for what decks
    built on this template keep to copy (``leaflets.renderers.pptx.stamp``): it lives as long as
    the prepared template, so a template replaced on disk starts empty."""

    prs: Any
    plan: TemplatePlan
    kept: dict[Hashable, Any]


#: Prepared templates kept in the per-user cache (each about 20 KiB to a few MiB): more brands
#: than a team uses, fewer than years of edits.
KEPT_TEMPLATES = 32
_PLAN_FORMAT = 10  # raise when TemplatePlan or the layout choice changes: cached plans are then ignored
_PREPARED: dict[tuple[Path | None, int, int], tuple[bytes, TemplatePlan, dict[Hashable, Any]] | Exception] = {}


def _version(template: Path | None) -> tuple[Path | None, int, int]:
    """The template as it is now: a file replaced while the process runs is prepared again."""
    try:
        stat = template.stat() if template else None
    except OSError:
        return template, -1, -1
    return (template, stat.st_size, stat.st_mtime_ns) if stat else (None, 0, 0)


def open_presentation(template: Path | None) -> Opened:
    """A presentation to build on, where each kind of slide goes, and the template's store of
    slides to copy (``Opened``).

    The template (or the default, made 16:9) is prepared once per process: opened safely,
    its slides removed, its layouts chosen. Each deck then opens a copy of the prepared bytes.
    Raises TemplateProblem when the template cannot give a deck.
    """
    from leaflets.renderers.pptx.template import TemplateProblem

    key = _version(template)
    if key not in _PREPARED:
        for older in [k for k in _PREPARED if k[0] == template]:  # a template edited in the studio
            del _PREPARED[older]
        try:
            _PREPARED[key] = (*_cached(template), {})
        except TemplateProblem as exc:  # every deck of the run meets it: open the file once
            _PREPARED[key] = exc
        except Exception as exc:  # noqa: BLE001 - python-pptx meets a damaged part in many ways
            if template is None:
                raise
            _PREPARED[key] = TemplateProblem(f"is damaged ({type(exc).__name__}: {exc})")
    prepared = _PREPARED[key]
    if isinstance(prepared, Exception):
        raise prepared
    data, plan, kept = prepared
    return Opened(Presentation(io.BytesIO(data)), plan, kept)


def _cached(template: Path | None) -> tuple[bytes, TemplatePlan]:
    """Prepared bytes and plan, from the per-user cache when the template is unchanged.

    The cache keeps one version of each template: preparing an edited one removes the files
    of the versions before it.
    """
    import hashlib
    import json
    import zipfile

    import pptx

    from leaflets import __version__
    from leaflets.resources import cache_dir, forget, keep_in_cache, mark_used, prune_cache

    stat = template.stat() if template else None
    version = f"{stat.st_size}:{stat.st_mtime_ns}" if stat else ""
    which = hashlib.sha256(str(template or "default").encode()).hexdigest()[:12]
    key = hashlib.sha256(f"{version}/{pptx.__version__}/{__version__}/{_PLAN_FORMAT}".encode()).hexdigest()[:16]
    path = cache_dir() / f"deck-{which}-{key}.pptx"
    try:
        saved = json.loads(path.with_suffix(".json").read_text())
        roles = {role: _role_layout(found) for role, found in saved.pop("roles").items()}
        data = path.read_bytes()
        if zipfile.is_zipfile(io.BytesIO(data)):  # else damaged on disk: prepared again
            mark_used(path)
            return data, TemplatePlan(**saved, roles=roles)
    except (OSError, ValueError, TypeError, KeyError):
        pass
    prs = _prepare(template)
    plan = plan_layouts(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    for older in path.parent.glob(f"deck-{which}-*"):
        if older.stem != path.stem:  # the same template's older versions
            forget(older)
    keep_in_cache(path, buffer.getvalue())
    keep_in_cache(
        path.with_suffix(".json"), json.dumps(to_builtins(plan, enc_hook=int)).encode()
    )  # Emu are ints; read first, so written last
    prune_cache("deck-*", 2 * KEPT_TEMPLATES)
    return buffer.getvalue(), plan


def _prepare(template: Path | None) -> Any:
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
        _reshape_default(prs)
        return prs
    from leaflets.renderers.pptx.template import load_template

    prs = load_template(template)
    if prs.slide_width is None or prs.slide_height is None:  # the file format's default size
        prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    return prs


# -- finding layouts ---------------------------------------------------------------------------


class _Profile(Struct):
    """What a layout offers: its title, its usable bodies (largest first) and its subtitle."""

    index: int
    name: str
    types: set[Any]
    declared: list[Any]  # the types of its body placeholders, usable or not
    title: Any
    bodies: list[Any]
    subtitle: Any
    picture: bool
    width: int  # the slide's
    height: int


def _role_layout(saved: dict[str, Any]) -> RoleLayout:
    """A role's layout as the plan cache saved it (JSON has lists where the plan has tuples)."""
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in saved.items()}
    return RoleLayout(**fields)


def _box(shape: Any) -> Box | None:
    values = (shape.left, shape.top, shape.width, shape.height)
    return values if all(v is not None for v in values) and values[2] > 0 and values[3] > 0 else None


def _horizontal(shape: Any) -> bool:
    return all(el.get("vert") in (None, "horz") for el in shape._element.iter("{*}bodyPr"))  # noqa: SLF001


def _profile(index: int, layout: Any, width: int, height: int) -> _Profile:
    placeholders = [ph for ph in layout.placeholders if _box(ph) and _horizontal(ph)]
    kind = {id(ph): ph.placeholder_format.type for ph in placeholders}
    bodies = [
        ph for ph in placeholders
        if kind[id(ph)] in BODY_TYPES and ph.width >= 0.3 * width and ph.height >= 0.15 * height
    ]  # fmt: skip
    return _Profile(
        index,
        layout.name or "",
        {ph.placeholder_format.type for ph in layout.placeholders},
        [ph.placeholder_format.type for ph in layout.placeholders if ph.placeholder_format.type in BODY_TYPES],
        next((ph for ph in placeholders if kind[id(ph)] in TITLE_TYPES), None),
        sorted(bodies, key=lambda ph: -ph.width * ph.height),
        next((ph for ph in placeholders if kind[id(ph)] == PP_PLACEHOLDER.SUBTITLE), None),
        PP_PLACEHOLDER.PICTURE in {ph.placeholder_format.type for ph in layout.placeholders},
        width,
        height,
    )


def _by_types(p: _Profile) -> str | None:
    """PowerPoint's own layouts, whatever they are called."""
    if p.title is None or p.picture:
        return None
    if PP_PLACEHOLDER.CENTER_TITLE in p.types and p.subtitle is not None:
        return "title"
    if len(p.declared) == 1:  # a tall text body is a content layout too, as in LibreOffice's files
        tall = bool(p.bodies) and p.bodies[0].height >= 0.4 * p.height
        return "content" if p.declared == [PP_PLACEHOLDER.OBJECT] and p.bodies or tall else "section"
    if not p.declared and p.subtitle is None:
        return "title_only"
    return None


def _fits(role: str, p: _Profile) -> bool:
    """Whether a layout can carry a kind at all, for matches by name or shape."""
    return p.title is not None and (role != "content" or bool(p.bodies))


def _by_shape(role: str, p: _Profile) -> bool:
    if not _fits(role, p):
        return False
    tall = bool(p.bodies) and p.bodies[0].height >= 0.4 * p.height
    return {
        "title": p.subtitle is not None,
        "content": tall and p.bodies[0].width >= 0.5 * p.title.width,
        "section": len(p.declared) == 1 and not tall,
        "title_only": not p.bodies and p.subtitle is None,
    }[role]


def plan_layouts(prs: Any) -> TemplatePlan:
    """Each kind of slide's layout, and where its title and body go."""
    width, height = prs.slide_width, prs.slide_height
    profiles = [_profile(i, layout, width, height) for i, layout in enumerate(all_layouts(prs))]
    tests = {
        "placeholder types": lambda role, p: _by_types(p) == role,
        "name": lambda role, p: _fits(role, p) and bool(re.search(NAMES[role], p.name, re.I)),
        "layout shape": _by_shape,
    }
    found: dict[str, tuple[_Profile, str]] = {}
    for how, test in tests.items():
        for role in ROLES:
            candidates = [p for p in profiles if role not in found and test(role, p)]
            # a layout named for the kind first; text slides take the roomiest body, on any master
            candidates.sort(key=lambda p: (not re.search(NAMES[role], p.name, re.I), role == "content" and -_room(p)))
            if candidates:
                found[role] = (candidates[0], how)
    for role in ROLES:
        if role not in found:
            near = next((found[other][0] for other in CLOSEST[role] if other in found), None)
            found[role] = (near or _plainest(profiles), "closest")
    area = _text_area(prs)
    layouts = all_layouts(prs)
    roles = {role: _place(role, p, how, area, layouts[p.index]) for role, (p, how) in found.items()}
    return TemplatePlan(width, height, len(prs.slide_masters), len(profiles), roles)


def describe_plan(plan: TemplatePlan) -> str:
    """What a template gives, for ``leaflets check``: its size and each kind's layout."""
    size = f"{plan.width / 914400:.2f} x {plan.height / 914400:.2f} in".replace(".00", "")
    kinds = "; ".join(f"{_kind(role)} on {found.name!r} (by {found.how})" for role, found in plan.roles.items())
    return f"the template's slides are {size}; {plan.masters} master(s), {plan.layouts} layout(s); {kinds}"


def fallback_warning(plan: TemplatePlan) -> str:
    """One sentence for every kind of slide without a layout of its own."""
    kinds = ", ".join(f"{_kind(role)} (built on {plan.roles[role].name!r})" for role in plan.fallbacks)
    return f"the template has no layout for {kinds}; add such layouts to the template to design them"


def _kind(role: str) -> str:
    return role.replace("_", " ") + " slides"


def _room(p: _Profile) -> int:
    return p.bodies[0].width * p.bodies[0].height if p.bodies else 0


def _plainest(profiles: list[_Profile]) -> _Profile:
    """With no kind found at all: a layout with a title, else the emptiest (a blank one)."""
    titled = [p for p in profiles if p.title is not None]
    return titled[0] if titled else min(profiles, key=lambda p: len(p.types))


def _text_area(prs: Any) -> tuple[Box, Box]:
    """The first master's title and body areas: where the template's designer puts text. A
    master without them gets margins of a twentieth of the slide and a title band of a fifth."""
    width, height = prs.slide_width, prs.slide_height
    shapes = {ph.placeholder_format.type: _box(ph) for ph in prs.slide_masters[0].placeholders}
    title = shapes.get(PP_PLACEHOLDER.TITLE)
    body = shapes.get(PP_PLACEHOLDER.BODY)
    mx, my = width // 20, height // 20
    title = title or (mx, my, width - 2 * mx, height // 5)
    if not body or body[1] < title[1] + title[3] // 2:
        top = title[1] + title[3] + my // 2
        body = (title[0], top, title[2], max(height - top - my, height // 3))
    return title, body


def _place(role: str, p: _Profile, how: str, area: tuple[Box, Box], layout: Any) -> RoleLayout:
    from leaflets.renderers.pptx.backdrop import background, decorated

    title = (_box(p.title) if p.title is not None else None) or area[0]  # a title of no size: the area's
    body_shape = p.subtitle if role == "title" and p.subtitle is not None else (p.bodies or [None])[0]
    if role == "title_only":
        body_shape = None
    body = _box(body_shape) if body_shape is not None else None
    if body is None and role in ("title", "content"):
        body = area[1] if role == "content" else _below(title, area[1])
    height = p.height
    if role == "content" and body is not None and body[3] < 0.4 * height:
        # a body shorter than this holds a bullet or two a slide: it grows down, to a tenth above the foot
        body = (body[0], body[1], body[2], max(body[3], int(0.9 * height) - body[1]))
    title, body = _on_slide(title, p.width, height), body and _on_slide(body, p.width, height)
    return RoleLayout(
        p.index,
        p.name,
        how,
        title,
        p.title.placeholder_format.idx if p.title is not None else None,
        body,
        body_shape.placeholder_format.idx if body_shape is not None else None,
        background(layout),
        any(decorated(layout, box) for box in (title, body) if box is not None),
    )


def _on_slide(box: Box, width: int, height: int) -> Box:
    """A box pulled inside the slide: a template's placeholder may hang off its edge."""
    w, h = min(box[2], width), min(box[3], height)
    return (min(max(box[0], 0), width - w), min(max(box[1], 0), height - h), w, h)


def _below(title: Box, body: Box) -> Box:
    """A subtitle box under a title that has none, within the body area."""
    top = max(title[1] + title[3], body[1])
    return (title[0], top, title[2], max(body[1] + body[3] - top, body[3] // 3))


def theme_font(prs: Any) -> str | None:
    """The template's body font (the theme's minor Latin typeface)."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from leaflets.files.containers import XML_PARSER

    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob, XML_PARSER)
    latin = theme.find(".//{*}fontScheme/{*}minorFont/{*}latin")
    return latin.get("typeface") or None if latin is not None else None


# Built-in 16:9 geometry, in inches: (left, top, width, height).
GEOMETRY = {
    "title": {"title": (0.8, 2.0, 11.7, 2.2), "body": (0.8, 4.3, 11.7, 1.6)},
    "content": {"title": (0.6, 0.45, 12.1, 1.25), "body": (0.6, 1.9, 12.1, 5.2)},
    "section": {"title": (0.8, 2.4, 11.7, 1.8), "body": (0.8, 4.3, 11.7, 1.0)},
    "title_only": {"title": (0.6, 0.45, 12.1, 1.25)},
}


def _reshape_default(prs: Any) -> None:
    """Move the default template's 4:3 placeholders to a 16:9 grid, on the layouts themselves."""
    plan = plan_layouts(prs)
    layouts = all_layouts(prs)
    for role, boxes in GEOMETRY.items():
        layout = layouts[plan.roles[role].layout]
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            key = (
                "title"
                if kind in TITLE_TYPES
                else "body"
                if kind in BODY_TYPES or kind == PP_PLACEHOLDER.SUBTITLE
                else None
            )
            if key in boxes:
                left, top, width, height = boxes[key]
                ph.left, ph.top, ph.width, ph.height = Inches(left), Inches(top), Inches(width), Inches(height)
            elif kind in (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                ph.left = Emu(min(ph.left, SLIDE_W - ph.width))
