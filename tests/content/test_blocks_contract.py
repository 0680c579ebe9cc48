"""Every block type documents itself, its example builds, and the example's own words reach every
output: the PDF in every layout, the deck (slides or notes), the deck's PDF twin and the web page."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from helpers import build_all, html_text, pdf_pages, pptx_slides
from msgspec.structs import replace

from leaflets.cli import main
from leaflets.content.blocks import REGISTRY
from leaflets.content.inline import parse_inline, plain
from leaflets.document.nodes import Node
from leaflets.errors import UnhandledNode

#: Keys whose values a reader does not see as text: a file, a style, a link target, alt text, a size.
NOT_SHOWN = {"src", "style", "url", "alt", "width"}
LAYOUTS = ["a4", "a5", "letter", "trifold-a4", "trifold-letter", "booklet-a5", "large-print"]


def shown_words(value: object, key: str = "") -> list[str]:
    """The words of a block's YAML value that a reader sees, markup and placeholders removed."""
    if isinstance(value, dict):
        return [w for k, v in value.items() if k not in NOT_SHOWN for w in shown_words(v, k)]
    if isinstance(value, list):
        return [w for item in value for w in shown_words(item, key)]
    text = plain(parse_inline(re.sub(r"\{[a-z_]+\}", " ", str(value)))[0])
    return re.findall(r"\w+", text)


def normal(text: str) -> str:
    """Letters and digits only: line breaks, hyphens at breaks and wrapped addresses cannot cause false failures."""
    return re.sub(r"[\W_]+", "", text).lower()


@pytest.fixture
def example(tmp_path, write_topic):
    from PIL import Image

    (tmp_path / "images").mkdir(exist_ok=True)
    Image.new("RGB", (400, 300), "teal").save(tmp_path / "images" / "spine.png")

    def make(key: str):
        example = "\n".join("  " + line for line in REGISTRY[key].example.splitlines())
        return write_topic(f"title: Example\nblocks:\n{example}\n")

    return make


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_each_block_examples_own_words_reach_every_output(key, example):
    kind = REGISTRY[key]
    assert kind.summary and kind.example.startswith(f"- {key}:")
    words = shown_words(yaml.safe_load(kind.example)[0][key])
    assert words, f"{key}: its example shows no words"
    path = example(key)
    outputs: dict[str, str] = {}
    for layout in LAYOUTS:
        options = {"layout": "a4", "large_print": True} if layout == "large-print" else {"layout": layout}
        data, extra = build_all(path, "pdf", **options)
        outputs[f"PDF {layout}"] = "".join(pdf_pages(extra.get("-pages", data)))
    deck = pptx_slides(build_all(path, "pptx")[0])
    outputs["PPTX (slides and notes)"] = "".join(s["text"] + s["notes"] for s in deck)
    outputs["slides PDF"] = "".join(pdf_pages(build_all(path, "slides-pdf")[0]))
    outputs["web page"] = html_text(build_all(path, "html")[0])
    for output, text in outputs.items():
        missing = [w for w in words if normal(w) not in normal(text)]
        assert not missing, f"block {key!r}: {missing} missing from the {output}"


class Timeline(Node, frozen=True, kw_only=True):
    """A node type no renderer has been taught, as a contributor adding a block would start."""

    caption: str = "A timeline nobody draws"


@pytest.mark.parametrize("fmt", ["pdf", "pptx", "slides-pdf", "html"])
def test_a_node_type_a_renderer_does_not_know_fails_loudly_never_vanishes(fmt, example):
    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.renderers import FORMATS, Options

    brand = load_brand("default")
    doc = compose(load_topic(example("text")), brand, FORMATS[fmt].target)
    first = doc.sections[0]
    doc = replace(doc, sections=(replace(first, nodes=(*first.nodes, Timeline(origin=first.nodes[0].origin))),))
    with pytest.raises(UnhandledNode, match="no rule for Timeline nodes"):
        FORMATS[fmt].load()(doc, brand, io.BytesIO(), Options())


def test_the_prose_checks_do_not_skip_a_node_type_they_do_not_know():
    from leaflets.checks.prose import paragraphs
    from leaflets.document.nodes import Origin

    with pytest.raises(UnhandledNode, match="the prose check has no rule for Timeline nodes"):
        paragraphs(Timeline(origin=Origin("t.yaml")))


def test_blocks_command_lists_every_type(runner):
    result = runner.invoke(main, ["blocks"])
    assert result.exit_code == 0
    for key in REGISTRY:
        assert f"{key}:" in result.output
