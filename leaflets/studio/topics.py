"""The topic pages: the library, the editor, and the JSON routes the editor's script calls (form
changes, preview, save, new topic, duplicate, picture upload)."""

from __future__ import annotations

import asyncio
import datetime as _dt
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from leaflets.content.folders import file_stem
from leaflets.content.imports import REPORT_SUFFIX
from leaflets.errors import Diagnostic
from leaflets.files.atomic import WriteError, write_atomic
from leaflets.files.confined import UnsafeFile, inside
from leaflets.studio import builds, forms, library, roundtrip
from leaflets.studio.render import View, block_pages
from leaflets.studio.state import (
    UPLOAD_LIMIT,
    fingerprint,
    form_html,
    json_body,
    layouts,
    studio_of,
    text_field,
)


async def library_page(request: Request) -> Response:
    studio = studio_of(request)
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
    studio = studio_of(request)
    path = studio.topic_path(request.query_params.get("path"))
    text = studio.read(path)
    choices = layouts()
    notes = path.with_suffix(REPORT_SUFFIX)
    imported = studio.read(notes).splitlines() if request.query_params.get("imported") and notes.is_file() else None
    return studio.page(
        "editor.html", name=studio.display(path), text=text, base=fingerprint(text), layouts=choices,
        brands=studio.all_brands(), kinds=sorted(forms.block_templates()), title=f"Edit {path.name}",
        choices=studio.build_choices(), imported=imported,
    )  # fmt: skip


async def form(request: Request) -> Response:
    studio = studio_of(request)
    body = await json_body(request)
    try:
        data = roundtrip.load(text_field(body, "source"))
    except roundtrip.EditError as exc:
        return JSONResponse({"error": str(exc)})
    return JSONResponse({"form": form_html(studio, data)})


async def edit(request: Request) -> Response:
    """Apply one form change (a field, or a block action) to the YAML text."""
    studio = studio_of(request)
    body = await json_body(request)
    try:
        data = roundtrip.load(text_field(body, "source"))
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
        answer["form"] = form_html(studio, roundtrip.load(answer["source"]))
    return JSONResponse(answer)


async def preview(request: Request) -> Response:
    studio = studio_of(request)
    body = await json_body(request)
    path = studio.topic_path(body.get("path"))
    text = text_field(body, "source")
    view = View(
        brand=str(body.get("brand")) if body.get("brand") in studio.all_brands() else studio.brands[0],
        layout=str(body.get("layout")) if body.get("layout") in layouts() else "a4",
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
    studio = studio_of(request)
    data = studio.pictures.get(request.path_params["key"])
    if data is None:
        return PlainTextResponse("This preview is no longer kept; type to make a new one.", status_code=404)
    return Response(data, media_type="application/pdf" if request.path_params["ext"] == "pdf" else "image/png")


async def save(request: Request) -> Response:
    studio = studio_of(request)
    body = await json_body(request)
    path = studio.topic_path(body.get("path"))
    text = text_field(body, "source")
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
    studio = studio_of(request)
    from leaflets.content.starter import starter_text, title_problems

    body = await json_body(request)
    title = text_field(body, "title").strip()
    slug = file_stem(title)
    if not slug:
        return JSONResponse({"error": "Give the topic a title with some letters or digits."}, status_code=422)
    if problems := await asyncio.to_thread(title_problems, title):
        return JSONResponse({"error": "The title " + "; ".join(problems) + "."}, status_code=422)
    target = studio.topic_path(f"content/{slug}.yaml")
    if target.exists():
        return JSONResponse({"error": f"content/{slug}.yaml already exists; choose another title."}, 409)
    await asyncio.to_thread(write_atomic, target, starter_text(title).encode("utf-8"))
    return JSONResponse({"path": studio.display(target)})


async def duplicate(request: Request) -> Response:
    """A copy of a topic to start a new one from: titled "Copy of ...", without the code and
    version that name the original (two files with one code is an error)."""
    studio = studio_of(request)
    body = await json_body(request)
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
    studio = studio_of(request)
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
        stem = file_stem(Path(picture.filename or "").stem, "picture")
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / stem
        trial.write_bytes(content)
        checked = prepare_image(trial)
        if isinstance(checked, str):
            return JSONResponse({"error": checked.replace(str(trial), trial.name)}, 422)
    suffix = ".jpg" if content.startswith(b"\xff\xd8\xff") else ".png"
    try:
        target = _picture_name(topic.parent, stem, suffix, content)
    except UnsafeFile as exc:
        return JSONResponse({"error": str(exc)}, 422)
    try:
        topic_data = roundtrip.load(source)
    except roundtrip.EditError as exc:
        return JSONResponse({"error": str(exc)}, 422)
    await asyncio.to_thread(write_atomic, target, content)
    src = target.relative_to(topic.parent).as_posix()
    roundtrip.block_op(topic_data, "add", len(roundtrip.blocks_of(topic_data)), {"image": {"src": src, "alt": alt}})
    text = roundtrip.dump(topic_data)
    return JSONResponse({"source": text, "form": form_html(studio, roundtrip.load(text))})


def _picture_name(folder: Path, stem: str, suffix: str, content: bytes) -> Path:
    """Where an uploaded picture goes in ``folder``'s images: its own name, or the first free
    ``NAME-2``, ``NAME-3``... when another picture (perhaps another topic's) holds that name.
    The same picture uploaded again reuses its file."""
    for n in range(1, 1000):
        target = inside(folder, f"images/{stem}{'' if n == 1 else f'-{n}'}{suffix}")
        if not target.exists():
            return target
        if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
            return target
    raise UnsafeFile(f"images/ holds a thousand pictures named {stem}: rename the picture")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _finding(d: Diagnostic, lines: list[int]) -> dict[str, Any]:
    """A finding with the block it concerns: the last block starting at or before its line."""
    block = None
    if d.line:
        for index, start in enumerate(lines):
            if start <= d.line:
                block = index
    return {"level": d.level, "line": d.line, "field": d.field, "message": d.message, "block": block}


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
