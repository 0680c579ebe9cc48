"""What a clinic's information team and quality marks such as the PIF TICK ask of every leaflet:
who wrote and checked it, its sources, and review dates that are set and not past.
"""

from __future__ import annotations

import datetime as _dt

from leaflets.checks import CheckContext, check
from leaflets.content.topic import Topic
from leaflets.errors import Diagnostic

#: PIF: review at least every three years.
MAX_REVIEW_YEARS = 3
#: The finding every unapproved topic carries; the build summary counts these.
AWAITS_SIGNOFF = (
    "awaits clinical sign-off: it prints with a DRAFT band until `leaflets approve` records a clinician's approval"
)


@check("governance")
def governance(ctx: CheckContext) -> list[Diagnostic]:
    topic = ctx.topic
    found: list[Diagnostic] = []
    missing = [f for f in ("code", "version", "owner") if not getattr(topic, f)]
    if missing:
        found.append(ctx.warn(None, f"no {', '.join(missing)}: a leaflet should say who wrote which version"))
    if not topic.approved and not topic.translation:
        found.append(Diagnostic(topic.file, topic.lines.get("status"), "status", AWAITS_SIGNOFF, "warning", "signoff"))
    if not topic.sources:
        found.append(ctx.warn(None, "no sources: every claim needs one a reader can check"))
    found += review_date_errors(topic, ctx.today)
    if topic.next_review is None:
        found.append(ctx.warn(None, "no next_review date"))
    elif topic.reviewed and topic.next_review > years_after(topic.reviewed, MAX_REVIEW_YEARS):
        found.append(ctx.warn(None, f"next_review is more than {MAX_REVIEW_YEARS} years after reviewed"))
    if topic.translation and topic.translation.draft:
        message = (
            "draft translation: it prints with a warning band until a qualified translator checks it"
            " and sets translation_status: reviewed"
        )
        found.append(
            Diagnostic(topic.file, topic.lines.get("translation_status"), "", message, "warning", "translation")
        )
    return found


def review_date_errors(topic: Topic, today: _dt.date) -> list[Diagnostic]:
    """Out-of-date medical information must not be reprinted: a past next_review is an error."""
    if topic.next_review is None or topic.next_review >= today:
        return []
    return [
        Diagnostic(
            topic.file,
            None,
            "next_review",
            f"{topic.next_review.isoformat()} has passed: review the content before printing it again",
        )
    ]


def years_after(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
