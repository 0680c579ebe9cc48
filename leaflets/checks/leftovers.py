"""Words of the starter topic that were never replaced: a printed "Keep each point short." or a
source at example.org tells a reader nobody finished the leaflet."""

from __future__ import annotations

from leaflets.checks import CheckContext, check
from leaflets.content.starter import EXAMPLE_ADDRESS, placeholder_phrases
from leaflets.document.nodes import Origin, text_of
from leaflets.errors import Diagnostic


@check("starter-text")
def starter_text_left(ctx: CheckContext) -> list[Diagnostic]:
    topic, phrases = ctx.topic, placeholder_phrases()
    found: list[Diagnostic] = []

    def look(text: str | None, origin: Origin) -> None:
        for line in (text or "").splitlines():
            said = " ".join(line.split())
            if said.lower() in phrases:
                found.append(ctx.warn(origin, f"starter text left in: {said!r}: replace it with your own words"))
            elif EXAMPLE_ADDRESS.search(said):
                found.append(ctx.warn(origin, f"{said!r} names an example address: give the real one"))

    look(topic.subtitle, topic.origin("subtitle"))
    for entry in topic.entries:
        for node in entry.nodes:
            look(text_of([node]), node.origin)
            look(node.notes, node.origin)
    for source in topic.sources:
        look(source.title, topic.origin("sources"))
        look(source.publisher, topic.origin("sources"))
        look(source.url, topic.origin("sources"))
    return found
