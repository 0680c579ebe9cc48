"""`leaflets check`: readability (offline), plain-language shape, medical terms, governance, alt text."""

from __future__ import annotations

import datetime as _dt
import json
import socket

import pytest
from helpers import CONTENT, GOVERNED

from leaflets.cli import main

HARD = (
    "Pharmacological interventions notwithstanding, individuals experiencing osseous metastatic dissemination "
    "frequently necessitate multidisciplinary consultation encompassing radiotherapeutic and orthopaedic "
    "considerations, particularly whenever neurological compromise manifests unexpectedly."
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project, name: str, text: str) -> None:
    (project / "content" / name).write_text(text, encoding="utf-8")


def topic(title="T", code="X-1", blocks="  - text: Short and plain. You can read this.\n") -> str:
    return GOVERNED.format(title=title, code=code, blocks=blocks)


def test_readability_works_offline(project, runner, monkeypatch):
    """textstat would fetch NLTK's cmudict over the network; the check must not need it."""
    import nltk

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(nltk, "download", lambda *a, **k: pytest.fail("tried to download NLTK data"))
    monkeypatch.setattr(nltk.data, "find", lambda *a, **k: (_ for _ in ()).throw(LookupError("no NLTK data")))
    long = "This sentence " + "goes on " * 12 + "too long."
    write(project, "hard.yaml", topic(blocks=f"  - heading: Hard\n  - text: {HARD} {HARD} {HARD} {long}\n"))
    result = runner.invoke(main, ["check"])
    assert "content/hard.yaml: reading ease" in result.output
    assert "reading ease" in result.output and "(aim for 60 or more)" in result.output
    assert "grade level" in result.output and "(aim for 8 or below)" in result.output
    assert "a sentence of 28 words (at most 25)" in result.output


def approve(runner, name: str, day: str = "2026-11-02") -> None:
    by = ["--by", "Dr A. Example", "--role", "Consultant oncologist", "--date", day]
    result = runner.invoke(main, ["approve", f"content/{name}", *by])
    assert result.exit_code == 0, result.output


def test_plain_topic_passes_strict_once_approved(project, runner):
    write(project, "plain.yaml", topic())
    draft = runner.invoke(main, ["check", "--strict"])
    assert draft.exit_code == 1
    assert "content/plain.yaml: warning: status: awaits clinical sign-off" in draft.output
    approve(runner, "plain.yaml")
    result = runner.invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output


def test_warnings_fail_only_with_strict(project, runner):
    write(project, "draft.yaml", "title: Draft\nblocks:\n  - text: A first draft.\n")
    loose = runner.invoke(main, ["check"])
    assert loose.exit_code == 0
    assert "no code, version, owner: a leaflet should say who wrote which version" in loose.output
    assert "no sources" in loose.output and "no next_review date" in loose.output
    assert runner.invoke(main, ["check", "--strict"]).exit_code == 1


def test_a_past_review_date_is_an_error_for_check_and_build(project, runner):
    past = (_dt.date.today() - _dt.timedelta(days=1)).isoformat()
    write(project, "old.yaml", topic().replace("next_review: 2028-11-01", f"next_review: {past}"))
    for command in (["check"], ["build"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1
        assert f"next_review: {past} has passed" in result.output
    assert not (project / "output" / "old.pdf").exists()


def test_an_expired_topic_withdraws_what_was_built_before(project, runner):
    write(project, "t.yaml", topic())
    assert runner.invoke(main, ["build", "-q"]).exit_code == 0
    assert (project / "output" / "t.pdf").exists()
    past = (_dt.date.today() - _dt.timedelta(days=1)).isoformat()
    write(project, "t.yaml", topic().replace("next_review: 2028-11-01", f"next_review: {past}"))
    result = runner.invoke(main, ["build", "-q"])
    assert result.exit_code == 1 and "removed t.pdf" in result.output
    assert not (project / "output" / "t.pdf").exists() and not (project / "output" / "t.pptx").exists()


def test_a_29_february_review_date_works(project, runner):
    write(project, "t.yaml", topic().replace("next_review: 2028-11-01", "next_review: 2031-02-28"))
    approve(runner, "t.yaml", "2028-02-29")
    result = runner.invoke(main, ["check", "--strict"])
    assert result.exit_code == 0 and "internal error" not in result.output


def test_medical_terms_need_a_glossary_entry_or_brackets(project, runner):
    write(project, "t.yaml", topic(blocks="  - text: You may have hypercalcaemia. Denosumab (a bone drug) helps.\n"))
    result = runner.invoke(main, ["check"])
    assert "'hypercalcaemia' looks like a medical term with no plain meaning" in result.output
    assert "Denosumab" not in result.output
    write(
        project,
        "glossary.yaml",
        "terms:\n  - term: hypercalcaemia\n    variants: [hypercalcemia]\n"
        "    meaning: Too much calcium in the blood.\n",
    )
    approve(runner, "t.yaml")
    result = runner.invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output


def test_glossary_terms_appear_as_words_to_know_in_both_outputs(project, runner):
    from helpers import pdf_pages, pptx_slides

    write(project, "glossary.yaml", "terms:\n  - term: hypercalcaemia\n    meaning: Too much calcium in the blood.\n")
    write(project, "t.yaml", topic(blocks="  - text: Hypercalcaemia can make you thirsty.\n"))
    assert runner.invoke(main, ["build"]).exit_code == 0
    pdf = "".join(pdf_pages((project / "output" / "t.pdf").read_bytes()))
    assert "Words to know" in pdf and "hypercalcaemia: Too much calcium in the blood." in pdf
    slides = pptx_slides((project / "output" / "t.pptx").read_bytes())
    words = [s for s in slides if s["title"] == "Words to know"]
    assert words and "Too much calcium in the blood." in words[0]["text"]


def test_duplicate_codes_are_errors_naming_both_files(project, runner):
    write(project, "a.yaml", topic(title="A", code="MBC-001"))
    write(project, "b.yaml", topic(title="B", code="MBC-001"))
    result = runner.invoke(main, ["check"])
    assert "content/b.yaml:2: code: 'MBC-001' is also the code of content/a.yaml" in result.output


def test_meaningless_alt_text_is_reported(project, runner):
    from PIL import Image

    Image.new("RGB", (20, 20)).save(project / "content" / "x.png")
    write(project, "t.yaml", topic(blocks="  - image: {src: x.png, alt: IMG_1234.png}\n"))
    assert "alt text 'IMG_1234.png' does not say what the picture shows" in runner.invoke(main, ["check"]).output


def test_other_languages_are_not_scored(project, runner):
    write(project, "pl.yaml", topic().replace("title: T", "title: Przerzuty\nlanguage: pl"))
    result = runner.invoke(main, ["check"])
    assert "readability not scored: the formulas are for English, not 'pl'" in result.output


def test_json_report(project, runner):
    write(project, "t.yaml", topic())
    approve(runner, "t.yaml")
    result = runner.invoke(main, ["check", "--format", "json"])
    data = json.loads(result.output)
    assert data["summary"] == {"topics": 1, "errors": 0, "warnings": 0}
    assert data["topics"][0]["metrics"]["reading_ease"] > 60


def test_the_library_passes_strict_but_for_the_clinical_review_it_awaits(runner, monkeypatch):
    """No clinician has reviewed the shipped topics yet, and no qualified translator the shipped
    translations; those are the only findings --strict may report."""
    monkeypatch.chdir(CONTENT.parent)
    result = runner.invoke(main, ["check", "content", "--format", "json"])
    data = json.loads(result.output)
    assert data["summary"]["errors"] == 0
    others = [
        f
        for t in data["topics"]
        for f in t["findings"]
        if f["level"] != "note"
        and "awaits clinical sign-off" not in f["message"]
        and "draft translation" not in f["message"]
    ]
    assert others == []
    eases = sorted(t["metrics"]["reading_ease"] for t in data["topics"] if "reading_ease" in t["metrics"])
    assert eases[len(eases) // 2] >= 70
