"""A fresh process imports only what the topic and the formats asked for need: an English topic
loads no date data, readability scorer, bidi algorithm or shaper, and a translation still gets those it
uses. The garbage collector, told to pass over what the renderers imported, still runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CONTENT, ROOT, pdf_pages, pptx_slides

#: Builds, then prints whether the garbage collector still runs and what it no longer looks at
#: (the renderers' imports), and the top-level packages the process imported.
PROBE = """
import gc
import sys
from leaflets.cli import main

try:
    main(["build", "-q", "--jobs", "1", *sys.argv[1:]])
except SystemExit as exit:
    code = exit.code
print("EXIT", code, "GC", gc.isenabled(), gc.get_freeze_count() > 10000, end=" ")
print("MODULES", ",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""

#: Libraries that only some topics need: HarfBuzz shapes joined and reordered scripts only
#: (reportlab would import it for its own shaping, which is never used).
OPTIONAL = {"babel", "textstat", "bidi", "uharfbuzz"}


def cold_build(project: Path, topic: str, *args: str) -> set[str]:
    """Build ``topic`` (in both formats, unless ``args`` say otherwise) in a fresh process; the
    top-level packages it imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--out", "out", *args, topic],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "EXIT 0 GC True True " in done.stdout, done.stdout + done.stderr
    return set(done.stdout.split("MODULES ")[1].strip().split(","))


@pytest.fixture(scope="module", autouse=True)
def _built_before(tmp_path_factory):
    """These tests are about a machine that has built before. Its first build fills the per-user
    cache (fonts cut without hinting, the brand read with brand-yml), importing libraries that
    later builds never do, so each test here would otherwise pass or fail by the tests run first."""
    first = tmp_path_factory.mktemp("first")
    (first / "content" / "ar").mkdir(parents=True)
    for name in ("palliative-care.yaml", "glossary.yaml", "ar/palliative-care.yaml"):
        shutil.copy(CONTENT / name, first / "content" / name)
    cold_build(first, "content")


@pytest.fixture
def project(tmp_path):
    """The palliative care topic, its Arabic translation and the glossary."""
    (tmp_path / "content" / "ar").mkdir(parents=True)
    for name in ("palliative-care.yaml", "glossary.yaml", "ar/palliative-care.yaml"):
        shutil.copy(CONTENT / name, tmp_path / "content" / name)
    return tmp_path


def test_an_english_topic_loads_no_optional_library(project):
    assert cold_build(project, "content/palliative-care.yaml") & OPTIONAL == set()
    pages = "\n".join(pdf_pages((project / "out" / "palliative-care.pdf").read_bytes()))
    assert "Next review due November 2029." in pages and "Next review Nov 2029" in pages  # its dates, as ever
    assert pptx_slides((project / "out" / "palliative-care.pptx").read_bytes())


def test_a_translation_still_loads_what_it_needs(project):
    found = cold_build(project, "content/ar/palliative-care.yaml")
    assert {"babel", "bidi", "uharfbuzz"} <= found  # Arabic dates, lines put in order, letters joined


def test_each_format_imports_only_its_own_library(project):
    pdf_only = cold_build(project, "content/palliative-care.yaml", "-f", "pdf")
    # nor the network stack (xml.sax.saxutils brings urllib, http and ssl: html.escape does not)
    assert not {"pptx", "http", "ssl"} & pdf_only
    assert not {"reportlab", "pikepdf"} & cold_build(project, "content/palliative-care.yaml", "-f", "pptx")


def test_only_layouts_that_move_pages_import_pikepdf(project):
    """A leaflet whose pages stay where they were drawn is written, structure tree and all, by
    reportlab; pikepdf is for folds and booklets, which move pages onto sheets."""
    assert "pikepdf" not in cold_build(project, "content/palliative-care.yaml", "-f", "pdf")
    assert "pikepdf" in cold_build(project, "content/palliative-care.yaml", "-f", "pdf", "-l", "booklet-a5")
