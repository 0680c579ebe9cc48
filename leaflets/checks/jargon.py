"""Medical words need a plain meaning: in the glossary (so "Words to know" explains them)
or in brackets straight after the word, as in "hypercalcaemia (high calcium in the blood)".
"""

from __future__ import annotations

import re

from leaflets.checks import CheckContext, check
from leaflets.checks.prose import paragraphs
from leaflets.content.glossary import Glossary
from leaflets.errors import Diagnostic

#: Endings that mark most medical terms and drug names in English.
_MEDICAL = re.compile(
    r"\b([A-Za-z]{3,}(?:itis|omas?|ectomy|otomy|ostomy|ologist|ology|aemia|emia|osis|oses|asis|plasia|pathy"
    r"|scopy|graphy|therapy|therapies|mab|nib|ciclib|parib|limus))\b"
)
#: Everyday words with those endings.
_PLAIN = {"diagnosis", "diagnoses", "technology", "apology", "biology", "photography", "geography"}


@check("jargon")
def jargon(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: set[str] = set()
    elsewhere = Glossary(ctx.glossary.elsewhere if ctx.glossary else ())  # the glossary-scope check says those
    for node in ctx.nodes():
        for text in paragraphs(node):
            for match in _MEDICAL.finditer(text):
                word = match.group(1)
                key = word.lower()
                if key in seen or key in _PLAIN or (ctx.glossary and ctx.glossary.knows(key)) or elsewhere.knows(key):
                    continue
                seen.add(key)
                if _bracketed(text, match):
                    continue
                found.append(
                    ctx.warn(
                        node.origin,
                        f"{word!r} looks like a medical term with no plain meaning: add it to glossary.yaml "
                        "or explain it in brackets after the word",
                    )
                )
    return found


@check("glossary-scope")
def glossary_scope(ctx: CheckContext) -> list[Diagnostic]:
    """A library meaning written for other topics is never added here: the author defines the word
    for this topic instead. Terms a topic lists must have a meaning somewhere."""
    if ctx.glossary is None:
        return []
    found: list[Diagnostic] = []
    elsewhere, seen = Glossary(ctx.glossary.elsewhere), set()
    for node in ctx.nodes():
        for text in paragraphs(node):
            for term, match in elsewhere.uses(text):
                if term.term not in seen and not ctx.glossary.knows(term.term) and not _bracketed(text, match):
                    seen.add(term.term)
                    found.append(
                        ctx.warn(
                            node.origin,
                            f"{term.term!r} has a glossary meaning written for other topics ({term.scope}), so it is"
                            f" not added here: give this topic its own (define: {{{term.term}: ...}}) or explain it"
                            " in brackets",
                        )
                    )
    if isinstance(ctx.topic.glossary, tuple):
        for word in ctx.topic.glossary:
            if not ctx.glossary.knows(word):
                found.append(
                    ctx.warn(
                        ctx.topic.origin("glossary"),
                        f"{word!r} is listed but has no meaning in glossary.yaml or define",
                    )
                )
    return found


def _bracketed(text: str, match: re.Match[str]) -> bool:
    """The word is explained in brackets straight after it, or is itself the explanation."""
    return text[match.end() :].lstrip().startswith("(") or text[: match.start()].rstrip().endswith("(")
