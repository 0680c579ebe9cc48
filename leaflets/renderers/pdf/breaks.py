"""Where printed lines may break, as clear print asks (RNIB, UKAAF: don't split words or single
items of information across lines).

- A word is never split, unless it is longer than its whole line (a narrow panel, large
  print). Then it breaks at a hyphenation point of its language (pyphen, LibreOffice's
  dictionaries) with a visible hyphen, and the word is reported so the author can reword.
- Phone numbers, dates, times, "NHS 111", measurements and a leaflet's code and version are
  single items: the spaces inside them become no-break spaces.
- A web address prints short (no scheme, no ``www.``, no tracking parameters, no trailing
  slash) and breaks only after ``/ . - ? & = @``, never between two letters or digits and
  with no hyphen added.
- A heading never breaks inside a word: it shrinks to its floor, and a word that is still
  too wide is an error that names it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from leaflets.errors import Diagnostic, RenderError
from leaflets.renderers.pdf.rl_lines import break_lines
from leaflets.renderers.pdf.rl_private import ScannedParagraph

NBSP = "\u00a0"
#: A heading shrinks to fit its widest word down to this share of its size, never under body + 2 pt.
HEADING_SHRINK = 0.7
#: Waste at most this share of a line before a web address is broken to fill it.
ADDRESS_WASTE = 0.3
#: Characters after which a web address may wrap (never between two letters or digits).
ADDRESS_BREAKS = "/.-?&=@"
#: Query parameters that only track the reader, dropped from the printed form.

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_UNITS = (
    r"(?:mg|mcg|µg|g|kg|ml|mL|l|L|cm|mm|m|km|°C|°F|°|%|am|pm|a\.m\.|p\.m\.|hours?|hrs?|mins?|minutes?|"
    r"seconds?|days?|weeks?|months?|years?|degrees|units?|mmol/L|stone|lb|kilos?)"
)
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)"
#: Single items of information, each kept on one line.
_ITEMS = re.compile(
    "|".join(
        (
            rf"\b{_TIME}(?: (?:to|-|–|until) {_TIME})?",  # 9am to 5pm, 10:30 am
            rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTHS}\b(?: \d{{4}})?",  # 12 March 2026
            rf"\b{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?:, \d{{4}})?\b",  # March 12, 2026
            rf"\b{_MONTHS} \d{{4}}\b",  # Nov 2028
            r"\+?\(?\d[\d()]*(?: \(?\d[\d()]*\)?)+",  # 0808 800 6000, +44 (0)20 7946 0000
            rf"\b\d+(?:[.,]\d+)? ?{_UNITS}(?![\w])",  # 37.5 °C, 500 mg, 2 weeks
            r"\b[A-Z]{2,5} \d{2,3}\b",  # NHS 111
            r"\b[A-Z]{2,}-\d+ v\d+(?:\.\d+)*\b",  # MBC-003 v2
        )
    )
)


_DIGIT = re.compile(r"\d")


def keep_items(text: str) -> str:
    """``text`` with no-break spaces inside each single item of information."""
    if not _DIGIT.search(text):  # every item has a digit: most runs are words alone
        return text
    return _ITEMS.sub(lambda m: m.group(0).replace(" ", NBSP), text)


_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[\w-]+@)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$", re.I)
#: The rest of an address after it wrapped once: a path (long enough not to be "and/or").
_ADDRESS_TAIL = re.compile(r"^(?=\S{16})[\w.~%+-]*[/?&=][\w.~%+/?&=#-]*$")


def address_breaks(word: Any) -> list[tuple[str, str]] | None:
    """Where a web or email address may wrap, longest first line first, or None if ``word`` is
    not an address. It replaces reportlab's own URI splitter, which breaks only at slashes and
    otherwise lets a word split between any two letters."""
    word = str(word)
    if not (_ADDRESS.match(word) or _ADDRESS_TAIL.match(word)):
        return None
    return [(word[:i], word[i:]) for i in range(len(word) - 1, 0, -1) if word[i - 1] in ADDRESS_BREAKS]


@lru_cache(maxsize=8)
def _dictionary(language: str) -> Any:
    import pyphen

    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None


class LongWords:
    """reportlab's hyphenator for one leaflet: it offers hyphenation points only for a word
    longer than the whole line, and remembers each such word for ``check``.

    ``limit`` and ``fonts`` are set by :class:`ClearParagraph` before each paragraph breaks.
    """

    def __init__(self, language: str) -> None:
        self.language = language  # its dictionary is loaded for the first word too long for a line (rare)
        self.limit = 0.0
        self.fonts: set[tuple[str, float]] = set()
        self.hyphenated: set[str] = set()
        self.split: set[str] = set()

    def too_long(self, word: str) -> bool:
        return any(stringWidth(word, name, size) > self.limit for name, size in self.fonts)

    def __call__(self, word: str) -> list[tuple[str, str]]:
        if not self.too_long(word):
            return []
        if "-" in word.strip("-"):  # a compound, or a piece of an address: after its own hyphens
            return [(word[:i], word[i:]) for i in range(len(word) - 1, 0, -1) if word[i - 1] == "-"]
        dictionary = _dictionary(self.language)
        if dictionary is None:
            return []
        self.hyphenated.add(word)
        return list(dictionary.iterate(word))

    def findings(self, layout: str) -> list[Diagnostic]:
        """What the author should reword: words hyphenated, and words split with no hyphen."""
        out = [
            Diagnostic("", None, "", f"'{w}' is longer than a line of the {layout} and was hyphenated", "warning")
            for w in sorted(self.hyphenated)
        ]
        out += [
            Diagnostic(
                "", None, "", f"'{w}' is longer than a line of the {layout} and was split with no hyphen", "warning"
            )
            for w in sorted(self.split - self.hyphenated)
        ]
        return out


class _LinesKept(ScannedParagraph):
    """A Paragraph that keeps its lines for the width it was last wrapped at.

    reportlab wraps a paragraph once for each thing that measures it (a table cell, a group
    kept together, the frame) and breaks every line anew each time; the lines for a width do
    not change until the paragraph is split, which drops them (``blPara``) or makes new parts.
    Its lines are reportlab's, broken faster where :func:`break_lines` can.
    """

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        found = break_lines(self, width)
        return found if found is not None else super().breakLines(width)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_at") == avail_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped_at = avail_width
        return size


class ClearParagraph(_LinesKept):
    """A Paragraph that tells its style's :class:`LongWords` how long its lines are."""

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        words = self.style.hyphenationLang
        if not isinstance(words, LongWords):
            return super().breakLines(width)
        words.limit = max(width) if isinstance(width, (list, tuple)) else width
        words.fonts = {(f.fontName, f.fontSize) for f in self.frags if hasattr(f, "fontName")}
        for f in self.frags:  # an item longer than the whole line may break at its spaces after all
            if NBSP in getattr(f, "text", ""):
                f.text = _ITEM_WORD.sub(lambda m, f=f: _loosened(m.group(0), f, words.limit), f.text)
        lines = super().breakLines(width)
        if self._splitLongWordCount:
            words.split.update(w for f in self.frags for w in getattr(f, "text", "").split() if words.too_long(w))
        return lines


def heading_floor(size: float, body: float) -> float:
    """The smallest a heading of ``size`` may shrink to: 70% of it, and 2 pt over the body."""
    return min(size, max(body + 2, size * HEADING_SHRINK))


_ITEM_WORD = re.compile(rf"\S*{NBSP}[\S{NBSP}]*")


def _loosened(item: str, frag: Any, limit: float) -> str:
    """``item`` as it is if it fits a line, else with ordinary spaces where it may break."""
    return item if stringWidth(item, frag.fontName, frag.fontSize) <= limit else item.replace(NBSP, " ")


class HeadingParagraph(_LinesKept):
    """A heading or title that never breaks inside a word.

    When its widest word is wider than the line, it shrinks (never under ``floor``) until the
    word fits; a word too wide even at the floor is an error naming it.
    """

    def __init__(self, text: Any, style: ParagraphStyle, *args: Any, floor: float = 0.0, **kw: Any) -> None:
        self._source, self._floor = text, floor or style.fontSize
        super().__init__(text, ParagraphStyle(f"{style.name}-nosplit", style, splitLongWords=0), *args, **kw)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        word, width = self.widest()
        size = self.style.fontSize
        if width > avail_width and self._source is not None:
            fitted = max(self._floor, int(size * avail_width / width * 2) / 2)
            if width * fitted / size > avail_width:
                raise RenderError(
                    f"the heading word '{word}' does not fit its line even at the {self._floor:g} pt floor: "
                    "shorten it or use a wider layout"
                )
            style = ParagraphStyle(
                self.style.name, self.style, fontSize=fitted, leading=self.style.leading * fitted / size
            )
            Paragraph.__init__(self, self._source, style)
            self.__dict__.pop("_wrapped_at", None)  # new type, new lines
        return super().wrap(avail_width, avail_height)

    def widest(self) -> tuple[str, float]:
        """The heading's widest word and its width, in the fonts it is set in."""
        best = ("", 0.0)
        for f in self.frags:
            for w in getattr(f, "text", "").split():
                width = stringWidth(w, f.fontName, f.fontSize)
                if width > best[1]:
                    best = (w, width)
        return best
