"""Never lose a file: outputs belong to their topic exactly, writes fail loudly, interrupted and
damaged builds are repaired, and workers never outlive the build."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import pdf_pages

from leaflets.cli import main

TOPIC = """title: {title}
code: T-{n}
version: "1"
owner: Test team
next_review: {next_review}
sources:
  - title: A source
    publisher: NHS
    url: https://www.nhs.uk
  - title: Another source
    publisher: Macmillan
    url: https://www.macmillan.org.uk
blocks:
  - heading: About this
  - text: This is topic {title}. It has a short paragraph.
"""


def topic(folder: Path, name: str, n: int, expired: bool = False) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(TOPIC.format(title=name, n=n, next_review="2026-02-01" if expired else "2028-12-01"))
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    topic(content, "bone", 1)
    topic(content, "bone-metastasis", 2)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(runner, *args: str, code: int = 0):
    result = runner.invoke(main, ["build", "-q", "--jobs", "1", *args])
    assert result.exit_code == code, result.output
    return result


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_failing_topic_withdraws_its_own_files_and_never_a_topic_whose_id_it_prefixes(project, runner):
    build(runner)
    out = project / "output"
    assert {"bone.pdf", "bone.pptx", "bone-metastasis.pdf", "bone-metastasis.pptx"} <= names(out)
    topic(project / "content", "bone", 1, expired=True)  # now past its review date
    result = build(runner, code=1)
    assert "removed bone.pdf, made before" in result.output
    assert "bone-metastasis" not in "".join(line for line in result.output.splitlines() if "removed" in line)
    assert {"bone-metastasis.pdf", "bone-metastasis.pptx"} <= names(out)
    assert "bone.pdf" not in names(out) and "bone.pptx" not in names(out)


def test_a_topic_that_no_longer_loads_withdraws_its_files(project, runner):
    build(runner)
    (project / "content" / "bone.yaml").write_text("title: Broken\nblocks: [")
    result = build(runner, code=1)
    assert "removed bone.pdf, made before" in result.output
    assert {"bone-metastasis.pdf", "bone-metastasis.pptx"} <= names(project / "output")


def test_a_deleted_or_renamed_topic_withdraws_its_files_only_when_its_folder_is_built(project, runner):
    build(runner)
    out = project / "output"
    (project / "content" / "bone.yaml").rename(project / "content" / "bones.yaml")
    build(runner, "content/bone-metastasis.yaml")  # another topic alone: not this build's business
    assert "bone.pdf" in names(out)
    result = build(runner)
    assert "removed bone.pdf, its topic file is gone" in result.output
    assert {"bones.pdf", "bone-metastasis.pdf"} <= names(out) and "bone.pdf" not in names(out)


def test_a_topic_given_a_new_id_withdraws_the_files_of_its_old_one(project, runner):
    build(runner)
    path = project / "content" / "bone.yaml"
    path.write_text(path.read_text().replace("title: bone", "id: bone-pain\ntitle: bone"))
    result = build(runner)
    assert "removed bone.pdf, made under an earlier id" in result.output
    assert {"bone-pain.pdf", "bone-metastasis.pdf"} <= names(project / "output")
    assert "bone.pdf" not in names(project / "output")


def test_a_pdf_truncated_or_edited_by_hand_is_made_again(project, runner):
    build(runner)
    pdf = project / "output" / "bone.pdf"
    whole = pdf.read_bytes()
    pdf.write_bytes(whole[: len(whole) // 2])
    assert "1 file written, 3 unchanged" in build(runner).output
    assert pdf.read_bytes() == whole
    pdf.write_bytes(whole.replace(b"%%EOF", b"%%EOX"))  # same size, other bytes
    assert "1 file written, 3 unchanged" in build(runner).output
    assert pdf.read_bytes() == whole
    os.utime(pdf)  # touched but unchanged: still up to date
    assert "0 files written, 4 unchanged" in build(runner).output


def test_a_damaged_manifest_or_one_naming_files_elsewhere_rebuilds_and_removes_nothing_else(project, runner):
    build(runner)
    out = project / "output"
    (project / "keep.txt").write_text("mine")
    manifest = out / ".leaflets-manifest.json"
    data = json.loads(manifest.read_text())
    made = data["files"]["bone.pdf"]
    data["files"] = {"../keep.txt": made}
    manifest.write_text(json.dumps(data))
    topic(project / "content", "bone", 1, expired=True)
    build(runner, code=1)
    assert (project / "keep.txt").read_text() == "mine"
    for garbage in ("[" * 100_000, "{}", '{"format": 2, "files": {"a.pdf": 3}}', "\x00"):
        manifest.write_text(garbage)
        topic(project / "content", "bone", 1)
        build(runner)


def test_part_files_of_a_killed_build_are_removed_and_those_of_a_running_one_kept(project, runner):
    out = project / "output"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = out / f".bone.pdf.{dead.stdout.strip()}-abc123.part"
    running = out / f".bone.pdf.{os.getpid()}-def456.part"
    abandoned.write_bytes(b"%PDF-half")
    running.write_bytes(b"%PDF-half")
    result = build(runner)
    assert "removed 1 part files of an interrupted build" in result.output
    assert not abandoned.exists() and running.exists()


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_write_that_fails_is_one_line_exit_1_no_part_file_and_no_success_for_it(project, runner, monkeypatch, err):
    import leaflets.files.atomic as atomic

    real = atomic.os.replace

    def failing(src, dst):
        if str(dst).endswith(".pptx"):
            raise OSError(err, os.strerror(err))
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing)
    result = runner.invoke(main, ["build", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    cause = {errno.ENOSPC: "the disk is full", errno.EROFS: "read-only", errno.EACCES: "permission denied"}[err]
    lines = [line for line in result.output.splitlines() if "cannot write" in line]
    assert len(lines) == 2 and all(cause in line and "bone" in line for line in lines), result.output
    assert "Traceback" not in result.output
    assert "2 files written from 0 of 2 topics" in result.output
    assert "content/bone.yaml (in part: its other formats were written)" in result.output  # the PDFs were
    assert not [p for p in (project / "output").iterdir() if p.name.endswith(".part")]
    assert not [p for p in (project / "output").iterdir() if p.suffix == ".pptx"]


def test_an_output_folder_under_a_file_or_a_folder_in_the_way_is_a_clear_error(project, runner):
    (project / "afile").write_text("x")
    result = runner.invoke(main, ["build", "--jobs", "1", "--out", "afile/out"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a file stands where a folder should be" in result.output
    (project / "output" / "bone.pdf").mkdir(parents=True)
    result = runner.invoke(main, ["build", "--jobs", "1"])
    assert result.exit_code == 1 and "cannot write output/bone.pdf" in result.output.replace(str(project) + "/", "")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_a_full_disk_fails_the_build(project, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        for jobs in ("1", "2"):
            done = subprocess.run(
                [sys.executable, "-m", "leaflets", "build", "--jobs", jobs, "--out", str(mount / jobs)],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert done.returncode == 1, done.stderr
            assert "the disk is full" in done.stdout + done.stderr and "Traceback" not in done.stderr
            assert not [p for p in (mount / jobs).iterdir() if p.name.endswith(".part")]
    finally:
        subprocess.run(["umount", str(mount)])


def _library(project: Path, count: int) -> None:
    for i in range(count):
        topic(project / "content", f"extra-{i:02}", 100 + i)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def _start_parallel_build(project: Path) -> subprocess.Popen:
    _library(project, 30)
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflets", "build", "--jobs", "2", "-f", "pdf", "-f", "pptx", "-q"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        len(_children(process.pid)) >= 2 and (project / "output").is_dir() and any((project / "output").iterdir())
    ):
        time.sleep(0.05)
    return process


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_ctrl_c_stops_a_parallel_build_quickly_with_130_and_no_part_files(project):
    process = _start_parallel_build(project)
    workers = _children(process.pid)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = process.communicate(timeout=30)
    stopped = time.monotonic() - started
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert stopped < 5, f"took {stopped:.1f} s to stop"
    assert not [p for p in (project / "output").iterdir() if p.name.endswith(".part")]
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_exit_when_the_main_process_is_killed(project):
    process = _start_parallel_build(project)
    workers = _children(process.pid)
    assert workers
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


def test_a_layout_a_topic_no_longer_fits_withdraws_only_that_layouts_file(project, runner):
    build(runner, "-l", "a4", "-l", "trifold-a4", "-f", "pdf")
    out = project / "output"
    assert {"bone.pdf", "bone-trifold-a4.pdf"} <= names(out)
    path = project / "content" / "bone.yaml"
    long = "\n".join(f"  - text: Paragraph {i} says a little more about this topic, plainly." for i in range(120))
    path.write_text(path.read_text() + long + "\n")
    result = build(runner, "-l", "a4", "-l", "trifold-a4", "-f", "pdf", code=1)
    assert "does not fit a trifold-a4" in result.output
    assert "removed bone-trifold-a4.pdf, made before" in result.output
    assert "bone.pdf" in names(out) and "bone-trifold-a4.pdf" not in names(out)
    assert "Paragraph 119" in "".join(pdf_pages((out / "bone.pdf").read_bytes()))


_DYING_WORKER_BUILD = """
import os, signal, sys
from leaflets.build import job
from leaflets.cli import main
from leaflets.content import topic

draw, load = job._run, topic.load_topic

def drawing(unit, result):
    if unit.path.stem == sys.argv[1] and os.getpid() != MAIN:  # a crash in C code, or out of memory
        os.kill(os.getpid(), signal.SIGKILL)
    return draw(unit, result)

def loading(path, *args, **kwargs):
    if path.stem == sys.argv[2] and os.getpid() != MAIN:
        os.kill(os.getpid(), signal.SIGKILL)
    return load(path, *args, **kwargs)

MAIN = os.getpid()
job._run, topic.load_topic = drawing, loading
main(["build", "--jobs", "2", "-f", "pdf", "-q"])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and signals as on Linux")
def test_a_worker_that_dies_fails_its_topic_alone_and_the_build_goes_on(project, runner):
    _library(project, 6)
    build(runner, "-f", "pdf")
    (project / "content" / "extra-02.yaml").write_text((project / "content" / "extra-02.yaml").read_text() + "\n")
    for path in (project / "content").glob("extra-0[0-4].yaml"):
        path.write_text(path.read_text().replace("short paragraph", "short paragraph, changed"))
    before = (project / "output" / "bone.pdf").read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", _DYING_WORKER_BUILD, "extra-01", "extra-03"], cwd=project, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    said = done.stdout + done.stderr
    assert "Traceback" not in said
    for name in ("extra-01", "extra-03"):
        assert (
            f"content/{name}.yaml: was not built, because the worker process building it was killed (SIGKILL), "
            "most often because the computer ran out of memory; its earlier files are kept." in said
        )
    out = project / "output"
    assert "changed" in "".join(pdf_pages((out / "extra-00.pdf").read_bytes()))
    assert "changed" not in "".join(pdf_pages((out / "extra-01.pdf").read_bytes()))  # kept as it was
    assert (out / "bone.pdf").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    build(runner, "-f", "pdf")  # the next build makes what the lost worker did not
    assert "changed" in "".join(pdf_pages((out / "extra-01.pdf").read_bytes()))


def test_a_new_file_that_takes_an_established_topics_id_is_refused_and_the_topic_keeps_its_files(project, runner):
    # the newcomer sorted first, so the established topic failed and its files were withdrawn
    build(runner)
    out = project / "output"
    before = (out / "bone.pdf").read_bytes()
    (project / "content" / "aaa.yaml").write_text("id: bone\ntitle: Taken\nblocks:\n  - text: Not the bone leaflet.\n")
    result = build(runner, code=1)
    assert "content/aaa.yaml: id: 'bone' is also the id of content/bone.yaml" in result.output
    assert "removed bone.pdf" not in result.output and (out / "bone.pdf").read_bytes() == before


def test_in_a_first_build_the_topic_named_by_its_id_keeps_it(project, runner):
    (project / "content" / "aaa.yaml").write_text("id: bone\ntitle: Taken\nblocks:\n  - text: Not the bone leaflet.\n")
    result = build(runner, code=1)
    assert "content/aaa.yaml: id: 'bone' is also the id of content/bone.yaml" in result.output
    assert "Taken" not in "".join(pdf_pages((project / "output" / "bone.pdf").read_bytes()))


def test_index_is_the_web_sites_own_page_and_no_topics_id(project, runner):
    (project / "content" / "home.yaml").write_text("id: index\ntitle: Home\nblocks:\n  - text: Home page.\n")
    result = build(runner, "-f", "html", code=1)
    assert "id: 'index' is the name of the web site's own index page" in result.output
