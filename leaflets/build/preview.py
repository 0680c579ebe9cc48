"""PNG pictures of a built PDF, one per page plus a contact sheet, for checking a fold before printing."""

from __future__ import annotations

import io
from pathlib import Path

from leaflets.files.atomic import write_atomic

DPI = 110
SHEET_COLUMNS = 2


def preview_pages(pdf: bytes, stem: str, out_dir: Path) -> list[Path]:
    """Write ``stem-page-N.png`` for every page and ``stem-sheet.png`` with all of them."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    document = pdfium.PdfDocument(io.BytesIO(pdf))
    pictures = [document[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in range(len(document))]
    written = []
    for number, picture in enumerate(pictures, 1):
        written.append(_save(picture, out_dir / f"{stem}-page-{number}.png"))
    gap = 24
    width = max(p.width for p in pictures)
    height = max(p.height for p in pictures)
    columns = min(SHEET_COLUMNS, len(pictures))
    rows = -(-len(pictures) // columns)
    sheet = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), (200, 200, 200))
    draw = ImageDraw.Draw(sheet)
    for index, picture in enumerate(pictures):
        x = gap + (index % columns) * (width + gap)
        y = gap + (index // columns) * (height + gap)
        sheet.paste(picture, (x, y))
        draw.rectangle((x - 1, y - 1, x + picture.width, y + picture.height), outline=(90, 90, 90))
    written.append(_save(sheet, out_dir / f"{stem}-sheet.png"))
    return written


def _save(picture: object, path: Path) -> Path:
    data = io.BytesIO()
    picture.save(data, format="PNG", optimize=True)  # type: ignore[attr-defined]
    write_atomic(path, data.getvalue())
    return path
