"""Slide text written as DrawingML directly, element by element as python-pptx writes it.

python-pptx's text properties find each child by name and insert it in the schema's order on
every call; a deck sets a few thousand of them, which cost more than the rest of a slide. These
functions write the same elements and attributes, in the same order, with lxml. Each says which
python-pptx call it stands for, so the XML stays what python-pptx would give.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun

A_P, A_R, A_T, A_PPR, A_RPR = qn("a:p"), qn("a:r"), qn("a:t"), qn("a:pPr"), qn("a:rPr")
_CONTENT = (A_R, qn("a:br"), qn("a:fld"))
_BODY_PR, _AUTOFITS = qn("a:bodyPr"), (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit"))
_AFTER_AUTOFIT = (qn("a:scene3d"), qn("a:sp3d"), qn("a:flatTx"), qn("a:extLst"))
#: what follows a:spcAft in a:pPr
_AFTER_SPACING = tuple(
    qn(f"a:{tag}")
    for tag in (
        "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts", "buFontTx", "buFont", "buNone", "buAutoNum", "buChar",
        "buBlip", "tabLst", "defRPr", "extLst",
    )
)  # fmt: skip
_BULLETS = (qn("a:buNone"), qn("a:buChar"), qn("a:buAutoNum"), qn("a:buFont"))
#: python-pptx's defaults for a:bodyPr's insets: an inset equal to its default is left out
_INSET_DEFAULTS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}


def reset_frame(body: Any, anchor: str | None = None) -> Any:
    """An emptied ``p:txBody`` that wraps and never auto-fits, and its first paragraph: what
    TextFrame.clear(), .word_wrap = True, .auto_size = NONE and .vertical_anchor do."""
    paragraphs = body.findall(A_P)
    for extra in paragraphs[1:]:
        body.remove(extra)
    first = paragraphs[0]
    for child in [c for c in first if c.tag in _CONTENT]:
        first.remove(child)
    body_pr = body.find(_BODY_PR)
    body_pr.set("wrap", "square")
    for child in [c for c in body_pr if c.tag in _AUTOFITS]:
        body_pr.remove(child)
    _insert_before(body_pr, etree.Element(qn("a:noAutofit")), _AFTER_AUTOFIT)
    if anchor is not None:
        body_pr.set("anchor", anchor)
    return first


def set_insets(body: Any, **insets: int) -> None:
    """TextFrame.margin_left = ... and the like, by attribute name (lIns, tIns, rIns, bIns)."""
    body_pr = body.find(_BODY_PR)
    for name, value in insets.items():
        if value == _INSET_DEFAULTS[name]:
            body_pr.attrib.pop(name, None)
        else:
            body_pr.set(name, str(int(value)))


def new_paragraph(body: Any) -> Any:
    """TextFrame.add_paragraph()."""
    return etree.SubElement(body, A_P)


def properties(paragraph: Any) -> Any:
    """The paragraph's a:pPr, added first when it has none (CT_TextParagraph.get_or_add_pPr)."""
    ppr = paragraph.find(A_PPR)
    if ppr is None:
        ppr = etree.Element(A_PPR)
        paragraph.insert(0, ppr)
    return ppr


def clear_bullets(ppr: Any) -> None:
    for child in [c for c in ppr if c.tag in _BULLETS]:
        ppr.remove(child)


def space_after(ppr: Any, centipoints: int) -> None:
    """_Paragraph.space_after = Pt(centipoints / 100)."""
    for old in ppr.findall(qn("a:spcAft")):
        ppr.remove(old)
    spacing = etree.Element(qn("a:spcAft"))
    etree.SubElement(spacing, qn("a:spcPts"), val=str(centipoints))
    _insert_before(ppr, spacing, _AFTER_SPACING)


def new_run(paragraph: Any, text: str) -> tuple[Any, Any]:
    """A run appended to ``paragraph`` holding ``text``, and its empty a:rPr: what
    _Paragraph.add_run(), .text = text and .get_or_add_rPr() give."""
    run = etree.Element(A_R)
    rpr = etree.SubElement(run, A_RPR)
    etree.SubElement(run, A_T).text = CT_RegularTextRun._escape_ctrl_chars(text)  # noqa: SLF001 - as its .text does
    _insert_before(paragraph, run, (qn("a:endParaRPr"),))
    return run, rpr


def _insert_before(parent: Any, child: Any, successors: tuple[str, ...]) -> None:
    """Put ``child`` before a successor, else last: python-pptx's insert_element_before, which
    takes the first of ``successors`` (in the schema's order) that ``parent`` has."""
    following = next((found for found in map(parent.find, successors) if found is not None), None)
    if following is None:
        parent.append(child)
    else:
        following.addprevious(child)
