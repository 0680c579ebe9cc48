"""One running studio's state, shared by its routes: the project folder, its secrets, the warm
previewer, the pictures made, and the small readers of what the browser sends."""

from __future__ import annotations

import asyncio
import datetime as _dt
import hashlib
import json
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from leaflets.content.source import MAX_BYTES
from leaflets.files.confined import UnsafeFile, inside, read_limited
from leaflets.studio import builds, forms, library, roundtrip, talks
from leaflets.studio.guard import Secrets
from leaflets.studio.render import Previewer

#: Page pictures kept for the browser to fetch; older ones are dropped.
KEEP_PICTURES = 200
UPLOAD_LIMIT = 10_000_000
#: Seconds without a preview before the library's background work (which layouts fit) goes on.
IDLE = 2.0


class Studio:
    """One running studio: its folder, its secrets, the warm previewer and the pictures made."""

    def __init__(self, root: Path, keys: Secrets, brands: list[str]) -> None:
        self.root = root.resolve()
        self.keys = keys
        self.brands = brands
        self.builds = builds.Builds(self.root)
        self.previewer = Previewer()
        self.pictures: OrderedDict[str, bytes] = OrderedDict()
        self.fits = library.Fits()
        self.fitting: asyncio.Task[None] | None = None
        self.last_preview = 0.0  # time.monotonic() of the last preview asked for
        self._rows: tuple[Any, list[library.Row]] = (None, [])
        self._topics: tuple[tuple[tuple[Path, int | None], ...], dict[str, Any]] = ((), {})
        self.lock = asyncio.Lock()  # one render at a time: the fonts and caches are shared
        self.templates = Environment(
            loader=PackageLoader("leaflets.studio", "templates"), autoescape=select_autoescape(default=True)
        )

    def topic_path(self, name: Any) -> Path:
        """A topic file named by the browser: inside the folder, a .yaml file, or 404."""
        if not isinstance(name, str) or not name.endswith(".yaml"):
            raise HTTPException(404, "Only topic files (.yaml) in this project can be opened.")
        try:
            return inside(self.root, name)
        except UnsafeFile as exc:
            raise HTTPException(404, str(exc)) from None

    def read(self, path: Path) -> str:
        try:
            return read_limited(path, MAX_BYTES).decode("utf-8")
        except (UnsafeFile, UnicodeDecodeError) as exc:
            raise HTTPException(404, f"cannot open {path.name}: {exc}") from None

    def page(self, template: str, **values: Any) -> HTMLResponse:
        html = self.templates.get_template(template).render(csrf=self.keys.csrf, **values)
        return HTMLResponse(html)

    def keep(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()[:24]
        self.pictures[key] = data
        self.pictures.move_to_end(key)
        while len(self.pictures) > KEEP_PICTURES:
            self.pictures.popitem(last=False)
        return key

    def display(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def library_rows(self) -> list[library.Row]:
        """The library's rows, checked again only when a file under content/ changed (or the day
        did: review dates come due), with the layouts each topic fits as far as known now."""
        content = self.root / "content"
        files = sorted(content.rglob("*.y*ml")) if content.is_dir() else []
        stamp = (_dt.date.today(), _changed(files))
        if stamp != self._rows[0]:
            self._rows = (stamp, library.rows(self.root))
        for row in self._rows[1]:
            row.builds_in = self.fits.known(self.root / row.path, self.brands) if row.kind != "talk" else []
        return self._rows[1]

    def topics(self) -> dict[str, Any]:
        """The topics a talk can use, read again only when a topic file changed."""
        content = self.root / "content"
        stamp = _changed(sorted(content.glob("*.y*ml"))) if content.is_dir() else ()
        if stamp != self._topics[0]:
            self._topics = (stamp, talks.catalogue(self.root))
        return self._topics[1]

    def talk_path(self, name: Any) -> Path:
        """A talk file named by the browser: a .yaml file in content/talks, or 404."""
        path = self.topic_path(name)
        if path.parent != self.root / "content" / "talks":
            raise HTTPException(404, "Talks are files in content/talks.")
        return path

    def work_out_fits(self, paths: list[Path]) -> None:
        """Start working out, in the background, the layouts of topics not yet known."""
        if self.fitting is not None and not self.fitting.done():
            return
        todo = self.fits.missing(paths, self.brands)
        sizes = [*layouts(), builds.LARGE_PRINT]

        async def work() -> None:
            for path, brand in todo:
                while time.monotonic() - self.last_preview < IDLE:  # someone is typing: previews first
                    await asyncio.sleep(IDLE / 4)
                async with self.lock:  # a preview waits for one topic at most
                    chosen = await asyncio.to_thread(self.previewer.brand, brand)
                    await asyncio.to_thread(self.fits.work_out, path, self.display(path), chosen, brand, sizes)

        self.fitting = asyncio.create_task(work()) if todo else None

    def all_brands(self) -> list[str]:
        """The brands the studio was started with, then every shipped and project brand."""
        from leaflets.brand.brand import available_brands

        return list(dict.fromkeys([*self.brands, *available_brands()]))

    def build_choices(self) -> list[tuple[str, str]]:
        """What a build button can make: (value, label), the PDF in each layout first."""
        pdfs = [(name, f"PDF, {name}") for name in layouts()] + [(builds.LARGE_PRINT, "PDF, a4 large print")]
        labels = {"pptx": "PowerPoint deck", "slides-pdf": "Slides as PDF", "docx": "Word file", "html": "Web page"}
        return pdfs + [(f, labels[f]) for f in builds.OTHER_FORMATS]


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def studio_of(request: Request) -> Studio:
    """The studio a request reached (the app keeps it in its state)."""
    studio: Studio = request.app.state.studio
    return studio


def layouts() -> list[str]:
    from leaflets.layouts import LARGE_PRINT, available_layouts

    return [n for n in available_layouts() if n not in (LARGE_PRINT, "bilingual-a4")]


def form_html(studio: Studio, data: roundtrip.CommentedMap) -> str:
    return studio.templates.get_template("form.html").render(
        governance=forms.governance_fields(data),
        sources=forms.source_fields(data),
        blocks=forms.block_forms(data, roundtrip.block_lines(data)),
        kinds=sorted(forms.block_templates()),
    )


#: The largest request body the page sends as JSON: a topic's text (MAX_BYTES) and its form, escaped.
MAX_JSON_BODY = 3 * MAX_BYTES


def _changed(files: list[Path]) -> tuple[tuple[Path, int | None], ...]:
    """Each file and when it last changed; None for a link to nothing (an editor's lock file
    ``.#topic.yaml``), which the library lists as the build does: not at all."""
    out: list[tuple[Path, int | None]] = []
    for path in files:
        try:
            out.append((path, path.stat().st_mtime_ns))
        except OSError:
            out.append((path, None))
    return tuple(out)


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, read no further than MAX_JSON_BODY: a larger body is refused
    as it arrives, never held whole in memory first."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_JSON_BODY:
            raise HTTPException(413, f"The request is over {MAX_JSON_BODY // 1_000_000} MB; a topic is far smaller.")
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks))
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        raise HTTPException(400, "The studio's page sent something it could not read; reload it.") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "The studio's page sent something it could not read; reload it.")
    return body


def text_field(body: dict[str, Any], key: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_BYTES:
        raise HTTPException(400, f"{key} must be text of at most {MAX_BYTES:,} characters")
    return value
