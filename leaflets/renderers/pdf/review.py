"""The review pack as a tagged PDF (PDF/UA-1), drawn by the leaflet's own builder and pages.

Each line of the text has its number in a column to the left; a changed line says so in
words ("Changed:", "Added:", "Removed:") as well as with marks, so nothing relies on
colour: added words are bold and underlined, removed words struck through.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from msgspec.structs import replace
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer

from leaflets.brand.brand import Brand
from leaflets.brand.color import to_hex
from leaflets.content.inline import Run
from leaflets.document.compose import compose
from leaflets.editorial.review_pack import Line, ReviewPack
from leaflets.layouts import load_layout
from leaflets.renderers.pdf.flow import build_pages
from leaflets.renderers.pdf.print import PrintSetup
from leaflets.renderers.pdf.rl_private import ScannedParagraph
from leaflets.renderers.pdf.story import LeafletBuilder
from leaflets.renderers.pdf.tags import Elem, tag

#: Inks for marked words, both over 7:1 on white; the words are also bold/underlined or struck.
ADDED = (0, 100, 0)
REMOVED = (160, 0, 0)
NUMBER_COLUMN = 30.0  # points


def render_review(pack: ReviewPack, brand: Brand, stream: BinaryIO) -> int:
    """Write the pack as an A4 PDF; return its number of pages."""
    topic = pack.topic
    doc = compose(topic, brand, "leaflet")
    doc = replace(
        doc,
        meta=replace(doc.meta, title=f"Review pack: {doc.meta.title}", subtitle=_subtitle(pack)),
        footer=f"Review pack for {topic.file}: comment by line number",
    )
    flowed = build_pages(doc, brand, load_layout("a4"), PrintSetup(), story=lambda b: _story(b, pack))
    return flowed.save(stream, doc.meta.title)


def _subtitle(pack: ReviewPack) -> str:
    topic = pack.topic
    code = f"{topic.code} version {topic.version}" if topic.code and topic.version else "No code or version yet"
    return f"{code} · {topic.status} · text {topic.content_hash}"


def _story(builder: LeafletBuilder, pack: ReviewPack) -> list[Flowable]:
    out = builder.front()
    out.append(builder.plain(pack.compared))
    out.append(builder.heading(f"The text, in reading order ({len([x for x in pack.lines if x.number])} lines)"))
    style = ParagraphStyle(
        "line", builder.styles["body"], leftIndent=NUMBER_COLUMN, bulletIndent=0, spaceAfter=builder.page.body * 0.3
    )
    heading = ParagraphStyle("line-h", style, fontName=builder.fonts.bold, spaceBefore=builder.page.body * 0.4)
    out += [_line(builder, line, heading if line.heading else style) for line in pack.lines]
    if pack.sources:
        out.append(builder.heading("Sources"))
        out += builder.sources(pack.sources)
    out.append(builder.heading(f"Check findings ({len(pack.findings)})"))
    if not pack.findings:
        out.append(builder.plain("leaflets check found nothing to report."))
    for found in pack.findings:
        where = f" (topic file line {found.line})" if found.line else ""
        field = f"{found.field}: " if found.field else ""
        out.append(
            builder.para((Run(f"{found.level.capitalize()}: ", bold=True), Run(f"{field}{found.message}{where}")))
        )
    out.append(KeepTogether(_signoff(builder, pack)))
    return out


def _line(builder: LeafletBuilder, line: Line, style: ParagraphStyle) -> Flowable:
    """One numbered line, its change said in words, added and removed words marked."""
    fonts = builder.fonts
    parts = [f"<b>{line.change.capitalize()}:</b> "] if line.change else []
    for words, mark in line.pieces:
        text = fonts.escaped(words, None)
        if mark == "+":
            text = f'<font color="{to_hex(ADDED)}"><b><u>{text}</u></b></font>'
        elif mark == "-":
            text = f'<font color="{to_hex(REMOVED)}"><strike>{text}</strike></font>'
        parts.append(text)
    number = str(line.number) if line.number is not None else "–"
    return tag(ScannedParagraph(" ".join(parts), style, bulletText=number), "P")


def _signoff(builder: LeafletBuilder, pack: ReviewPack) -> list[Flowable]:
    """A box to fill in by hand, then record with ``leaflets approve``."""
    topic = pack.topic
    rows_text = [
        ("Text reviewed", _subtitle(pack)),
        ("Decision", "Approved  /  Approved with the changes noted  /  Not approved"),
        ("Name", ""),
        ("Role", ""),
        ("Date", ""),
        ("Signature", ""),
    ]
    grid = Elem("Table")
    bold = ParagraphStyle("cell-b", builder.styles["cell"], fontName=builder.fonts.bold)
    rows: list[list[Any]] = []
    for label, value in rows_text:
        row = grid.child("TR")
        rows.append(
            [
                tag(builder.text((Run(label),), bold, None), row.child("TH")),
                tag(builder.text((Run(value),), builder.styles["cell"], None), row.child("TD")),
            ]
        )
    ink = builder.color(builder.ink, 0.6)
    table = builder.table(
        rows,
        [builder.width * 0.25, builder.width * 0.75],
        style=[
            ("BOX", (0, 0), (-1, -1), 1, ink),
            ("INNERGRID", (0, 0), (-1, -1), 0.5, ink),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 2), (-1, -1), 12),
            ("BOTTOMPADDING", (0, 2), (-1, -1), 12),
        ],
    )
    note = builder.plain(
        f"Then record the sign-off of exactly this text ({topic.content_hash}): {pack.approve_command}", "small"
    )
    return [builder.heading("Clinical sign-off"), tag(table, grid), Spacer(1, 6), note]
