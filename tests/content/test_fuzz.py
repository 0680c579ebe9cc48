"""A seeded fuzz of the shipped topics and talk: every mutation loads or fails with a clear error.

The mutations are those of ``bench/fuzz.py`` (run it for thousands of cases); here a fixed
seed keeps the run repeatable and about 40 seconds long.
"""

from __future__ import annotations

import random
import sys

import pytest
from helpers import ROOT, pdf_pages

sys.path.insert(0, str(ROOT / "bench"))
import fuzz  # noqa: E402

SEED = 13


def test_mutated_topics_and_talks_load_or_name_the_file(tmp_path):
    rng = random.Random(SEED)
    outcomes: dict[str, int] = {}
    failures = []
    for n in range(800):
        case = fuzz.make_case(rng)
        (path,) = fuzz.lay_out(tmp_path / str(n), [case])
        outcome, problems = fuzz.check_load(path)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        failures += [f"{case.rel} ({'; '.join(case.steps)[:200]}): {p}" for p in problems]
    assert failures == []
    assert outcomes.get("refused", 0) > 400  # the mutations do break files...
    assert outcomes.get("ok", 0) > 30  # ...and some still load, and are drawn below


@pytest.mark.parametrize("batch", range(6))
def test_checking_a_folder_of_broken_files_still_checks_the_good_topic(tmp_path, batch):
    rng = random.Random(SEED * 100 + batch)
    fuzz.lay_out(tmp_path, fuzz.make_batch(rng, 8))
    assert fuzz.check_run(tmp_path, ["pdf", "pptx"], None) == []


@pytest.mark.parametrize("batch", range(2))
def test_building_beside_broken_files_writes_the_good_topic(tmp_path, batch):
    rng = random.Random(SEED + 1 + batch)
    fuzz.lay_out(tmp_path, fuzz.make_batch(rng, 6))
    out = tmp_path / "out"
    assert fuzz.check_run(tmp_path, ["pdf", "pptx"], out) == []
    assert "Secondary breast cancer in the lung" in pdf_pages((out / "lung-metastasis.pdf").read_bytes())[0]
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
