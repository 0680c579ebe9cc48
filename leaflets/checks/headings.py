"""Headings a screen reader can navigate: no level skipped (a subheading needs a heading above it).

The title is level 1, ``heading`` blocks level 2, ``subheading`` blocks level 3. A skipped
level still builds, but people who jump from heading to heading lose their place.
"""

from __future__ import annotations

from leaflets.checks import CheckContext, check
from leaflets.content.inline import plain
from leaflets.document.nodes import Heading
from leaflets.errors import Diagnostic


@check("heading-order")
def heading_order(ctx: CheckContext) -> list[Diagnostic]:
    found = []
    level = 1  # the title
    for node in ctx.nodes():
        if isinstance(node, Heading):
            if node.level > level + 1:
                found.append(
                    ctx.warn(
                        node.origin,
                        f"subheading {plain(node.text)!r} has no heading above it: add a heading first,"
                        " or make it a heading",
                    )
                )
            level = node.level
    return found
