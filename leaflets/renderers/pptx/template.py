"""An organisation's .pptx or .potx, opened safely and emptied of its own slides.

The file comes from outside, so it is read through ``leaflets.files.containers`` (size, count and
ratio limits; every XML part checked with entities and network off) and only then handed to
python-pptx. What cannot give a deck (not a presentation, no master, no layouts, no theme)
is a TemplateProblem with a one-line reason; the caller names the brand and the file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from leaflets.files.containers import UnsafeContainer, check_xml, read_members

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
PRESENTATION = _PML + "presentation.main+xml"
#: main-part content types python-pptx refuses but that hold the same presentation
_SAME_PRESENTATION = (_PML + "template.main+xml", _PML + "slideshow.main+xml")
_OTHER_DOCUMENTS = {"wordprocessingml": "a Word document", "spreadsheetml": "an Excel workbook"}
_XML_SUFFIXES = (".xml", ".rels", ".vml")


class TemplateProblem(ValueError):
    """Why a template cannot give a deck, as the end of a sentence: 'it ...'."""


def load_template(path: Path) -> Any:
    """The template as a python-pptx Presentation, with none of its slides, or TemplateProblem."""
    from pptx import Presentation

    try:
        members = read_members(path)
        types = _ContentTypes(members)
        _check_main_part(members, types)
        for name, data in members.items():
            if name.endswith(_XML_SUFFIXES) or types.of(name).endswith("xml"):
                check_xml(name, data)
    except UnsafeContainer as exc:
        raise TemplateProblem(str(exc)) from None
    members = _as_presentation(members)
    try:
        prs = Presentation(io.BytesIO(_zip(members)))
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many kinds on a broken package
        raise TemplateProblem(f"is damaged ({type(exc).__name__}: {exc})") from None
    _check_structure(prs)
    remove_own_content(prs)
    return prs


def _check_main_part(members: dict[str, bytes], types: _ContentTypes) -> None:
    """Refuse a package whose main part is missing or is not a presentation."""
    check_xml("_rels/.rels", members["_rels/.rels"])
    rels = etree.fromstring(members["_rels/.rels"])
    target = next((r.get("Target") for r in rels if r.get("Type") == _OFFICE_DOCUMENT), None)
    if not target:
        raise UnsafeContainer("is an Office package without a main document")
    name = posixpath.normpath(target.lstrip("/"))
    kind = types.of(name)
    if kind == PRESENTATION or kind in _SAME_PRESENTATION:
        if name not in members:
            raise UnsafeContainer(f"lacks its main part {name}")
        return
    if "macroEnabled" in kind:
        raise UnsafeContainer("holds macros; save it from PowerPoint as a .pptx or .potx without macros")
    what = next((v for k, v in _OTHER_DOCUMENTS.items() if k in kind), f"of type {kind or 'unknown'}")
    raise UnsafeContainer(f"is not a PowerPoint presentation: it is {what}")


class _ContentTypes:
    """The package's [Content_Types].xml: each part's type, by name or by extension."""

    def __init__(self, members: dict[str, bytes]) -> None:
        if "[Content_Types].xml" not in members or "_rels/.rels" not in members:
            raise UnsafeContainer("is a zip file but not an Office document (no [Content_Types].xml or _rels/.rels)")
        check_xml("[Content_Types].xml", members["[Content_Types].xml"])
        root = etree.fromstring(members["[Content_Types].xml"])
        self.parts = {
            (o.get("PartName") or "").lstrip("/"): o.get("ContentType") or "" for o in root.iter(_CT + "Override")
        }
        self.extensions = {
            (d.get("Extension") or "").lower(): d.get("ContentType") or "" for d in root.iter(_CT + "Default")
        }

    def of(self, name: str) -> str:
        return self.parts.get(name) or self.extensions.get(name.rsplit(".", 1)[-1].lower(), "")


def _as_presentation(members: dict[str, bytes]) -> dict[str, bytes]:
    """python-pptx opens only presentations; a template or slide show differs in one content type."""
    types = members["[Content_Types].xml"]
    for other in _SAME_PRESENTATION:
        types = types.replace(other.encode(), PRESENTATION.encode())
    return {**members, "[Content_Types].xml": types}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _check_structure(prs: Any) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    masters = list(prs.slide_masters)
    if not masters:
        raise TemplateProblem("has no slide master")
    if not any(len(master.slide_layouts) for master in masters):
        raise TemplateProblem("has no slide layouts")
    for master in masters:
        try:
            master.part.part_related_by(RT.THEME)
        except KeyError:
            named = f" {master.name!r}" if master.name else ""
            raise TemplateProblem(f"has no theme for its slide master{named}") from None


def remove_own_content(prs: Any) -> None:
    """Drop the template's slides and whatever only they used: on saving, python-pptx writes
    only parts still reachable from the package, so their notes, comments, charts and media
    go with them. Lists that point at slides (custom shows, sections) and the thumbnail of
    the template's first slide go too, so nothing dangles."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    slide_ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public slide removal
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    root = prs.part._element  # noqa: SLF001
    # custom shows list slides; a section list (in an extension) lists slide ids
    for node in root.xpath("./*[local-name()='custShowLst'] | ./*/*[*[local-name()='sectionLst']]"):
        node.getparent().remove(node)
    for rel in list(prs.part.rels.values()):
        if rel.reltype == RT.COMMENT_AUTHORS:
            prs.part.drop_rel(rel.rId)
    package = prs.part.package
    for rel in list(package._rels.values()):  # noqa: SLF001 - package-level relationships
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)
