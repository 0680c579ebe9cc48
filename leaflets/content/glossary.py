"""The shared glossary (``content/glossary.yaml``): plain meanings for medical words.

It drives two things: the "Words to know" box that every leaflet and deck adds for the
terms its topic uses, and the check that reports medical-looking words with no plain
explanation.

A meaning is true in a context: "taking a small sample of the cancer" is wrong for a sentinel
node biopsy. An entry may name the ``topics`` (ids) or ``tags`` it was written for, and is
added only there; a topic chooses its own words (``glossary: auto | none | [terms]``) and may
``define`` its own meanings, which win over the library's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from leaflets.content.schema import Reader
from leaflets.content.source import load_yaml
from leaflets.errors import ContentError

if TYPE_CHECKING:
    from leaflets.content.topic import Topic

GLOSSARY_FILE = "glossary.yaml"


class Term(Struct, frozen=True):
    """One glossary entry: a word, its plain meaning, its other forms, and the topics or tags it was written for."""

    term: str
    meaning: str
    variants: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # the topic ids it was written for; with tags, empty means every topic
    tags: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)

    @property
    def scope(self) -> str:
        """Where the meaning was written for, as an author would say it."""
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in (("topics", self.topics), ("tags", self.tags)) if v)

    def fits(self, topic: Topic) -> bool:
        if not (self.topics or self.tags):
            return True
        return topic.id in self.topics or bool(set(self.tags) & set(topic.tags))


class Glossary(Struct, frozen=True, dict=True):
    """The words to know, found in text as whole words in any of their forms, whatever the case."""

    terms: tuple[Term, ...] = ()
    elsewhere: tuple[Term, ...] = ()  # in a topic's view: library terms written for other topics

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        """Any form of any term, longest first: compiled when first searched with (about 1.5 ms for
        the library's), which a library's glossary, only ever narrowed to a topic's, never is."""
        forms = sorted(self._by_form, key=len, reverse=True)
        return re.compile(
            r"\b(" + "|".join(re.escape(f) for f in forms) + r")\b" if forms else r"(?!x)x", re.IGNORECASE
        )

    @cached_property
    def _by_form(self) -> dict[str, Term]:
        return {f.lower(): t for t in self.terms for f in t.forms}

    def used_in(self, text: str) -> list[Term]:
        """Terms that appear in ``text``, in the order of first use, each once."""
        found: dict[str, Term] = {}
        for term, _ in self.uses(text):
            found.setdefault(term.term, term)
        return list(found.values())

    def uses(self, text: str) -> Iterator[tuple[Term, re.Match[str]]]:
        """Each use of a term in ``text``, with where it is."""
        for match in self._pattern.finditer(text):
            yield self._by_form[match.group(1).lower()], match

    def knows(self, word: str) -> bool:
        return word.lower() in self._by_form

    def for_topic(self, topic: Topic) -> Glossary:
        """The meanings that speak for ``topic``: its own definitions first (keeping the library's
        variants of the word), then the library's entries that fit it, or only the terms it lists.
        Library entries written for other topics are kept aside in ``elsewhere``, for the check."""
        if topic.glossary == "none":
            return Glossary()
        own = {term.lower(): meaning for term, meaning in topic.define}
        chosen = {t.lower() for t in topic.glossary} if isinstance(topic.glossary, tuple) else None
        terms, elsewhere = [], []
        for term in self.terms:
            key = term.term.lower()
            if key in own:
                terms.append(replace(term, meaning=own.pop(key), topics=(), tags=()))
            elif (key in chosen) if chosen is not None else term.fits(topic):
                terms.append(term)
            elif not term.fits(topic):
                elsewhere.append(term)
        terms += [Term(t, m) for t, m in topic.define if t.lower() in own]
        return Glossary(tuple(terms), tuple(elsewhere))


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
            keys = ("term", "meaning", "variants", "topics", "tags")
            fields = reader.mapping(at, item, keys, required=("term", "meaning"))
            if not fields:
                continue
            term = reader.text(at + ("term",), fields.get("term"), required=True)
            meaning = reader.text(at + ("meaning",), fields.get("meaning"), required=True)
            lists = {k: tuple(reader.text_list(at + (k,), fields[k]) or ()) if k in fields else () for k in keys[2:]}
            if term and meaning:
                terms.append(Term(term, meaning, **lists))
    elif items is not None:
        reader.error(("terms",), "expected a list of terms (term, meaning, variants, topics, tags)")
    if not reader.ok:
        raise ContentError(reader.diagnostics)
    return Glossary(tuple(terms))
