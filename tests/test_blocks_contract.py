"""Every block type documents itself, and its example is a valid topic that builds."""

from __future__ import annotations

import pytest
from conftest import build_bytes, pdf_pages, pptx_slides, squash

from leaflets.blocks import REGISTRY
from leaflets.cli import main


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_each_block_example_validates_and_builds(key, write_topic, tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 300), "teal").save(tmp_path / "spine.png")
    (tmp_path / "images").mkdir(exist_ok=True)
    Image.new("RGB", (400, 300), "teal").save(tmp_path / "images" / "spine.png")
    kind = REGISTRY[key]
    assert kind.summary and kind.example.startswith(f"- {key}:")
    example = "\n".join("  " + line for line in kind.example.splitlines())
    path = write_topic(f"title: Example\nblocks:\n{example}\n")
    pdf = squash("".join(pdf_pages(build_bytes(path, "pdf"))))
    deck = squash("".join(s["text"] for s in pptx_slides(build_bytes(path, "pptx"))))
    assert squash("Example") in pdf and squash("Example") in deck


def test_blocks_command_lists_every_type(runner):
    result = runner.invoke(main, ["blocks"])
    assert result.exit_code == 0
    for key in REGISTRY:
        assert f"{key}:" in result.output
