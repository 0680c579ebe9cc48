"""Inline markup, and the rule that every other character is literal text in both outputs."""

from __future__ import annotations

import io
import random
import time

import docx
import pytest
from helpers import build_bytes, html_text, pdf_pages, pptx_slides, squash

from leaflets.content.inline import Run, parse_inline, plain


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


def test_escapes_and_line_breaks_decide_where_a_span_closes():
    # an escaped star or bracket never closes a span; a backslash before a line break stops one
    assert parse_inline(r"**a\** b**")[0] == (Run("a** b", bold=True),)
    assert parse_inline(r"[a\]](https://x.org)")[0] == (Run("a]", href="https://x.org"),)
    assert parse_inline("*a \\\nb*")[0] == (Run("*a \\\nb*"),)
    assert parse_inline("**a\\\nb**")[0] == (Run("**a\\\nb**"),)
    assert parse_inline(r"*\\*")[0] == (Run(r"*\*"),)
    # the first "**" closes bold, and a letter before a star closes italic
    assert parse_inline("**a ** b** c")[0] == (Run("a ", bold=True), Run(" b** c"))
    assert parse_inline("*a**")[0] == (Run("a", italic=True), Run("*"))
    assert parse_inline("*b* and *cd*")[0] == (Run("b", italic=True), Run(" and "), Run("cd", italic=True))
    assert parse_inline("[a](https://x.org/a_(b)) [b](c d)")[0] == (
        Run("a", href="https://x.org/a_(b)"),
        Run(" [b](c d)"),
    )


@pytest.mark.parametrize(
    "typed",
    ["Take 2*3 tablets, or 1*2 at night.", "2**3** x", "x**y**", "un*believ*able", "**note**s", "*x*s", "a*b*c"],
)
def test_stars_glued_to_a_word_on_their_outer_side_are_text(typed):
    # a dose such as "2*3 tablets, or 1*2" once lost both stars and printed "23 tablets, or 12"
    assert parse_inline(typed)[0] == (Run(typed),)


def test_stars_beside_spaces_punctuation_or_chinese_still_mark_spans():
    assert parse_inline("(*b*), **999**.")[0] == (
        Run("("), Run("b", italic=True), Run("), "), Run("999", bold=True), Run(".")
    )  # fmt: skip
    assert parse_inline("这是**重要**的")[0] == (Run("这是"), Run("重要", bold=True), Run("的"))
    assert parse_inline("ยา*สำคัญ*มาก")[0] == (Run("ยา"), Run("สำคัญ", italic=True), Run("มาก"))  # Thai: no spaces either


def test_a_link_to_an_unclosed_bracket_host_is_a_problem_not_a_crash():
    runs, problems = parse_inline("[a](http://[x)")
    assert runs == (Run("a"),)
    assert problems == ["link 'http://[x' is not a valid web address"]


MEGABYTE = 1_000_000
_rng = random.Random(13)
HOSTILE = {
    "unclosed italic": "*a " * (MEGABYTE // 3),
    "unclosed bold": "**a " * (MEGABYTE // 4),
    "unclosed links": "[a](" * (MEGABYTE // 4),
    "backslashes": "\\" * MEGABYTE,
    "braces": "{" * MEGABYTE,
    "mixed": "".join(_rng.choice(["*a ", "**a ", "[a](", "\\", "{"]) for _ in range(MEGABYTE // 3)),
    "random markup": "".join(_rng.choice("*\\[](){}_` a\n") for _ in range(MEGABYTE)),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_megabyte_of_markup_characters_parses_in_linear_time(name):
    # the regular expression this parser replaced took 7 s on 30 KB of "*a " and never ended on 300 KB
    text = HOSTILE[name]
    start = time.process_time()  # this process's time: other work on a shared machine does not count
    runs, _ = parse_inline(text)
    assert time.process_time() - start < 5
    assert len(plain(runs)) > len(text) // 4  # what is not markup is kept as text


TRICKY = (
    "Dose < 5 mg & > 2 mg; <b>not bold</b> <font size=40>x</font> &amp; \"quotes\" 'single' <br/> <para>"
    " Take 2*3 tablets, or 1*2 at night."
)


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
    assert squash(html_text(build_bytes(path, "html"))).count(squash(TRICKY)) == 2
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(build_bytes(path, "docx"))).paragraphs)
    assert word.count(TRICKY) == 2


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
