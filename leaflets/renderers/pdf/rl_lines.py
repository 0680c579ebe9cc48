"""reportlab's line breaking (``Paragraph.breakLines``), made fast for the paragraphs this tool
writes, giving the very lines reportlab gives.

reportlab breaks a paragraph of several style runs (bold, a link, a fallback font) at about
23 µs a word, against 4.5 for plain text: for each word it compares the word's style with the
line's through ``sameFrag`` (five failed attribute look-ups), looks up the font's ascent again,
and adds up the widths of every space on the line so far, to know how far a line may squeeze
its spaces (``spaceShrinkage``), though that matters only for a word that does not fit.

:func:`break_lines` walks the words as reportlab does, in the same order and with the same
arithmetic, so every width, line and flag comes out the same. It skips a style comparison when
the word is in the very run the line's last piece came from (a run is always the same as
itself), keeps word widths and each font's ascent and descent, and adds up the spaces only for
a word that goes past the line's end. At a line's end it asks reportlab's own hyphenation step
(which breaks web addresses and words longer than a line) and places the pieces as reportlab
does. It returns None, and reportlab breaks the paragraph itself, for what it does not repeat:
images, line breaks and soft hyphens in the text, right-to-left, Asian or shaped text,
automatic leading, and a word cut between two letters. The second place, after
``rl_private``, that knows reportlab's private internals; ``tests/renderers/pdf/
test_line_breaking.py`` holds it to reportlab's lines.
"""

from __future__ import annotations

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
_WIDTHS: dict[tuple[Any, float, str], dict[str, Any]] = {}
KEPT_WIDTHS = 200_000
#: Characters the shaper may give a glyph later (``rl_private.code_for_glyph``), changing their width.
_PRIVATE_USE = ("\ue000", "\uf900")


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
            if sum(len(w) for w in _WIDTHS.values()) > KEPT_WIDTHS:
                _WIDTHS.clear()
            font = getFont(name)
            known = self._widths[(name, size)] = (_WIDTHS.setdefault((font, size, self.encoding), {}), font)
        widths, font = known
        found = widths.get(text)
        if found is None:
            found = font.stringWidth(text, size, self.encoding)
            if not (text and _PRIVATE_USE[0] <= max(text) < _PRIVATE_USE[1]):
                widths[text] = found
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

    def arguments(self, frag: Any) -> tuple[Any, Any, Any]:
        """The hyphenator, address waste and embedded-hyphen setting for a word in ``frag``."""
        allowed = not getattr(frag, "nobr", False)
        return (
            self.hyphenator if allowed else None,
            self.address_waste if allowed else False,
            self.embedded and allowed,
        )


def _repeatable(para: Any) -> bool:
    """Whether this paragraph's breaking takes none of the paths :func:`break_lines` leaves to reportlab."""
    style = para.style
    if style.wordWrap or style.embeddedHyphenation > 1 or style.spaceShrinkage < 0:
        return False  # right to left, Asian, or a second hyphenation pass
    if getattr(para, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off"):
        return False
    return not (style.shaping and bool(getFont(style.fontName).shapable))


def break_lines(para: Any, width: Any) -> Any | None:
    """reportlab's ``breakLines(width)`` for ``para``, or None if reportlab must break it itself.

    Like reportlab, it narrows a list of widths it is given for a bullet on line one; it
    puts the list back as it was before returning None."""
    if not _repeatable(para):
        return None
    max_widths = width if isinstance(width, list) else list(width) if isinstance(width, tuple) else [width]
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
    if para.style.endDots or hasattr(f, "cbDefn") or hasattr(f, "backColor"):
        return None
    if hasattr(f, "text"):
        text = rl.strip(f.text)
        words = rl.split(text) if text else []
    else:
        if isinstance(f.words, rl.BidiList):
            return None
        words = list(f.words)
    if any(type(w) is not str or rl._shy in w for w in words):  # noqa: SLF001 - split or soft-hyphenated words
        return None
    settings, fonts = _Settings(para), _Fonts(para.encoding)
    font_name, font_size = f.fontName, f.fontSize
    ascent, descent = getAscentDescent(font_name, font_size)
    _start(para, max_widths)
    if not any(rl.strip(w) for w in words):
        return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=font_size)
    last_line = len(max_widths) - 1
    max_width = max_widths[0]
    space = fonts.width(" ", font_name, font_size)
    squeeze = settings.shrinkage * space
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    used = -space  # the first word has no space before it
    widest = 0
    number = 0
    waiting = words[::-1]  # the words still to place, the next one last
    split = False  # the word before was a split word's head: it ends its line
    while waiting:
        word = waiting.pop()
        split = split or (not word and isinstance(word, rl._SplitWord))  # noqa: SLF001
        word_width = fonts.width(word, font_name, font_size)
        new_width = used + space + word_width
        limit = max_width + squeeze * len(line)
        if new_width > limit and not (isinstance(word, rl._SplitWordH) or split):  # noqa: SLF001
            if settings.attempt:
                hyphenator, waste, embedded = settings.arguments(f)
                parts = rl._hyphenateWord(  # noqa: SLF001
                    hyphenator, font_name, font_size, word, word_width, new_width, limit, waste, embedded,
                    settings.min_length,
                )  # fmt: skip
                if parts:  # a word hyphenated or an address broken: its head ends this line
                    waiting += parts[::-1]
                    para._hyphenations += 1  # noqa: SLF001
                    split = True
                    continue
            if settings.split_long and not isinstance(word, rl._SplitWord):  # noqa: SLF001
                at = min(number, last_line)
                if word_width > max(max_widths[at : at + 1]):
                    return None  # a word cut between letters: reportlab's to do
        if split:
            if word:
                line.append(word)
            widest = max(widest, new_width)
            lines.append((max_width - new_width, line))
            line, used, split = [], -space, False
            number += 1
            max_width = max_widths[min(last_line, number)]
        elif new_width <= limit or not line:
            line.append(word)
            used = new_width
        else:
            widest = max(widest, used)
            lines.append((max_width - used, line))
            line, used = [word], word_width
            number += 1
            max_width = max_widths[min(last_line, number)]
    if line:
        widest = max(widest, used)
        lines.append((max_width - used, line))
    para._width_max = widest  # noqa: SLF001
    return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size)


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
            last = self.pieces[-1]
            last.text += text if not self.space or last.text.endswith(" ") else " " + text
        self.rest(word)
        if not text and any(t for _, t in word[2:]):
            self.count += 1

    def done(self, max_width: float, first_word: int) -> Any:
        return rl.FragLine(
            extraSpace=max_width - self.used, wordCount=self.count, lineBreak=False, words=self.pieces,
            fontSize=self.biggest, ascent=self.ascent, descent=self.descent, maxWidth=max_width, sFW=first_word,
        )  # fmt: skip


def _runs(para: Any, frags: list[Any], max_widths: list[float]) -> Any | None:
    """A paragraph of several style runs, or a part of one split over a page: kind 1.

    A word that reportlab's hyphenator splits at a line's end (a web address after ``/``, a
    word too long for any line) goes on as reportlab's own pieces: the head ends this line,
    an injected line break closes it, and the tail starts the next."""
    settings, fonts = _Settings(para), _Fonts("utf8")  # reportlab measures these in its default encoding
    _start(para, max_widths)
    all_words = rl._getFragWords(frags, max_widths[0])  # noqa: SLF001
    for w in all_words:
        if type(w) not in _PLAIN_WORDS or any(f._fkind != _TEXT or rl._shy in t for f, t in w[1:]):  # noqa: SLF001
            return None  # an image, a line break, a soft hyphen or a word split before
    last_line = len(max_widths) - 1
    max_width = max_widths[0]
    lines: list[Any] = []
    kept: list[Any] = []  # reportlab's frag words (``para.frags`` afterwards), in order
    widest = 0
    number = first_word = 0
    line: _Line | None = None
    waiting = all_words[::-1]  # the words still to place, the next one last
    while waiting:
        w = waiting.pop()
        kept.append(w)
        last = w[-1][0]
        if line is None:
            line = _Line(fonts, last.fontSize, fonts.extent(last.fontName, last.fontSize))
        word_width = w[0]
        f = w[1][0]
        if isinstance(w, rl._InjectedFrag):  # noqa: SLF001 - the break after a split word's head
            line.pieces.append(f.clone())
            widest = max(widest, line.used)
            lines.append(line.done(max_width, first_word))
            first_word = len(kept) - 1
            number += 1
            max_width = max_widths[min(last_line, number)]
            line = None
            continue
        new_width = line.used + line.space + word_width if word_width > 0 else line.used
        # the line's spaces may shrink a little; that sum matters only past the line's end
        over = new_width > max_width
        if over:
            limit = max_width + _squeeze(line.pieces, line.space, settings.shrinkage, fonts)
            over = new_width > limit
        if over and not isinstance(w, rl._SplitFragH) and not hasattr(f, "cbDefn"):  # noqa: SLF001
            if settings.attempt:
                hyphenator, waste, embedded = settings.arguments(f)
                split = rl._hyphenateFragWord(hyphenator, w, new_width, limit, waste, embedded, settings.min_length)  # noqa: SLF001
                if split:
                    end_line = rl._InjectedFrag([0, (f.clone(_fkind=rl._FK_BREAK, text=""), "")])  # noqa: SLF001
                    waiting += [*split[:0:-1], end_line, split[0]]
                    kept.pop()
                    para._hyphenations += 1  # noqa: SLF001
                    continue
            if settings.split_long and not isinstance(w, rl._SplitFrag):  # noqa: SLF001
                at = min(number, last_line)
                if word_width > max(max_widths[at : at + 1]):
                    return None  # a word cut between letters: reportlab's to do
        if over and line.count > 0:
            widest = max(widest, line.used)
            lines.append(line.done(max_width, first_word))
            first_word = len(kept) - 1
            number += 1
            max_width = max_widths[min(last_line, number)]
            line = _Line(fonts, f.fontSize, fonts.extent(f.fontName, f.fontSize))
            line.piece(f, w[1][1])
            line.rest(w)
            line.count, new_width, size = 1, word_width, last.fontSize
        else:
            line.add(w)
            size = f.fontSize  # reportlab's quirk: the last run's font at the first run's size
        line.space = fonts.width(" ", last.fontName, size) if isinstance(w, rl._HSFrag) else 0  # noqa: SLF001
        line.used = new_width
    if line is not None:
        widest = max(widest, line.used)
        lines.append(line.done(max_width, first_word))
    para._width_max = widest  # noqa: SLF001
    para.frags = kept
    return rl.ParaLines(kind=1, lines=lines)


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
