"""The talk composer's page and routes: choose topics and sections, see the slides, save the talk file."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from leaflets.content.folders import file_stem
from leaflets.files.atomic import WriteError, write_atomic
from leaflets.studio import builds, roundtrip, talks
from leaflets.studio.state import (
    fingerprint,
    json_body,
    studio_of,
    text_field,
)


async def talk_page(request: Request) -> Response:
    studio = studio_of(request)
    name = request.query_params.get("path")
    path = studio.talk_path(name) if name else None
    text = studio.read(path) if path is not None and path.exists() else ""
    try:
        data = roundtrip.load(text) if text else {}
    except roundtrip.EditError:
        data = {}
    topics = await asyncio.to_thread(studio.topics)
    brand = await asyncio.to_thread(studio.previewer.brand, studio.brands[0])
    chosen = _talk_parts(data.get("topics"))
    order = [c for t in chosen if (c := topics.get(t["topic"]))] + [c for i, c in topics.items()
             if i not in {t["topic"] for t in chosen}]  # fmt: skip
    return studio.page(
        "talk.html", title="Compose a talk", name=studio.display(path) if path else "", base=fingerprint(text),
        talk_title=data.get("title", ""), minutes=data.get("duration_minutes") or "", brands=studio.brands,
        topics=talks.choices(dict((t.id, (t, p)) for t, p in order), studio.root, brand),
        chosen={t["topic"]: t["sections"] for t in chosen},
    )  # fmt: skip


async def talk_plan(request: Request) -> Response:
    studio = studio_of(request)
    body = await json_body(request)
    text, name = _talk_file(body), text_field(body, "path") or "content/talks/new-talk.yaml"
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
    studio = studio_of(request)
    body = await json_body(request)
    if body.get("path"):
        path = studio.talk_path(body.get("path"))
    else:
        slug = file_stem(text_field(body, "title"))
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
    return talks.talk_text(base, text_field(body, "title"), minutes, _talk_parts(body.get("parts")))
