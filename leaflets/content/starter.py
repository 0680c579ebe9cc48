"""The starter topic that ``leaflets new`` writes, and the placeholder words in it that must not
reach a printed leaflet (``check`` flags any left in a topic)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

#: Addresses reserved for examples (RFC 2606): never a real source.
EXAMPLE_ADDRESS = re.compile(r"\bexample\.(org|com|net)\b", re.IGNORECASE)


def starter_text(title: str) -> str:
    """The starter topic, titled ``title``, as ``leaflets new`` writes it."""
    from leaflets.resources import shipped_templates

    text = (shipped_templates() / "starter.yaml").read_text(encoding="utf-8")
    return text.replace("{title}", json.dumps(title, ensure_ascii=False)).replace("{{", "{").replace("}}", "}")


def title_problems(title: str) -> list[str]:
    """Why a starter titled ``title`` would fail ``check``, in the words ``check`` uses: a new
    topic is refused rather than written broken (a title over the length limit, a hidden
    control character)."""
    import tempfile
    from pathlib import Path

    from leaflets.content.topic import load_topic
    from leaflets.errors import ContentError

    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / "new.yaml"
        trial.write_text(starter_text(title), encoding="utf-8")
        try:
            load_topic(trial, "title")
        except ContentError as exc:
            return [d.message for d in exc.diagnostics if d.level == "error"]
    return []


@lru_cache(maxsize=1)
def placeholder_phrases() -> frozenset[str]:
    """The starter's own sentences (subtitle, sources, blocks, notes), lower-cased and without
    inline markup: words a writer is meant to replace. Single words (a callout's style) are not
    phrases, and a line with a brand placeholder ("Call {helpline} ...") is meant to be kept."""
    import yaml

    data = yaml.safe_load(starter_text("Title"))
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            for line in value.replace("*", "").splitlines():
                if " " in line.strip() and "{" not in line:
                    found.add(" ".join(line.split()).lower())
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect([data.get("subtitle"), data.get("sources"), data.get("blocks")])
    return frozenset(found)
