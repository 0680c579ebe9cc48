"""Fast at every size: incremental rebuilds, exact repeat builds, brand variants."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import CONTENT

from leaflets.cli import main

TOPICS = ["palliative-care.yaml", "living-well.yaml", "lung-metastasis.yaml"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    for name in [*TOPICS, "glossary.yaml"]:
        shutil.copy(CONTENT / name, content / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def build(runner, *args: str):
    result = runner.invoke(main, ["build", "-q", *args])
    assert result.exit_code == 0, result.output
    return result


def test_one_job_and_two_jobs_give_identical_files(project, runner):
    build(runner, "--jobs", "1", "--out", "one")
    build(runner, "--jobs", "2", "--out", "two")
    one, two = files(project / "one"), files(project / "two")
    assert len(one) == 6 and one == two


def test_repeat_builds_are_byte_identical(project, runner, monkeypatch):
    build(runner, "--out", "a", "-l", "a4", "-l", "booklet-a5", "--jobs", "1")
    build(runner, "--out", "b", "-l", "a4", "-l", "booklet-a5", "--jobs", "1")
    assert files(project / "a") == files(project / "b")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(runner, "--out", "c", "-f", "pptx", "--jobs", "1")
    build(runner, "--out", "d", "-f", "pptx", "--jobs", "1")
    assert files(project / "c") == files(project / "d")


def test_unchanged_outputs_are_skipped_and_changes_rebuild_only_what_they_touch(project, runner):
    build(runner, "--brand", "northfield")
    again = build(runner, "--brand", "northfield")
    assert "0 files written, 6 unchanged" in again.output
    # a changed topic rebuilds its two files, nothing else
    topic = project / "content" / "living-well.yaml"
    topic.write_text(topic.read_text().replace('version: "1"', 'version: "2"'))
    assert "2 files written, 4 unchanged" in build(runner, "--brand", "northfield").output
    # a deleted output comes back
    (project / "output" / "lung-metastasis.pdf").unlink()
    assert "1 file written, 5 unchanged" in build(runner, "--brand", "northfield").output
    # --force rebuilds all
    assert "6 files written" in build(runner, "--brand", "northfield", "--force").output


def test_a_changed_brand_rebuilds_what_uses_it(project, runner):
    brand = project / "templates" / "brands" / "clinic"
    brand.mkdir(parents=True)
    (brand / "leaflets.yml").write_text("extends: northfield\nhelpline_number: 01632 960 777\n")
    build(runner, "--brand", "clinic", "--out", "out")
    assert "0 files written, 6 unchanged" in build(runner, "--brand", "clinic", "--out", "out").output
    (brand / "leaflets.yml").write_text("extends: northfield\nhelpline_number: 01632 960 778\n")
    assert "6 files written" in build(runner, "--brand", "clinic", "--out", "out").output


def test_brand_variants_from_a_table_build_into_their_own_folders(project, runner):
    (project / "clinics.csv").write_text(
        "slug,organisation,helpline,helpline_number,footer,website\n"
        "clinic-a,Clinic A,the Clinic A helpline on 01632 960 001,01632 960 001,Clinic A,https://a.example\n"
        "clinic-b,Clinic B,the Clinic B helpline on 01632 960 002,01632 960 002,Clinic B,https://b.example\n"
    )
    result = runner.invoke(main, ["derive-brands", "clinics.csv", "--parent", "northfield"])
    assert result.exit_code == 0, result.output
    build(runner, "content/palliative-care.yaml", "--brand", "templates/brands/clinic-*", "-f", "pdf")
    from helpers import pdf_pages

    a = "".join(pdf_pages((project / "output" / "clinic-a" / "palliative-care.pdf").read_bytes()))
    b = "".join(pdf_pages((project / "output" / "clinic-b" / "palliative-care.pdf").read_bytes()))
    a, b = " ".join(a.split()), " ".join(b.split())
    assert "01632 960 001" in a and "Clinic A" in a and "960 002" not in a
    assert "01632 960 002" in b and "Clinic B" in b
    assert "Northfield" not in a and "960 123" not in a  # the parent's name and helpline are replaced


def test_one_bad_topic_among_many_fails_alone(project, runner):
    for i in range(12):
        (project / "content" / f"extra-{i:02}.yaml").write_text(f"title: Extra {i}\nblocks:\n  - text: Topic {i}.\n")
    (project / "content" / "extra-05.yaml").write_text("title: Broken\nblocks:\n  - callout: {style: loud, text: x}\n")
    result = runner.invoke(main, ["build", "-q", "-f", "pdf", "--jobs", "2"])
    assert result.exit_code == 1
    assert "1 failed: content/extra-05.yaml" in result.output
    assert "14 files written from 14 of 15 topics" in result.output


NOOP_PROBE = """
import sys
import leaflets.content.source as source

read = []
load_yaml = source.load_yaml


def recording(path, *args, **kwargs):
    read.append(str(path))
    return load_yaml(path, *args, **kwargs)


source.load_yaml = recording
from leaflets.cli import main

try:
    main(["build", "-q", *sys.argv[1:]])
except SystemExit as exit:
    code = exit.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"reportlab", "pptx", "pikepdf", "PIL", "uharfbuzz"})
import os

topics = {os.path.relpath(p) for p in read if os.path.basename(p) not in ("glossary.yaml", "register.yaml")}
print("EXIT", code, "HEAVY", ",".join(heavy), "READ", ",".join(sorted(p for p in topics if p.startswith("content"))))
"""


def probe(project: Path, *args: str) -> str:
    """A build in a fresh process, saying which heavy libraries it imported and which content YAML it read."""
    import os
    import subprocess
    import sys

    from helpers import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", NOOP_PROBE, *args], cwd=project, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_an_unchanged_build_imports_no_renderer_and_reads_no_topic(project, runner):
    build(runner, "--brand", "northfield")
    first = probe(project, "--brand", "northfield")
    assert "0 files written, 6 unchanged" in first
    assert "EXIT 0 HEAVY  READ \n" in first  # neither reportlab nor python-pptx, and no topic file read
    # one changed topic: only its file is read, and only its two files are drawn
    topic = project / "content" / "living-well.yaml"
    topic.write_text(topic.read_text() + "\n# a reviewer's note\n")
    second = probe(project, "--brand", "northfield")
    assert "2 files written, 4 unchanged" in second
    assert "READ content/living-well.yaml\n" in second


def test_a_no_op_still_refuses_a_topic_whose_review_date_passed_since(project, runner, monkeypatch):
    import datetime as real

    import leaflets.build.run

    topic = project / "content" / "living-well.yaml"
    today = real.date.today()
    text = topic.read_text()
    assert "next_review:" in text
    topic.write_text(re.sub(r"next_review: .*", f"next_review: {today.isoformat()}", text))
    build(runner, "--brand", "northfield")
    assert (project / "output" / "living-well.pdf").exists()

    class Tomorrow(real.date):
        @classmethod
        def today(cls) -> real.date:
            return today + real.timedelta(days=1)

    monkeypatch.setattr(leaflets.build.run, "_dt", SimpleNamespace(date=Tomorrow))
    result = runner.invoke(main, ["build", "-q", "--brand", "northfield"])
    assert result.exit_code == 1
    assert f"next_review: {today.isoformat()} has passed" in result.output
    assert (
        not (project / "output" / "living-well.pdf").exists() and not (project / "output" / "living-well.pptx").exists()
    )
    assert (project / "output" / "palliative-care.pdf").exists()  # the others stay current


def test_a_changed_source_makes_its_unchanged_translation_stale_on_the_next_build(project, runner):
    (project / "content" / "pl").mkdir()
    shutil.copy(CONTENT / "pl" / "palliative-care.yaml", project / "content" / "pl" / "palliative-care.yaml")
    first = build(runner, "--brand", "northfield", "-f", "pdf")
    assert "changed since this was translated" not in first.output
    assert "0 files written" in build(runner, "--brand", "northfield", "-f", "pdf").output
    source = project / "content" / "palliative-care.yaml"
    source.write_text(source.read_text().replace("blocks:", "blocks:\n  - text: A new first line.", 1))
    again = runner.invoke(main, ["build", "--brand", "northfield", "-f", "pdf", "--verbose"])
    assert "palliative-care.yaml changed since this was translated" in again.output


def build_pdf(runner, jobs: str, out: str, code: int):
    result = runner.invoke(main, ["build", "-f", "pdf", "--jobs", jobs, "--out", out])
    assert result.exit_code == code, result.output
    return result.output


def test_a_topic_that_fails_validation_in_a_worker_fails_alone_with_its_line(project, runner):
    text = (project / "content" / "living-well.yaml").read_text(encoding="utf-8")
    assert "  - heading: Being active\n" in text
    bad = text.replace("  - heading: Being active\n", "  - callout: {style: urgnt, text: Call us}\n")
    (project / "content" / "living-well.yaml").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index("  - callout: {style: urgnt, text: Call us}") + 1
    two = build_pdf(runner, "2", "out2", code=1)
    assert re.search(rf"content/living-well\.yaml:{line}: blocks\[\d+\]\.callout\.style: 'urgnt'", two)
    assert sorted(files(project / "out2")) == ["lung-metastasis.pdf", "palliative-care.pdf"]
    one = build_pdf(runner, "1", "out1", code=1)
    assert files(project / "out1") == files(project / "out2")
    assert one.replace("out1", "out2") == two  # the same report, in the same order


def test_an_id_taken_twice_fails_the_later_file_for_any_number_of_jobs(project, runner):
    text = (project / "content" / "palliative-care.yaml").read_text(encoding="utf-8")
    copy = re.sub(r"(?m)^code: .*$", "code: MBC-999", text)
    (project / "content" / "zz-copy.yaml").write_text("id: palliative-care\n" + copy, encoding="utf-8")
    for jobs in ("1", "2"):
        said = build_pdf(runner, jobs, f"out{jobs}", code=1)
        assert "content/zz-copy.yaml: id: 'palliative-care' is also the id of content/palliative-care.yaml" in said
        assert "palliative-care.pdf" in files(project / f"out{jobs}")
    assert files(project / "out1") == files(project / "out2")


def _digest_anew() -> str:
    """The tool's digest, every source file read and hashed again."""
    import hashlib

    from leaflets import __version__
    from leaflets.build import manifest

    package = Path(manifest.__file__).resolve().parent.parent
    sources = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).parts)
    h = hashlib.sha256(__version__.encode())
    for path in sources:
        h.update(hashlib.sha256(path.read_bytes()).hexdigest().encode())
    return h.hexdigest()


def test_the_tools_digest_is_its_sources_whatever_the_cache_remembers(tmp_path, monkeypatch):
    import json

    from leaflets.build import manifest

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(manifest, "RACY_NS", -(10**19))  # a source saved a moment ago is remembered too
    truth = _digest_anew()

    def digest() -> str:
        manifest.tool_digest.cache_clear()
        return manifest.tool_digest()

    assert digest() == truth
    memo_path = next((tmp_path / "leaflets").glob("tool-sources-*.json"))
    memo = json.loads(memo_path.read_text())
    assert len(memo) == len(list(Path(manifest.__file__).parent.parent.rglob("*.py")))
    bad_hash = {**memo, "cli.py": [*memo["cli.py"][:2], None]}  # the file's own size and time
    for damage in (b"{not json", b"[1, 2]", b'{"cli.py": [0, 0, "stale"]}', json.dumps(bad_hash).encode()):
        memo_path.write_bytes(damage)
        assert digest() == truth  # a memo under another size or time, or without a hash, is not trusted
    monkeypatch.setattr(manifest, "RACY_NS", 10**19)  # every file "just changed": none is remembered
    memo_path.unlink()
    assert digest() == truth
    assert not memo_path.exists()
    manifest.tool_digest.cache_clear()
