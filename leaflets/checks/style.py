"""Plain-language shape: short sentences, short paragraphs, headings every 200 words or so."""

from __future__ import annotations

from leaflets.checks import CheckContext, check
from leaflets.checks.prose import paragraphs, sentences, word_count
from leaflets.document.nodes import Heading
from leaflets.errors import Diagnostic

MAX_SENTENCE_WORDS = 25
MAX_PARAGRAPH_SENTENCES = 5
MAX_WORDS_WITHOUT_HEADING = 200


@check("style")
def style(ctx: CheckContext) -> list[Diagnostic]:
    if not ctx.topic.language.lower().startswith("en"):
        return [ctx.warn(None, "sentence and paragraph lengths not checked: the limits are set for English", "note")]
    found: list[Diagnostic] = []
    since_heading = 0
    for node in ctx.nodes():
        if isinstance(node, Heading):
            since_heading = 0
            continue
        for paragraph in paragraphs(node):
            said = sentences(paragraph)
            if len(said) > MAX_PARAGRAPH_SENTENCES:
                found.append(
                    ctx.warn(node.origin, f"a paragraph of {len(said)} sentences (at most {MAX_PARAGRAPH_SENTENCES})")
                )
            for sentence in said:
                words = word_count(sentence)
                if words > MAX_SENTENCE_WORDS:
                    start = " ".join(sentence.split()[:6])
                    found.append(
                        ctx.warn(
                            node.origin, f"a sentence of {words} words (at most {MAX_SENTENCE_WORDS}): {start!r}..."
                        )
                    )
            since_heading += word_count(paragraph)
        if since_heading > MAX_WORDS_WITHOUT_HEADING:
            found.append(ctx.warn(node.origin, f"over {MAX_WORDS_WITHOUT_HEADING} words without a heading"))
            since_heading = 0
    return found
