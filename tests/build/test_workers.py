"""Both cores: topics are read and drawn in worker processes that get the run's brands from
their initializer, and a build gives the same files and the same report for any --jobs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import CONTENT

from leaflets.brand.brand import load_brand
from leaflets.build import job
from leaflets.build.workers import started
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


def build(runner, jobs: str, out: str, code: int):
    result = runner.invoke(main, ["build", "-f", "pdf", "--jobs", jobs, "--out", out])
    assert result.exit_code == code, result.output
    return result.output


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_a_topic_that_fails_validation_in_a_worker_fails_alone_with_its_line(project, runner):
    text = (project / "content" / "living-well.yaml").read_text(encoding="utf-8")
    assert "  - heading: Being active\n" in text
    bad = text.replace("  - heading: Being active\n", "  - callout: {style: urgnt, text: Call us}\n")
    (project / "content" / "living-well.yaml").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index("  - callout: {style: urgnt, text: Call us}") + 1
    two = build(runner, "2", "out2", code=1)
    assert re.search(rf"content/living-well\.yaml:{line}: blocks\[\d+\]\.callout\.style: 'urgnt'", two)
    assert sorted(outputs(project / "out2")) == ["lung-metastasis.pdf", "palliative-care.pdf"]
    one = build(runner, "1", "out1", code=1)
    assert outputs(project / "out1") == outputs(project / "out2")
    assert one.replace("out1", "out2") == two  # the same report, in the same order


def test_an_id_taken_twice_fails_the_later_file_for_any_number_of_jobs(project, runner):
    text = (project / "content" / "palliative-care.yaml").read_text(encoding="utf-8")
    copy = re.sub(r"(?m)^code: .*$", "code: MBC-999", text)
    (project / "content" / "zz-copy.yaml").write_text("id: palliative-care\n" + copy, encoding="utf-8")
    for jobs in ("1", "2"):
        said = build(runner, jobs, f"out{jobs}", code=1)
        assert "content/zz-copy.yaml: id: 'palliative-care' is also the id of content/palliative-care.yaml" in said
        assert "palliative-care.pdf" in outputs(project / f"out{jobs}")
    assert outputs(project / "out1") == outputs(project / "out2")


def test_workers_get_the_brands_from_their_initializer(monkeypatch):
    brand = load_brand("northfield")
    monkeypatch.setattr(job, "_brands", ())  # nothing for a forked worker to inherit
    with started(2, job.use_brands, ([brand],)) as workers:
        found = list(workers.map(job.brand_of, [SimpleNamespace(brand=0)] * 3, cost=lambda _: 1))
    assert [b.slug for b in found] == ["northfield"] * 3
    assert job._brands == ()


def test_workers_start_the_costliest_item_first_and_answer_in_order():
    items = [1, 5, 2, 4, 3]
    with started(2, job.use_brands, ([],)) as workers:
        assert list(workers.map(abs, [-i for i in items], cost=lambda i: -i)) == items
