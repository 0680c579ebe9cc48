"""Benchmark: how soon the studio shows a new preview after an edit.

    python bench/studio.py

Drives the studio's own preview route (in process, as the browser's request would reach it)
with 50 edits of a topic of about 500 words, each adding a word where "breast cancer" first
appears, and prints the median and 95th percentile of the time to answer with the new page
pictures (and the page each block is on), for the README. A first, untimed preview waits for
the warm-up the studio does when it starts. The browser waits a further debounce (``DEBOUNCE_MS``) after the
last keystroke before asking.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from leaflets.studio.app import make_app  # noqa: E402
from leaflets.studio.guard import Secrets  # noqa: E402

EDITS = 50
TOPICS = ("lung-metastasis.yaml", "bone-metastasis.yaml")
SCRIPT = (ROOT / "leaflets/studio/static/studio.js").read_text(encoding="utf-8")
DEBOUNCE_MS = int(re.search(r"}, (\d+)\);\n\n  function change", SCRIPT)[1])


def measure(client: TestClient, keys: Secrets, name: str, view: dict[str, object]) -> list[float]:
    text = (ROOT / "content" / name).read_text(encoding="utf-8")
    # untimed: waits for the warm-up the studio starts with
    client.post("/api/preview", json={"path": f"content/{name}", "source": text, **view},
                headers={"x-studio-csrf": keys.csrf})  # fmt: skip
    timings = []
    for n in range(EDITS):
        # a new word each time, as typing makes: no edit repeats an earlier text
        edited = text.replace("breast cancer", f"breast cancer {'now ' * (n + 1)}", 1)
        start = time.perf_counter()
        answer = client.post("/api/preview", json={"path": f"content/{name}", "source": edited, **view},
                             headers={"x-studio-csrf": keys.csrf}).json()  # fmt: skip
        timings.append((time.perf_counter() - start) * 1000)
        assert answer["pages"], answer["findings"]
    return timings


@contextlib.contextmanager
def studio() -> Iterator[tuple[TestClient, Secrets]]:
    """The studio on a copy of the library, signed in, as the browser reaches it."""
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copytree(ROOT / "content", project / "content")
        keys = Secrets()
        with TestClient(make_app(project, keys), base_url="http://127.0.0.1") as client:
            client.get(f"/?token={keys.token}")
            yield client, keys


def main() -> None:
    with studio() as (client, keys):
        print(f"| topic | view | words | median ms | p95 ms |  (+ {DEBOUNCE_MS} ms debounce in the browser)")
        print("|---|---|---|---|---|")
        for name in TOPICS:
            for label, view in (("a4", {}), ("slides", {"deck": True})):
                timings = measure(client, keys, name, view)
                source = (ROOT / "content" / name).read_text(encoding="utf-8")
                answer = client.post("/api/preview", json={"path": f"content/{name}", "source": source},
                                     headers={"x-studio-csrf": keys.csrf}).json()  # fmt: skip
                words = answer["metrics"]["words"]
                p95 = statistics.quantiles(timings, n=20)[-1]
                print(f"| {name} | {label} | {words} | {statistics.median(timings):.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
