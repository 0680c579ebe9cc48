"""Fixtures the deck tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaflets.content.blocks import REGISTRY


@pytest.fixture(scope="module")
def every_block(tmp_path_factory) -> Path:
    """A topic holding every block type's example: text, lists, callouts, a picture, a QR code..."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("topic")
    (folder / "images").mkdir()
    for where in (folder, folder / "images"):
        Image.new("RGB", (400, 300), "teal").save(where / "spine.png")
    examples = "\n".join("  " + line for key in sorted(REGISTRY) for line in REGISTRY[key].example.splitlines())
    path = folder / "every-block.yaml"
    path.write_text(f"title: Every block on any template\nblocks:\n{examples}\n", encoding="utf-8")
    return path
