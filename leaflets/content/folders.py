"""Which files in a folder are topics, translations and talks.

Topics and translations are the YAML files of a folder tree; talks live in a ``talks/``
folder beside the topics they draw from. The glossary and the register are not topics.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

TOPIC_SUFFIXES = (".yaml", ".yml")
#: Talk files live in a ``talks/`` folder beside the topics they draw from.
TALKS_FOLDER = "talks"
NOT_TOPICS = ("glossary.yaml", "register.yaml")


def file_stem(text: str, fallback: str = "") -> str:
    """A file name made from a title or another file's name, as topics are named: lower-case
    letters, digits and '-', at most 60 characters (``fallback`` when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or fallback


def is_talk(path: Path) -> bool:
    return TALKS_FOLDER in path.parts[:-1]


def find_topics(sources: Iterable[Path], talks: bool = False, refused: list[Path] | None = None) -> list[Path]:
    """Topic files under ``sources`` (or, with ``talks``, the talk files in their ``talks/``
    folders); names starting with ``_`` or ``.`` are neither. A link that leads out of the
    folder being read is not followed: it goes to ``refused``."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            top = source.resolve()
            for root, dirs, files in os.walk(source):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                for name in sorted(files):
                    path = Path(root) / name
                    if name.endswith(TOPIC_SUFFIXES) and not name.startswith((".", "_")) and name not in NOT_TOPICS:
                        if is_talk(path) != talks:
                            continue
                        # os.walk follows no folder links: only a file link can lead out
                        if not os.path.islink(path) or path.resolve().is_relative_to(top):
                            found.append(path)
                        elif refused is not None:
                            refused.append(path)
        elif is_talk(source) == talks:
            found.append(source)
    return found
