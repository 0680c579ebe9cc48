"""Files in and out of the studio: builds to download, and Word or Markdown documents imported as topics."""

from __future__ import annotations

import asyncio
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from leaflets.studio import builds, importing
from leaflets.studio.state import (
    UPLOAD_LIMIT,
    json_body,
    studio_of,
)


async def build(request: Request) -> Response:
    """Build one topic (or the whole library) as ``leaflets build`` does, for download."""
    studio = studio_of(request)
    body = await json_body(request)
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
    studio = studio_of(request)
    name = request.path_params["name"]
    file = studio.builds.file(request.path_params["number"], name)
    if file is None:
        return PlainTextResponse("This file is not from a build of this studio; build it again.", 404)
    return FileResponse(file, media_type=builds.media_type(name), filename=Path(name).name)


async def import_topic(request: Request) -> Response:
    """A Word or Markdown file made a topic by the same importer as ``leaflets import``."""
    studio = studio_of(request)
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
