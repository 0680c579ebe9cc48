"""Import existing leaflets (Word, Markdown) as topic files that build as they are.

A reader of the source turns it into a :class:`Draft`: blocks as a topic file writes them,
with a note on every guess an author must check (a bold line made a heading, a box made an
urgent callout) and a report of everything that could not be mapped. Nothing is dropped
silently: what has no block goes into the topic as text and is flagged, or is named in the
report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leaflets.content.imports.draft import ImportProblem

#: The report of an import, written beside the topic it made.
REPORT_SUFFIX = ".import.txt"


def import_file(source: Path, out: Path, images: Path, accept_changes: bool = False) -> list[str]:
    """Write the topic read from ``source`` (.docx or .md) to ``out``, its pictures into ``images``
    (a folder beside or under the topic's) and the report beside it (``REPORT_SUFFIX``); return the
    report. Raise ImportProblem naming why not, in one line, whatever went wrong."""
    try:
        report = _import(source, out, images, accept_changes)
    except ImportProblem:
        raise
    except Exception as exc:  # a bug of ours, on a document we did not foresee: one line
        from leaflets.errors import internal_error

        raise ImportProblem(internal_error(str(source), exc).message) from None
    from leaflets.files.atomic import write_atomic

    write_atomic(out.with_suffix(REPORT_SUFFIX), "".join(f"{line}\n" for line in report).encode("utf-8"))
    return report


def _import(source: Path, out: Path, images: Path, accept_changes: bool) -> list[str]:
    import os

    from leaflets.files.atomic import write_atomic

    base = out.parent.resolve()
    if not images.resolve().is_relative_to(base):
        raise ImportProblem(f"the pictures folder {images} must be inside the topic's folder {out.parent}")
    suffix = source.suffix.lower()
    if suffix == ".docx":
        from leaflets.content.imports.docx import read_docx

        draft = read_docx(source, images, accept_changes)
    elif suffix in (".md", ".markdown"):
        from leaflets.content.imports.markdown import read_markdown

        draft = read_markdown(source, images)
    else:
        raise ImportProblem("is not a .docx or .md file: save it from Word as .docx (Word Document)")
    _refuse_a_second_copy(draft.fields, out)
    for block, _ in draft.blocks:  # pictures are named relative to the topic, as topics name them
        if "image" in block:
            block["image"]["src"] = Path(os.path.relpath(block["image"]["src"], base)).as_posix()
    write_atomic(out, draft.yaml(out.stem).encode("utf-8"))
    return draft.report


def _refuse_a_second_copy(fields: dict[str, Any], out: Path) -> None:
    """Refuse to write a second topic beside one with the same id, or the same code in the same
    language: the build fails the later of the two, which may be the approved leaflet (and its
    printed files are withdrawn). A reviewed Word file goes back over the topic it came from."""
    from leaflets.content.source import load_yaml
    from leaflets.errors import LeafletsError

    language = str(fields.get("language") or "en").lower()  # as the build compares them: en-GB is not en-US
    mine = {"id": str(fields.get("id") or out.stem), "code": str(fields.get("code") or "")}
    for other in sorted(out.parent.glob("*.y*ml")):
        if other.suffix not in (".yaml", ".yml") or other.resolve() == out.resolve():
            continue
        try:
            data = load_yaml(other).data
        except LeafletsError:  # not a topic the build could read either
            continue
        if not isinstance(data, dict):
            continue
        same_language = str(data.get("language") or "en").lower() == language
        clash = "id" if str(data.get("id") or other.stem) == mine["id"] else None
        clash = clash or ("code" if mine["code"] and str(data.get("code")) == mine["code"] and same_language else None)
        if clash:
            raise ImportProblem(
                f"{other} already has the {clash} {mine[clash]}: to update that topic from this document, "
                f"import over it (--out {other} --force); for a new topic, give it its own {clash} first"
            )
