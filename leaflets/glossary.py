"""The shared glossary (``content/glossary.yaml``): plain meanings for medical words.

It drives two things: the "Words to know" box that every leaflet and deck adds for the
terms its topic uses, and the check that reports medical-looking words with no plain
explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from leaflets.errors import ContentError
from leaflets.schema import Reader
from leaflets.source import load_yaml

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    variants: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def __post_init__(self) -> None:
        forms = sorted({f.lower() for t in self.terms for f in t.forms}, key=len, reverse=True)
        pattern = r"\b(" + "|".join(re.escape(f) for f in forms) + r")\b" if forms else r"(?!x)x"
        object.__setattr__(self, "_pattern", re.compile(pattern, re.IGNORECASE))
        object.__setattr__(self, "_by_form", {f.lower(): t for t in self.terms for f in t.forms})

    def used_in(self, text: str) -> list[Term]:
        """Terms that appear in ``text``, in the order of first use, each once."""
        found: dict[str, Term] = {}
        for match in self._pattern.finditer(text):  # type: ignore[attr-defined]
            term = self._by_form[match.group(1).lower()]  # type: ignore[attr-defined]
            found.setdefault(term.term, term)
        return list(found.values())

    def knows(self, word: str) -> bool:
        return word.lower() in self._by_form  # type: ignore[attr-defined]


def find_glossary(topic: Path, levels: int = 3) -> Path | None:
    """The glossary beside a topic or in one of the folders above it."""
    folder = topic.resolve().parent
    for _ in range(levels):
        candidate = folder / GLOSSARY_FILE
        if candidate.is_file():
            return candidate
        folder = folder.parent
    return None


def load_glossary(path: Path, display: str | None = None) -> Glossary:
    """Read and validate a glossary file; raise ContentError listing every problem."""
    name = display or str(path)
    located = load_yaml(path, name)
    reader = Reader(located, name)
    data = reader.mapping((), located.data, ("terms",), required=("terms",)) or {}
    terms = []
    items = data.get("terms")
    if isinstance(items, list):
        for i, item in enumerate(items):
            at = ("terms", i)
            fields = reader.mapping(at, item, ("term", "meaning", "variants"), required=("term", "meaning"))
            if not fields:
                continue
            term = reader.text(at + ("term",), fields.get("term"), required=True)
            meaning = reader.text(at + ("meaning",), fields.get("meaning"), required=True)
            variants = reader.text_list(at + ("variants",), fields["variants"]) if "variants" in fields else []
            if term and meaning:
                terms.append(Term(term, meaning, tuple(variants or ())))
    elif items is not None:
        reader.error(("terms",), "expected a list of terms (term, meaning, variants)")
    if not reader.ok:
        raise ContentError(reader.diagnostics)
    return Glossary(tuple(terms))
