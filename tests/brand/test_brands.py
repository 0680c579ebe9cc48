"""Brands: the brand.yml convention as real files write it, our extras, and clear errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from leaflets.brand.brand import load_brand
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.errors import BrandError, ContentError


def make_brand(folder: Path, brand_yml: str, extras: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_brand.yml").write_text(textwrap.dedent(brand_yml), encoding="utf-8")
    if extras is not None:
        (folder / "leaflets.yml").write_text(textwrap.dedent(extras), encoding="utf-8")
    return folder


def test_loose_real_world_brand_file_is_accepted(tmp_path):
    from PIL import Image

    folder = make_brand(
        tmp_path / "acme",
        """\
        meta:
          name: Acme Health
        logo: /logo.png
        color:
          palette: {berry: "#8A1C4A"}
          primary: berry
          foreground: "#222"
          background: white
        typography:
          fonts:
            - {family: Montserrat, source: google}
          base: "'Montserrat', Aptos, sans-serif"
        """,
    )
    Image.new("RGB", (300, 100), "white").save(folder / "logo.png")
    brand = load_brand(str(folder))
    assert brand.name == "Acme Health"
    assert brand.primary == (0x8A, 0x1C, 0x4A)
    assert brand.logo == (folder / "logo.png").resolve()
    assert brand.fonts.family == "Atkinson Hyperlegible"
    warning = " ".join(str(w) for w in brand.warnings)
    assert "font 'Montserrat' was not found" in warning and "pip install fontpkg-montserrat" in warning
    assert brand.placeholders["helpline"] == "your 24-hour cancer helpline"  # inherited from default


def test_brand_path_can_name_the_brand_file(tmp_path):
    folder = make_brand(tmp_path / "b", "meta: {name: B}\n")
    assert load_brand(str(folder / "_brand.yml")).name == "B"


def test_extras_errors_name_file_line_and_suggest(tmp_path):
    folder = make_brand(tmp_path / "c", "meta: {name: C}\n", "footer: C\nhelpine: 0800\n")
    with pytest.raises(BrandError) as info:
        load_brand(str(folder))
    message = str(info.value)
    assert "leaflets.yml:2: helpine: unknown key 'helpine' (did you mean 'helpline'?)" in message


def test_extends_inherits_what_it_does_not_override(tmp_path):
    folder = tmp_path / "clinic-a"
    folder.mkdir()
    (folder / "leaflets.yml").write_text("extends: northfield\nhelpline: Clinic A's line on 01632 960 999\n")
    brand = load_brand(str(folder))
    assert brand.name == "Northfield Cancer Support"
    assert brand.placeholders["helpline"] == "Clinic A's line on 01632 960 999"
    assert brand.logo is not None


def test_undefined_placeholder_is_an_error_with_the_line(write_topic):
    path = write_topic("title: T\nblocks:\n  - text: Call {hotline} now.\n")
    with pytest.raises(ContentError) as info:
        compose(load_topic(path, "t.yaml"), load_brand("default"), "leaflet")
    assert "t.yaml:3: placeholder {hotline} is not defined by brand 'Patient information service'" in str(info.value)


def test_brand_values_fill_placeholders(write_topic):
    path = write_topic("title: T\nblocks:\n  - text: Call {helpline} or {emergency}.\n")
    doc = compose(load_topic(path), load_brand("northfield"), "leaflet")
    text = "".join(r.text for r in doc.sections[0].nodes[0].text)
    # the number's spaces are no-break spaces, so it never splits over two lines
    assert text == "Call our 24-hour cancer helpline on 01632\u00a0960\u00a0123 or 999."
