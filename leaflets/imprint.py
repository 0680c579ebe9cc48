"""The governance lines a reader sees (who published, wrote and checked a leaflet, and when), said
the same way by every output: the PDF's back page and footer, and the web page's."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from leaflets.document import Document

#: Query parameters that only track a click: never printed.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)$", re.I)


def short_url(url: str) -> str:
    """What to print for a link: no scheme, no ``www.``, no tracking parameters, no trailing slash.

    The link itself keeps the exact address; this is only what a reader sees and types.
    """
    lowered = url.lower()
    for prefix in ("mailto:", "tel:"):
        if lowered.startswith(prefix):
            return url[len(prefix) :]
    parts = urlsplit(url if "://" in url else "//" + url)
    host = parts.netloc
    if host.lower().startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    shown = host + parts.path.rstrip("/")
    if query:
        shown += "?" + query
    if parts.fragment:
        shown += "#" + parts.fragment
    return shown


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
        lines.append(say.format("leaflet_version", code=meta.code, version=meta.version or "1"))
    if meta.owner:
        lines.append(say.format("written_by", owner=meta.owner))
    if meta.clinical_reviewer:
        lines.append(say.format("checked_by", reviewer=meta.clinical_reviewer))
    if doc.translated_by:
        lines.append(say.format("translated_by", translator=doc.translated_by))
        if meta.code:
            lines.append(say.format("translation_of", code=meta.code))
    return lines


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
