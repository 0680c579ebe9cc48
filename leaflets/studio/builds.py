"""Build and download from the studio, through the same pipeline as ``leaflets build``.

Each build runs :func:`leaflets.build.run.run` into a fresh folder of its own, inside one
temporary folder per studio run, and remembers exactly the files that build wrote: a download
is one of those files (or a zip of them), never any other path the browser names.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from leaflets.errors import Diagnostic
from leaflets.layouts import LARGE_PRINT

if TYPE_CHECKING:
    from leaflets.renderers import Options

#: What the build buttons offer: a print layout of the PDF (or LARGE_PRINT: A4 in large print), or another format.
OTHER_FORMATS = ("pptx", "slides-pdf", "docx", "html")
#: A whole library's zip holds each topic in every format of this list (the PDF in the chosen layout).
LIBRARY_FORMATS = ("pdf", *OTHER_FORMATS)
#: Builds whose files stay downloadable; older folders are removed.
KEEP_BUILDS = 20
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".zip": "application/zip",
}


class Built(Struct):
    """One build: its number, the files it wrote (relative to its folder) and its problems."""

    number: int
    folder: Path
    files: list[str] = field(default_factory=list)  # what the studio offers
    served: set[str] = field(default_factory=set)  # every file the build wrote: a web page's fonts and pictures too
    problems: list[str] = field(default_factory=list)


class Builds:
    """The studio's builds, each in its own folder under one temporary folder per studio run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = Path(tempfile.mkdtemp(prefix="leaflets-studio-"))
        self.done: dict[int, Built] = {}
        self.count = 0

    def build(self, sources: list[Path], brand: str, choice: str, library: bool) -> Built:
        """Build ``sources`` in ``brand``; ``choice`` is a layout name (the PDF in that layout),
        ``large-print`` or another format's name. A library build makes every format of
        :data:`LIBRARY_FORMATS` and a zip of all of it."""
        from leaflets.build.run import run
        from leaflets.errors import LeafletsError

        self.count += 1
        built = Built(self.count, self.folder / str(self.count))
        options = print_options(choice if choice not in OTHER_FORMATS else "a4")
        formats = list(LIBRARY_FORMATS if library else ["pdf"] if choice not in OTHER_FORMATS else [choice])
        try:
            report = run(sources, formats, [brand], built.folder, options=[options], force=True)
        except LeafletsError as exc:
            built.problems = [plain(d, self.root) for d in exc.diagnostics]
        else:
            built.problems = [plain(d, self.root) for d in report.errors]
            built.files = sorted({p.relative_to(built.folder).as_posix() for p, _ in report.written})
        built.served = _written(built.folder)
        if built.files and (library or "html" in formats):  # a web page needs its fonts and pictures beside it
            built.files.append(self.zip(built, "library.zip" if library else "web-pages.zip"))
        self.done[built.number] = built
        for old in sorted(self.done)[:-KEEP_BUILDS]:
            shutil.rmtree(self.done.pop(old).folder, ignore_errors=True)
        return built

    def zip(self, built: Built, name: str) -> str:
        """Every file the build wrote, in one zip beside them."""
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(built.served):
                archive.write(built.folder / file, file)
        (built.folder / name).write_bytes(data.getvalue())
        built.served.add(name)
        return name

    def file(self, number: int, name: str) -> Path | None:
        """A file that build ``number`` wrote, by the name the studio gave the browser; None otherwise."""
        built = self.done.get(number)
        if built is None or name not in built.served:
            return None
        return built.folder / name

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _written(folder: Path) -> set[str]:
    """The files a build wrote into its own new folder: regular files, not the build's records."""
    if not folder.is_dir():
        return set()
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and not p.name.startswith(".")
    }


def print_options(layout: str, tagged: bool = True) -> Options:
    """A layout as the studio names it (``large-print``: A4 in large print) as build options."""
    from leaflets.renderers import Options

    return Options("a4", True, tagged=tagged) if layout == LARGE_PRINT else Options(layout, tagged=tagged)


def plain(d: Diagnostic, root: Path) -> str:
    """A problem as one sentence naming the file (and line) it is in, as the project names it."""
    file = d.file.removeprefix(f"{root}/")
    where = f"{file}, line {d.line}" if d.line else file
    return f"{where}: {d.message}" if where else d.message


def media_type(name: str) -> str:
    return MEDIA_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
