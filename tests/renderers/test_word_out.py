"""--format docx: an editable Word version for review, with real styles, lists, tables, callouts
labelled in words, alt text, language and properties; imported back it is the same topic."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, build_all
from lxml import etree
from msgspec import Struct

from leaflets.cli import main
from leaflets.document.nodes import Figure, Origin

pytest.importorskip("docx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ENGLISH = sorted(p for p in CONTENT.glob("*.yaml") if p.stem not in ("glossary", "register"))
#: Right to left, and Chinese: the Word file carries them too (imported back as topics of their own).
SCRIPTS = [CONTENT / "ar" / "bone-metastasis.yaml", CONTENT / "zh-Hans" / "bone-metastasis.yaml"]


def neutral(value):
    """A node tree without where it came from, speaker notes (not in a leaflet), or how a
    picture is stored and sized: what a reader of the leaflet reads."""
    if isinstance(value, tuple):
        return tuple(neutral(v) for v in value)
    if isinstance(value, Origin):
        return None
    if isinstance(value, Struct):
        skip = {"origin", "notes"} | (
            {"path", "source", "share", "width_px", "height_px"} if isinstance(value, Figure) else set()
        )
        return (
            type(value).__name__,
            {name: neutral(getattr(value, name)) for name in value.__struct_fields__ if name not in skip},
        )
    return value


def composed(topic: Path):
    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose

    return compose(load_topic(topic), load_brand("default"), "leaflet")


@pytest.mark.parametrize("topic", ENGLISH + SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_english_topic_exported_and_imported_back_is_the_same(topic, tmp_path, runner):
    source = tmp_path / f"{topic.stem}.docx"
    source.write_bytes(build_all(topic, "docx")[0])
    out = tmp_path / "content" / f"{topic.stem}.yaml"
    result = runner.invoke(main, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "check:" not in result.output  # leaflets' own styles map back exactly: no guesses
    before, after = composed(topic), composed(out)
    assert neutral(after.sections) == neutral(before.sections)
    assert after.sources == before.sources
    for key in ("title", "subtitle", "audience", "language", "code", "version", "owner", "next_review"):
        assert getattr(after.meta, key) == getattr(before.meta, key), key


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_the_word_file_passes_the_accessibility_rules_its_xml_can_show(write_topic, tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 300), "teal").save(tmp_path / "spine.png")
    topic = write_topic(
        "title: Review copy\nlanguage: en-GB\nblocks:\n  - heading: Signs\n"
        "  - image:\n      src: spine.png\n      alt: Drawing of the spine\n"
        "  - table:\n      header: [When, Who]\n      rows:\n        - [Day, Nurse]\n"
        "  - callout:\n      style: urgent\n      title: Call 999\n      bullets: [you cannot move your legs]\n"
        "  - numbered: [Stay still, Call]\n  - numbered: [Rest, Drink water]\n"
    )
    data = build_all(topic, "docx")[0]
    import docx

    word = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in word.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles  # headings used
    assert word.core_properties.language == "en-GB" and word.core_properties.title == "Review copy"
    root = document_xml(data)
    pictures = root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert [p.get("descr") for p in pictures] == ["Drawing of the spine"]  # alt text on every picture
    tables = root.findall(f".//{W}tbl")
    assert all(t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for t in tables)  # header rows
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b'w:lang w:val="en-GB"' in z.read("word/styles.xml")  # the document's language
    callout = [p for p in word.paragraphs if p.style.name == "Leaflets Urgent"]
    assert callout[0].text == "Urgent: Call 999" and callout[1].text == "• you cannot move your legs"
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2] == ids[3]  # each numbered list starts at 1


def _without_jfif(jpeg: bytes) -> bytes:
    """A JPEG whose APP0 (JFIF) segment is taken out, as some cameras and libraries write them."""
    assert jpeg[2:4] == b"\xff\xe0"
    return jpeg[:2] + jpeg[4 + int.from_bytes(jpeg[4:6], "big") :]


def test_jpegs_python_docx_cannot_read_reach_word_as_srgb_copies(write_topic, tmp_path):
    # a CMYK JPEG (Adobe header) from a print designer failed the Word file and `check` alike
    from PIL import Image

    srgb = (Path(pikepdf.__file__).parent / "pdfa" / "data" / "sRGB.icc").read_bytes()
    Image.new("CMYK", (300, 200), (0, 0, 0, 0)).save(tmp_path / "cmyk.jpg")
    Image.new("CMYK", (320, 200), (0, 0, 0, 0)).save(tmp_path / "mismatched.jpg", icc_profile=srgb)
    plain = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 40, 40)).save(plain, format="JPEG", icc_profile=srgb, quality=95)
    (tmp_path / "bare.jpg").write_bytes(_without_jfif(plain.getvalue()))
    other = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 40, 200)).save(other, format="JPEG", quality=95)
    jfif = bytearray(other.getvalue())
    jfif[13:18] = b"\x01\x00\x00\x00\x00"  # dots per inch, and a density of 0 by 0
    (tmp_path / "flat.jpg").write_bytes(bytes(jfif))
    green = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 160, 40)).save(green, format="JPEG", quality=95)
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff\x01\x00"  # 65,535 entries promised, none there
    damaged = green.getvalue()[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + green.getvalue()[2:]
    (tmp_path / "exif.jpg").write_bytes(damaged)
    names = ("cmyk", "mismatched", "bare", "flat", "exif")
    blocks = "".join(f"  - image: {{src: {n}.jpg, alt: Picture {n}}}\n" for n in names)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        data = build_all(write_topic(f"title: Pictures\nblocks:\n{blocks}"), "docx")[0]
    assert not [str(w.message) for w in said if "EXIF" in str(w.message)]  # Pillow's notes stay out of the output
    root = document_xml(data)
    pictures = root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert [p.get("descr") for p in pictures] == [f"Picture {n}" for n in names]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [Image.open(io.BytesIO(z.read(n))) for n in sorted(z.namelist()) if n.startswith("word/media/")]
    assert [m.mode for m in media] == ["RGB"] * 5
    assert [m.getpixel((150, 100)) for m in media[:2]] == [(255, 255, 255)] * 2  # no ink is white paper
    assert all(abs(a - b) < 12 for a, b in zip(media[2].getpixel((150, 100)), (200, 40, 40), strict=True))


def test_docx_is_a_build_format(project, runner):
    (project / "content" / "t.yaml").write_text("title: T\nblocks:\n  - text: Hello there.\n")
    result = runner.invoke(main, ["build", "content/t.yaml", "--format", "docx", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert (project / "out" / "t.docx").is_file()
