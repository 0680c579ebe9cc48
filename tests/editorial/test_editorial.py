"""From draft to signed-off leaflet, through the CLI as a team meets it: drafts build with a DRAFT
band and leave the register alone, `approve` records the sign-off, and edited approved text
becomes a draft of the next version."""

from __future__ import annotations

import yaml
from helpers import GOVERNED, pdf_pages, pptx_slides

from leaflets.cli import main

BAND = "DRAFT - not for distribution"
TOPIC = GOVERNED.replace("title: {title}\n", "title: {title}\nlanguage: en-GB\n").replace(
    "{blocks}", "  - heading: First\n  - text: {text}\n  - heading: Second\n  - bullets: [One point., Another point.]"
)
SIGN = ["--by", "Dr A. Example", "--role", "Consultant oncologist", "--date", "2026-11-02"]


def write(project, name: str, title: str = "T", code: str = "X-1", text: str = "Short and plain.") -> None:
    (project / "content" / name).write_text(TOPIC.format(title=title, code=code, text=text), encoding="utf-8")


def test_a_draft_prints_the_band_on_every_page_and_slide_and_leaves_the_register_alone(project, runner):
    write(project, "t.yaml")
    register = project / "content" / "register.yaml"
    register.write_text("{}\n")
    result = runner.invoke(main, ["build", "-f", "all"])
    assert result.exit_code == 0, result.output
    assert register.read_text() == "{}\n"
    pages = pdf_pages((project / "output" / "t.pdf").read_bytes())
    assert all(BAND in page for page in pages)
    assert "Reviewed on" not in "".join(pages) and "Checked by" not in "".join(pages)
    assert all(BAND in slide["text"] for slide in pptx_slides((project / "output" / "t.pptx").read_bytes()))
    assert all(BAND in page for page in pdf_pages((project / "output" / "t-slides.pdf").read_bytes()))


def test_approve_records_the_sign_off_and_the_leaflet_prints_it(project, runner):
    write(project, "t.yaml")
    result = runner.invoke(main, ["approve", "content/t.yaml", *SIGN])
    assert result.exit_code == 0, result.output
    assert "X-1 v1 approved by Dr A. Example, Consultant oncologist, on 2026-11-02" in result.output
    recorded = yaml.safe_load((project / "content" / "register.yaml").read_text())
    signoff = recorded["X-1"]["1"]
    assert signoff["by"] == "Dr A. Example" and signoff["role"] == "Consultant oncologist"
    assert signoff["date"] == "2026-11-02" and signoff["file"] == "t.yaml" and len(signoff["text"]) == 16
    assert "status: approved" in (project / "content" / "t.yaml").read_text()
    assert runner.invoke(main, ["build", "-f", "pdf", "-f", "pptx"]).exit_code == 0
    text = " ".join("".join(pdf_pages((project / "output" / "t.pdf").read_bytes())).split())  # About may wrap
    assert BAND not in text
    assert "Reviewed on 2 November 2026." in text and "Checked by Dr A. Example, Consultant oncologist." in text
    assert all(BAND not in s["text"] for s in pptx_slides((project / "output" / "t.pptx").read_bytes()))


def test_changed_approved_text_builds_as_a_draft_of_the_next_version(project, runner):
    write(project, "t.yaml")
    assert runner.invoke(main, ["approve", "content/t.yaml", *SIGN]).exit_code == 0
    before = (project / "content" / "register.yaml").read_text()
    path = project / "content" / "t.yaml"
    path.write_text(path.read_text().replace("Short and plain.", "Short, plain and new."))
    result = runner.invoke(main, ["build", "-f", "pdf"])
    assert result.exit_code == 0, result.output
    assert (
        "content/t.yaml:5: warning: version: the text changed since X-1 v1 was approved (Dr A. Example, 2026-11-02):"
        " it builds as a draft of version 2" in result.output
    )
    assert (project / "content" / "register.yaml").read_text() == before
    pages = pdf_pages((project / "output" / "t.pdf").read_bytes())
    assert all(BAND in p and "X-1 v2" in p for p in pages) and "Checked by" not in "".join(pages)
    assert runner.invoke(main, ["approve", "content/t.yaml", *SIGN]).exit_code == 0
    recorded = yaml.safe_load((project / "content" / "register.yaml").read_text())
    assert set(recorded["X-1"]) == {"1", "2"}  # the old approval stays
    assert 'version: "2"' in path.read_text()


def test_approved_by_hand_without_a_sign_off_is_still_a_draft(project, runner):
    write(project, "t.yaml")
    path = project / "content" / "t.yaml"
    path.write_text("status: approved\n" + path.read_text())
    result = runner.invoke(main, ["build", "-f", "pdf"])
    assert "content/t.yaml:1: warning: status: approved, but the register holds no sign-off" in result.output
    assert all(BAND in p for p in pdf_pages((project / "output" / "t.pdf").read_bytes()))
    path.write_text(path.read_text().replace("status: approved", "status: aproved"))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert "content/t.yaml:1: status: 'aproved' is not one of draft, in-review, approved" in result.output


def test_a_copied_topic_keeps_its_code_and_is_an_error_naming_both_files(project, runner):
    write(project, "a.yaml", title="A")
    assert runner.invoke(main, ["approve", "content/a.yaml", *SIGN]).exit_code == 0
    write(project, "b.yaml", title="B", text="Other words.")
    result = runner.invoke(main, ["build", "content/b.yaml", "-f", "pdf"])
    assert result.exit_code == 1
    assert "content/b.yaml:3: code: 'X-1' is also the code of content/a.yaml" in result.output
    result = runner.invoke(main, ["approve", "content/b.yaml", *SIGN])
    assert result.exit_code == 1 and "'X-1' is also the code of content/a.yaml" in result.output


def test_approve_refuses_what_could_not_be_printed(project, runner):
    (project / "content" / "t.yaml").write_text("title: T\nblocks:\n  - text: Words.\n")
    result = runner.invoke(main, ["approve", "content/t.yaml", *SIGN])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for problem in ("needs a code and a version", "needs its sources", "needs a next_review after 2026-11-02"):
        assert problem in result.output
    assert not (project / "content" / "register.yaml").exists()


def test_status_lists_every_topic_with_its_sign_off_review_date_and_findings(project, runner):
    import csv
    import datetime as _dt
    import io
    import json

    soon = (_dt.date.today() + _dt.timedelta(days=30)).isoformat()
    write(project, "a.yaml", title="A", code="X-1")
    write(project, "b.yaml", title="B", code="X-2", text="You may have hypercalcaemia.")
    path = project / "content" / "b.yaml"
    path.write_text(path.read_text().replace("next_review: 2028-11-01", f"next_review: {soon}"))
    assert runner.invoke(main, ["approve", "content/a.yaml", *SIGN]).exit_code == 0
    rows = {r["file"]: r for r in json.loads(runner.invoke(main, ["status", "--format", "json"]).output)}
    a, b = rows["content/a.yaml"], rows["content/b.yaml"]
    assert (a["code"], a["version"], a["status"]) == ("X-1", "1", "approved")
    assert a["approved_by"] == "Dr A. Example, Consultant oncologist" and a["approved_on"] == "2026-11-02"
    assert a["next_review"] == "2028-11-01" and a["findings"] == 0 and not a["due"]
    assert b["status"] == "draft" and b["approved_by"] == "" and b["days_left"] == 30 and b["due"]
    assert b["findings"] == 1  # the medical word with no plain meaning; awaiting sign-off is the status
    table = runner.invoke(main, ["status", "--due-within", "10"]).output
    assert "content/b.yaml" in table and "<< review due" not in table
    assert "2 topics: 1 await clinical sign-off, 0 due for review within 10 days" in table
    table = runner.invoke(main, ["status"]).output
    assert [line for line in table.splitlines() if "<< review due" in line][0].startswith("content/b.yaml")
    spreadsheet = list(csv.DictReader(io.StringIO(runner.invoke(main, ["status", "-f", "csv"]).output)))
    assert [r["file"] for r in spreadsheet] == ["content/a.yaml", "content/b.yaml"]
    assert spreadsheet[1]["days_left"] == "30"


def test_new_makes_an_unreviewed_draft_and_check_flags_its_starter_words(project, runner):
    assert runner.invoke(main, ["new", "liver", "--title", "Liver"]).exit_code == 0
    text = (project / "content" / "liver.yaml").read_text()
    assert "status: draft" in text and "\nreviewed:" not in text and "\nclinical_reviewer:" not in text
    assert runner.invoke(main, ["build", "-f", "pdf"]).exit_code == 0
    pages = pdf_pages((project / "output" / "liver.pdf").read_bytes())
    assert all(BAND in p for p in pages) and "Reviewed" not in "".join(pages)
    found = runner.invoke(main, ["check"]).output
    assert "content/liver.yaml:22: warning: starter text left in: 'Keep each point short.'" in found
    assert "starter text left in: 'Use bold for the words that matter most.'" in found
    assert "starter text left in: 'Name of the page or guideline you used'" in found
    assert "'https://www.example.org' names an example address: give the real one" in found
    assert "Call {helpline}" not in found  # a brand placeholder line is meant to be kept


GLOSSARY = """\
terms:
  - term: biopsy
    meaning: Taking a small sample of the cancer to look at under a microscope.
    tags: [metastatic]
  - term: scan
    meaning: A picture of the inside of your body.
  - term: lymphoedema
    meaning: Swelling caused by fluid that builds up.
    topics: [swelling]
"""


def words_to_know(project, name: str) -> tuple[str, str]:
    """The leaflet's "Words to know" box and the deck's slide of the same name ('' when there is none)."""
    pdf = "".join(pdf_pages((project / "output" / f"{name}.pdf").read_bytes()))
    box = pdf.split("Words to know", 1)[1].split("Who to contact", 1)[0] if "Words to know" in pdf else ""
    slides = pptx_slides((project / "output" / f"{name}.pptx").read_bytes())
    return box, "".join(s["text"] for s in slides if s["title"] == "Words to know")


def test_a_glossary_meaning_is_added_only_where_it_was_written_for(project, runner):
    (project / "content" / "glossary.yaml").write_text(GLOSSARY)
    write(project, "early.yaml", code="E-1", text="A sentinel node biopsy and a scan.")
    write(project, "spread.yaml", code="S-1", text="A biopsy and a scan.")
    spread = project / "content" / "spread.yaml"
    spread.write_text(spread.read_text().replace("sources:", "tags: [metastatic]\nsources:"))
    assert runner.invoke(main, ["build"]).exit_code == 0
    for box in words_to_know(project, "early"):
        assert "A picture of the inside of your body." in box and "sample of the cancer" not in box
    for box in words_to_know(project, "spread"):
        assert "scan" in box and "Taking a small sample of the cancer" in box
    found = runner.invoke(main, ["check"]).output
    assert (
        "content/early.yaml:11: warning: 'biopsy' has a glossary meaning written for other topics (tags: metastatic),"
        " so it is not added here: give this topic its own (define: {biopsy: ...}) or explain it in brackets"
    ) in found
    assert not [line for line in found.splitlines() if "spread.yaml" in line and "biopsy" in line]


def test_a_topic_defines_its_own_words_or_chooses_none_or_a_list(project, runner):
    (project / "content" / "glossary.yaml").write_text(GLOSSARY)
    write(project, "early.yaml", code="E-1", text="A sentinel node biopsy and a scan.")
    early = project / "content" / "early.yaml"
    base = early.read_text()
    early.write_text(
        base.replace("sources:", "define:\n  biopsy: Taking out a few lymph nodes to check them.\nsources:")
    )
    assert runner.invoke(main, ["build"]).exit_code == 0
    for box in words_to_know(project, "early"):
        assert "Taking out a few lymph nodes to check them." in box and "A picture of the inside" in box
    assert "biopsy" not in runner.invoke(main, ["check"]).output
    early.write_text(base.replace("sources:", "glossary: none\nsources:"))
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert words_to_know(project, "early") == ("", "")
    early.write_text(base.replace("sources:", "glossary: [scan, lymph]\nsources:"))
    assert runner.invoke(main, ["build"]).exit_code == 0
    for box in words_to_know(project, "early"):
        assert "A picture of the inside" in box and "biopsy" not in box
    found = runner.invoke(main, ["check"]).output
    assert "content/early.yaml:7: warning: 'lymph' is listed but has no meaning in glossary.yaml or define" in found


def test_a_build_counts_routine_warnings_and_lists_them_with_verbose(project, runner):
    write(project, "a.yaml", code="X-1")
    write(project, "b.yaml", code="X-2", text="You may have hypercalcaemia.")
    result = runner.invoke(main, ["build", "-f", "pdf"])
    assert result.exit_code == 0
    assert "2 topics await clinical sign-off: see leaflets status (details: --verbose)" in result.output
    assert "awaits clinical sign-off: it prints with a DRAFT band" not in result.output
    assert "'hypercalcaemia' looks like a medical term" not in result.output  # build does not run content checks
    verbose = runner.invoke(main, ["build", "-f", "pdf", "--verbose"]).output
    assert "content/a.yaml: warning: status: awaits clinical sign-off" in verbose
    assert "content/b.yaml: warning: status: awaits clinical sign-off" in verbose
    strict = runner.invoke(main, ["check", "--strict"])
    assert strict.exit_code == 1
    assert "2 topics checked: 0 errors, 3 warnings (--strict: warnings count as errors)" in strict.output


def test_review_pack_numbers_every_line_and_marks_changes_since_the_approved_version(project, runner):
    import subprocess

    import pdfplumber
    import pytest

    page = pytest.importorskip("page", reason="page-validation is in the test extras")
    write(project, "t.yaml", text="Bone is the most common place for it to spread. It often affects the spine.")
    assert runner.invoke(main, ["approve", "content/t.yaml", *SIGN]).exit_code == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "approved"], check=True)
    path = project / "content" / "t.yaml"
    path.write_text(
        path.read_text()
        .replace("It often affects the spine.", "It often affects the spine and ribs. Ask your team.")
        .replace("Another point.", "A changed point.")
    )
    result = runner.invoke(main, ["review-pack", "content/t.yaml", "--out", "pack.pdf"])
    assert result.exit_code == 0, result.output
    data = (project / "pack.pdf").read_bytes()
    report = str(page.validate_pdf_bytes(data, profile="ua1"))
    assert [line for line in report.splitlines() if line.startswith("[PDFUA1")] == []
    text = "".join(pdf_pages(data))
    said = "Changes since version 1, approved by Dr A. Example, Consultant oncologist on 2026-11-02"
    assert said in squash_spaces(text)
    lines = [line.strip() for line in text.splitlines()]
    assert "1 T" in lines and "2 First" in lines and "6 Second" in lines
    assert "3 Bone is the most common place for it to spread." in lines
    assert "4 Changed: It often affects the spine. spine and ribs." in lines  # the old word struck, the new marked
    assert "5 Added: Ask your team." in lines
    assert "8 Changed: • Another A changed point." in lines
    with pdfplumber.open(project / "pack.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["non_stroking_color"])
        rules = pdf.pages[0].lines
    gone = next(w for w in words if w["text"] == "Another")
    struck = [r for r in rules if r["x0"] <= gone["x0"] + 1 and r["x1"] >= gone["x1"] - 1]
    assert any(gone["top"] < r["top"] < gone["bottom"] for r in struck)  # a line through the removed word
    added = next(w for w in words if w["text"] == "Ask")
    assert any(  # underlined
        r["x0"] <= added["x0"] + 1 and r["x1"] >= added["x1"] - 1 and abs(r["top"] - added["bottom"]) < 4 for r in rules
    )
    marked = {w["text"]: w["non_stroking_color"] for w in words}
    assert marked["ribs."] == marked["Ask"] != marked["spine."]  # added words in their own ink
    assert marked["Another"] not in (marked["ribs."], marked["First"])  # removed words in another
    assert "Sources" in text and "nhs.uk" in text and "Clinical sign-off" in text and "Signature" in text
    assert 'leaflets approve content/t.yaml --by "NAME"' in squash_spaces(text)


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


def test_review_pack_of_a_never_approved_topic_and_of_a_translation(project, runner):
    write(project, "t.yaml")
    result = runner.invoke(main, ["review-pack", "content/t.yaml"])
    assert result.exit_code == 0 and "wrote output/t-review-pack.pdf" in result.output
    text = " ".join("".join(pdf_pages((project / "output" / "t-review-pack.pdf").read_bytes())).split())
    assert "No version of this topic has been approved yet, so no changes are marked." in text
    assert "Changed:" not in text and "Added:" not in text
    (project / "content" / "pl").mkdir()
    (project / "content" / "pl" / "t.yaml").write_text(
        "translation_of: t\nlanguage: pl\ntranslation_status: draft\ntranslated_by: x\ntitle: T\nblocks:\n"
        "  - heading: A\n  - text: B\n  - heading: C\n  - bullets: [D, E]\n"
    )
    result = runner.invoke(main, ["review-pack", "content/pl/t.yaml"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a review pack is for the clinical text: review t.yaml" in result.output
    translation = project / "content" / "pl" / "t.yaml"
    translation.write_text(translation.read_text() + "status: approved\n")
    result = runner.invoke(main, ["check", "content/pl/t.yaml"])
    assert "content/pl/t.yaml:11: status: a translation stands where its source stands" in result.output


def test_a_register_naming_a_file_outside_its_folder_is_not_followed(project, runner):
    (project / "secret.yaml").write_text("code: X-1\n")
    (project / "content" / "register.yaml").write_text(
        "X-1:\n  '1': {text: abc, by: A, role: B, date: '2026-11-02', file: ../secret.yaml}\n"
    )
    write(project, "t.yaml")
    result = runner.invoke(main, ["check", "content/t.yaml"])
    assert result.exit_code == 0 and "secret" not in result.output
