"""reportlab's line breaking (``Paragraph.breakLines``), made fast for the paragraphs this tool
writes, giving the very lines reportlab gives.

reportlab breaks a paragraph of several style runs (bold, a link, a fallback font) at about
23 µs a word, against 4.5 for plain text: for each word it compares the word's style with the
line's through ``sameFrag`` (five failed attribute look-ups), looks up the font's ascent again,
and adds up the widths of every space on the line so far, to know how far a line may squeeze
its spaces (``spaceShrinkage``), though that matters only for a word that does not fit.

:func:`break_lines` walks the words as reportlab does, in the same order and with the same
arithmetic, so every width, line and flag comes out the same. It skips a style comparison when
the word is in the very run the line's last piece came from (a run of text is always the same
as itself), keeps word widths and each font's ascent and descent, and adds up the spaces only
for a word that goes past the line's end. At a line's end it asks reportlab's own hyphenation
step (which breaks web addresses and words longer than a line) and places the pieces as
reportlab does. It returns None, and reportlab breaks the paragraph itself, for what it does
not repeat: images, line breaks and soft hyphens in the text, right-to-left, Asian or shaped
text, automatic leading, a word cut between two letters, and settings reportlab rejects. The
second place, after ``rl_private``, that knows reportlab's private internals;
``tests/renderers/pdf/test_line_breaking.py`` holds it to reportlab's lines.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.platypus import paragraph as rl

_TEXT = rl._FK_TEXT  # noqa: SLF001 - a frag of text, as _getFragWords marks it
#: The kinds of word reportlab makes of text alone: one ending in a space, and one that does not.
_PLAIN_WORDS = (list, rl._HSFrag)  # noqa: SLF001


#: Word widths by font, size and encoding, kept from paragraph to paragraph and document to
#: document: a leaflet measures the same words in its trial layout and its drawn one, and a
#: library repeats most of its words. Emptied when it holds more than ``KEPT_WIDTHS`` words.
KEPT_WIDTHS = 100_000
#: Characters the shaper may give a glyph later (``rl_private.code_for_glyph``), changing their width.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


class _KnownWidths:
    """The word widths measured so far, a table for each font, size and encoding."""

    def __init__(self) -> None:
        self.tables: dict[tuple[Any, float, str], dict[str, Any]] = {}
        self.count = 0

    def table(self, font: Any, size: float, encoding: str) -> dict[str, Any]:
        if self.count > KEPT_WIDTHS:
            self.tables.clear()
            self.count = 0
        return self.tables.setdefault((font, size, encoding), {})


_KNOWN = _KnownWidths()


class _Fonts:
    """Each font's word widths, ascent and descent, and space width, looked up once."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._widths: dict[tuple[str, float], tuple[dict[str, Any], Any]] = {}
        self._extent: dict[tuple[str, float], tuple[float, float]] = {}

    def width(self, text: str, name: str, size: float) -> Any:
        """``stringWidth(text, name, size, encoding)``, from the cache when it was measured before."""
        known = self._widths.get((name, size))
        if known is None:
            font = getFont(name)
            known = self._widths[(name, size)] = (_KNOWN.table(font, size, self.encoding), font)
        widths, font = known
        found = widths.get(text)
        if found is None:
            found = font.stringWidth(text, size, self.encoding)
            if not _PRIVATE_USE.search(text):
                widths[text] = found
                _KNOWN.count += 1
        return found

    def extent(self, name: str, size: float) -> tuple[float, float]:
        found = self._extent.get((name, size))
        if found is None:
            found = self._extent[(name, size)] = getAscentDescent(name, size)
        return found


class _Settings:
    """What a paragraph's style says about breaking, read as ``breakLines`` reads it."""

    def __init__(self, para: Any) -> None:
        style = para.style
        hyphenator = getattr(style, "hyphenationLang", "")
        if hyphenator and isinstance(hyphenator, str):
            hyphenator = hyphenator.strip()
            hyphenator = rl.pyphen.Pyphen(lang=hyphenator).iterate if hyphenator and rl.pyphen else None
        self.hyphenator = hyphenator or None
        self.address_waste = style.uriWasteReduce
        self.embedded = style.embeddedHyphenation
        self.shrinkage = style.spaceShrinkage
        self.split_long = style.splitLongWords
        self.attempt = bool(self.hyphenator or self.address_waste or self.embedded)
        self.min_length = getattr(style, "hyphenationMinWordLength", rl.hyphenationMinWordLength)

    def _arguments(self, frag: Any) -> tuple[Any, Any, Any]:
        """The hyphenator, address waste and embedded-hyphen setting for a word in ``frag``."""
        allowed = not getattr(frag, "nobr", False)
        return (
            self.hyphenator if allowed else None,
            self.address_waste if allowed else False,
            self.embedded and allowed,
        )

    def split_word(self, frag: Any, word: str, width: float, new_width: float, limit: float) -> Any:
        """Where reportlab's hyphenation step splits a plain word past the line's end: its
        pieces, or nothing (``_hyphenateWord``)."""
        if not self.attempt:
            return None
        hyphenator, waste, embedded = self._arguments(frag)
        return rl._hyphenateWord(  # noqa: SLF001
            hyphenator, frag.fontName, frag.fontSize, word, width, new_width, limit, waste, embedded, self.min_length
        )

    def split_frag_word(self, word: Any, new_width: float, limit: float) -> Any:
        """The same for a word of style runs (``_hyphenateFragWord``)."""
        if not self.attempt:
            return None
        hyphenator, waste, embedded = self._arguments(word[1][0])
        return rl._hyphenateFragWord(hyphenator, word, new_width, limit, waste, embedded, self.min_length)  # noqa: SLF001


class _Lines:
    """The lines made so far, the number and width of the line being filled, and the widest."""

    def __init__(self, max_widths: list[float]) -> None:
        self.max_widths = max_widths
        self.made: list[Any] = []
        self.number = 0
        self.max_width = max_widths[0]
        self.widest: float = 0

    def end(self, line: Any, used: float) -> None:
        """Keep ``line``, ``used`` points wide, and go on to the next line's width."""
        self.widest = max(self.widest, used)
        self.made.append(line)
        self.number += 1
        self.max_width = self.max_widths[min(len(self.max_widths) - 1, self.number)]

    def cut(self, settings: _Settings, width: float) -> bool:
        """Whether reportlab would cut a word this wide between two letters (wider than its line)."""
        return bool(settings.split_long) and width > self.max_widths[min(self.number, len(self.max_widths) - 1)]


def _repeatable(para: Any, width: Any) -> bool:
    """Whether this paragraph's breaking takes none of the paths :func:`break_lines` leaves to reportlab.

    Besides right-to-left, Asian and shaped text, automatic leading and a second hyphenation
    pass, that is everything reportlab rejects (a hyphenator that is neither a language nor a
    function, a tuple of widths it would narrow for a bullet, no widths): reportlab raises its
    own error. Space shrinkage must not be negative: the shrink sum is skipped for a word that
    fits, which is exact only when shrinking can never make a line narrower."""
    style = para.style
    shrinkage, hyphenator = style.spaceShrinkage, getattr(style, "hyphenationLang", "")
    if style.wordWrap or style.embeddedHyphenation > 1 or not isinstance(shrinkage, int | float) or shrinkage < 0:
        return False
    if hyphenator and not isinstance(hyphenator, str) and not callable(hyphenator):
        return False
    if not isinstance(width, list | int | float) or width == []:
        return False
    if getattr(para, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off"):
        return False
    return not (style.shaping and bool(getFont(style.fontName).shapable))


def break_lines(para: Any, width: Any) -> Any | None:
    """reportlab's ``breakLines(width)`` for ``para``, or None if reportlab must break it itself.

    Like reportlab, it narrows a list of widths it is given for a bullet on line one; it
    puts the list back as it was before returning None."""
    if not _repeatable(para, width):
        return None
    max_widths = width if isinstance(width, list) else [width]
    given = list(max_widths)
    frags = para.frags
    found = None
    if len(frags) == 1 and not rl._processed_frags(frags):  # noqa: SLF001
        found = _one_run(para, frags[0], max_widths)
    elif len(frags) > 1 or (frags and rl._processed_frags(frags)):  # noqa: SLF001
        found = _runs(para, frags, max_widths)
    if found is None:
        max_widths[:] = given
    return found


def _start(para: Any, max_widths: list[float]) -> None:
    """What ``breakLines`` sets before breaking: counters, and room for a bullet on line one."""
    para._width_max = 0  # noqa: SLF001
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0  # noqa: SLF001
    rl._handleBulletWidth(para.bulletText, para.style, max_widths)  # noqa: SLF001


def _one_run(para: Any, f: Any, max_widths: list[float]) -> Any | None:
    """A paragraph of one style run: ``breakLines``'s first case (kind 0)."""
    if para.style.endDots or hasattr(f, "cbDefn") or hasattr(f, "backColor") or f.fontSize < 0:
        return None
    if hasattr(f, "text"):
        text = rl.strip(f.text)
        words = rl.split(text) if text else []
    elif isinstance(f.words, rl.BidiList):
        return None
    else:
        words = list(f.words)
    if any(type(w) is not str or rl._shy in w for w in words):  # noqa: SLF001 - split or soft-hyphenated words
        return None
    ascent, descent = getAscentDescent(f.fontName, f.fontSize)
    _start(para, max_widths)
    lines: list[Any] = []
    if any(rl.strip(w) for w in words):
        found = _place_words(para, f, words, _Lines(max_widths))
        if found is None:
            return None
        lines = found
    return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=f.fontSize)


def _place_words(para: Any, f: Any, words: list[str], lines: _Lines) -> list[Any] | None:
    """The lines of plain ``words`` in ``f``'s font, each (room left, words), or None for a cut word."""
    settings, fonts = _Settings(para), _Fonts(para.encoding)
    space = fonts.width(" ", f.fontName, f.fontSize)
    squeeze = settings.shrinkage * space
    line: list[str] = []
    used = -space  # the first word has no space before it
    waiting = words[::-1]  # the words still to place, the next one last
    head = False  # a split word's head is next: it ends its line
    while waiting:
        word = waiting.pop()
        head = head or (not word and isinstance(word, rl._SplitWord))  # noqa: SLF001
        word_width = fonts.width(word, f.fontName, f.fontSize)
        new_width = used + space + word_width
        limit = lines.max_width + squeeze * len(line)
        if new_width > limit and not (isinstance(word, rl._SplitWordH) or head):  # noqa: SLF001
            parts = settings.split_word(f, word, word_width, new_width, limit)
            if parts:  # a word hyphenated or an address broken: its head ends this line
                waiting += parts[::-1]
                para._hyphenations += 1  # noqa: SLF001
                head = True
                continue
            if not isinstance(word, rl._SplitWord) and lines.cut(settings, word_width):  # noqa: SLF001
                return None  # a word cut between letters: reportlab's to do
        if head:
            lines.end((lines.max_width - new_width, [*line, word] if word else line), new_width)
            line, used, head = [], -space, False
        elif new_width <= limit or not line:
            line.append(word)
            used = new_width
        else:
            lines.end((lines.max_width - used, line), used)
            line, used = [word], word_width
    if line:
        lines.end((lines.max_width - used, line), used)
    para._width_max = lines.widest  # noqa: SLF001
    return lines.made


class _Line:
    """The line being filled: its style runs (clones of the runs, each with its text), how many
    words it has, how wide it is, and the biggest size, ascent and descent on it."""

    def __init__(self, fonts: _Fonts, size: float, extent: tuple[float, float]) -> None:
        self.fonts = fonts
        self.pieces: list[Any] = []
        self.source: Any = None  # the run the last piece was cloned from
        self.count = 0
        self.used = self.space = 0
        self.biggest = size
        self.ascent, self.descent = extent

    def measure(self, frag: Any) -> None:
        ascent, descent = self.fonts.extent(frag.fontName, frag.fontSize)
        self.biggest = max(self.biggest, frag.fontSize)
        self.ascent, self.descent = max(self.ascent, ascent), min(self.descent, descent)

    def piece(self, frag: Any, text: str) -> None:
        g = frag.clone()
        g.text = text
        self.pieces.append(g)
        self.source = frag

    def rest(self, word: Any) -> None:
        """The pieces of ``word`` after its first, each a run of its own."""
        for frag, text in word[2:]:
            self.piece(frag, text)
            self.measure(frag)

    def add(self, word: Any) -> None:
        """Put ``word`` on the line, after a space if the word before ended with one."""
        f, text = word[1]
        if text:
            self.count += 1
        self.measure(f)
        if not self.pieces:
            self.piece(f, text)
        elif f is not self.source and not sameFrag(self.pieces[-1], f):
            if self.space:
                _end_with_space(self.pieces)
            self.piece(f, text)
        else:
            piece = self.pieces[-1]
            piece.text += text if not self.space or piece.text.endswith(" ") else " " + text
        self.rest(word)
        if not text and any(t for _, t in word[2:]):
            self.count += 1

    def done(self, max_width: float, first_word: int) -> Any:
        return rl.FragLine(
            extraSpace=max_width - self.used, wordCount=self.count, lineBreak=False, words=self.pieces,
            fontSize=self.biggest, ascent=self.ascent, descent=self.descent, maxWidth=max_width, sFW=first_word,
        )  # fmt: skip


def _runs(para: Any, frags: list[Any], max_widths: list[float]) -> Any | None:
    """A paragraph of several style runs, or a part of one split over a page: kind 1."""
    _start(para, max_widths)
    words = rl._getFragWords(frags, max_widths[0])  # noqa: SLF001
    if any(type(w) not in _PLAIN_WORDS or any(rl._shy in t for _, t in w[1:]) for w in words):  # noqa: SLF001
        return None  # a soft hyphen, or a hyphenated word's head rejoined from an earlier split
    runs = {id(f): f for w in words for f, _ in w[1:]}.values()
    if any(f._fkind != _TEXT or hasattr(f, "cbDefn") or hasattr(f, "lineBreak") or f.fontSize < 0 for f in runs):  # noqa: SLF001
        return None  # an image, a line break, or a negative size
    kept: list[Any] = []  # reportlab's frag words (``para.frags`` afterwards), in order
    lines = _place_frag_words(para, words, kept, _Lines(max_widths))
    if lines is None:
        return None
    para.frags = kept
    return rl.ParaLines(kind=1, lines=lines)


def _place_frag_words(para: Any, words: list[Any], kept: list[Any], lines: _Lines) -> list[Any] | None:
    """The lines (``FragLine``) of ``words``, or None for a word cut between letters.

    A word that reportlab's hyphenator splits at a line's end (a web address after ``/``, a
    word too long for any line) goes on as reportlab's own pieces: the head ends this line,
    an injected line break closes it, and the tail starts the next."""
    settings, fonts = _Settings(para), _Fonts("utf8")  # reportlab measures these in its default encoding
    line: _Line | None = None
    first_word = 0  # where the line being filled starts in ``kept``
    waiting = words[::-1]  # the words still to place, the next one last
    while waiting:
        w = waiting.pop()
        kept.append(w)
        last, (f, text) = w[-1][0], w[1]
        if line is None or not line.pieces:  # a line starts from its first word's last run
            line = _Line(fonts, last.fontSize, fonts.extent(last.fontName, last.fontSize))
        if isinstance(w, rl._InjectedFrag):  # noqa: SLF001 - the break after a split word's head
            line.pieces.append(f.clone())  # reportlab keeps the break in the line; the line ends here
            lines.end(line.done(lines.max_width, first_word), line.used)
            line, first_word = None, len(kept) - 1
            continue
        new_width = line.used + line.space + w[0] if w[0] > 0 else line.used
        # the line's spaces may shrink a little; that sum matters only past the line's end
        over = new_width > lines.max_width
        if over:
            limit = lines.max_width + _squeeze(line.pieces, line.space, settings.shrinkage, fonts)
            over = new_width > limit
        if over and not isinstance(w, rl._SplitFragH) and not hasattr(f, "cbDefn"):  # noqa: SLF001
            parts = settings.split_frag_word(w, new_width, limit)
            if parts:
                end_line = rl._InjectedFrag([0, (f.clone(_fkind=rl._FK_BREAK, text=""), "")])  # noqa: SLF001
                waiting += [*parts[:0:-1], end_line, parts[0]]
                kept.pop()
                para._hyphenations += 1  # noqa: SLF001
                continue
            if not isinstance(w, rl._SplitFrag) and lines.cut(settings, w[0]):  # noqa: SLF001
                return None  # a word cut between letters: reportlab's to do
        if over and line.count > 0:
            lines.end(line.done(lines.max_width, first_word), line.used)
            first_word = len(kept) - 1
            line = _Line(fonts, f.fontSize, fonts.extent(f.fontName, f.fontSize))
            line.piece(f, text)
            line.rest(w)
            line.count, new_width, size = 1, w[0], last.fontSize
        else:
            line.add(w)
            size = f.fontSize  # reportlab's quirk: the last run's font at the first run's size
        line.space = fonts.width(" ", last.fontName, size) if isinstance(w, rl._HSFrag) else 0  # noqa: SLF001
        line.used = new_width
    if line is not None:
        lines.end(line.done(lines.max_width, first_word), line.used)
    para._width_max = lines.widest  # noqa: SLF001
    return lines.made


def _squeeze(pieces: list[Any], space: float, shrinkage: float, fonts: _Fonts) -> float:
    """How far the line's spaces may shrink (``spaceShrinkage`` of their widths), summed as reportlab sums it."""
    if not shrinkage:
        return 0.0
    total = space
    for piece in pieces:
        if piece._fkind == _TEXT:  # noqa: SLF001
            spaces = piece.text.count(" ")
            if spaces:
                total += spaces * fonts.width(" ", piece.fontName, piece.fontSize)
    return total * shrinkage


def _end_with_space(pieces: list[Any]) -> None:
    """Give the line's last text piece its trailing space, before a piece in another style."""
    for piece in reversed(pieces):
        if piece._fkind == _TEXT:  # noqa: SLF001
            if not piece.text.endswith(" "):
                piece.text += " "
            return
