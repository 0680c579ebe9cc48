"""Problems found after validation still name the file and line, in the reader's terms."""

from __future__ import annotations

from leaflets.cli import main


def test_a_bad_placeholder_in_the_title_and_a_character_no_font_has_name_their_line(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text("subtitle: Help\ntitle: Call {helpine} now\nblocks:\n  - text: Hi.\n")
    (tmp_path / "content" / "b.yaml").write_text("title: Hello\nsubtitle: A 🦄 here\nblocks:\n  - text: Hi.\n")
    result = runner.invoke(main, ["build", "-f", "pdf", "--jobs", "1"])
    assert result.exit_code == 1
    assert "content/a.yaml:2: placeholder {helpine} is not defined" in result.output
    assert "content/b.yaml:2: cannot print '🦄' (U+1F984 UNICORN FACE)" in result.output
