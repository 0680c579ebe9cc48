"""Inline markup, and the rule that every other character is literal text in both outputs."""

from __future__ import annotations

from conftest import build_bytes, pdf_pages, pptx_slides, squash

from leaflets.inline import Run, parse_inline


def test_bold_italic_links_and_placeholders():
    runs, problems = parse_inline("Call **now**, *please*: [Macmillan](https://macmillan.org.uk) or {helpline}.")
    assert problems == []
    assert runs == (
        Run("Call "),
        Run("now", bold=True),
        Run(", "),
        Run("please", italic=True),
        Run(": "),
        Run("Macmillan", href="https://macmillan.org.uk"),
        Run(" or "),
        Run("{helpline}", placeholder="helpline"),
        Run("."),
    )


def test_lone_stars_braces_and_escapes_are_literal():
    runs, _ = parse_inline(r"2 * 3 = 6, {{not a placeholder}}, \*stars\*, { open")
    assert runs == (Run("2 * 3 = 6, {not a placeholder}, *stars*, { open"),)


TRICKY = "Dose < 5 mg & > 2 mg; <b>not bold</b> <font size=40>x</font> &amp; \"quotes\" 'single' <br/> <para>"


def test_markup_like_text_prints_exactly_as_typed(write_topic):
    path = write_topic(
        f"""\
        title: "Tags <b> & co"
        blocks:
          - text: '{TRICKY.replace("'", "''")}'
          - bullets: ['{TRICKY.replace("'", "''")}']
        """
    )
    text = "".join(pdf_pages(build_bytes(path, "pdf")))
    assert squash(text).count(squash(TRICKY)) == 2
    assert "Tags <b> & co" in text
    deck = "\n".join(s["text"] for s in pptx_slides(build_bytes(path, "pptx")))
    assert deck.count(TRICKY) == 2


def test_international_text_prints_in_the_pdf(write_topic):
    words = "Zażółć gęślą jaźń · İstanbul ğüşöç · Tiếng Việt · Ελληνικά · Кириллица"
    path = write_topic(f"title: Languages\nblocks:\n  - text: '{words}'\n")
    text = "".join(pdf_pages(build_bytes(path, "pdf")))
    assert squash(words) in squash(text)
    assert "\x00" not in text


def test_a_character_no_font_has_is_a_clear_error(write_topic, runner, tmp_path, monkeypatch):
    from leaflets.cli import main

    write_topic("title: Smile\nblocks:\n  - text: Hello 😀 there\n", "content/smile.yaml")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "--format", "pdf"])
    assert result.exit_code == 1
    assert "content/smile.yaml" in result.output
    assert "U+1F600" in result.output and "no installed font has it" in result.output
    assert not (tmp_path / "output" / "smile.pdf").exists()
