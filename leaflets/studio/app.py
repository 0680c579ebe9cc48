"""The studio's web app: a library page, a topic editor with a live preview, and the few JSON
routes the editor's script calls. Every route reads and writes only inside the project folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import hashlib
import re
import tempfile
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from leaflets.content.source import MAX_BYTES
from leaflets.errors import Diagnostic
from leaflets.files.atomic import WriteError, write_atomic
from leaflets.files.confined import UnsafeFile, inside, read_limited
from leaflets.studio import builds, forms, importing, library, roundtrip, talks
from leaflets.studio.guard import Guard, Secrets
from leaflets.studio.render import Previewer, View, block_pages

#: Page pictures kept for the browser to fetch; older ones are dropped.
KEEP_PICTURES = 200
UPLOAD_LIMIT = 10_000_000
#: Seconds without a preview before the library's background work (which layouts fit) goes on.
IDLE = 2.0
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        self._topics: tuple[tuple[tuple[str, float], ...], dict[str, Any]] = ((), {})
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
        stamp = (_dt.date.today(), tuple((p, p.stat().st_mtime_ns) for p in files))
        if stamp != self._rows[0]:
            self._rows = (stamp, library.rows(self.root))
        for row in self._rows[1]:
            row.builds_in = self.fits.known(self.root / row.path, self.brands) if row.kind != "talk" else []
        return self._rows[1]

    def topics(self) -> dict[str, Any]:
        """The topics a talk can use, read again only when a topic file changed."""
        content = self.root / "content"
        stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(content.glob("*.y*ml"))) if content.is_dir() else ()
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
        layouts = [*_layouts(), builds.LARGE_PRINT]

        async def work() -> None:
            for path, brand in todo:
                while time.monotonic() - self.last_preview < IDLE:  # someone is typing: previews first
                    await asyncio.sleep(IDLE / 4)
                async with self.lock:  # a preview waits for one topic at most
                    chosen = await asyncio.to_thread(self.previewer.brand, brand)
                    await asyncio.to_thread(self.fits.work_out, path, self.display(path), chosen, brand, layouts)

        self.fitting = asyncio.create_task(work()) if todo else None

    def all_brands(self) -> list[str]:
        """The brands the studio was started with, then every shipped and project brand."""
        from leaflets.brand.brand import available_brands

        return list(dict.fromkeys([*self.brands, *available_brands()]))

    def build_choices(self) -> list[tuple[str, str]]:
        """What a build button can make: (value, label), the PDF in each layout first."""
        pdfs = [(name, f"PDF, {name}") for name in _layouts()] + [(builds.LARGE_PRINT, "PDF, a4 large print")]
        labels = {"pptx": "PowerPoint deck", "slides-pdf": "Slides as PDF", "docx": "Word file", "html": "Web page"}
        return pdfs + [(f, labels[f]) for f in builds.OTHER_FORMATS]


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_app(root: Path, keys: Secrets, brands: list[str] | None = None) -> Any:
    """The studio for ``root`` (the project folder), guarded by ``keys``."""
    studio = Studio(root, keys, brands or ["default"])

    async def library_page(request: Request) -> Response:
        query = request.query_params.get("q", "")
        status = request.query_params.get("status", "")
        async with studio.lock:  # the check run shares the build's state with builds
            found = await asyncio.to_thread(studio.library_rows)
        rows = [r for r in found if library.matches(r, query, status)]
        studio.work_out_fits([studio.root / r.path for r in found if r.kind != "talk" and r.status != "has errors"])
        return studio.page(
            "library.html", rows=rows, q=query, status=status, title="Library", build_brands=studio.all_brands(),
            choices=[c for c in studio.build_choices() if c[0] not in builds.OTHER_FORMATS],
        )  # fmt: skip

    async def editor_page(request: Request) -> Response:
        path = studio.topic_path(request.query_params.get("path"))
        text = studio.read(path)
        layouts = _layouts()
        notes = path.with_suffix(importing.REPORT_SUFFIX)
        imported = studio.read(notes).splitlines() if request.query_params.get("imported") and notes.is_file() else None
        return studio.page(
            "editor.html", name=studio.display(path), text=text, base=fingerprint(text), layouts=layouts,
            brands=studio.brands, kinds=sorted(forms.block_templates()), title=f"Edit {path.name}",
            build_brands=studio.all_brands(), choices=studio.build_choices(), imported=imported,
        )  # fmt: skip

    async def form(request: Request) -> Response:
        body = await _json(request)
        try:
            data = roundtrip.load(_text(body, "source"))
        except roundtrip.EditError as exc:
            return JSONResponse({"error": str(exc)})
        return JSONResponse({"form": _form_html(studio, data)})

    async def edit(request: Request) -> Response:
        """Apply one form change (a field, or a block action) to the YAML text."""
        body = await _json(request)
        try:
            data = roundtrip.load(_text(body, "source"))
            if "op" in body:
                template = forms.block_templates().get(str(body.get("kind"))) if body["op"] == "add" else None
                if body["op"] == "add" and template is None:
                    raise roundtrip.EditError(f"there is no block type {body.get('kind')!r}")
                roundtrip.block_op(data, str(body["op"]), _int(body.get("index")), template)
            else:
                roundtrip.set_field(data, _path(body.get("path")), _value(body.get("kind"), body.get("value")))
        except roundtrip.EditError as exc:
            return JSONResponse({"error": str(exc)})
        answer: dict[str, Any] = {"source": roundtrip.dump(data)}
        if "op" in body:
            answer["form"] = _form_html(studio, roundtrip.load(answer["source"]))
        return JSONResponse(answer)

    async def preview(request: Request) -> Response:
        body = await _json(request)
        path = studio.topic_path(body.get("path"))
        text = _text(body, "source")
        view = View(
            brand=str(body.get("brand")) if body.get("brand") in studio.brands else studio.brands[0],
            layout=str(body.get("layout")) if body.get("layout") in _layouts() else "a4",
            large_print=body.get("large_print") is True,
            deck=body.get("deck") is True,
        )
        studio.last_preview = time.monotonic()
        async with studio.lock:
            result = await asyncio.to_thread(studio.previewer.preview, path, studio.display(path), text, view)
        try:
            data = roundtrip.load(text)
            lines, blocks = roundtrip.block_lines(data), list(data.get("blocks") or [])
        except roundtrip.EditError:
            lines, blocks = [], []
        return JSONResponse({
            "pages": [f"picture/{studio.keep(p)}.png" for p in result.pages],
            "block_pages": block_pages(blocks, result.texts) if result.pages else [],
            "pdf": f"picture/{studio.keep(result.pdf)}.pdf" if result.pdf else None,
            "findings": [_finding(d, lines) for d in result.findings],
            "metrics": result.metrics,
        })  # fmt: skip

    async def picture(request: Request) -> Response:
        data = studio.pictures.get(request.path_params["key"])
        if data is None:
            return PlainTextResponse("This preview is no longer kept; type to make a new one.", status_code=404)
        return Response(data, media_type="application/pdf" if request.path_params["ext"] == "pdf" else "image/png")

    async def save(request: Request) -> Response:
        body = await _json(request)
        path = studio.topic_path(body.get("path"))
        text = _text(body, "source")
        disk = studio.read(path) if path.exists() else ""
        if fingerprint(disk) != body.get("base"):
            return JSONResponse({"conflict": True, "disk": disk}, status_code=409)
        try:
            roundtrip.load(text)  # only YAML a later edit can open again is saved
            await asyncio.to_thread(write_atomic, path, text.encode("utf-8"))
        except (roundtrip.EditError, WriteError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        return JSONResponse({"base": fingerprint(text), "saved": studio.display(path)})

    async def new_topic(request: Request) -> Response:
        from leaflets.content.starter import starter_text

        body = await _json(request)
        title = _text(body, "title").strip()
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        if not slug:
            return JSONResponse({"error": "Give the topic a title with some letters or digits."}, status_code=422)
        target = studio.topic_path(f"content/{slug}.yaml")
        if target.exists():
            return JSONResponse({"error": f"content/{slug}.yaml already exists; choose another title."}, 409)
        await asyncio.to_thread(write_atomic, target, starter_text(title).encode("utf-8"))
        return JSONResponse({"path": studio.display(target)})

    async def duplicate(request: Request) -> Response:
        """A copy of a topic to start a new one from: titled "Copy of ...", without the code and
        version that name the original (two files with one code is an error)."""
        body = await _json(request)
        original = studio.topic_path(body.get("path"))
        try:
            data = roundtrip.load(studio.read(original))
        except roundtrip.EditError as exc:
            return JSONResponse({"error": f"{studio.display(original)}: {exc}"}, 422)
        for key in ("code", "version", "id"):
            data.pop(key, None)
        data["title"] = f"Copy of {data.get('title', original.stem)}"
        target = next(
            p
            for n in range(1, 1000)
            if not (p := original.with_name(f"{original.stem}-copy{n if n > 1 else ''}.yaml")).exists()
        )
        await asyncio.to_thread(write_atomic, target, roundtrip.dump(data).encode("utf-8"))
        return JSONResponse({"path": studio.display(target)})

    async def upload(request: Request) -> Response:
        """A picture for a topic: refused without alt text, over the size or pixel limits."""
        from leaflets.files.images import prepare_image

        async with request.form(max_files=1, max_part_size=UPLOAD_LIMIT) as data:
            alt = str(data.get("alt") or "").strip()
            source = str(data.get("source") or "")
            topic = studio.topic_path(data.get("path"))
            picture = data.get("picture")
            if not alt:
                return JSONResponse({"error": "Describe the picture (alt text) for people who cannot see it."}, 422)
            if picture is None or isinstance(picture, str):
                return JSONResponse({"error": "Choose a PNG or JPEG picture to upload."}, 422)
            content = await picture.read(UPLOAD_LIMIT + 1)
            if len(content) > UPLOAD_LIMIT:
                return JSONResponse({"error": f"The picture is over {UPLOAD_LIMIT // 1_000_000} MB."}, 422)
            stem = re.sub(r"[^a-z0-9]+", "-", Path(picture.filename or "picture").stem.lower()).strip("-") or "picture"
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / stem
            trial.write_bytes(content)
            checked = prepare_image(trial)
            if isinstance(checked, str):
                return JSONResponse({"error": checked.replace(str(trial), trial.name)}, 422)
        suffix = ".jpg" if content.startswith(b"\xff\xd8\xff") else ".png"
        target = inside(topic.parent, f"images/{stem}{suffix}")
        try:
            topic_data = roundtrip.load(source)
        except roundtrip.EditError as exc:
            return JSONResponse({"error": str(exc)}, 422)
        await asyncio.to_thread(write_atomic, target, content)
        src = target.relative_to(topic.parent).as_posix()
        roundtrip.block_op(topic_data, "add", len(roundtrip.blocks_of(topic_data)), {"image": {"src": src, "alt": alt}})
        text = roundtrip.dump(topic_data)
        return JSONResponse({"source": text, "form": _form_html(studio, roundtrip.load(text))})

    async def build(request: Request) -> Response:
        """Build one topic (or the whole library) as ``leaflets build`` does, for download."""
        body = await _json(request)
        library_build = body.get("library") is True
        sources = [studio.root / "content"] if library_build else [studio.topic_path(body.get("path"))]
        brand = body.get("brand")
        choice = body.get("choice")
        if brand not in studio.all_brands() or choice not in dict(studio.build_choices()):
            return JSONResponse({"problems": ["Choose a brand and what to build from the lists."]}, 422)
        async with studio.lock:
            built = await asyncio.to_thread(studio.builds.build, sources, str(brand), str(choice), library_build)
        offered = [f for f in built.files if not library_build or f.endswith(".zip")]  # a library: its zip
        files = [{"name": f, "url": f"download/{built.number}/{f}"} for f in offered]
        return JSONResponse({"files": files, "problems": built.problems})

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        file = studio.builds.file(request.path_params["number"], name)
        if file is None:
            return PlainTextResponse("This file is not from a build of this studio; build it again.", 404)
        return FileResponse(file, media_type=builds.media_type(name), filename=Path(name).name)

    async def import_topic(request: Request) -> Response:
        """A Word or Markdown file made a topic by the same importer as ``leaflets import``."""
        from leaflets.content.imports.draft import ImportProblem

        async with request.form(max_files=1, max_part_size=UPLOAD_LIMIT) as data:
            upload = data.get("document")
            if upload is None or isinstance(upload, str):
                return JSONResponse({"error": "Choose a Word (.docx) or Markdown (.md) file to import."}, 422)
            content = await upload.read(UPLOAD_LIMIT + 1)
            filename = Path(upload.filename or "imported").name
        if len(content) > UPLOAD_LIMIT:
            return JSONResponse({"error": f"{filename}: the file is over {UPLOAD_LIMIT // 1_000_000} MB."}, 422)
        try:
            async with studio.lock:
                path = await asyncio.to_thread(importing.import_upload, studio.root, filename, content)
        except ImportProblem as exc:
            return JSONResponse({"error": f"{filename}: {exc}"}, 422)
        return JSONResponse({"path": studio.display(path)})

    async def talk_page(request: Request) -> Response:
        name = request.query_params.get("path")
        path = studio.talk_path(name) if name else None
        text = studio.read(path) if path is not None and path.exists() else ""
        try:
            data = roundtrip.load(text) if text else {}
        except roundtrip.EditError:
            data = {}
        topics = await asyncio.to_thread(studio.topics)
        chosen = _talk_parts(data.get("topics"))
        order = [c for t in chosen if (c := topics.get(t["topic"]))] + [c for i, c in topics.items()
                 if i not in {t["topic"] for t in chosen}]  # fmt: skip
        return studio.page(
            "talk.html", title="Compose a talk", name=studio.display(path) if path else "", base=fingerprint(text),
            talk_title=data.get("title", ""), minutes=data.get("duration_minutes") or "", brands=studio.brands,
            topics=talks.choices(dict((t.id, (t, p)) for t, p in order), studio.root),
            chosen={t["topic"]: t["sections"] for t in chosen},
        )  # fmt: skip

    async def talk_plan(request: Request) -> Response:
        body = await _json(request)
        text, name = _talk_file(body), _text(body, "path") or "content/talks/new-talk.yaml"
        brand = str(body.get("brand")) if body.get("brand") in studio.brands else studio.brands[0]
        studio.last_preview = time.monotonic()
        async with studio.lock:
            topics = await asyncio.to_thread(studio.topics)
            chosen = await asyncio.to_thread(studio.previewer.brand, brand)
            result = await asyncio.to_thread(talks.plan, text, name, topics, chosen, studio.previewer.drawn)
        return JSONResponse({
            "slides": result.slides,
            "minutes": result.minutes,
            "seconds": round(result.minutes * 60 / result.slides) if result.minutes and result.slides else None,
            "pages": [f"picture/{studio.keep(p)}.png" for p in result.pages],
            "pdf": f"picture/{studio.keep(result.pdf)}.pdf" if result.pdf else None,
            "problems": [builds.plain(d, studio.root) for d in result.problems],
        })  # fmt: skip

    async def talk_save(request: Request) -> Response:
        """Save the talk: a new file named from its title, or the file it was opened from,
        never over a file changed (or made) on disk since the page was opened."""
        body = await _json(request)
        if body.get("path"):
            path = studio.talk_path(body.get("path"))
        else:
            slug = re.sub(r"[^a-z0-9]+", "-", _text(body, "title").lower()).strip("-")[:60]
            if not slug:
                return JSONResponse({"error": "Give the talk a title with some letters or digits."}, 422)
            path = studio.talk_path(f"content/talks/{slug}.yaml")
        disk = studio.read(path) if path.exists() else ""
        if fingerprint(disk) != body.get("base"):
            return JSONResponse({"conflict": True, "disk": disk, "path": studio.display(path)}, status_code=409)
        try:
            text = _talk_file(body, disk)
            await asyncio.to_thread(write_atomic, path, text.encode("utf-8"))
        except (roundtrip.EditError, WriteError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        return JSONResponse({"path": studio.display(path), "base": fingerprint(text)})

    async def refuse(request: Request, exc: Exception) -> Response:
        """Any failure is one plain sentence, never a traceback page."""
        if isinstance(exc, HTTPException):
            return PlainTextResponse(exc.detail, status_code=exc.status_code)
        return PlainTextResponse("The studio met a problem it did not expect; the files are unchanged.", 500)

    routes = [
        Route("/", library_page),
        Route("/edit", editor_page),
        Route("/api/form", form, methods=["POST"]),
        Route("/api/edit", edit, methods=["POST"]),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/new", new_topic, methods=["POST"]),
        Route("/api/upload", upload, methods=["POST"]),
        Route("/api/duplicate", duplicate, methods=["POST"]),
        Route("/api/build", build, methods=["POST"]),
        Route("/api/import", import_topic, methods=["POST"]),
        Route("/talk", talk_page),
        Route("/api/talk/plan", talk_plan, methods=["POST"]),
        Route("/api/talk/save", talk_save, methods=["POST"]),
        Route("/download/{number:int}/{name:path}", download),
        Route("/picture/{key:str}.{ext:str}", picture),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(packages=[("leaflets.studio", "static")]), name="static"),
    ]

    async def warm() -> None:
        async with studio.lock:
            await asyncio.to_thread(studio.previewer.warm, studio.root, studio.brands)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(warm())  # the first preview then costs what every later one does
        yield
        task.cancel()
        if studio.fitting is not None:
            studio.fitting.cancel()
        studio.builds.close()

    app = Starlette(routes=routes, exception_handlers={Exception: refuse, HTTPException: refuse}, lifespan=lifespan)
    return Guard(app, keys)


def _layouts() -> list[str]:
    from leaflets.layouts import LARGE_PRINT, available_layouts

    return [n for n in available_layouts() if n not in (LARGE_PRINT, "bilingual-a4")]


def _form_html(studio: Studio, data: roundtrip.CommentedMap) -> str:
    return studio.templates.get_template("form.html").render(
        governance=forms.governance_fields(data),
        sources=forms.source_fields(data),
        blocks=forms.block_forms(data, roundtrip.block_lines(data)),
        kinds=sorted(forms.block_templates()),
    )


def _finding(d: Diagnostic, lines: list[int]) -> dict[str, Any]:
    """A finding with the block it concerns: the last block starting at or before its line."""
    block = None
    if d.line:
        for index, start in enumerate(lines):
            if start <= d.line:
                block = index
    return {"level": d.level, "line": d.line, "field": d.field, "message": d.message, "block": block}


def _talk_parts(value: Any) -> list[dict[str, Any]]:
    """A talk's topics, as the page or a talk file gives them: ``{topic, sections}`` each."""
    parts = []
    for item in value if isinstance(value, list) else []:
        topic = item.get("topic") if isinstance(item, dict) else item
        sections = item.get("sections") if isinstance(item, dict) else None
        if isinstance(topic, str):
            parts.append({"topic": topic, "sections": [str(s) for s in sections or [] if isinstance(s, str)]})
    return parts


def _talk_file(body: dict[str, Any], base: str = "") -> str:
    """The talk file the composer's choices make (over ``base``, the file as it is on disk)."""
    minutes = body.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        minutes = None
    return talks.talk_text(base, _text(body, "title"), minutes, _talk_parts(body.get("parts")))


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(400, "The studio's page sent something it could not read; reload it.") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "The studio's page sent something it could not read; reload it.")
    return body


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_BYTES:
        raise HTTPException(400, f"{key} must be text of at most {MAX_BYTES:,} characters")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int):
        raise roundtrip.EditError("no block chosen")
    return value


def _path(value: Any) -> list[str | int]:
    if not isinstance(value, list) or not all(isinstance(p, (str, int)) for p in value):
        raise roundtrip.EditError("no field named")
    return value


def _value(kind: Any, value: Any) -> Any:
    """The browser's text as the YAML value its control stands for."""
    if kind == "lines":
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    if kind == "table":
        columns, rows = value.get("columns", []), value.get("rows", [])
        return [{c: cell for c, cell in zip(columns, row, strict=False) if cell} for row in rows if any(row)]
    if kind == "yaml":
        return roundtrip.load_value(str(value))
    text = str(value)
    if _DATE.match(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return text  # the model names what is wrong with it
    return text
