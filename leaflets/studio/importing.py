"""The library's Import button: a Word or Markdown file uploaded in the browser becomes a topic
through the same importer as ``leaflets import`` (limits, hostile-file rules, report and all)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from leaflets.content.imports.draft import ImportProblem

SUFFIXES = (".docx", ".md", ".markdown")
REPORT_SUFFIX = ".import.txt"


def import_upload(root: Path, filename: str, content: bytes) -> Path:
    """Import ``content`` (uploaded as ``filename``) as ``content/NAME.yaml``, its pictures in
    ``content/images/NAME`` and its report beside it, as the command does; return the topic's
    path. Raise ImportProblem naming why not, in one sentence."""
    from leaflets.content.imports import import_file
    from leaflets.errors import internal_error
    from leaflets.files.atomic import write_atomic

    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem("choose a Word (.docx) or Markdown (.md) file: save it from Word as .docx")
    name = re.sub(r"[^a-z0-9]+", "-", Path(filename).stem.lower()).strip("-")[:60] or "imported"
    out = root / "content" / f"{name}.yaml"
    if out.exists():
        raise ImportProblem(f"content/{name}.yaml already exists; rename the file you import, or remove that topic")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{name}{suffix}"
        source.write_bytes(content)
        try:
            report = import_file(source, out, out.parent / "images" / name)
        except ImportProblem:
            raise
        except Exception as exc:  # a bug of ours, on a document we did not foresee: one line
            raise ImportProblem(internal_error(filename, exc).message) from None
    write_atomic(out.with_suffix(REPORT_SUFFIX), "".join(f"{line}\n" for line in report).encode("utf-8"))
    return out
