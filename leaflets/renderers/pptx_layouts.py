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


def open_presentation(template: Path | None) -> Any:
    """A presentation to build on: the template with its slides removed, or the default."""
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
    """Role -> layout, judged by placeholder types. Missing roles are absent from the dict."""
    found: dict[str, Any] = {}
    for layout in prs.slide_layouts:
        types = _types(layout)
        has_title = bool(types & set(TITLE_TYPES))
        bodies = sum(1 for ph in layout.placeholders if ph.placeholder_format.type in BODY_TYPES)
        if PP_PLACEHOLDER.CENTER_TITLE in types and PP_PLACEHOLDER.SUBTITLE in types:
            found.setdefault("title", layout)
        elif has_title and bodies == 1 and PP_PLACEHOLDER.PICTURE not in types:
            name = layout.name.lower()
            found.setdefault("section" if "section" in name else "content", layout)
        elif has_title and bodies == 0 and PP_PLACEHOLDER.PICTURE not in types:
            found.setdefault("title_only", layout)
        elif not types - {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}:
            found.setdefault("blank", layout)
    return found


# Built-in 16:9 geometry, in inches: (left, top, width, height).
GEOMETRY = {
    "title": {"title": (0.8, 2.0, 11.7, 2.2), "body": (0.8, 4.3, 11.7, 1.6)},
    "content": {"title": (0.6, 0.45, 12.1, 1.25), "body": (0.6, 1.9, 12.1, 5.2)},
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
