"""``leaflets build --watch``: a save rebuilds the topic it changed, and only that one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import CONTENT, ROOT

pytest.importorskip("watchfiles")


def wait_for(lines: list[str], words: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(words in line for line in lines):
            return
        time.sleep(0.2)
    raise AssertionError(f"never printed {words!r}: {''.join(lines)}")


def test_a_save_rebuilds_what_changed(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    for name in ("palliative-care.yaml", "living-well.yaml", "glossary.yaml"):
        (tmp_path / "content" / name).write_bytes((CONTENT / name).read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflets", "build", "--watch", "--format", "pdf", "-j", "1", "-q"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(lines, "watching")
        before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "output").glob("*.pdf")}
        assert set(before) == {"palliative-care.pdf", "living-well.pdf"}
        topic = tmp_path / "content" / "living-well.yaml"
        topic.write_text(topic.read_text().replace("title: Living well", "title: Living well today", 1))
        lines.clear()
        wait_for(lines, " written")
        after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "output").glob("*.pdf")}
        assert after["living-well.pdf"] != before["living-well.pdf"]
        assert after["palliative-care.pdf"] == before["palliative-care.pdf"]
        assert any("1 file written, 1 unchanged" in line for line in lines), lines
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(30)
    reader.join(5)
    assert "Traceback" not in "".join(lines)
