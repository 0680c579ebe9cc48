"""The governance lines a reader sees (who published, wrote and checked a leaflet, and when), said
the same way by every output: the PDF's back page and footer, and the web page's."""

from __future__ import annotations

from leaflets.content.inline import short_url
from leaflets.document.nodes import Document

NBSP = "\u00a0"


def about_lines(doc: Document) -> list[str]:
    """Who published, wrote, checked and translated the leaflet, and when: the governance a reader can see."""
    meta, say = doc.meta, doc.strings
    lines = [say.format("published_by", author=meta.author) + (f" {short_url(doc.website)}" if doc.website else "")]
    dates = []
    if meta.reviewed:
        dates.append(say.format("reviewed_on", date=say.long_date(meta.reviewed)))
    if meta.next_review:
        dates.append(say.format("next_review_due", date=say.month_year(meta.next_review)))
    if dates:
        lines.append(" ".join(dates))
    if meta.code:
        version = meta.version or "1"
        lines.append(_one_item(say.format("leaflet_version", code=meta.code, version=version), meta.code, version))
    if meta.owner:
        lines.append(say.format("written_by", owner=meta.owner))
    if meta.clinical_reviewer:
        lines.append(say.format("checked_by", reviewer=meta.clinical_reviewer))
    if doc.translated_by:
        lines.append(say.format("translated_by", translator=doc.translated_by))
        if meta.code:
            lines.append(say.format("translation_of", code=meta.code))
    return lines


def _one_item(line: str, code: str, version: str) -> str:
    """``line`` with no-break spaces from the leaflet's code to its version ("MBC-003 version 1"),
    in whatever order the reader's language puts them: one item of information, which a reader
    copying it down should find on one line."""
    start = line.find(code)
    end = line.find(version, start + len(code)) if start >= 0 else -1
    if end < 0:
        return line
    end += len(version)
    return line[:start] + line[start:end].replace(" ", NBSP) + line[end:]


def footer_reference(doc: Document) -> str:
    """``MBC-003 v2 · Reviewed Nov 2026 · Next review Nov 2028``, the parts that exist."""
    meta, say = doc.meta, doc.strings
    parts = []
    if meta.code:
        parts.append(meta.code + (f" v{meta.version}" if meta.version else ""))
    if meta.reviewed:
        parts.append(say.format("reviewed_short", date=say.short_month_year(meta.reviewed)))
    if meta.next_review:
        parts.append(say.format("next_review_short", date=say.short_month_year(meta.next_review)))
    return " · ".join(parts)
