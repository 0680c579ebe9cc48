"""A corpus of PowerPoint templates as organisations have them, made with python-pptx and by
editing package XML, plus LibreOffice Impress's shipped templates converted to .pptx
(``tests/data/templates``, made by ``soffice --headless --convert-to pptx``).

Each maker writes one file into a folder and returns its path.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from helpers import ROOT
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

LIBREOFFICE = sorted((ROOT / "tests" / "data" / "templates").glob("*.pptx"))
LOGO = ROOT / "templates" / "brands" / "northfield" / "logo.png"
LEFTOVER = "Old slide from the template"  # text on the template's own slides, which must go


def _resize(prs, width: int, height: int) -> None:
    """Change the slide size and move every master and layout placeholder with it, as
    PowerPoint's "Slide Size" does."""
    sx, sy = width / prs.slide_width, height / prs.slide_height
    for master in prs.slide_masters:
        for shapes in [master.placeholders, *(layout.placeholders for layout in master.slide_layouts)]:
            for ph in shapes:
                if ph._element.xpath("./p:spPr/a:xfrm"):  # noqa: SLF001 - only boxes set here, not inherited
                    ph.left, ph.top = int(ph.left * sx), int(ph.top * sy)
                    ph.width, ph.height = int(ph.width * sx), int(ph.height * sy)
    prs.slide_width, prs.slide_height = width, height


def _keep_layouts(prs, names: set[str]) -> None:
    for layout in list(prs.slide_layouts):
        if layout.name not in names:
            prs.slide_layouts.remove(layout)


def _leftover_slide(prs) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    if slide.shapes.title is not None:
        slide.shapes.title.text = LEFTOVER
    slide.notes_slide.notes_text_frame.text = "Speaker notes of the template's own slide"


def few_layouts(folder: Path) -> Path:
    """4:3 (python-pptx's default size), only a title-only and a blank layout, a leftover slide."""
    prs = Presentation()
    _keep_layouts(prs, {"Title Only", "Blank"})
    _leftover_slide(prs)
    return _save(prs, folder / "few-layouts.pptx")


def blank_only(folder: Path) -> Path:
    """A4 slides with one blank layout: every title and body box is drawn by leaflets."""
    prs = Presentation()
    _resize(prs, Inches(10.83), Inches(7.5))
    _keep_layouts(prs, {"Blank"})
    return _save(prs, folder / "blank-only.pptx")


def no_title_layout(folder: Path) -> Path:
    """16:10, every layout but the title slide."""
    prs = Presentation()
    _resize(prs, Inches(10), Inches(6.25))
    _keep_layouts(prs, {"Title and Content", "Section Header", "Title Only", "Two Content", "Blank"})
    _leftover_slide(prs)
    return _save(prs, folder / "no-title-layout.pptx")


def bare_master(folder: Path) -> Path:
    """A master with no placeholders at all and one blank layout: margins come from the slide size."""
    prs = Presentation()
    _keep_layouts(prs, {"Blank"})
    return _edit(_bytes(prs), folder / "bare-master.pptx", {
        r"ppt/slideMasters/slideMaster1\.xml": lambda xml: re.sub(rb"<p:sp>.*?</p:sp>", b"", xml, flags=re.S),
    })  # fmt: skip


def german_names(folder: Path) -> Path:
    """Translated layout names and text bodies where PowerPoint uses other placeholder types,
    so layouts are found by name and shape rather than by type."""
    prs = Presentation()
    _resize(prs, Inches(13.333), Inches(7.5))
    names = {"Title Slide": "Titelfolie", "Title and Content": "Titel und Inhalt",
             "Section Header": "Abschnittsüberschrift", "Title Only": "Nur Titel", "Blank": "Leer"}  # fmt: skip
    _keep_layouts(prs, set(names))
    for layout in prs.slide_layouts:
        layout.name = names[layout.name]
    data = _bytes(prs)
    return _edit(data, folder / "german-names.pptx", {
        r"ppt/slideLayouts/.*\.xml": lambda xml: xml.replace(b'type="ctrTitle"', b'type="title"')
        .replace(b'type="subTitle"', b'type="body"'),
    })  # fmt: skip


def full_of_content(folder: Path) -> Path:
    """Slides holding a chart, a table, a picture, a video, notes and comments, as real decks do."""
    prs = Presentation()
    _resize(prs, Inches(13.333), Inches(7.5))
    _leftover_slide(prs)
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = LEFTOVER
    chart = CategoryChartData()
    chart.categories = ["2024", "2025"]
    chart.add_series("Visits", (10, 20))
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(5), Inches(4), chart)
    table = slide.shapes.add_table(2, 2, Inches(7), Inches(2), Inches(4), Inches(2)).table
    table.cell(0, 0).text = LEFTOVER
    slide.shapes.add_picture(str(LOGO), Inches(7), Inches(5), height=Inches(1))
    video = folder / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(4000))
    slide.shapes.add_movie(str(video), Inches(1), Inches(6), Inches(2), Inches(1), poster_frame_image=str(LOGO))
    slide.notes_slide.notes_text_frame.text = "Notes of the chart slide"
    return _with_comment(_bytes(prs), folder / "full-of-content.pptx")


def as_potx(folder: Path) -> Path:
    """A .potx: the same package with the template content type."""
    data = _bytes(Presentation())
    return _edit(data, folder / "template.potx", {
        r"\[Content_Types\]\.xml": lambda xml: xml.replace(b"presentation.main+xml", b"template.main+xml"),
    })  # fmt: skip


# -- templates that cannot give a deck -----------------------------------------------------------


def no_theme(folder: Path) -> Path:
    return _edit(_bytes(Presentation()), folder / "no-theme.pptx", {
        r"ppt/slideMasters/_rels/.*\.rels": lambda xml: re.sub(rb"<Relationship [^>]*theme[^>]*/>", b"", xml),
    })  # fmt: skip


def no_master(folder: Path) -> Path:
    return _edit(_bytes(Presentation()), folder / "no-master.pptx", {
        r"ppt/presentation\.xml": lambda xml: re.sub(rb"<p:sldMasterIdLst>.*</p:sldMasterIdLst>", b"", xml),
    })  # fmt: skip


def no_layouts(folder: Path) -> Path:
    return _edit(_bytes(Presentation()), folder / "no-layouts.pptx", {
        r"ppt/slideMasters/slideMaster1\.xml": lambda xml: re.sub(
            rb"<p:sldLayoutIdLst>.*</p:sldLayoutIdLst>", b"", xml
        ),
    })  # fmt: skip


def not_a_zip(folder: Path) -> Path:
    path = folder / "not-a-zip.pptx"
    path.write_bytes(b"This is a text file that someone renamed to .pptx\n" * 20)
    return path


def truncated(folder: Path) -> Path:
    data = _bytes(Presentation())
    path = folder / "truncated.pptx"
    path.write_bytes(data[: len(data) // 2])
    return path


def word_document(folder: Path) -> Path:
    """A zip that is an Office package, but a Word document."""
    path = folder / "letter.pptx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'))  # fmt: skip
        archive.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'))  # fmt: skip
        archive.writestr("word/document.xml", "<w:document xmlns:w='urn:w'/>")
    return path


def external_entity(folder: Path, secret: Path) -> Path:
    """The theme reads a local file through an external entity (XXE)."""
    doctype = f'<!DOCTYPE a:theme [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()

    def inject(xml: bytes) -> bytes:
        xml = xml.replace(b"?>", b"?>" + doctype, 1)
        return xml.replace(b'name="Office Theme"', b'name="&x;"', 1)

    return _edit(_bytes(Presentation()), folder / "xxe.pptx", {r"ppt/theme/theme1\.xml": inject})


def entity_bomb(folder: Path) -> Path:
    """'Billion laughs' in presentation.xml: ten levels of ten entities each."""
    levels = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    doctype = f"<!DOCTYPE p:presentation [{levels}]>".encode()

    def inject(xml: bytes) -> bytes:
        xml = xml.replace(b"?>", b"?>" + doctype, 1)
        return xml.replace(b"<p:notesSz", b"<p:custDataLst>&l9;</p:custDataLst><p:notesSz", 1)

    return _edit(_bytes(Presentation()), folder / "bomb.pptx", {r"ppt/presentation\.xml": inject})


def zip_bomb(folder: Path, gib: int = 1) -> Path:
    """A real template plus one member that inflates to ``gib`` GiB of zeros (about 1 MB packed)."""
    path = folder / "zip-bomb.pptx"
    path.write_bytes(_bytes(Presentation()))
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("ppt/media/image99.png", "w", force_zip64=True) as member:
            for _ in range(1024 * gib):
                member.write(chunk)
    return path


def lying_sizes(folder: Path) -> Path:
    """A member whose header says 1 KiB but whose data inflates to 64 MiB."""
    path = folder / "lying.pptx"
    data = io.BytesIO(_bytes(Presentation()))
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ppt/media/image99.png", bytes(64 * 1024 * 1024))
    raw = bytearray(data.getvalue())
    size = (64 * 1024 * 1024).to_bytes(4, "little")
    for at in [m.start() for m in re.finditer(re.escape(size), raw)]:  # local header and central directory
        raw[at : at + 4] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    return path


# -- helpers -------------------------------------------------------------------------------------


def _bytes(prs) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _save(prs, path: Path) -> Path:
    path.write_bytes(_bytes(prs))
    return path


def _edit(data: bytes, path: Path, edits: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Copy the package, passing members whose names match a pattern through its edit."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            for pattern, edit in edits.items():
                if re.fullmatch(pattern, item.filename):
                    body = edit(body)
            dst.writestr(item, body)
    return path


_COMMENT = (
    '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    '<p:cm authorId="0" dt="2024-01-01T00:00:00" idx="1"><p:pos x="10" y="10"/>'
    f"<p:text>{LEFTOVER}: a reviewer's comment</p:text></p:cm></p:cmLst>"
)
_AUTHORS = (
    '<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    '<p:cmAuthor id="0" name="Reviewer" initials="R" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
)
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.presentationml."


def _with_comment(data: bytes, path: Path) -> Path:
    """Add a comment on the first slide and the comment authors part, as PowerPoint writes them."""

    def rel(rid: str, kind: str, target: str) -> bytes:
        return f'<Relationship Id="{rid}" Type="{_RT}{kind}" Target="{target}"/></Relationships>'.encode()

    _edit(data, path, {
        r"\[Content_Types\]\.xml": lambda xml: xml.replace(b"</Types>", (
            f'<Override PartName="/ppt/comments/comment1.xml" ContentType="{_CT}comments+xml"/>'
            f'<Override PartName="/ppt/commentAuthors.xml" ContentType="{_CT}commentAuthors+xml"/></Types>'
        ).encode()),
        r"ppt/slides/_rels/slide1\.xml\.rels": lambda xml: xml.replace(
            b"</Relationships>", rel("rId99", "comments", "../comments/comment1.xml")),
        r"ppt/_rels/presentation\.xml\.rels": lambda xml: xml.replace(
            b"</Relationships>", rel("rId99", "commentAuthors", "commentAuthors.xml")),
    })  # fmt: skip
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("ppt/comments/comment1.xml", _COMMENT)
        archive.writestr("ppt/commentAuthors.xml", _AUTHORS)
    return path


def dark_background(folder: Path) -> Path:
    """A master painted near-black: dark text on it would be unreadable."""
    solid = b'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="1B1B1F"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    return _edit(_bytes(Presentation()), folder / "dark.pptx", {
        r"ppt/slideMasters/slideMaster1\.xml": lambda xml: re.sub(rb"<p:bg>.*?</p:bg>", solid, xml, flags=re.S),
    })  # fmt: skip


def picture_master(folder: Path) -> Path:
    """A full-slide photograph on the master, under every text box."""
    prs = Presentation()
    master = prs.slide_master
    _part, rid = master.part.get_or_add_image_part(str(LOGO))
    master.shapes._spTree.add_pic(99, "Photo", "", rid, 0, 0, prs.slide_width, prs.slide_height)  # noqa: SLF001
    return _save(prs, folder / "photo.pptx")


def off_the_edge(folder: Path) -> Path:
    """A content layout whose text box hangs off the slide's right and bottom edges."""
    prs = Presentation()
    body = prs.slide_layouts[1].placeholders[1]
    body.left, body.width, body.height = Inches(2), Inches(12), Inches(9)
    return _save(prs, folder / "off-the-edge.pptx")


MAKERS: list[Callable[[Path], Path]] = [
    few_layouts, blank_only, bare_master, no_title_layout, german_names, full_of_content, as_potx,
    dark_background, picture_master, off_the_edge,
]  # fmt: skip
