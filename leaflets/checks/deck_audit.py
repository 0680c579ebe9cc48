"""Accessibility of a built deck, read back as PowerPoint's checker reads it.

Every slide has a title, titles are unique, every picture has alt text, text is at least
20 pt, carries a language, and reaches 4.5:1 contrast against what is behind it (its
shape's fill, else the slide's background, its layout's or its master's). Text with no fill
of its own over a template's picture, gradient or shapes is reported too. This runs on the
file, so it also catches what an organisation's template does.
"""

from __future__ import annotations

import io
from typing import Any

from leaflets.brand.color import MIN_CONTRAST, RGB, contrast
from leaflets.errors import Diagnostic

MIN_SLIDE_PT = 20
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def _hex(value: str | None) -> RGB | None:
    if not value or len(value) != 6:
        return None
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _solid(element: Any) -> RGB | None:
    """The colour of an ``a:solidFill`` child given as sRGB, if any."""
    fill = element.find(f"{_A}solidFill") if element is not None else None
    clr = fill.find(f"{_A}srgbClr") if fill is not None else None
    return _hex(clr.get("val")) if clr is not None else None


class _Layouts:
    """What each layout shows behind text, read once a layout and kept for the deck: each
    reading parses its master's theme, and a deck's slides share a handful of layouts."""

    def __init__(self) -> None:
        self.colors: dict[Any, RGB | None] = {}
        self.under: dict[tuple[Any, tuple[int, int, int, int]], bool] = {}

    def background(self, layout: Any) -> RGB | None:
        """The layout's solid background colour, or None (a picture, gradient or pattern)."""
        from leaflets.renderers.pptx.backdrop import background

        if layout.part not in self.colors:
            self.colors[layout.part] = background(layout)
        return self.colors[layout.part]

    def decorated(self, layout: Any, box: tuple[int, int, int, int]) -> bool:
        """Whether a picture or shape of the layout (or its master) lies under ``box``."""
        from leaflets.renderers.pptx.backdrop import decorated

        if (layout.part, box) not in self.under:
            self.under[layout.part, box] = decorated(layout, box)
        return self.under[layout.part, box]


def audit_deck(data: bytes, file: str) -> list[Diagnostic]:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    found: list[Diagnostic] = []

    def report(number: int, message: str) -> None:
        found.append(Diagnostic(file, None, f"slide {number}", message, "warning"))

    prs = Presentation(io.BytesIO(data))
    titles: dict[str, int] = {}
    layouts = _Layouts()
    for number, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        text = title.text_frame.text.strip() if title is not None and title.has_text_frame else ""
        if not text:
            report(number, "has no title")
        elif text in titles:
            report(number, f"has the same title as slide {titles[text]}: {text!r}")
        titles.setdefault(text, number)
        fills = slide._element.findall(f"{_P}cSld/{_P}bg/{_P}bgPr")  # noqa: SLF001
        # the slide's own colour, else what its layout and master show (None: a picture or gradient)
        background = _solid(fills[0]) if fills else layouts.background(slide.slide_layout)
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                descr = shape._element._nvXxPr.cNvPr.get("descr")  # noqa: SLF001
                if not (descr or "").strip():
                    report(number, f"picture {shape.name!r} has no alt text")
            if not shape.has_text_frame or _DECORATIVE in shape._element.xml:  # noqa: SLF001
                continue  # a decorative mark (the "!" on its white triangle) is not content
            behind = _solid(shape._element.spPr)  # noqa: SLF001
            if behind is None and shape.text_frame.text.strip():
                box = (shape.left, shape.top, shape.width, shape.height)
                if background is None or (None not in box and layouts.decorated(slide.slide_layout, box)):
                    report(number, f"text {shape.text_frame.text.strip()[:30]!r} sits on the template's pictures, "
                                   "shapes or gradient, where its contrast cannot be promised")  # fmt: skip
                    continue
            behind = behind or background or (255, 255, 255)
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    if not run.text.strip():
                        continue
                    rpr = run._r.rPr  # noqa: SLF001
                    size = run.font.size
                    if size is not None and size.pt < MIN_SLIDE_PT:
                        report(number, f"text {run.text[:30]!r} is {size.pt:g} pt, under {MIN_SLIDE_PT} pt")
                    if rpr is None or not rpr.get("lang"):
                        report(number, f"text {run.text[:30]!r} has no language set")
                    ink = _solid(rpr)
                    if ink and contrast(ink, behind) < MIN_CONTRAST:
                        report(
                            number, f"text {run.text[:30]!r} has contrast {contrast(ink, behind):.1f}:1, under 4.5:1"
                        )
    return found
