"""Alt text a person must write well: not empty words such as "image", not a file name."""

from __future__ import annotations

import re

from leaflets.checks import CheckContext, check
from leaflets.content.imports.draft import ALT_NEEDED
from leaflets.document.nodes import Figure
from leaflets.errors import Diagnostic

_EMPTY = {"image", "picture", "photo", "photograph", "graphic", "figure", "diagram", "logo", "img", "icon"}
_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)$|^(img|dsc|image)[-_ ]?\d+", re.IGNORECASE)


@check("alt-text")
def alt_text(ctx: CheckContext) -> list[Diagnostic]:
    found = []
    for node in ctx.nodes():
        if isinstance(node, Figure):
            alt = node.alt.strip()
            if alt.startswith(ALT_NEEDED.split(":")[0]):
                found.append(ctx.warn(node.origin, "the picture has no alt text yet: say what it shows", "error"))
            elif alt.lower() in _EMPTY or _FILE.search(alt) or len(alt) < 5:
                found.append(ctx.warn(node.origin, f"alt text {alt!r} does not say what the picture shows"))
    return found
