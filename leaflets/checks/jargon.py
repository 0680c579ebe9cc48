"""Medical words need a plain meaning: in the glossary (so "Words to know" explains them)
or in brackets straight after the word, as in "hypercalcaemia (high calcium in the blood)".
"""

from __future__ import annotations

import re

from leaflets.checks import CheckContext, check
from leaflets.checks.prose import paragraphs
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
    for node in ctx.nodes():
        for text in paragraphs(node):
            for match in _MEDICAL.finditer(text):
                word = match.group(1)
                key = word.lower()
                if key in seen or key in _PLAIN or (ctx.glossary and ctx.glossary.knows(key)):
                    continue
                seen.add(key)
                if text[match.end() :].lstrip().startswith("(") or text[: match.start()].rstrip().endswith("("):
                    continue  # explained in brackets, or itself the explanation
                found.append(
                    ctx.warn(
                        node.origin,
                        f"{word!r} looks like a medical term with no plain meaning: add it to glossary.yaml "
                        "or explain it in brackets after the word",
                    )
                )
    return found
