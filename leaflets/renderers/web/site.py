"""The library site: ``index.html`` over every web page in an output folder.

Topics are listed in code order, each with its translations by their own language names, so the
folder can be copied to any static host as it is (relative links only). A search box appears
when JavaScript runs: it filters the list with a small index of each topic's words built into
the page, so it needs no server; without JavaScript the whole list is there to read.
"""

from __future__ import annotations

import json
import re
from html import escape

from msgspec import Struct

from leaflets.brand.brand import Brand
from leaflets.document.backmatter import footer_reference
from leaflets.document.nodes import Document, text_of
from leaflets.renderers.web.page import attr, band, html_head

#: Filters the list as the reader types: every word typed must be among a topic's words.
_SEARCH_JS = """
(function () {
  var form = document.getElementById("search"), box = document.getElementById("q");
  var none = document.getElementById("no-match");
  var words = JSON.parse(document.getElementById("search-index").textContent);
  var items = document.querySelectorAll("[data-topic]");
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  box.addEventListener("input", function () {
    var wanted = box.value.toLocaleLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    items.forEach(function (item) {
      var text = words[item.getAttribute("data-topic")] || "";
      var match = wanted.every(function (w) { return text.indexOf(w) >= 0; });
      item.hidden = !match;
      if (match) shown++;
    });
    none.hidden = shown > 0;
  });
})();
"""


class SitePage(Struct, frozen=True):
    """A web page in the folder: its file name and the document it shows."""

    file: str
    doc: Document


def render_site(pages: list[SitePage], brand: Brand) -> tuple[bytes, dict[str, bytes]]:
    """``index.html`` for ``pages``, and the shared files (fonts, logo) it needs."""
    groups: dict[str, list[SitePage]] = {}
    for page in sorted(pages, key=lambda p: (p.doc.source is not None, p.doc.meta.code or "~", p.doc.meta.title)):
        key = page.doc.source.meta.topic_id if page.doc.source else page.doc.meta.topic_id
        groups.setdefault(key, []).append(page)
    first = next(iter(groups.values()))[0].doc if groups else None
    say = first.strings if first else None
    if say is None:
        from leaflets.document.strings import load_strings

        say = load_strings("en")
    items, index, text = [], {}, [say["all_leaflets"], say["search_leaflets"], say["no_match"]]
    for key, group in groups.items():
        items.append(_entry(key, group, say["other_languages"]))
        words = " ".join(_words(p.doc) for p in group)
        index[key] = " ".join(sorted(set(words.split())))
        text += [p.doc.meta.title + " " + (p.doc.meta.subtitle or "") + " " + p.doc.strings.name for p in group]
    shared: dict[str, bytes] = {}
    index_json = json.dumps(index, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    footer = f'<footer class="foot"><p>{escape(first.footer if first else brand.name)}</p></footer>\n'
    html = (
        html_head(brand, say.language, say.direction, say["all_leaflets"], "\n".join(text), shared)
        + band(brand, say["all_leaflets"], None, shared, [])
        + '<main id="main">\n'
        + f'<form class="search" id="search" role="search" hidden><label for="q">{escape(say["search_leaflets"])}'
        '</label><input id="q" type="search" autocomplete="off"></form>\n'
        + f'<p id="no-match" role="status" hidden>{escape(say["no_match"])}</p>\n'
        + f'<ul class="library">{"".join(items)}</ul>\n'
        + "</main>\n"
        + footer
        + f'<script type="application/json" id="search-index">{index_json}</script>\n'
        + f"<script>{_SEARCH_JS}</script>\n</body>\n</html>\n"
    )
    return html.encode("utf-8"), shared


def _entry(key: str, group: list[SitePage], also: str) -> str:
    """One topic: its title linked to its page, what it is about, its reference, and its translations."""
    main, others = group[0], group[1:]
    meta = main.doc.meta
    lang = f' lang="{attr(meta.language)}" dir="{attr(main.doc.strings.direction)}"'
    sub = f"<p>{escape(meta.subtitle)}</p>" if meta.subtitle else ""
    reference = footer_reference(main.doc)
    ref = f'<p class="reference">{escape(reference)}</p>' if reference else ""
    langs = ""
    if others:
        links = ", ".join(
            f'<a href="{attr(p.file)}" hreflang="{attr(p.doc.meta.language)}" lang="{attr(p.doc.meta.language)}" '
            f'dir="{attr(p.doc.strings.direction)}">{escape(p.doc.strings.name)}</a>'
            for p in others
        )
        langs = f'<p class="languages">{escape(also)} {links}</p>'
    return (
        f'<li data-topic="{attr(key)}"{lang}><h2><a href="{attr(main.file)}">{escape(meta.title)}</a></h2>'
        f"{sub}{ref}{langs}</li>"
    )


def _words(doc: Document) -> str:
    """The words a reader may search a topic by: title, subtitle and every word of its text."""
    nodes = [n for s in doc.sections for n in ((s.heading,) if s.heading else ()) + s.nodes]
    text = " ".join([doc.meta.title, doc.meta.subtitle or "", doc.meta.code or "", text_of(nodes)])
    return re.sub(r"[^\w\s-]", " ", text).lower()
