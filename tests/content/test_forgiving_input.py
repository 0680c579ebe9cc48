"""Pasted and mistyped input is explained or quietly mended, and the author is told where."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_bytes, pdf_pages

from leaflets.cli import main


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def check(runner, path: Path) -> str:
    return runner.invoke(main, ["check", str(path)]).output


def test_a_tab_is_named_as_a_tab_with_its_line_and_column(folder, runner):
    (folder / "t.yaml").write_text("title: T\nblocks:\n\t- text: a\n")
    assert "t.yaml:3: column 1: a tab character; YAML needs spaces: replace the tab with two spaces" in check(
        runner, folder / "t.yaml"
    )


def test_wrong_indentation_says_indentation_and_compares_with_the_line_above(folder, runner):
    (folder / "t.yaml").write_text("title: T\nblocks:\n  - text: hi\n   - text: there\n")
    output = check(runner, folder / "t.yaml")
    assert "t.yaml:4: indentation: this line starts after 3 spaces and the line above after 2" in output


def test_invisible_characters_are_removed_and_words_they_glued_get_a_space(folder, runner):
    path = folder / "t.yaml"
    path.write_text("title: T\nblocks:\n  - text: Keep\u200bthe word\u00ad here.\n  - text: 'مرحبا\u200cبك'\n")
    output = check(runner, path)
    assert "t.yaml:3: warning: blocks[0].text: removed 2 invisible characters (U+200B ZERO WIDTH SPACE" in output
    text = " ".join("".join(pdf_pages(build_bytes(path, "pdf"))).split())
    assert "Keep the word here." in text
    assert "t.yaml:4" not in output  # a joiner in Arabic is part of the writing


def test_a_typed_bullet_or_number_at_the_start_of_an_item_is_removed(folder, runner):
    path = folder / "t.yaml"
    path.write_text("title: T\nblocks:\n  - bullets:\n      - • a typed bullet\n      - 2) a typed number\n")
    output = check(runner, path)
    assert "t.yaml:4: warning: blocks[0].bullets[0]: removed '•' typed at the start of the item" in output
    assert "t.yaml:5: warning: blocks[0].bullets[1]: removed '2)' typed" in output
    text = "".join(pdf_pages(build_bytes(path, "pdf")))
    assert "• a typed bullet" in text and "•  •" not in text and "• •" not in text and "2)" not in text


def test_a_pasted_table_is_pointed_to_the_table_block(folder, runner):
    path = folder / "t.yaml"
    path.write_text('title: T\nblocks:\n  - text: "Who\\tPhone\\nHelpline\\t0808 808 00 00\\nGP\\tYour surgery"\n')
    assert "t.yaml:3: warning: blocks[0].text: looks like a pasted table" in check(runner, path)


def test_web_addresses_are_not_scored_as_words_and_a_bare_one_becomes_a_short_link(folder, runner):
    path = folder / "t.yaml"
    url = "https://www.nhs.uk/help/chemotherapy-and-immunotherapy/side-effects?utm_source=leaflet"
    path.write_text(f"title: T\nblocks:\n  - text: Read more at {url}. It is short.\n")
    output = check(runner, path)
    assert "chemotherapy" not in output and "immunotherapy" not in output
    assert "reading ease" in output and "reading ease -" not in output
    pdf = build_bytes(path, "pdf")
    text = " ".join("".join(pdf_pages(pdf)).split())
    assert "nhs.uk/help/chemotherapy-and-immunotherapy/side-effects" in text.replace(" ", "")
    assert "https://" not in text and "utm_source" not in text
    import io

    import pikepdf

    links = [
        str(annot.A.URI)
        for page in pikepdf.open(io.BytesIO(pdf)).pages
        for annot in page.get("/Annots", [])
        if "/A" in annot and "/URI" in annot.A
    ]
    assert url in links


def test_every_character_no_font_has_is_reported_in_one_run_with_its_line(folder, runner):
    (folder / "t.yaml").write_text("title: Hello 🦄\nblocks:\n  - text: One 🐍 here.\n  - text: Two 🐙 there.\n")
    result = runner.invoke(main, ["build", "-f", "pdf", "--jobs", "1"])
    assert result.exit_code == 1
    for line, name in ((1, "UNICORN FACE"), (3, "SNAKE"), (4, "OCTOPUS")):
        assert f"content/t.yaml:{line}: cannot print" in result.output and name in result.output
