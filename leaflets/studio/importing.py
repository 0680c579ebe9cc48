"""The library's Import button: a Word or Markdown file uploaded in the browser becomes a topic
through the same importer as ``leaflets import`` (limits, hostile-file rules, report and all)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from leaflets.content.imports.draft import ImportProblem

SUFFIXES = (".docx", ".md", ".markdown")


def import_upload(root: Path, filename: str, content: bytes) -> Path:
    """Import ``content`` (uploaded as ``filename``) as ``content/NAME.yaml``, its pictures in
    ``content/images/NAME`` and its report beside it, as the command does; return the topic's
    path. Raise ImportProblem naming why not, in one sentence."""
    from leaflets.content.folders import file_stem
    from leaflets.content.imports import import_file

    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem("choose a Word (.docx) or Markdown (.md) file: save it from Word as .docx")
    name = file_stem(Path(filename).stem, "imported")
    out = root / "content" / f"{name}.yaml"
    if out.exists():
        raise ImportProblem(f"content/{name}.yaml already exists; rename the file you import, or remove that topic")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{name}{suffix}"
        source.write_bytes(content)
        import_file(source, out, out.parent / "images" / name)
    return out
