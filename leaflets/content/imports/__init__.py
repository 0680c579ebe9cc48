"""Import existing leaflets (Word, Markdown) as topic files that build as they are.

A reader of the source turns it into a :class:`Draft`: blocks as a topic file writes them,
with a note on every guess an author must check (a bold line made a heading, a box made an
urgent callout) and a report of everything that could not be mapped. Nothing is dropped
silently: what has no block goes into the topic as text and is flagged, or is named in the
report.
"""

from __future__ import annotations

from pathlib import Path

from leaflets.content.imports.draft import ImportProblem


def import_file(source: Path, out: Path, images: Path, accept_changes: bool = False) -> list[str]:
    """Write the topic read from ``source`` (.docx or .md) to ``out``, its pictures into ``images``
    (a folder beside or under the topic's); return the report. Raise ImportProblem naming why not."""
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
    for block, _ in draft.blocks:  # pictures are named relative to the topic, as topics name them
        if "image" in block:
            block["image"]["src"] = Path(os.path.relpath(block["image"]["src"], base)).as_posix()
    write_atomic(out, draft.yaml(out.stem).encode("utf-8"))
    return draft.report
