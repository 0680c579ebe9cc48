"""Slide layouts for a deck: the brand's own .pptx/.potx template, or python-pptx's default
re-proportioned to 16:9. Layouts are found by their placeholder types, not their names,
because organisations rename and translate layout names.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Inches

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


_PREPARED: dict[Path | None, tuple[bytes, dict[str, int]]] = {}


def open_presentation(template: Path | None) -> tuple[Any, dict[str, Any]]:
    """A presentation to build on, and its layouts by role.

    The template (or the default, made 16:9) is prepared once per process: its slides
    removed, its layouts classified. Each deck then opens a copy of the prepared bytes.
    """
    if template not in _PREPARED:
        _PREPARED[template] = _cached(template)
    data, indexes = _PREPARED[template]
    prs = Presentation(io.BytesIO(data))
    return prs, {role: prs.slide_layouts[i] for role, i in indexes.items()}


def _cached(template: Path | None) -> tuple[bytes, dict[str, int]]:
    """Prepared bytes and layout roles, from the per-user cache when the template is unchanged."""
    import hashlib
    import json

    import pptx

    from leaflets import __version__
    from leaflets.resources import cache_dir

    source = template.read_bytes() if template else b"default"
    key = hashlib.sha256(source + f"{pptx.__version__}/{__version__}".encode()).hexdigest()[:24]
    path = cache_dir() / f"deck-{key}.pptx"
    try:
        return path.read_bytes(), json.loads(path.with_suffix(".json").read_text())
    except (OSError, ValueError):
        pass
    prs = _prepare(template)
    indexes = {role: list(prs.slide_layouts).index(layout) for role, layout in find_layouts(prs).items()}
    buffer = io.BytesIO()
    prs.save(buffer)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())
        path.with_suffix(".json").write_text(json.dumps(indexes))
    except OSError:
        pass  # a read-only home only costs speed
    return buffer.getvalue(), indexes


def _prepare(template: Path | None) -> Any:
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
        _reshape_default(prs)
        return prs
    data = template.read_bytes()
    if template.suffix.lower() == ".potx":
        data = _potx_as_pptx(data)
    prs = Presentation(io.BytesIO(data))
    slide_ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public slide removal
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def _potx_as_pptx(data: bytes) -> bytes:
    """python-pptx opens only presentations; a template differs in one content type."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(_TEMPLATE_TYPE, _PRESENTATION_TYPE)
            dst.writestr(item, body)
    return out.getvalue()


def _types(layout: Any) -> set[Any]:
    return {ph.placeholder_format.type for ph in layout.placeholders}


def find_layouts(prs: Any) -> dict[str, Any]:
    """Role -> layout, judged by placeholder types. Missing roles are absent from the dict.

    A title with a content (object) placeholder is a content layout; a title with a plain
    text body is a section header, as in PowerPoint's own layouts.
    """
    found: dict[str, Any] = {}
    for layout in prs.slide_layouts:
        types = _types(layout)
        has_title = bool(types & set(TITLE_TYPES))
        bodies = [ph.placeholder_format.type for ph in layout.placeholders if ph.placeholder_format.type in BODY_TYPES]
        if PP_PLACEHOLDER.CENTER_TITLE in types and PP_PLACEHOLDER.SUBTITLE in types:
            found.setdefault("title", layout)
        elif has_title and len(bodies) == 1 and PP_PLACEHOLDER.PICTURE not in types:
            found.setdefault("content" if bodies[0] == PP_PLACEHOLDER.OBJECT else "section", layout)
        elif has_title and not bodies and PP_PLACEHOLDER.PICTURE not in types:
            found.setdefault("title_only", layout)
        elif not types - {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}:
            found.setdefault("blank", layout)
    if "content" not in found and "section" in found:
        found["content"] = found["section"]
    return found


def theme_font(prs: Any) -> str | None:
    """The template's body font (the theme's minor Latin typeface)."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    latin = theme.find(".//{*}fontScheme/{*}minorFont/{*}latin")
    return latin.get("typeface") if latin is not None else None


# Built-in 16:9 geometry, in inches: (left, top, width, height).
GEOMETRY = {
    "title": {"title": (0.8, 2.0, 11.7, 2.2), "body": (0.8, 4.3, 11.7, 1.6)},
    "content": {"title": (0.6, 0.45, 12.1, 1.25), "body": (0.6, 1.9, 12.1, 5.2)},
    "section": {"title": (0.8, 2.4, 11.7, 1.8), "body": (0.8, 4.3, 11.7, 1.0)},
    "title_only": {"title": (0.6, 0.45, 12.1, 1.25)},
}


def _reshape_default(prs: Any) -> None:
    """Move the default template's 4:3 placeholders to a 16:9 grid, on the layouts themselves."""
    layouts = find_layouts(prs)
    for role, boxes in GEOMETRY.items():
        layout = layouts.get(role)
        if layout is None:
            continue
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
