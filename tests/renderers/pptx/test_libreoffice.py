"""Decks open in a real consumer: LibreOffice converts them, every slide with its title on it.

LibreOffice cannot be installed with pip; .ci/run installs it where it can. Without it this
test is skipped, with the reason shown.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import CONTENT, build_bytes, pdf_pages, pptx_slides

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it with apt-get")
def test_deck_converts_in_libreoffice_with_every_slide_and_title(tmp_path):
    data = build_bytes(CONTENT / "bone-metastasis.yaml", "pptx", "northfield")
    deck = tmp_path / "bone.pptx"
    deck.write_bytes(data)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pages = pdf_pages((tmp_path / "bone.pdf").read_bytes())
    slides = pptx_slides(data)
    assert len(pages) == len(slides)
    for page, slide in zip(pages, slides, strict=True):
        first_words = slide["title"].split()[:3]
        assert " ".join(first_words) in " ".join(page.split())
    balanced_in_libreoffice(tmp_path / "bone.pdf", slides)


def balanced_in_libreoffice(pdf_path, slides) -> None:
    """As LibreOffice draws them, a content slide's body text of more than one line is balanced in
    its area, never all in the top third of the slide. Positions are read from the PDF LibreOffice
    made, so they are where the audience sees the text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    for number, (page, slide) in enumerate(zip(pdf, slides, strict=True), 1):
        width, height = page.get_size()
        text = page.get_textpage()
        title = (slide["title"] or "").replace(" ", "")
        boxes = []
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            # the body: below the title band and above the foot, not the draft band
            if text.get_text_range(i, 1).strip() and top < 0.75 * height and bottom > 0.05 * height:
                boxes.append((bottom, top))
        if number == 1 or not boxes or not title:
            continue
        lines = {round(b[0]) for b in boxes}
        if len(lines) < 2:
            continue
        lowest, highest = min(b[0] for b in boxes), max(b[1] for b in boxes)
        assert lowest < height * 2 / 3, f"slide {number}: all its text is in the top third"
        # its middle near the body area's middle (top-aligned text of three lines sits at 2/3)
        assert 0.2 * height < (lowest + highest) / 2 < 0.58 * height, f"slide {number} {title}: text not balanced"
