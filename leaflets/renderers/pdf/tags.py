"""Tagged PDF, part one: marking content while reportlab draws it.

A screen reader needs to know what each piece of a page is: a heading, a paragraph, a list
item, a picture and what it shows, or page furniture to skip. This module records that as
the page is drawn. Every piece of real content is wrapped in a marked-content sequence
(``/P <</MCID 3>> BDC ... EMC``) tied to a structure element; everything else on the page
(bands, box fills, rules, footers, crop marks) is an ``/Artifact``. ``structure`` then
writes the structure tree from what was recorded.

The canvas is in exactly one marked sequence at any moment: an artifact unless a content
element is being drawn. So nothing can be left unmarked, and text that was never tagged is
caught (:class:`UntaggedText`) rather than silently hidden from screen readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from msgspec import Struct, field
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from leaflets.renderers.pdf import rl_private
from leaflets.renderers.pdf.breaks import address_breaks

rl_private.install(address_breaks)

#: Elements that hold content themselves; the rest only group other elements.
CONTENT_ROLES = frozenset({"H1", "H2", "H3", "P", "Lbl", "LBody", "Figure", "Caption", "TH", "TD"})


class UntaggedText(Exception):
    """Text was drawn outside any content element or declared furniture: a renderer bug."""


class Elem(Struct, eq=False):
    """One structure element. Children are elements, marked content ``("mcid", page, n)``
    or link annotations ``("annot", page, index)``, in reading order."""

    role: str
    alt: str | None = None
    lang: str | None = None
    parent: Elem | None = None
    children: list[Any] = field(default_factory=list)
    scope: str = "Column"  # a TH heads its column, or (in a stacked table) its row

    def child(self, role: str, alt: str | None = None, scope: str = "Column") -> Elem:
        """A new element, the last of this one's children."""
        made = Elem(role, alt, parent=self, scope=scope)
        self.children.append(made)
        return made

    @property
    def is_content(self) -> bool:
        return self.role in CONTENT_ROLES


class Tagger:
    """The structure tree of one document, filled in while its canvas draws."""

    def __init__(self, lang: str | None = None) -> None:
        self.root = Elem("Document", lang=lang)
        self.stack: list[Elem] = [self.root]
        self.next_mcid: dict[int, int] = {}

    def attach(self, elem: Elem) -> None:
        """Hang ``elem``'s topmost unattached ancestor under the element being drawn."""
        top = elem
        while top.parent is not None:
            if top.parent is self.root or top.parent in self.stack:
                return
            top = top.parent
        if top is not self.root:
            top.parent = self.stack[-1]
            self.stack[-1].children.append(top)

    def mcid(self, page: int) -> int:
        n = self.next_mcid.get(page, 0)
        self.next_mcid[page] = n + 1
        return n


class TaggingCanvas(Canvas):
    """A reportlab canvas that marks what it draws for a :class:`Tagger`.

    With ``tagger`` None it draws exactly as reportlab does, so the same renderer makes the
    untagged PDF that the tests compare pixels with.
    """

    tagger: Tagger | None = None
    #: Lays pages out without drawing what is tagged: a trial layout, counted and never written.
    measuring = False

    def __init__(self, *args: Any, tagger: Tagger | None = None, **kwargs: Any) -> None:
        if tagger is not None:
            self.tagger = tagger
        self._marked: Elem | None = None
        self._furniture = 0
        super().__init__(*args, **kwargs)
        self._open_page()

    def _open_page(self) -> None:
        if self.tagger is not None:
            rl_private.wrap_page(self, "/Artifact BMC", "EMC")

    def _startPage(self) -> None:  # noqa: N802 - reportlab's name
        super()._startPage()  # type: ignore[misc]  # reportlab's page hook, not in its stubs
        self._marked = None
        self._open_page()

    def _switch(self, elem: Elem | None) -> None:
        """End the open marked sequence and start one for ``elem`` (None: an artifact)."""
        assert self.tagger is not None
        if elem is None:
            rl_private.append_operators(self, "EMC /Artifact BMC")
        else:
            page = self.getPageNumber()
            n = self.tagger.mcid(page)
            elem.children.append(("mcid", page, n))
            rl_private.append_operators(self, f"EMC /{elem.role} <</MCID {n}>> BDC")
        self._marked = elem

    @contextmanager
    def element(self, elem: Elem) -> Iterator[None]:
        """Draw inside ``elem``: content elements mark what is drawn, groups nest."""
        tagger = self.tagger
        if tagger is None:
            yield
            return
        tagger.attach(elem)
        outer = self._marked
        tagger.stack.append(elem)
        if elem.is_content:
            self._switch(elem)
        try:
            yield
        finally:
            tagger.stack.pop()
            if elem.is_content:
                self._switch(outer)

    @contextmanager
    def furniture(self) -> Iterator[None]:
        """Draw page furniture or decoration: never read out."""
        outer = self._marked
        if self.tagger is not None and outer is not None:
            self._switch(None)
        self._furniture += 1
        try:
            yield
        finally:
            self._furniture -= 1
            if self.tagger is not None and outer is not None:
                self._switch(outer)

    # -- reportlab's drawing calls that put text or links on the page --------------------

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:  # noqa: N802
        if self.tagger is None:
            return super().beginText(x, y, direction)
        return rl_private.SpacedTextObject(self, x, y, direction=direction)

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802, N803
        self._check_text()
        super().drawText(aTextObject)

    def drawString(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        self._check_text()
        super().drawString(*args, **kwargs)

    def _check_text(self) -> None:
        if self.tagger is not None and self._marked is None and not self._furniture:
            raise UntaggedText(f"text drawn on page {self.getPageNumber()} outside any structure element")

    def linkURL(self, url: Any, rect: Any, relative: Literal[0, 1] | bool = 0, *args: Any, **kw: Any) -> None:  # noqa: N802
        if self.tagger is not None and self._marked is not None:
            from reportlab.pdfbase.pdfdoc import PDFString

            kw.setdefault("Contents", PDFString(f"Link to {url}"))
            self._marked.children.append(("annot", self.getPageNumber(), rl_private.annotation_count(self)))
        super().linkURL(url, rect, relative, *args, **kw)


class Tagged(Flowable):
    """A flowable drawn inside a structure element.

    The parts of a split flowable keep the same element, so a paragraph that runs onto the
    next page or panel is still one paragraph. The same part drawn twice (a table's header
    row repeated on a new page) is furniture the second time.
    """

    def __init__(self, inner: Flowable, elem: Elem) -> None:
        super().__init__()
        self.inner, self.elem = inner, elem
        self._drawn = False

    def __getattr__(self, name: str) -> Any:
        if name in ("inner", "elem"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return [Tagged(part, self.elem) for part in self.inner.split(available_width, available_height)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def getKeepWithNext(self) -> bool:  # noqa: N802
        # reportlab switches keepWithNext off on the flowable it grouped (this wrapper) once it
        # has kept the pair together; asking the inner one again would group them for ever
        if "keepWithNext" in self.__dict__:
            return bool(self.__dict__["keepWithNext"])
        return bool(self.inner.getKeepWithNext())

    def identity(self, maxLen: int | None = None) -> str:  # noqa: N803 - reportlab's name
        """What a layout error quotes: the text inside, not the wrapper."""
        return str(self.inner.identity(maxLen))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        if getattr(canvas, "measuring", False):
            return
        if self._drawn and isinstance(canvas, TaggingCanvas):
            with canvas.furniture():
                self.inner.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab's _sW, not in its stubs
            return
        self._drawn = True
        if isinstance(canvas, TaggingCanvas):
            with canvas.element(self.elem):
                self.inner.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab's _sW, not in its stubs
        else:
            self.inner.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab's _sW, not in its stubs


def tag(flowable: Flowable, elem: Elem | str, alt: str | None = None) -> Tagged:
    """``flowable`` as (part of) ``elem``; a role name makes a new element."""
    return Tagged(flowable, elem if isinstance(elem, Elem) else Elem(elem, alt))


@contextmanager
def element(canvas: Any, elem: Elem | str, alt: str | None = None) -> Iterator[Elem]:
    """Draw directly on ``canvas`` inside a structure element (for renderers without platypus)."""
    made = elem if isinstance(elem, Elem) else Elem(elem, alt)
    if isinstance(canvas, TaggingCanvas):
        with canvas.element(made):
            yield made
    else:
        yield made


@contextmanager
def read_first(canvas: Any, role: str = "P") -> Iterator[None]:
    """Draw a ``role`` element that a screen reader meets before anything else, wherever (and
    whenever) it is drawn: the draft band across the top of page one, drawn after the pages."""
    if not isinstance(canvas, TaggingCanvas) or canvas.tagger is None:
        yield
        return
    root = canvas.tagger.root
    first = Elem(role, parent=None)
    first.parent = root
    root.children.insert(0, first)
    with canvas.element(first):
        yield


@contextmanager
def furniture(canvas: Any) -> Iterator[None]:
    """Draw page furniture or decoration directly on ``canvas``."""
    if isinstance(canvas, TaggingCanvas):
        with canvas.furniture():
            yield
    else:
        yield
