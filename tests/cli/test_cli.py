"""The command line: exit codes, messages, the starter topic, atomic writes and start-up cost."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import pdf_pages

from leaflets.cli import main

GOOD = "title: Good topic\nblocks:\n  - heading: Hello\n  - text: All fine here.\n"
BAD = "title: Bad topic\nblocks:\n  - callout: {style: urgnt, text: Oops}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "good.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_writes_both_formats_and_exits_0(runner, project):
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "wrote output/good.pdf (1 page)" in result.output
    assert "wrote output/good.pptx" in result.output
    assert "2 files written from 1 of 1 topic" in result.output
    assert sorted(p.name for p in (project / "output").glob("[!.]*")) == ["good.pdf", "good.pptx"]


def test_one_bad_topic_fails_alone_with_exit_1(runner, project):
    (project / "content" / "bad.yaml").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "content/bad.yaml:3: blocks[0].callout.style: 'urgnt' is not one of urgent, info, tip" in result.output
    assert "1 failed: content/bad.yaml" in result.output
    assert (project / "output" / "good.pdf").is_file()
    assert not (project / "output" / "bad.pdf").exists()
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(runner, project):
    assert runner.invoke(main, ["build", "--format", "odt"]).exit_code == 2
    assert runner.invoke(main, ["build", "missing-folder"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2
    result = runner.invoke(main, ["build", "--large-print", "-l", "trifold-a4"])
    assert result.exit_code == 2 and "--large-print needs a flowing layout" in result.output
    assert not (project / "output").exists()  # said before anything is built


def test_unknown_brand_is_a_clear_error(runner, project):
    result = runner.invoke(main, ["build", "--brand", "northfeld"])
    assert result.exit_code == 1
    assert "unknown brand 'northfeld' (did you mean 'northfield'?)" in result.output


def test_check_writes_nothing_and_reports(runner, project):
    (project / "content" / "bad.yaml").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert "2 topics checked: 1 error," in result.output
    assert not (project / "output").exists()
    (project / "content" / "bad.yaml").unlink()
    assert runner.invoke(main, ["check"]).exit_code == 0


def test_new_writes_a_starter_that_builds_and_never_overwrites(runner, project):
    result = runner.invoke(main, ["new", "liver", "--title", "Signs of liver metastasis"])
    assert result.exit_code == 0 and "wrote content/liver.yaml" in result.output
    text = (project / "content" / "liver.yaml").read_text()
    assert 'title: "Signs of liver metastasis"' in text and "{helpline}" in text
    build = runner.invoke(main, ["build", "content/liver.yaml"])
    assert build.exit_code == 0, build.output
    again = runner.invoke(main, ["new", "liver"])
    assert again.exit_code == 1 and "already exists" in again.output
    assert (project / "content" / "liver.yaml").read_text() == text


def test_list_shows_formats_brands_and_topics(runner, project):
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    for word in ("pdf", "pptx", "default", "northfield", "good", "Good topic"):
        assert word in result.output
    assert "  handout-lines  three slides" in result.output  # the names line up
    (project / "content" / "pl").mkdir()
    (project / "content" / "pl" / "good.yaml").write_text("title: Dobry\n", encoding="utf-8")
    assert "  pl/good " in runner.invoke(main, ["list"]).output  # a translation by its folder, not as its source


def test_every_command_has_help_with_an_example(runner):
    for command in ([], ["build"], ["check"], ["new"], ["list"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output
    assert runner.invoke(main, ["--version"]).output.startswith("leaflets, version ")


def test_help_does_not_import_reportlab_or_pptx():
    code = (
        "import sys\nfrom leaflets.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pptx', 'brand_yml', 'PIL')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_failed_render_leaves_no_file_and_keeps_the_old_one(runner, project, monkeypatch):
    from leaflets.renderers import FORMATS

    assert runner.invoke(main, ["build", "--format", "pdf"]).exit_code == 0
    old = (project / "output" / "good.pdf").read_bytes()
    real = FORMATS["pdf"].load()

    def half_then_fail(doc, brand, stream, options):
        stream.write(b"%PDF-1.4 half a file")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(type(FORMATS["pdf"]), "load", lambda self: half_then_fail if self.name == "pdf" else real)
    result = runner.invoke(main, ["build", "--format", "pdf", "--force"])
    assert result.exit_code == 1
    assert "internal error (RuntimeError: disk on fire)" in result.output
    assert (project / "output" / "good.pdf").read_bytes() == old
    assert [p.name for p in (project / "output").glob("[!.]*")] == ["good.pdf"]
    assert not list((project / "output").glob("*.part"))


def test_works_from_any_folder_with_shipped_brands(tmp_path):
    topic = tmp_path / "t.yaml"
    topic.write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "leaflets", "build", str(topic), "--brand", "northfield", "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    pages = pdf_pages((tmp_path / "o" / "t.pdf").read_bytes())
    assert "Hello" in pages[0] and "All fine here." in pages[0]
    assert "Northfield" in "".join(pages)  # the shipped brand was found from a folder that has none


def test_every_command_says_a_bug_of_ours_in_one_line(runner, project, monkeypatch):
    """Errors are handled in one place: a bug in any command is one line naming it, never a traceback."""
    import leaflets.build.run

    def broken(*args, **kwargs):
        raise RuntimeError("the planner lost its place")

    monkeypatch.setattr(leaflets.build.run, "run", broken)
    result = runner.invoke(main, ["check", "content"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "check: internal error (RuntimeError: the planner lost its place); please report it"
    ]
    assert "Traceback" not in result.output


def test_an_input_error_from_any_command_is_its_one_line_message(runner, project):
    (project / "content" / "taken.yaml").write_text("title: Taken\n")
    result = runner.invoke(main, ["new", "taken"])
    assert result.exit_code == 1
    assert result.output.strip() == "content/taken.yaml already exists; not overwriting it"


def test_new_refuses_a_title_its_topic_would_fail_on(runner, tmp_path, monkeypatch):
    # the starter was written, then failed its first check
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["new", "long-one", "--title", "A" * 250])
    assert result.exit_code == 2 and "is 250 characters long; at most 200 fit here" in result.output
    assert not (tmp_path / "content" / "long-one.yaml").exists()
    assert runner.invoke(main, ["new", "ok-one", "--title", "Signs of spread"]).exit_code == 0


def test_files_the_web_pages_share_are_told_apart_from_a_topics_own(runner, tmp_path, monkeypatch):
    # a topic that failed left "9 files written from 0 of 1 topic": the site's index and fonts
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("title: Bad\nblocks:\n  - callout: {style: urgnt, title: x, text: y}\n")
    result = runner.invoke(main, ["build", "-q", "-f", "html", "--jobs", "1", "--out", "site", "bad.yaml"])
    assert result.exit_code == 1
    assert re.search(r"(\d+) files? written \(\1 the web pages share\) from 0 of 1 topic", result.output), result.output
