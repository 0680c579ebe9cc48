"""What a clinic's information team and quality marks such as the PIF TICK ask of every leaflet:
who wrote and checked it, its sources, and review dates that are set and not past.
"""

from __future__ import annotations

from leaflets.checks import CheckContext, check
from leaflets.errors import Diagnostic

#: PIF: review at least every three years.
MAX_REVIEW_YEARS = 3


@check("governance")
def governance(ctx: CheckContext) -> list[Diagnostic]:
    topic = ctx.topic
    found: list[Diagnostic] = []
    missing = [f for f in ("code", "version", "owner", "clinical_reviewer") if not getattr(topic, f)]
    if missing:
        found.append(
            ctx.warn(None, f"no {', '.join(missing)}: a leaflet should say who wrote and checked which version")
        )
    if not topic.sources:
        found.append(ctx.warn(None, "no sources: every claim needs one a reader can check"))
    if topic.reviewed is None or topic.next_review is None:
        found.append(ctx.warn(None, "no reviewed or next_review date"))
    elif topic.next_review < ctx.today:
        found.append(
            ctx.warn(
                None,
                f"next_review {topic.next_review.isoformat()} has passed: review the content before printing it again",
                "error",
            )
        )
    elif topic.next_review > topic.reviewed.replace(year=topic.reviewed.year + MAX_REVIEW_YEARS):
        found.append(ctx.warn(None, f"next_review is more than {MAX_REVIEW_YEARS} years after reviewed"))
    return found
