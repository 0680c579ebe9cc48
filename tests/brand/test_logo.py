"""Covers that work with any logo: the variant that stands out on the band, else a white plate
and a warning (WCAG 1.4.11, 3:1, measured on the logo's own pixels). Read back with pdfplumber."""

from __future__ import annotations

import io
import textwrap

import pdfplumber
from PIL import Image, ImageDraw

from leaflets.brand.brand import load_brand
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.renderers import FORMATS, Options

NAVY = "#14213D"


def _logo(path, ink: str) -> None:
    """A two-part logo (a ring and a bar) in ``ink`` on a transparent background."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), outline=ink, width=30)
    draw.rectangle((230, 60, 580, 140), fill=ink)
    image.save(path)


def _brand(folder, logo_yaml: str):
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        textwrap.dedent(
            f"""\
            meta: {{name: Navy Trust}}
            {logo_yaml}
            color: {{primary: "{NAVY}", secondary: "#0F6E73", foreground: "#1B1B1F", background: white}}
            """
        )
    )
    _logo(folder / "navy.png", NAVY)
    _logo(folder / "white.png", "#FFFFFF")
    return load_brand(str(folder))


def _build(brand, write_topic):
    path = write_topic("title: Logo test\nblocks:\n  - text: Hello.\n")
    stream = io.BytesIO()
    rendered = FORMATS["pdf"].load()(compose(load_topic(path), brand, "leaflet"), brand, stream, Options())
    return stream.getvalue(), [str(w) for w in rendered.warnings]


def _white_plates(data: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        logo = page.images[0]
        plates = [
            shape
            for shape in page.rects + page.curves
            if shape.get("non_stroking_color") in ((1, 1, 1), [1, 1, 1], (1.0, 1.0, 1.0))
            and shape["x0"] <= logo["x0"]
            and shape["x1"] >= logo["x1"]
            and shape["top"] <= logo["top"]
            and shape["bottom"] >= logo["bottom"]
        ]
    return plates


def test_a_navy_logo_on_a_navy_band_goes_on_a_white_plate_with_a_warning(tmp_path, write_topic):
    brand = _brand(tmp_path / "navy", "logo: navy.png")
    data, warnings = _build(brand, write_topic)
    assert any("logo navy.png" in w and "white plate" in w and "3:1" in w for w in warnings)
    assert _white_plates(data), "the navy logo is drawn straight on the navy band"


def test_the_variant_for_dark_backgrounds_is_used_on_a_dark_band(tmp_path, write_topic):
    brand = _brand(
        tmp_path / "both",
        "logo: {images: {ink: navy.png, reversed: white.png}, medium: {light: ink, dark: reversed}}",
    )
    assert [p.name for p in brand.logos] == ["navy.png", "white.png"]
    data, warnings = _build(brand, write_topic)
    assert not any("logo" in w for w in warnings)
    assert not _white_plates(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        stream = pdf.pages[0].images[0]["stream"]
        pixels = Image.frombytes("RGB", (stream["Width"], stream["Height"]), stream.get_data())
    assert [high for _, high in pixels.getextrema()] == [255, 255, 255]  # the white logo, not the navy one


def test_the_deck_title_slide_puts_a_low_contrast_logo_on_a_plate(tmp_path, write_topic):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE

    brand = _brand(tmp_path / "navy", "logo: navy.png")
    path = write_topic("title: Logo test\nblocks:\n  - text: Hello.\n")
    stream = io.BytesIO()
    rendered = FORMATS["pptx"].load()(compose(load_topic(path), brand, "deck"), brand, stream, Options())
    assert any("white plate" in str(w) for w in rendered.warnings)
    slide = Presentation(io.BytesIO(stream.getvalue())).slides[0]
    picture = next(s for s in slide.shapes if s.shape_type == 13)
    plates = [s for s in slide.shapes if s.shape_type == 1 and s.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE]
    assert plates and plates[0].left < picture.left and plates[0].width > picture.width
