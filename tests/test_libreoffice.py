"""Decks open in a real consumer: LibreOffice converts them, every slide with its title on it.

LibreOffice cannot be installed with pip; .ci/run installs it where it can. Without it this
test is skipped, with the reason shown.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import CONTENT, build_bytes, pdf_pages, pptx_slides

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
