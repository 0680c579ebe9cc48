"""Fast at every size: worker processes, incremental rebuilds, exact repeat builds, brand variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT

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
    assert "1 files written, 5 unchanged" in build(runner, "--brand", "northfield").output
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
    from conftest import pdf_pages

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
