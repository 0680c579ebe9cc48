"""The floor: the same pages and slides drawn with raw reportlab and raw python-pptx.

No YAML, no validation, no layout logic: the text is given, one font embedded, one
paragraph style per kind. ``leaflets`` is measured against this in ``bench/run.py``.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.util import Inches, Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate


def _fonts() -> tuple[str, str]:
    import fontpkg_atkinson_hyperlegible as atkinson

    for name, file in (("Floor", "Regular"), ("Floor-Bold", "Bold")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(atkinson.ROOT / "files" / f"AtkinsonHyperlegible-{file}.ttf")))
    return "Floor", "Floor-Bold"


def leaflet(pages: list[list[tuple[str, str]]]) -> bytes:
    """``pages`` of (kind, text) paragraphs, kind "h" or "p", each list one page."""
    regular, bold = _fonts()
    body = ParagraphStyle("p", fontName=regular, fontSize=13, leading=18.5, spaceAfter=8)
    heading = ParagraphStyle("h", fontName=bold, fontSize=18.5, leading=23, spaceBefore=12, spaceAfter=6)
    story = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        story += [Paragraph(escape(text), heading if kind == "h" else body) for kind, text in page]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, invariant=1).build(story)
    return out.getvalue()


def deck(slides: list[tuple[str, list[str]]]) -> bytes:
    """(title, body paragraphs) per slide on a 16:9 deck."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    layout = prs.slide_layouts[1]
    for title, lines in slides:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = title
        frame = slide.placeholders[1].text_frame
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(24)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
