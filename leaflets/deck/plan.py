"""Plan a deck from a Document: which slides, what each holds, so that everything fits.

Layout-neutral on purpose: the PowerPoint writer draws these plans, and other slide
outputs can too. Text is measured, set as large as its slide allows and never below the 20 pt
floor. A slide holds at most about 40 words and six items, so an audience takes it in at a
glance; what is longer continues on balanced slides, titled "(2 of 3)", and no word is dropped.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable
from functools import cached_property

from msgspec import Struct, field
from msgspec.structs import replace

from leaflets.brand.measure import Measurer
from leaflets.content.inline import Inline, Run, join_runs, plain, sentences
from leaflets.deck.tables import TableSlice, plan_table, table_height
from leaflets.document.backmatter import about_lines
from leaflets.document.nodes import (
    Callout,
    ContactList,
    Document,
    Figure,
    Heading,
    ListNode,
    Node,
    Origin,
    Paragraph,
    QRCode,
    Quote,
    Section,
    Table,
)
from leaflets.document.strings import Strings
from leaflets.errors import RenderError, UnhandledNode

BODY_PT = 24
MIN_BODY_PT = 20
#: Height of the draft-translation band across the top of a slide, in points.
DRAFT_BAND = 36.0
TITLE_PT = 36
MAX_BULLETS = 6
#: At most about this many words on a content slide; more continues, or goes to the notes.
MAX_WORDS = 45
#: Body text is set as large as the slide allows, from 32 pt down; 24 pt keeps a slide readable
#: from the back of a room, and one slide of a warning list may step down to the 20 pt floor.
MAX_BODY_PT = 32
SIZES = (32, 30, 28, 26, 24, 22, 20)
#: A paragraph longer than this goes to the speaker notes, with its first sentence on the slide.
LONG_PARAGRAPH_WORDS = 60
LINE_SPACING = 1.2
PARA_GAP_PT = 10


class Line(Struct, frozen=True, dict=True):
    """One paragraph on a slide: plain text, a bullet, a numbered step or a subheading."""

    text: Inline
    kind: str = "para"  # para | bullet | number | sub
    number: int = 0
    size: float = BODY_PT

    @cached_property
    def plain(self) -> str:
        """The words, once: balancing weighs the same line in many groupings and sizes."""
        return plain(self.text)

    @cached_property
    def words(self) -> int:
        return len(self.plain.split())


#: How far a bullet's or step's text sits from the edge, in multiples of its size.
_HANG = {"bullet": 1.4, "number": 1.7}


def hang(line: Line) -> float:
    """How far a bullet's or step's text sits from the edge, in points: room for "17." at its size."""
    return _hang(line.kind, line.size)


def _hang(kind: str, size: float) -> float:
    return round(_HANG.get(kind, 0) * size)


class SlidePlan(Struct):
    """One slide, decided before drawing: its kind, title, lines and speaker notes."""

    kind: str  # title | content | section | callout | quote | picture | qr | closing
    title: str
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    style: str | None = None  # callout style
    figure: Figure | None = None
    qr: QRCode | None = None
    beside: bool = False  # picture slides: the text sits to the left of the picture
    context: str = ""  # the section a callout sits in: tells two callouts of the same title apart
    table: TableSlice | None = None  # table slides: its rows on this slide; ``lines`` go under it


class BodyBox(Struct, frozen=True):
    """The usable text area of a body placeholder, in points."""

    width: float
    height: float


#: The room for a caption under a full-width picture: 1 in, less the insets, as wide as the body.
CAPTION_HEIGHT = 1.0 * 72 - 14


MIN_TITLE_PT = 28


def title_size(measurer: Measurer, title: str, width: float, height: float, size: float = TITLE_PT) -> float:
    """The largest title size, stepping down to 28 pt, at which ``title`` fits ``width`` x ``height``;
    a title longer than that wraps at 28 pt rather than shrink further."""
    while size > MIN_TITLE_PT and measurer.lines(title, size, width, bold=True) * size * 1.15 > height:
        size -= 2
    return size


#: How far a callout's title bar, grown to hold every line of a title, pushes the box under it
#: down, in points of the box's height: (title, urgent) -> points.
TitleTakes = Callable[[str, bool], float]


class Planner:
    def __init__(
        self, measurer: Measurer, box: BodyBox, callout_box: BodyBox, title_takes: TitleTakes | None = None
    ) -> None:
        self.m, self.box, self.callout_box = measurer, box, callout_box
        self.title_takes = title_takes
        self._heights: dict[tuple[str, str, float, float], float] = {}

    def _box_under(self, title: str, urgent: bool) -> BodyBox | None:
        """The callout's box under its title bar, or None if the bar would take more than half
        of it: a template with a narrow title area makes a long title's bar grow down into the
        box, which then holds fewer lines."""
        taken = self.title_takes(title, urgent) if self.title_takes else 0.0
        if taken <= 0:
            return self.callout_box
        height = self.callout_box.height - taken
        return BodyBox(self.callout_box.width, height) if height >= self.callout_box.height / 2 else None

    def titled_box(self, titles: list[tuple[str, list[Line]]], urgent: bool) -> tuple[str, list[Line], BodyBox]:
        """The first (title, lines leading the box) whose title bar leaves the box at least half
        its height, with that box: a long callout title that would fill a small title area leads
        the box instead. None leaving room is an error naming the title, never text off the slide."""
        for title, lead in titles:
            box = self._box_under(title, urgent)
            if box is not None:
                return title, lead, box
        raise RenderError(
            f"the slide title '{titles[-1][0]}' fills the deck template's slide: shorten it, or use a template "
            "with a wider title area"
        )

    def height(self, line: Line, box: BodyBox, size: float | None = None) -> float:
        """The height ``line`` takes in ``box``, at ``size`` (else its own); remembered by its
        words, kind and size, as balancing tries many splits and sizes."""
        size = line.size if size is None else size
        key = (line.plain, line.kind, size, box.width)
        found = self._heights.get(key)
        if found is None:
            width = box.width - _hang(line.kind, size)
            lines = self.m.lines(line.plain, size, width, line.kind == "sub")
            found = self._heights[key] = lines * size * LINE_SPACING + PARA_GAP_PT
        return found

    def paginate(
        self, lines: list[Line], box: BodyBox, max_items: int = MAX_BULLETS, max_words: int = MAX_WORDS
    ) -> list[list[Line]]:
        """Slides for ``lines``: as few as hold at most ``max_items`` items and about ``max_words``
        words each, balanced (8 items become 4 + 4, never 6 + 2), each set as large as its slide allows.

        One slide may step down to the 20 pt floor, which keeps a warning list whole rather than
        stranding its last item; continuations are set at 24 pt or more.
        """
        units = self._units(self._split_long(lines, box, max_words), box)
        known: dict[float, dict[tuple[int, int], tuple[int, int, int]]] = {}  # costs, the same for every count
        items = list(itertools.accumulate((sum(x.kind in ("bullet", "number") for x in u) for u in units), initial=0))
        said = list(itertools.accumulate((words(u) for u in units), initial=0))
        texts = list(itertools.accumulate((sum(x.kind != "sub" for x in u) for u in units), initial=0))

        def possible(i: int, j: int) -> bool:
            """Whether units i to j could share a slide by the counts alone (the costly measure
            is taken only for them): a long list then costs time in proportion to its length."""
            few = items[j] - items[i] <= max_items
            return j - i == 1 or (few and (said[j] - said[i] <= max_words or texts[j] - texts[i] <= 1))

        for count in range(_fewest_runs(len(units), possible), len(units) + 1):
            floor = MIN_BODY_PT if count == 1 else BODY_PT

            def cost(group: list[Line], floor: float = floor) -> tuple[int, int, int]:
                return (not self._fits(group, box, floor, max_items, max_words), len(group), words(group))

            groups = _balanced(units, count, cost, known.setdefault(floor, {}), possible)
            if groups is not None and not any(cost(g)[0] for g in groups):
                return [self._largest(g, box) for g in groups]
        return [self._largest(unit, box) for unit in units]

    def paginate_led(self, lead: list[Line], lines: list[Line], box: BodyBox) -> list[list[Line]]:
        """Slides for ``lines``, each led by ``lead`` (what to do, said again on every
        continuation, so no slide shows signs without the action they call for)."""
        if not lead:
            return self.paginate(lines, box)
        room = replace(box, height=box.height - self._tall(lead, box, BODY_PT))
        pages = self.paginate(lines, room, max_words=max(MAX_WORDS - words(lead), MAX_WORDS // 2)) or [[]]
        return [self._largest([*lead, *page], box) for page in pages]

    def _units(self, lines: list[Line], box: BodyBox) -> list[list[Line]]:
        """Lines that stay together: a subheading (or a run of them) with the line that follows
        it, where both fit one slide."""
        units: list[list[Line]] = []
        for line in lines:
            if units and units[-1][-1].kind == "sub":
                if self._tall([*units[-1], line], box, MIN_BODY_PT) <= box.height:
                    units[-1].append(line)
                    continue
                units[-1:] = [[x] for x in units[-1]]  # too much to share a slide: each on its own
            units.append([line])
        return units

    def _fits(self, group: list[Line], box: BodyBox, size: float, max_items: int, max_words: int) -> bool:
        items = sum(1 for x in group if x.kind in ("bullet", "number"))
        alone = len([x for x in group if x.kind != "sub"]) <= 1  # one paragraph that cannot split further
        hanging = group[-1].kind == "sub" and len(group) > 1  # a subheading leads what follows it
        return (
            items <= max_items and not hanging and (alone or words(group) <= max_words)
            and self._tall(group, box, size) <= box.height
        )  # fmt: skip

    def _tall(self, group: list[Line], box: BodyBox, size: float) -> float:
        """The height of ``group`` set at body size ``size`` (as ``scaled`` sets it)."""
        top = _top(group)
        return sum(self.height(x, box, _scale(x.size, size, top)) for x in group)

    def _largest(self, group: list[Line], box: BodyBox) -> list[Line]:
        """``group`` at the largest size from 32 pt down that fits ``box``; never under the floor."""
        for size in SIZES:
            if self._tall(group, box, size) <= box.height:
                return scaled(group, size)
        return scaled(group, MIN_BODY_PT)

    def _split_long(self, lines: list[Line], box: BodyBox, max_words: int) -> list[Line]:
        """Split a paragraph taller than a slide, or longer than ``max_words``, at sentence ends,
        into pieces of about even length."""
        out: list[Line] = []
        for line in lines:
            pieces = [[replace(line, text=piece)] for piece in sentences(line.text)]

            def cost(group: list[Line], line: Line = line) -> tuple[int, int, int]:
                joined = replace(line, text=join_runs([x.text for x in group]))
                return (self.height(joined, box) > box.height or words(group) > max_words, words(group), 0)

            known: dict[tuple[int, int], tuple[int, int, int]] = {}
            for count in range(1, len(pieces) + 1):
                groups = _balanced(pieces, count, cost, known)
                assert groups is not None  # every run may be tried
                if count == len(pieces) or not any(cost(g)[0] for g in groups):
                    # a "subheading" too long for one slide is a paragraph: it cannot lead the next line
                    kind = "para" if line.kind == "sub" and count > 1 else line.kind
                    out += [replace(line, text=join_runs([x.text for x in g]), kind=kind) for g in groups]
                    break
        return out


def words(lines: list[Line]) -> int:
    return sum(line.words for line in lines)


def scaled(lines: list[Line], size: float) -> list[Line]:
    """``lines`` set for a body size of ``size``: each keeps its size relative to the body's
    (sources smaller, a quote larger), within the floor and the largest body size."""
    top = _top(lines)
    return [replace(x, size=_scale(x.size, size, top)) for x in lines]


def _top(lines: list[Line]) -> float:
    return max(MAX_BODY_PT, max((x.size for x in lines), default=BODY_PT))


def _scale(own: float, size: float, top: float) -> float:
    return max(MIN_BODY_PT, min(top, round(own * size / BODY_PT)))


def _fewest_runs(n: int, possible: Callable[[int, int], bool]) -> int:
    """The fewest runs ``n`` units split into when each run must be ``possible``: taking each as
    long as it may be is best, as a run that may not be longer may not be longer from further back."""
    count, i = 0, 0
    while i < n:
        j = i + 1
        while j < n and possible(i, j + 1):
            j += 1
        count, i = count + 1, j
    return max(count, 1)


def _balanced(
    units: list[list[Line]],
    count: int,
    cost: Callable[[list[Line]], tuple[int, int, int]],
    costs: dict[tuple[int, int], tuple[int, int, int]],
    possible: Callable[[int, int], bool] | None = None,
) -> list[list[Line]] | None:
    """``units`` in ``count`` runs, in order, the worst run as good as it can be by ``cost``
    (a run that does not fit first, then items, then words), so continuations differ by at most
    one item. ``costs`` remembers the cost of each run of units, for the next count to try.
    Only runs ``possible`` allows are tried; None when no split into such runs exists."""
    n = len(units)
    allowed = possible or (lambda i, j: True)

    def run(i: int, j: int) -> list[Line]:
        return [x for u in units[i:j] for x in u]

    def cost_of(i: int, j: int) -> tuple[int, int, int]:
        if (i, j) not in costs:
            costs[i, j] = cost(run(i, j))
        return costs[i, j]

    # best[k][j]: the worst run of the best split of the first j units into k runs, and where it starts
    best: list[dict[int, tuple[tuple[int, int, int], int]]] = [{0: ((0, 0, 0), 0)}]
    for k in range(1, count + 1):
        row: dict[int, tuple[tuple[int, int, int], int]] = {}
        for j in range(k, n - (count - k) + 1):
            starts = range(j - 1, k - 2, -1)  # the nearest first: once a run is not possible, longer ones are not
            options = []
            for i in starts:
                if not allowed(i, j):
                    break
                if i in best[k - 1]:
                    options.append((max(best[k - 1][i][0], cost_of(i, j)), i))
            if options:
                row[j] = min(options)
        best.append(row)
    if n not in best[count]:
        return None
    cuts, j = [], n
    for k in range(count, 0, -1):
        i = best[k][j][1]
        cuts.append(run(i, j))
        j = i
    return cuts[::-1]


def lines_of(node: Node) -> list[Line]:
    """The slide lines a text node becomes."""
    if isinstance(node, Paragraph):
        return [Line(node.text)]
    if isinstance(node, ListNode):
        kind = "number" if node.ordered else "bullet"
        return [Line(item, kind, i) for i, item in enumerate(node.items, 1)]
    if isinstance(node, Heading):
        return [Line(node.text, "sub")]
    if isinstance(node, ContactList):
        return [contact_line(c.label, c.phone, c.hours) for c in node.entries]
    raise UnhandledNode(node, "the slide planner")


def lines_of_caption(node: QRCode | Figure) -> list[Line]:
    return [Line(node.caption)] if node.caption else []


def contact_line(label: Inline, phone: Inline | None, hours: Inline | None) -> Line:
    text: list[Run] = [Run(r.text, True, r.italic, r.href) for r in label]
    if phone:
        text += [Run(": ")] + list(phone)
    if hours:
        text += [Run(" (")] + list(hours) + [Run(")")]
    return Line(tuple(text), "bullet")


def plan_deck(doc: Document, planner: Planner) -> list[SlidePlan]:
    """Every slide of the deck, in order, each title unique."""
    say = doc.strings
    slides = [SlidePlan("title", doc.meta.title)]
    if doc.parts:
        slides += _talk_slides(doc, planner)
    else:
        repeated = _repeated_callouts(doc.sections)
        for index, section in enumerate(doc.sections):
            title = (
                plain(section.heading.text) if section.heading else (say["in_brief"] if index == 0 else doc.meta.title)
            )
            slides += _section_slides(section, title, planner, say, repeated)
    slides += _closing_slides(doc, planner)
    _unique_titles(slides, say)
    if doc.minutes:
        per = doc.minutes * 60 / len(slides)
        slides[0].notes.append(say.format("talk_length", minutes=doc.minutes, slides=len(slides), seconds=f"{per:.0f}"))
    return slides


def _talk_slides(doc: Document, planner: Planner) -> list[SlidePlan]:
    """Agenda, then a section slide and the chosen sections for each topic, then "When to get
    help": a slide for each urgent callout of the talk, its action as the title."""
    agenda = [Line((Run(part.title),), "number", i) for i, part in enumerate(doc.parts, 1)]
    say = doc.strings
    slides = [SlidePlan("content", say["what_we_will_cover"], page) for page in planner.paginate(agenda, planner.box)]
    headings = [plain(s.heading.text) for part in doc.parts for s in part.sections if s.heading]
    repeated = _repeated_callouts([s for part in doc.parts for s in part.sections])
    urgent: list[SlidePlan] = []
    for part in doc.parts:
        slides.append(SlidePlan("section", part.title))
        for section in part.sections:
            title = plain(section.heading.text) if section.heading else part.title
            if section.heading and headings.count(title) > 1:
                title = f"{title}: {part.title}"  # the same heading in two topics
            slides += _section_slides(section, title, planner, say, repeated)
            for node in section.nodes:
                if isinstance(node, Callout) and node.style == "urgent":
                    # what it is about: the section, or the topic when headings repeat
                    heading = plain(section.heading.text) if section.heading else part.title
                    urgent += _urgent_summary(
                        part.title if headings.count(heading) > 1 else heading, node, planner, say
                    )
    if urgent:
        slides += [SlidePlan("section", say["when_to_get_help"]), *urgent]
    return slides


def _section_slides(
    section: Section, title: str, planner: Planner, say: Strings, repeated: set[str]
) -> list[SlidePlan]:
    return _SectionSlides(section, title, planner, say, repeated).plan()


class _SectionSlides:
    """One section's slides: running text gathers until a node that needs a slide of its own
    (a callout, picture, quote, table or QR code) sends it to slides first; notes follow the
    slide they belong to."""

    def __init__(self, section: Section, title: str, planner: Planner, say: Strings, repeated: set[str]) -> None:
        self.section, self.title, self.planner, self.say, self.repeated = section, title, planner, say, repeated
        self.out: list[SlidePlan] = []
        self.pending: list[Line] = []
        self.notes: list[str] = [section.heading.notes] if section.heading and section.heading.notes else []
        # a section of callouts alone is named by its heading, the callouts' titles leading their boxes
        self.only_callouts = section.heading is not None and all(isinstance(n, Callout) for n in section.nodes)

    def plan(self) -> list[SlidePlan]:
        for node in self.section.nodes:
            if isinstance(node, Callout):
                self.flush()
                self.callout(node)
            elif isinstance(node, Figure):
                self.figure(node)
            elif isinstance(node, Quote):
                self.flush()
                self.quote(node)
            elif isinstance(node, Table):
                self.flush()
                self.out += _table_slides(node, self.title, self.planner)
            elif isinstance(node, QRCode):
                self.flush()
                notes = [node.notes] if node.notes else []
                self.out.append(SlidePlan("qr", self.title, lines_of_caption(node), notes, qr=node))
            elif isinstance(node, Paragraph) and len(plain(node.text).split()) > LONG_PARAGRAPH_WORDS:
                # a long paragraph is for reading, not for a slide: a lead on the slide, all of it in the notes
                opening = sentences(node.text)[0]
                self.pending.append(Line((*opening, Run(" " + self.say["more_in_notes"]))))
                self.notes.append(plain(node.text) + (f"\n\n{node.notes}" if node.notes else ""))
            else:
                if node.notes:
                    self.notes.append(node.notes)
                self.pending += lines_of(node)
        self.flush()
        if not self.out:
            self.out.append(SlidePlan("content", self.title, [], self.notes))
        elif self.notes:  # notes with no text slide of their own join the section's first slide
            self.out[0].notes[:0] = self.notes
        return self.out

    def flush(self) -> None:
        """The running text gathered so far, on as many slides as it needs."""
        if not self.pending:
            return
        pages = self.planner.paginate(self.pending, self.planner.box)
        for page in pages:
            self.out.append(SlidePlan("content", self.title, page, self.notes if page is pages[0] else []))
        self.notes = []
        self.pending.clear()

    def callout(self, node: Callout) -> None:
        """Its own slide, titled by its own title ("Urgent: Call 999 if..."); a title that other
        callouts of the deck share leads the box instead, under the section's name, and so does
        the title of a callout that is all its section says."""
        lines = [line for child in node.body for line in lines_of(child)]
        label = f"{self.say[node.style]}{self.say['label_colon']}"
        choices: list[tuple[str, list[Line]]] = [(label + self.title, [])]
        if node.title:  # its own title, else (shared, or too long for the template) leading the box
            led = (label + self.title, [Line(node.title, "sub")])
            shared = plain(node.title) in self.repeated or self.only_callouts
            choices = [led] if shared else [(label + plain(node.title), []), led]
        label, lead, box = self.planner.titled_box(choices, node.style == "urgent")
        pages = self.planner.paginate_led(lead, lines, box) or [[]]
        for page in pages:
            notes = [node.notes] if node.notes and page is pages[0] else []
            self.out.append(replace(SlidePlan("callout", label, page, notes, node.style), context=self.title))

    def figure(self, node: Figure) -> None:
        caption = [Line(node.caption)] if node.caption else []
        half = BodyBox(self.planner.box.width / 2 - 18, self.planner.box.height)
        fitted = self.planner.paginate(self.pending + caption, half) if self.pending else []
        if len(fitted) == 1:
            # the text just before a picture sits beside it, on one slide (at the size that fits)
            notes = self.notes + ([node.notes] if node.notes else [])
            self.out.append(SlidePlan("picture", self.title, fitted[0], notes, figure=node, beside=True))
            self.notes = []
            self.pending.clear()
            return
        self.flush()
        under = self.planner.paginate(caption, replace(self.planner.box, height=CAPTION_HEIGHT)) if caption else [[]]
        shown = under[0] if len(under) == 1 else []
        self.out.append(SlidePlan("picture", self.title, shown, [node.notes] if node.notes else [], figure=node))
        if caption and not shown:  # too long to sit under the picture: the words follow it
            for page in self.planner.paginate(caption, self.planner.box):
                self.out.append(SlidePlan("content", self.title, page))

    def quote(self, node: Quote) -> None:
        """Large and centred, the attribution under it; a long quote continues rather than shrinks."""
        quoted = [Line((Run("“"), *node.text, Run("”")), size=MAX_BODY_PT)]
        if node.by:
            quoted.append(Line((Run("— "), *node.by), size=MIN_BODY_PT))
        for page in self.planner.paginate(quoted, self.planner.box, max_words=LONG_PARAGRAPH_WORDS):
            self.out.append(SlidePlan("quote", self.title, page, [node.notes] if node.notes else []))


def _repeated_callouts(sections: Iterable[Section]) -> set[str]:
    """Callout titles that more than one callout of the deck has ("Call 999 if you have")."""
    titles = [plain(n.title) for s in sections for n in s.nodes if isinstance(n, Callout) and n.title]
    return {t for t in titles if titles.count(t) > 1}


def _urgent_summary(what: str, node: Callout, planner: Planner, say: Strings) -> list[SlidePlan]:
    """One urgent callout on "When to get help": what it is about and what to do as the title
    ("Seizures (fits): Call 999 for a seizure if"), its signs or steps as items, at most six a
    slide, and whatever else the callout says in the notes. Steps to follow in order (first aid)
    keep a numbered line each, because a step run into the next is hard to follow in the moment."""
    lists = [line for child in node.body if isinstance(child, ListNode) for line in lines_of(child)]
    other = [line for child in node.body if not isinstance(child, ListNode) for line in lines_of(child)]
    shown, told = (lists, other) if lists else (other, [])
    notes = [plain(line.text) for line in told] + ([node.notes] if node.notes else [])
    choices: list[tuple[str, list[Line]]] = [(what, [])]
    if node.title:  # "what: its title", or what alone with its title leading the box
        choices = [(f"{what}{say['label_colon']}{plain(node.title)}", []), (what, [Line(node.title, "sub")])]
    title, lead, box = planner.titled_box(choices, True)
    pages = planner.paginate_led(lead, shown, box) or [[]]
    return [SlidePlan("callout", title, page, notes if page is pages[0] else [], "urgent") for page in pages]


def _table_slides(node: Table, title: str, planner: Planner) -> list[SlidePlan]:
    """A real table, continued by rows on the next slides; its caption titles them, and its
    note goes under the last rows if there is room, else on a slide of its own."""
    heading = plain(node.caption) if node.caption else title
    said = [node.notes] if node.notes else []
    slices = plan_table(node, planner.m, planner.box.width, planner.box.height)
    out = [SlidePlan("table", heading, notes=said if i == 0 else [], table=part) for i, part in enumerate(slices)]
    if node.note:
        note = Line(node.note, size=slices[-1].size)
        if table_height(slices[-1]) + planner.height(note, planner.box) <= planner.box.height:
            out[-1].lines.append(note)
        else:
            out += [SlidePlan("content", heading, page) for page in planner.paginate([note], planner.box)]
    return out


def _closing_slides(doc: Document, planner: Planner) -> list[SlidePlan]:
    out: list[SlidePlan] = []
    say = doc.strings
    if doc.parts and doc.website:
        caption = (Run(say.format("find_out_more_from", author=doc.meta.author)),)
        site = QRCode(url=doc.website, caption=caption, origin=Origin(""))
        out.append(SlidePlan("qr", say["find_out_more"], lines_of_caption(site), qr=site))
    if doc.glossary:
        words = [Line((Run(term, bold=True), Run(f": {meaning}")), "bullet") for term, meaning in doc.glossary]
        for page in planner.paginate(words, planner.box):
            out.append(SlidePlan("closing", say["words_to_know"], page))
    if doc.contacts:
        lines = [contact_line(c.label, c.phone, c.hours) for c in doc.contacts]
        for page in planner.paginate(lines, planner.box):
            out.append(SlidePlan("closing", say["who_to_contact"], page))
    if doc.feedback:
        out.append(SlidePlan("qr", say["tell_us"], lines_of_caption(doc.feedback), qr=doc.feedback))
    # On slides a source shows its title (a link) and publisher; the notes keep every address.
    source_lines: list[Line] = []
    addresses: list[str] = []
    for src in doc.sources:
        text = [Run(src.title, href=src.url)]
        if src.publisher:
            text.append(Run(f", {src.publisher}"))
        source_lines.append(Line(tuple(text), "number", len(source_lines) + 1, MIN_BODY_PT))
        if src.url:
            addresses.append(f"{len(source_lines)}. {src.title}: {src.url}")
    # who published, wrote and checked it, said as the leaflet's back page says it
    source_lines.append(Line((Run(" ".join(about_lines(doc))),), "para", 0, MIN_BODY_PT))
    source_lines.append(Line((Run(doc.disclaimer),), "para", 0, MIN_BODY_PT))
    # a reference list, not talking points: as many as fit, not six
    for page in planner.paginate(source_lines, planner.box, len(source_lines), max_words=sys.maxsize):
        out.append(SlidePlan("closing", say["sources_and_review"], page, ["\n".join(addresses)] if addresses else []))
    return out


def _unique_titles(slides: list[SlidePlan], say: Strings) -> None:
    """Tell repeated titles apart: two callouts of the same title by their sections, then the rest
    (continuations, or the same heading used twice) by number, "Title (2 of 3)"."""
    for group in _repeated(slides).values():
        if len({s.context for s in group}) > 1:
            for slide in group:
                slide.title = f"{slide.title} ({slide.context})" if slide.context else slide.title
    for title, group in _repeated(slides).items():
        for i, slide in enumerate(group, 1):
            slide.title = say.format("of", title=title, index=i, count=len(group))


def _repeated(slides: list[SlidePlan]) -> dict[str, list[SlidePlan]]:
    groups: dict[str, list[SlidePlan]] = {}
    for slide in slides:
        groups.setdefault(slide.title, []).append(slide)
    return {title: group for title, group in groups.items() if len(group) > 1}
