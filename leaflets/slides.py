"""Plan a deck from a Document: which slides, what each holds, so that everything fits.

Layout-neutral on purpose: the PowerPoint writer draws these plans, and other slide
outputs can too. Text is measured, never shrunk below the 20 pt floor: a list or a long
paragraph that does not fit continues on the next slide, titled "(2 of 3)", and no word is
dropped. At most six bullets go on one slide.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from leaflets.document import (
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
from leaflets.errors import UnhandledNode
from leaflets.inline import SENTENCE_ENDS, Inline, Run, join_runs, plain, sentences
from leaflets.measure import Measurer
from leaflets.slide_tables import TableSlice, plan_table, table_height
from leaflets.strings import Strings

BODY_PT = 24
MIN_BODY_PT = 20
#: Height of the draft-translation band across the top of a slide, in points.
DRAFT_BAND = 36.0
TITLE_PT = 36
MAX_BULLETS = 6
#: A paragraph longer than this goes to the speaker notes, with its first sentence on the slide.
LONG_PARAGRAPH_WORDS = 60
LINE_SPACING = 1.2
PARA_GAP_PT = 10


@dataclass(frozen=True)
class Line:
    """One paragraph on a slide: plain text, a bullet, a numbered step or a subheading."""

    text: Inline
    kind: str = "para"  # para | bullet | number | sub
    number: int = 0
    size: float = BODY_PT


@dataclass
class SlidePlan:
    kind: str  # title | content | section | callout | picture | qr | closing
    title: str
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    style: str | None = None  # callout style
    figure: Figure | None = None
    qr: QRCode | None = None
    beside: bool = False  # picture slides: the text sits to the left of the picture
    table: TableSlice | None = None  # table slides: its rows on this slide; ``lines`` go under it


@dataclass(frozen=True)
class BodyBox:
    """The usable text area of a body placeholder, in points."""

    width: float
    height: float
    indent: float = 27.0  # bullet indent


#: The room for a caption under a full-width picture: 1 in, less the insets, as wide as the body.
CAPTION_HEIGHT = 1.0 * 72 - 14


MIN_TITLE_PT = 28


def title_size(measurer: Measurer, title: str, width: float, height: float, size: float = TITLE_PT) -> float:
    """The largest title size, stepping down to 28 pt, at which ``title`` fits ``width`` x ``height``;
    a title longer than that wraps at 28 pt rather than shrink further."""
    while size > MIN_TITLE_PT and measurer.lines(title, size, width, bold=True) * size * 1.15 > height:
        size -= 2
    return size


class Planner:
    def __init__(self, measurer: Measurer, box: BodyBox, callout_box: BodyBox) -> None:
        self.m, self.box, self.callout_box = measurer, box, callout_box

    def height(self, line: Line, box: BodyBox) -> float:
        width = box.width - (box.indent if line.kind in ("bullet", "number") else 0)
        bold = line.kind == "sub"
        return self.m.lines(plain(line.text), line.size, width, bold) * line.size * LINE_SPACING + PARA_GAP_PT

    def paginate(self, lines: list[Line], box: BodyBox, max_items: int = MAX_BULLETS) -> list[list[Line]]:
        """Slides for ``lines``: one slide at 24, 22 or 20 pt if that is enough, else several at 24 pt.

        Stepping down to the 20 pt floor keeps a warning list whole on one slide rather than
        stranding its last item on a slide of its own.
        """
        for size in (BODY_PT, 22, MIN_BODY_PT):
            pages = self._fill([replace(line, size=min(line.size, size)) for line in lines], box, max_items)
            if len(pages) == 1:
                return pages
        return self._fill(lines, box, max_items)

    def _fill(self, lines: list[Line], box: BodyBox, max_items: int) -> list[list[Line]]:
        """Fill slides in order; split a paragraph taller than a slide at sentence ends."""
        pages: list[list[Line]] = [[]]
        used = 0.0
        split = self._split_tall(lines, box)
        for index, line in enumerate(split):
            h = self.height(line, box)
            # a subheading (or a run of them) stays with the line that follows it
            end = index
            while split[end].kind == "sub" and end + 1 < len(split):
                end += 1
            h_keep = h + sum(self.height(x, box) for x in split[index + 1 : end + 1])
            bullets = sum(1 for x in pages[-1] if x.kind in ("bullet", "number"))
            full = used + h_keep > box.height or (line.kind in ("bullet", "number") and bullets >= max_items)
            if pages[-1] and full:
                pages.append([])
                used = 0.0
            pages[-1].append(line)
            used += h
        return [p for p in pages if p]

    def _split_tall(self, lines: list[Line], box: BodyBox) -> list[Line]:
        out: list[Line] = []
        for line in lines:
            if self.height(line, box) <= box.height:
                out.append(line)
                continue
            pieces = sentences(line.text)
            current: list[Inline] = []
            for piece in pieces:
                trial = Line(join_runs(current + [piece]), line.kind, line.number, line.size)
                if current and self.height(trial, box) > box.height:
                    out.append(Line(join_runs(current), line.kind, line.number, line.size))
                    current = [piece]
                else:
                    current.append(piece)
            if current:
                out.append(Line(join_runs(current), line.kind, line.number, line.size))
        return out


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
        for index, section in enumerate(doc.sections):
            title = (
                plain(section.heading.text) if section.heading else (say["in_brief"] if index == 0 else doc.meta.title)
            )
            slides += _section_slides(section, title, planner, say)
    slides += _closing_slides(doc, planner)
    _unique_titles(slides, say)
    if doc.minutes:
        per = doc.minutes * 60 / len(slides)
        slides[0].notes.append(say.format("talk_length", minutes=doc.minutes, slides=len(slides), seconds=f"{per:.0f}"))
    return slides


def _talk_slides(doc: Document, planner: Planner) -> list[SlidePlan]:
    """Agenda, then a section slide and the chosen sections for each topic, then every urgent
    callout of the talk gathered on "When to get help" slides."""
    agenda = [Line((Run(part.title),), "number", i) for i, part in enumerate(doc.parts, 1)]
    say = doc.strings
    slides = [SlidePlan("content", say["what_we_will_cover"], page) for page in planner.paginate(agenda, planner.box)]
    headings = [plain(s.heading.text) for part in doc.parts for s in part.sections if s.heading]
    urgent: list[list[Line]] = [[]]  # groups of lines paginated on their own
    for part in doc.parts:
        slides.append(SlidePlan("section", part.title))
        for section in part.sections:
            title = plain(section.heading.text) if section.heading else part.title
            if section.heading and headings.count(title) > 1:
                title = f"{title}: {part.title}"  # the same heading in two topics
            slides += _section_slides(section, title, planner, say)
            for node in section.nodes:
                if isinstance(node, Callout) and node.style == "urgent":
                    # what it is about (the section, or the topic when headings repeat), what to do,
                    # and every sign, so a list that ends "...if you have" is never left hanging
                    heading = plain(section.heading.text) if section.heading else part.title
                    what = part.title if headings.count(heading) > 1 else heading
                    lines = _urgent_summary(what, node)
                    if lines[0].kind == "sub":  # steps: a group of their own, kept whole where they fit
                        urgent += [lines, []]
                    else:
                        urgent[-1] += lines
    for group in (g for g in urgent if g):
        pages = planner.paginate(group, planner.callout_box)
        for index, page in enumerate(pages):
            if index and group[0].kind == "sub":  # steps go on: say whose they are
                lead = plain(group[0].text)
                page = [Line((Run(say.format("of", title=lead, index=index + 1, count=len(pages))),), "sub"), *page]
            slides.append(SlidePlan("callout", say["when_to_get_help"], page, style="urgent"))
    return slides


def _section_slides(section: Section, title: str, planner: Planner, say: Strings) -> list[SlidePlan]:
    out: list[SlidePlan] = []
    pending: list[Line] = []
    notes: list[str] = [section.heading.notes] if section.heading and section.heading.notes else []

    def flush() -> None:
        nonlocal notes
        if not pending:
            return
        pages = planner.paginate(pending, planner.box)
        for page in pages:
            out.append(SlidePlan("content", title, page, notes if page is pages[0] else []))
        notes = []
        pending.clear()

    for node in section.nodes:
        if isinstance(node, Callout):
            flush()
            lines = [line for child in node.body for line in lines_of(child)]
            label = say[node.style]
            if section.heading:
                # the section names the slide, so titles stay short and unique; the box's title leads it
                heading = title
                if node.title:
                    lines.insert(0, Line(node.title, "sub"))
            else:
                heading = plain(node.title) if node.title else title
            pages = planner.paginate(lines, planner.callout_box) or [[]]
            for page in pages:
                out.append(
                    SlidePlan(
                        "callout",
                        f"{label}{say['label_colon']}{heading}",
                        page,
                        [node.notes] if node.notes and page is pages[0] else [],
                        node.style,
                    )
                )
        elif isinstance(node, Figure):
            caption = [Line(node.caption)] if node.caption else []
            half = BodyBox(planner.box.width / 2 - 18, planner.box.height)
            beside = pending + caption
            fitted = planner.paginate(beside, half) if pending else []
            if len(fitted) == 1:
                # the text just before a picture sits beside it, on one slide (at the size that fits)
                said = notes + ([node.notes] if node.notes else [])
                out.append(SlidePlan("picture", title, fitted[0], said, figure=node, beside=True))
                notes = []
                pending.clear()
                continue
            flush()
            under = planner.paginate(caption, replace(planner.box, height=CAPTION_HEIGHT)) if caption else [[]]
            shown = under[0] if len(under) == 1 else []
            out.append(SlidePlan("picture", title, shown, [node.notes] if node.notes else [], figure=node))
            if caption and not shown:  # too long to sit under the picture: the words follow it
                for page in planner.paginate(caption, planner.box):
                    out.append(SlidePlan("content", title, page))
        elif isinstance(node, Quote):
            flush()
            said = [Line((Run("“"), *node.text, Run("”")), size=32)]
            if node.by:
                said.append(Line((Run("— "), *node.by)))
            for page in planner.paginate(said, planner.box):
                out.append(SlidePlan("content", title, page, [node.notes] if node.notes else []))
        elif isinstance(node, Table):
            flush()
            out += _table_slides(node, title, planner)
        elif isinstance(node, QRCode):
            flush()
            out.append(SlidePlan("qr", title, lines_of_caption(node), [node.notes] if node.notes else [], qr=node))
        elif isinstance(node, Paragraph) and len(plain(node.text).split()) > LONG_PARAGRAPH_WORDS:
            # a long paragraph is for reading, not for a slide: a lead on the slide, all of it in the notes
            lead = sentences(node.text)[0]
            pending.append(Line((*lead, Run(" " + say["more_in_notes"]))))
            notes.append(plain(node.text) + (f"\n\n{node.notes}" if node.notes else ""))
        else:
            if node.notes:
                notes.append(node.notes)
            pending += lines_of(node)
    flush()
    if not out:
        out.append(SlidePlan("content", title, [], notes))
    elif notes:  # notes with no text slide of their own join the section's first slide
        out[0].notes[:0] = notes
    return out


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


def _urgent_summary(what: str, node: Callout) -> list[Line]:
    """One urgent callout on "When to get help". Signs join into one line; steps to follow in
    order (a numbered list, such as first aid) keep a numbered line each under the callout's
    title, because a step run into the next is hard to follow in the moment."""
    lead: list[Run] = [Run(f"{what}: ", bold=True), *(node.title or ())]
    if any(isinstance(child, ListNode) and child.ordered for child in node.body):
        steps = [line for child in node.body for line in lines_of(child)]
        return [Line(tuple(lead), "sub"), *steps]
    said = list(lead)
    for i, sign in enumerate(line.text for child in node.body for line in lines_of(child)):
        if i or node.title:
            ends = said[-1].text.rstrip()[-1:]
            said.append(Run(": " if i == 0 else (" " if ends and ends in SENTENCE_ENDS else "; ")))
        said += sign
    return [Line(tuple(said), "bullet")]


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
    source_lines, addresses = [], []
    for src in doc.sources:
        text = [Run(src.title, href=src.url)]
        if src.publisher:
            text.append(Run(f", {src.publisher}"))
        source_lines.append(Line(tuple(text), "number", len(source_lines) + 1, MIN_BODY_PT))
        if src.url:
            addresses.append(f"{len(source_lines)}. {src.title}: {src.url}")
    meta = doc.meta
    about = [say.format("published_by", author=meta.author)]
    if meta.reviewed:
        about.append(say.format("reviewed_on", date=say.long_date(meta.reviewed)))
    if meta.next_review:
        about.append(say.format("next_review_due", date=say.month_year(meta.next_review)))
    if doc.translated_by:
        about.append(say.format("translated_by", translator=doc.translated_by))
    source_lines.append(Line((Run(" ".join(about)),), "para", 0, MIN_BODY_PT))
    source_lines.append(Line((Run(doc.disclaimer),), "para", 0, MIN_BODY_PT))
    # a reference list, not talking points: as many as fit, not six
    for page in planner.paginate(source_lines, planner.box, max_items=len(source_lines)):
        out.append(SlidePlan("closing", say["sources_and_review"], page, ["\n".join(addresses)] if addresses else []))
    return out


def _unique_titles(slides: list[SlidePlan], say: Strings) -> None:
    """Number repeated titles, "Title (2 of 3)": continuations, or the same heading used twice."""
    groups: dict[str, list[SlidePlan]] = {}
    for slide in slides:
        groups.setdefault(slide.title, []).append(slide)
    for title, group in groups.items():
        if len(group) > 1:
            for i, slide in enumerate(group, 1):
                slide.title = say.format("of", title=title, index=i, count=len(group))
