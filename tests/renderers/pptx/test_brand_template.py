"""`leaflets brand-template` writes a PowerPoint template from a brand, read back with python-pptx:
the brand's colours and Arial in the theme, the rule and logo on the master, brand-coloured title
and section layouts; and a deck built on it has the same slides as the built-in design."""

from __future__ import annotations

import shutil

import pytest
from helpers import CONTENT, pptx_slides
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from leaflets.brand.brand import load_brand
from leaflets.brand.color import to_hex
from leaflets.cli import main
from leaflets.resources import shipped_templates

THEME = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def own_brand(project):
    """The example brand without its own deck template, as a brand of this project."""
    folder = project / "templates" / "brands" / "plain"
    shutil.copytree(shipped_templates() / "brands" / "northfield", folder)
    (folder / "deck.pptx").unlink()
    text = (folder / "leaflets.yml").read_text().replace("deck:\n  template: deck.pptx\n", "")
    (folder / "leaflets.yml").write_text(text)
    return folder


@pytest.mark.parametrize("name", ["plain.pptx", "plain.potx"])
def test_the_template_carries_the_brand(own_brand, runner, name):
    result = runner.invoke(main, ["brand-template", "plain", "--out", name])
    assert result.exit_code == 0, result.output
    prs = Presentation(name)
    brand = load_brand("plain")
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    ).blob.decode()
    assert to_hex(brand.primary)[1:].upper() in theme.upper()
    assert 'typeface="Arial"' in theme
    master = prs.slide_master.shapes
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in master)  # the small logo
    assert any(s.name == "Brand rule" for s in master)
    painted = [layout for layout in prs.slide_layouts if layout._element.cSld.bg is not None]
    assert len(painted) == 2  # the title and section layouts, in the brand colour


def test_a_deck_on_the_brand_template_has_the_built_in_designs_slides(own_brand, runner, project):
    topic = project / "content" / "bone-metastasis.yaml"
    shutil.copy(CONTENT / "bone-metastasis.yaml", topic)
    assert runner.invoke(main, ["build", str(topic), "-f", "pptx", "-b", "plain", "-q", "--out", "a"]).exit_code == 0
    assert runner.invoke(main, ["brand-template", "plain", "--out", str(own_brand / "deck.pptx")]).exit_code == 0
    yml = own_brand / "leaflets.yml"
    yml.write_text(yml.read_text() + "deck:\n  template: deck.pptx\n")
    assert runner.invoke(main, ["build", str(topic), "-f", "pptx", "-b", "plain", "-q", "--out", "b"]).exit_code == 0
    built_in = pptx_slides((project / "a" / "bone-metastasis.pptx").read_bytes())
    templated = pptx_slides((project / "b" / "bone-metastasis.pptx").read_bytes())
    assert [s["title"] for s in templated] == [s["title"] for s in built_in]

    def words(slides: list[dict]) -> list[list[str]]:  # the built-in design's rule is an empty shape
        return [[line for line in s["text"].splitlines() if line] for s in slides]

    assert words(templated) == words(built_in)


def test_a_brand_that_does_not_exist_is_one_line(project, runner):
    result = runner.invoke(main, ["brand-template", "nosuch"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
