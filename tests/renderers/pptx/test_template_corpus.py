"""Any real PowerPoint file an organisation names gives a full deck, or one clear line.

The corpus (``template_corpus``) has few layouts, no title layout, only a blank layout,
translated names, several masters, 4:3, 16:10 and A4 slides, charts, tables, media, notes and
comments, a .potx, and LibreOffice's own templates. Each deck is read back: every slide
titled, every word of the topic present, nothing of the template's slides left in the
package, no part unreachable and no relationship dangling.
"""

from __future__ import annotations

import io
import posixpath
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import CONTENT, expected_texts, pdf_pages, pptx_slides, sentences, squash
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_FILL
from template_corpus import LEFTOVER, LIBREOFFICE, MAKERS

from leaflets.brand.brand import load_brand
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.renderers import FORMATS

WHITE = RGBColor(255, 255, 255)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CORPUS = [m.__name__ for m in MAKERS] + [p.name for p in LIBREOFFICE]
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def make(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for maker in MAKERS:
        if maker.__name__ == name:
            return maker(folder)
    source = next(p for p in LIBREOFFICE if p.name == name)
    return Path(shutil.copy(source, folder / source.name))


def brand_on(template: Path):
    (template.parent / "leaflets.yml").write_text(f"extends: northfield\ndeck:\n  template: {template.name}\n")
    return load_brand(str(template.parent))


def build(brand, topic: Path) -> tuple[bytes, list]:
    """The deck's bytes and the texts it must hold; it holds exactly the slides leaflets drew."""
    doc = compose(load_topic(topic), brand, "deck")
    out = io.BytesIO()
    drawn = FORMATS["pptx"].load()(doc, brand, out).units
    assert len(Presentation(io.BytesIO(out.getvalue())).slides) == drawn  # none of the template's own
    return out.getvalue(), expected_texts(doc)


def package_problems(data: bytes) -> list[str]:
    """Parts no relationship reaches, relationships to missing parts, and r:ids a part uses
    that its relationships do not declare."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    problems, reached, todo = [], set(), [""]
    while todo:
        part = todo.pop()
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        ids = set()
        if rels_name in names:
            for rel in etree.fromstring(archive.read(rels_name)).iter(_REL):
                ids.add(rel.get("Id"))
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target"))).lstrip("/")
                if target not in names:
                    problems.append(f"{part or 'package'} -> missing {target}")
                elif target not in reached:
                    reached.add(target)
                    todo.append(target)
        if part.endswith(".xml"):
            used = {v for el in etree.fromstring(archive.read(part)).iter() for k, v in el.attrib.items()
                    if k.startswith(f"{{{_R}}}")}  # fmt: skip
            problems += [f"{part} uses undeclared {rid}" for rid in sorted(used - ids)]
    orphans = {n for n in names - reached if not n.endswith(".rels") and n != "[Content_Types].xml"}
    return problems + [f"orphan part {n}" for n in sorted(orphans)]


@pytest.mark.parametrize("name", CORPUS)
def test_every_template_gives_a_deck_with_every_word_and_none_of_its_own(name, tmp_path, every_block):
    template = make(name, tmp_path / "org")
    brand = brand_on(template)
    # a translation: its callout titles are long enough to outgrow a narrow title area (Sunset)
    for topic in (CONTENT / "bone-metastasis.yaml", CONTENT / "pl" / "bone-metastasis.yaml", every_block):
        data, expected = build(brand, topic)
        slides = pptx_slides(data)
        assert all(s["title"] and s["title"].strip() for s in slides), [s["title"] for s in slides]
        text = squash("\n".join(s["text"] + "\n" + s["notes"] for s in slides))
        missing = [s for t in expected for s in sentences(t) if squash(s) not in text]
        assert missing == []
        assert LEFTOVER not in data.decode("latin-1") and "template's own slide" not in data.decode("latin-1")
        assert package_problems(data) == []
        deck = Presentation(io.BytesIO(data))
        assert (deck.slide_width, deck.slide_height) == _slide_size(template)
        for slide in deck.slides:  # laid out for this size: nothing reaches off the slide
            for shape in slide.shapes:
                assert shape.left + shape.width <= deck.slide_width + 12700, (name, shape.name)
                assert shape.top + shape.height <= deck.slide_height + 12700, (name, shape.name)


def _slide_size(template: Path) -> tuple[int, int]:
    with zipfile.ZipFile(template) as archive:
        size = etree.fromstring(archive.read("ppt/presentation.xml")).find("{*}sldSz")
    return int(size.get("cx")), int(size.get("cy"))


def test_a_template_without_layouts_for_some_kinds_warns_once_per_brand(tmp_path, runner):
    from leaflets.cli import main

    for name in ("few_layouts", "DNA.pptx"):
        brand_on(make(name, tmp_path / name.split(".")[0].replace("_", "-")))
    topics = [str(CONTENT / "bone-metastasis.yaml"), str(CONTENT / "lung-metastasis.yaml")]
    brands = ["--brand", str(tmp_path / "few-layouts"), "--brand", str(tmp_path / "DNA")]
    result = runner.invoke(main, ["build", *topics, *brands, "--format", "pptx", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "has no layout for" in line]
    assert len(warnings) == 2
    assert "few-layouts.pptx: warning: brand 'few-layouts': the template has no layout for title slides" in warnings[0]
    assert "content slides (built on 'Title Only')" in warnings[0]
    assert "DNA.pptx: warning: brand 'DNA': the template has no layout for section slides" in warnings[1]
    assert len(list((tmp_path / "out").rglob("*.pptx"))) == 4


def test_check_reports_what_a_template_provides(tmp_path, runner):
    from leaflets.cli import main

    brand_on(make("no_title_layout", tmp_path / "org"))
    result = runner.invoke(main, ["check", str(CONTENT / "lung-metastasis.yaml"), "--brand", str(tmp_path / "org")])
    notes = [line for line in result.output.splitlines() if "note: brand 'org'" in line]
    assert len(notes) == 1
    assert "slides are 10 x 6.25 in; 1 master(s), 5 layout(s)" in notes[0]
    assert "content slides on 'Title and Content' (by placeholder types)" in notes[0]
    assert "title slides on 'Section Header' (by closest)" in notes[0]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it with apt-get")
def test_libreoffice_converts_a_deck_on_every_template(tmp_path):
    decks = []
    for name in CORPUS:
        template = make(name, tmp_path / "brands" / name.split(".")[0])
        data, _ = build(brand_on(template), CONTENT / "bone-metastasis.yaml")
        deck = tmp_path / f"{template.stem}-deck.pptx"
        deck.write_bytes(data)
        decks.append((deck, len(pptx_slides(data))))
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *(str(d) for d, _ in decks)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    for deck, count in decks:
        pages = pdf_pages((tmp_path / "pdf" / f"{deck.stem}.pdf").read_bytes())
        assert len(pages) == count, deck.name
        assert "Signs of bone metastasis" in " ".join(pages[0].split())


@pytest.mark.parametrize("name", ["dark_background", "picture_master", "Nature_Illustration.pptx"])
def test_text_on_a_dark_or_busy_template_gets_a_panel_and_passes_the_audit(name, tmp_path):
    from leaflets.checks.deck_audit import audit_deck

    brand = brand_on(make(name, tmp_path / "org"))
    data, _ = build(brand, CONTENT / "bone-metastasis.yaml")
    assert audit_deck(data, "deck.pptx") == []
    # the audit bites: the same deck with the panels taken off fails it
    bare = io.BytesIO()
    deck = Presentation(io.BytesIO(data))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.fill.type == MSO_FILL.SOLID and shape.fill.fore_color.rgb == WHITE:
                shape.fill.background()
    deck.save(bare)
    found = audit_deck(bare.getvalue(), "deck.pptx")
    assert any("contrast" in d.message for d in found), found


def test_a_plain_template_keeps_its_look_without_panels(tmp_path):
    data, _ = build(load_brand("northfield"), CONTENT / "bone-metastasis.yaml")
    deck = Presentation(io.BytesIO(data))
    filled = [
        shape.fill.fore_color.rgb
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame and shape.text_frame.text.strip() and shape.fill.type == MSO_FILL.SOLID
    ]
    assert WHITE not in filled  # no white panels on content slides
    assert deck.slides[0].shapes.title.fill.type is None  # nor a brand-coloured one on the cover
