"""A template from a partner organisation is hostile until shown otherwise.

Each failure is one line naming the brand and the file; that brand's PDFs and every other
brand's decks still build; nothing inflates past the limits in memory, and no local file
or URL is read through an XML entity.
"""

from __future__ import annotations

import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import template_corpus as corpus
from helpers import CONTENT, ROOT

from leaflets.cli import main
from leaflets.files.containers import Limits, UnsafeContainer, _read_bounded, check_xml, read_members
from leaflets.renderers.pptx.template import TemplateProblem, load_template

MiB = 1024 * 1024
BROKEN = {
    "not_a_zip": "is damaged or not an Office file: it cannot be read as a zip archive",
    "truncated": "is damaged or not an Office file: it cannot be read as a zip archive",
    "word_document": "is not a PowerPoint presentation: it is a Word document",
    "no_theme": "has no theme for its slide master",
    "no_master": "has no slide master",
    "no_layouts": "has no slide layouts",
    "external_entity": "ppt/theme/theme1.xml declares a DTD or entities, which Office files never do",
    "entity_bomb": "ppt/presentation.xml declares a DTD or entities, which Office files never do",
    "zip_bomb": "unpacks to 1024 MiB; the limit is 128 MiB",
    "lying_sizes": "is damaged (Bad CRC-32 for file 'ppt/media/image99.png')",
}


def _make(name: str, folder: Path) -> Path:
    maker = getattr(corpus, name)
    if name == "external_entity":
        secret = folder.parent / "secret.txt"
        secret.write_text("PRIVATE-TOKEN-123")
        return maker(folder, secret)
    return maker(folder)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_template_is_one_line_and_everything_else_builds(name, tmp_path, runner):
    bad = tmp_path / "partner"
    bad.mkdir()
    template = _make(name, bad)
    (bad / "leaflets.yml").write_text(f"extends: northfield\ndeck:\n  template: {template.name}\n")
    good = tmp_path / "northfield"
    shutil.copytree(ROOT / "templates" / "brands" / "northfield", good)
    out = tmp_path / "out"
    args = ["build", str(CONTENT / "lung-metastasis.yaml"), "--format", "pdf", "--format", "pptx"]
    result = runner.invoke(main, [*args, "--brand", str(bad), "--brand", str(good), "--out", str(out)])

    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "cannot build decks" in line]
    assert len(lines) == 1, result.output
    assert lines[0].endswith(f"brand 'partner': cannot build decks: it {BROKEN[name]}"), lines[0]
    assert lines[0].startswith(str(template)) or lines[0].startswith(template.name), lines[0]
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "PRIVATE-TOKEN" not in result.output
    assert (out / "northfield" / "lung-metastasis.pptx").is_file()  # the other brand's deck
    assert (out / "partner" / "lung-metastasis.pdf").is_file()  # this brand's leaflet
    assert not (out / "partner" / "lung-metastasis.pptx").exists()


def test_a_zip_bomb_never_inflates_in_memory(tmp_path):
    bomb = corpus.zip_bomb(tmp_path)  # one member of 1 GiB, about 5 MB on disk
    tracemalloc.start()
    try:
        with pytest.raises(TemplateProblem, match="unpacks to 1024 MiB"):
            load_template(bomb)
        # whatever a header claims, the reader stops at its budget
        with zipfile.ZipFile(bomb) as archive, pytest.raises(UnsafeContainer, match="more than it declares"):
            _read_bounded(archive, archive.getinfo("ppt/media/image99.png"), 16 * MiB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * MiB


def test_container_limits(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(12):
            archive.writestr(f"part{i}.xml", "<a/>" * 1000)
    assert len(read_members(path)) == 12
    with pytest.raises(UnsafeContainer, match="holds 12 files; the limit is 10"):
        read_members(path, Limits(members=10))
    with pytest.raises(UnsafeContainer, match="unpacks to 0 MiB; the limit is 0 MiB"):
        read_members(path, Limits(total_bytes=40_000))
    with pytest.raises(UnsafeContainer, match="part0.xml is compressed .* times .*; the limit is 2"):
        read_members(path, Limits(ratio=2, ratio_floor=100))
    with pytest.raises(UnsafeContainer, match="is 0 MiB; the limit is 0 MiB"):
        read_members(path, Limits(archive_bytes=100))


def test_xml_with_entities_or_external_references_is_refused_quickly():
    laughs = (
        b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10 if i else b"&a;" * 10) for i in range(12))
        + b"]><r>&a11;</r>"
    )
    for data in (laughs, b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://example.org/x">]><r>&x;</r>'):
        with pytest.raises(UnsafeContainer, match="declares a DTD or entities"):
            check_xml("p.xml", data)
    with pytest.raises(UnsafeContainer, match="p.xml is not well-formed XML"):
        check_xml("p.xml", b"<r><unclosed></r>")
    check_xml("p.xml", b"<?xml version='1.0'?><r a='1'>text</r>")


def test_damaged_parts_of_real_templates_give_a_deck_or_one_clear_error(tmp_path):
    """A seeded fuzz: flip, cut, drop or renumber parts of corpus templates; every case is a deck
    or a TemplateProblem, never another exception. (A longer run: raise CASES.)"""
    import io
    import random
    import re

    from msgspec.structs import replace

    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.errors import BrandError
    from leaflets.renderers import FORMATS
    from leaflets.renderers.pptx import layouts as pptx_layouts

    northfield, topic = load_brand("northfield"), load_topic(CONTENT / "lung-metastasis.yaml")

    cases, rng = 60, random.Random(13)
    sources = [corpus.few_layouts(tmp_path), corpus.full_of_content(tmp_path), *corpus.LIBREOFFICE[:2]]
    outcomes = {"deck": 0, "error": 0}
    for case in range(cases):
        with zipfile.ZipFile(rng.choice(sources)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        victim = rng.choice([n for n in members if n.endswith((".xml", ".rels"))])
        data = members[victim]
        how = rng.choice(["flip", "cut", "drop attribute", "renumber", "delete"])
        if how == "flip":
            spots = [rng.randrange(len(data)) for _ in range(3)]
            data = bytes(rng.choice(b'<>"=/ax09') if i in spots else b for i, b in enumerate(data))
        elif how == "cut":
            data = data[: rng.randrange(len(data) + 1)]
        elif how in ("drop attribute", "renumber"):
            pattern = rb' [a-zA-Z:]+="[^"]*"' if how == "drop attribute" else rb'"-?[0-9]+"'
            found = list(re.finditer(pattern, data))
            if found:
                hit = rng.choice(found)
                new = b"" if how == "drop attribute" else rng.choice([b'"-1"', b'"0"', b'"99999999999"', b'"x"'])
                data = data[: hit.start()] + new + data[hit.end() :]
        path = tmp_path / f"case{case}.pptx"
        with zipfile.ZipFile(path, "w") as archive:
            for name, body in members.items():
                if not (how == "delete" and name == victim):
                    archive.writestr(name, data if name == victim else body)
        pptx_layouts._PREPARED.pop(path, None)  # noqa: SLF001
        brand = replace(northfield, deck_template=path)
        try:
            FORMATS["pptx"].load()(compose(topic, brand, "deck"), brand, io.BytesIO())
        except BrandError as exc:
            assert "cannot build decks: it" in str(exc)
            outcomes["error"] += 1
            continue
        outcomes["deck"] += 1
    assert outcomes["deck"] and outcomes["error"], outcomes


def test_a_template_that_breaks_withdraws_the_decks_it_gave_before(tmp_path, runner, monkeypatch):
    from pptx import Presentation

    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "t.yaml").write_text("title: T\nblocks:\n  - text: A line of text.\n")
    folder = tmp_path / "templates" / "brands" / "partner"
    folder.mkdir(parents=True)
    Presentation().save(folder / "deck.pptx")
    (folder / "leaflets.yml").write_text("deck:\n  template: deck.pptx\n")
    assert runner.invoke(main, ["build", "-b", "partner", "--jobs", "1"]).exit_code == 0
    assert (tmp_path / "output" / "t.pptx").is_file()
    (folder / "deck.pptx").write_bytes(b"not a zip")
    result = runner.invoke(main, ["build", "-b", "partner", "--jobs", "1"])
    assert result.exit_code == 1
    assert "removed t.pptx, its brand's template cannot give a deck" in result.output
    assert not (tmp_path / "output" / "t.pptx").exists() and (tmp_path / "output" / "t.pdf").is_file()
