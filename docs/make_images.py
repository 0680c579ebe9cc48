"""Regenerate the README pictures from real builds: leaflet pages (pdfium), slides (LibreOffice)
and web pages (Chromium through Playwright).

Run from the repository root: ``python docs/make_images.py``. Needs the test extras, soffice and
chromium; ``python docs/make_images.py web`` (or ``word``) makes only the web (or Word import) pictures.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


def build(topic: str, brand: str, fmt: str, out: Path, layout: str = "a4", name: str | None = None) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "leaflets",
            "build",
            f"content/{topic}.yaml",
            "--brand",
            brand,
            "--format",
            fmt,
            "--layout",
            layout,
            "--out",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    suffix = "" if layout == "a4" or fmt != "pdf" else f"-{layout}"
    return out / f"{name or Path(topic).name}{suffix}.{fmt}"


def pages(pdf_path: Path, wanted: list[int], stem: str, scale: float) -> None:
    pdf = pdfium.PdfDocument(pdf_path)
    for n in wanted:
        pdf[n - 1].render(scale=scale).to_pil().convert("RGB").save(IMAGES / f"{stem}-{n}.png", optimize=True)


def web_pictures() -> None:
    """The bone metastasis page at a desktop and a phone width, as a reader first sees it."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run(  # with the PDF beside it, so the page shows its download link
            [sys.executable, "-m", "leaflets", "build", "content/bone-metastasis.yaml", "--brand", "northfield",
             "--format", "pdf", "--format", "html", "--out", str(out)],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip
        page_path = out / "bone-metastasis.html"
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            for name, width, height in (("desktop", 1280, 900), ("phone", 375, 812)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.as_uri())
                page.wait_for_load_state("load")
                page.screenshot(path=IMAGES / f"web-bone-{name}.png")
            page.evaluate("document.querySelector('.callout-urgent').scrollIntoView(); window.scrollBy(0, -24)")
            page.screenshot(path=IMAGES / "web-bone-phone-urgent.png")
            browser.close()


def word_pictures() -> None:
    """A Word leaflet (saved by LibreOffice, from the tests) beside the leaflet imported from it."""
    source = ROOT / "tests" / "data" / "word" / "libreoffice-leaflet.docx"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp,
                        str(source)], check=True, capture_output=True)  # fmt: skip
        pages(out / f"{source.stem}.pdf", [1], "word-source", 0.9)
        topic = out / "content" / "bone-signs.yaml"
        leaflets = [sys.executable, "-m", "leaflets"]
        subprocess.run(
            [*leaflets, "import", str(source), "--out", str(topic)], check=True, cwd=ROOT, capture_output=True
        )
        subprocess.run([*leaflets, "build", str(topic), "--brand", "northfield", "--format", "pdf", "--out", tmp],
                       check=True, cwd=ROOT, capture_output=True)  # fmt: skip
        pages(out / "bone-signs.pdf", [1], "word-leaflet", 0.9)


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    web_pictures()
    word_pictures()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        pages(build("bone-metastasis", "northfield", "pdf", out), [1, 2], "leaflet-bone", 1.0)
        pages(build("palliative-care", "northfield", "pdf", out, "trifold-a4"), [1, 2], "trifold-palliative", 0.9)
        pages(
            build("ar/bone-metastasis", "northfield", "pdf", out, name="bone-metastasis-ar"), [1, 2], "leaflet-ar", 1.0
        )
        bilingual = build("pl/palliative-care", "northfield", "pdf", out, "bilingual-a4", "palliative-care-pl")
        pages(bilingual, [1], "bilingual-pl", 0.9)
        deck = build("bone-metastasis", "northfield", "pptx", out)
        soffice = shutil.which("soffice")
        if soffice:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(deck)],
                check=True,
                capture_output=True,
            )
            from pptx import Presentation

            titles = [s.shapes.title.text_frame.text for s in Presentation(deck).slides]
            content = next(i for i, t in enumerate(titles, 1) if t.startswith("Signs to look out for"))
            urgent = next(i for i, t in enumerate(titles, 1) if t.startswith("Urgent: "))
            pages(out / "bone-metastasis.pdf", [1, content, urgent], "slide-bone", 0.6)
            bengali = build("bn/bone-metastasis", "northfield", "pptx", out, name="bone-metastasis-bn")
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(bengali)],
                           check=True, capture_output=True)  # fmt: skip
            pages(out / "bone-metastasis-bn.pdf", [3, urgent - 1], "slide-bn", 0.6)  # needs a Bengali font
            talk = build("talks/know-the-signs", "northfield", "pptx", out)
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(talk)],
                           check=True, capture_output=True)  # fmt: skip
            titles = [s.shapes.title.text_frame.text for s in Presentation(talk).slides]
            urgent = next(i for i, t in enumerate(titles, 1) if t.startswith("Urgent: Pressure on the spinal cord"))
            wanted = [2, urgent, titles.index("When to get help") + 2]  # the first slide after the divider
            pages(out / "know-the-signs.pdf", wanted, "slide-talk", 0.6)


if __name__ == "__main__":
    {"web": web_pictures, "word": word_pictures}.get(sys.argv[1] if sys.argv[1:] else "", main)()
