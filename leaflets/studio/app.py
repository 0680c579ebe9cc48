"""The studio's web app: a library page, a topic editor with a live preview, a talk composer,
and the JSON routes their scripts call (in ``topics``, ``files`` and ``talk_pages``). Every
route reads and writes only inside the project folder.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from leaflets.studio import files, talk_pages, topics
from leaflets.studio.guard import Guard, Secrets
from leaflets.studio.state import Studio


def make_app(root: Path, keys: Secrets, brands: list[str] | None = None) -> Any:
    """The studio for ``root`` (the project folder), guarded by ``keys``."""
    studio = Studio(root, keys, brands or ["default"])

    async def refuse(request: Request, exc: Exception) -> Response:
        """Any failure is one plain sentence, never a traceback page."""
        if isinstance(exc, HTTPException):
            return PlainTextResponse(exc.detail, status_code=exc.status_code)
        return PlainTextResponse("The studio met a problem it did not expect; the files are unchanged.", 500)

    routes = [
        Route("/", topics.library_page),
        Route("/edit", topics.editor_page),
        Route("/api/form", topics.form, methods=["POST"]),
        Route("/api/edit", topics.edit, methods=["POST"]),
        Route("/api/preview", topics.preview, methods=["POST"]),
        Route("/api/save", topics.save, methods=["POST"]),
        Route("/api/new", topics.new_topic, methods=["POST"]),
        Route("/api/upload", topics.upload, methods=["POST"]),
        Route("/api/duplicate", topics.duplicate, methods=["POST"]),
        Route("/api/build", files.build, methods=["POST"]),
        Route("/api/import", files.import_topic, methods=["POST"]),
        Route("/talk", talk_pages.talk_page),
        Route("/api/talk/plan", talk_pages.talk_plan, methods=["POST"]),
        Route("/api/talk/save", talk_pages.talk_save, methods=["POST"]),
        Route("/download/{number:int}/{name:path}", files.download),
        Route("/picture/{key:str}.{ext:str}", topics.picture),
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
    app.state.studio = studio  # the routes find it in their request
    return Guard(app, keys)
