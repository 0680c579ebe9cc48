"""Hostile and careless input: each case once crashed with a traceback or an internal error.

Every one must now be a clear ``file:line: field: message``, and the good topics beside it must
still build.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from helpers import CONTENT, pdf_pages

from leaflets.brand.brand import load_brand
from leaflets.cli import main
from leaflets.content.talk import load_talk
from leaflets.content.topic import load_topic
from leaflets.errors import BrandError, ContentError


def errors_of(path: Path, loader=load_topic) -> list[str]:
    with pytest.raises(ContentError) as info:
        loader(path, "content/t.yaml")
    return [str(d) for d in info.value.diagnostics]


def only_error(path: Path, loader=load_topic) -> str:
    (error,) = errors_of(path, loader)
    assert "\n" not in error and "internal error" not in error
    return error


QUOTE = ", not text: put the text in quotes"


def topic(tmp_path: Path, body: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [65, 600, 100_000])
def test_yaml_nested_too_deep_is_refused_before_it_is_built(tmp_path, depth):
    flow = topic(tmp_path, "title: T\nblocks: " + "[" * depth + "]" * depth + "\n")
    assert only_error(flow) == "content/t.yaml:2: lists and mappings are nested more than 64 deep"
    block = topic(tmp_path, "title: T\nblocks:\n" + "".join("  " * i + "- \n" for i in range(1, min(depth, 1000))))
    assert only_error(block) == "content/t.yaml:66: lists and mappings are nested more than 64 deep"


def test_yaml_nested_64_deep_is_still_read(tmp_path):
    path = topic(tmp_path, "title: T\nblocks: " + "[" * 63 + "]" * 63 + "\n")
    assert "nested" not in " ".join(errors_of(path))


def test_a_deeply_nested_brand_or_talk_is_one_clear_line(tmp_path):
    brand = tmp_path / "deep"
    brand.mkdir()
    (brand / "_brand.yml").write_text("meta: {name: Deep}\ncolor: " + "{a: " * 990 + "b" + "}" * 990 + "\n")
    with pytest.raises(BrandError) as info:
        load_brand(str(brand))
    assert [str(d) for d in info.value.diagnostics] == [
        f"{brand / '_brand.yml'}:2: lists and mappings are nested more than 64 deep"
    ]
    talk = topic(tmp_path, "title: T\ntopics:\n" + "".join("  " * i + "- \n" for i in range(1, 700)))
    assert only_error(talk, load_talk) == "content/t.yaml:66: lists and mappings are nested more than 64 deep"


def test_numbers_written_where_text_belongs_print_as_written(tmp_path):
    path = topic(
        tmp_path,
        f"""\
        title: 2026
        version: 2.10
        blocks:
          - contacts:
              - {{label: Clinic, phone: 0161 496 0000, hours: 9:30}}
          - text: {"9" * 200}
          - text: 0x{"f" * 198}
        """,
    )
    t = load_topic(path)
    assert (t.title, t.version) == ("2026", "2.10")
    assert t.entries[0].nodes[0].entries[0].hours[0].text == "9:30"  # YAML 1.1 reads 9:30 as 570
    assert t.entries[1].nodes[0].text[0].text == "9" * 200
    assert t.entries[2].nodes[0].text[0].text == "0x" + "f" * 198
    # past Python's 4,300-digit limit on reading whole numbers: a run no word is that long, said in one line
    huge = topic(tmp_path, f"title: T\nblocks:\n  - text: {'9' * 4301}\n")
    with pytest.raises(ContentError) as info:
        load_topic(huge)
    assert "has 4,301 characters with no space" in str(info.value.diagnostics[0])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("title: .nan", "content/t.yaml:1: title: .nan is read as a special number" + QUOTE),
        ("title: -.inf", "content/t.yaml:1: title: -.inf is read as a special number" + QUOTE),
        ("title: yes", "content/t.yaml:1: title: yes is read as true/false" + QUOTE),
        ("title: [a, b]", "content/t.yaml:1: title: expected text, got a list"),
        ("title: 2026-01-01", "content/t.yaml:1: title: expected text, got a date"),
        ("title: T\nsources: .nan", "content/t.yaml:2: sources: expected a list of sources (title, publisher, url)"),
    ],
)
def test_a_value_of_the_wrong_type_names_its_line_and_field(tmp_path, line, expected):
    path = topic(tmp_path, f"{line}\nblocks: [{{text: Hello.}}]\n")
    assert only_error(path) == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("bullets: .inf", "blocks[0].bullets: expected a non-empty list of items"),
        ("bullets: [.nan]", "blocks[0].bullets[0]: .nan is read as a special number" + QUOTE),
        ("bullets: []", "blocks[0].bullets: expected a non-empty list of items"),
        ("callout: {style: 5, text: a}", "blocks[0].callout.style: 5 is not one of urgent, info, tip"),
        ("heading: true", "blocks[0].heading: true is read as true/false" + QUOTE),
        ("image: {src: .inf, alt: x}", "blocks[0].image.src: .inf is read as a special number" + QUOTE),
    ],
)
def test_special_numbers_and_true_false_in_blocks_are_refused(tmp_path, block, expected):
    path = topic(tmp_path, f"title: T\nblocks:\n  - {block}\n")
    assert only_error(path) == f"content/t.yaml:3: {expected}"


@pytest.mark.parametrize(
    ("escape", "name"),
    [
        ("\\x00", "U+0000"),
        ("\\x1b", "U+001B"),
        ("\\r", "U+000D"),
        ("\\x85", "U+0085"),
        ("\\x9b", "U+009B"),
        ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\\u202A", "U+202A LEFT-TO-RIGHT EMBEDDING"),
        ("\\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\\u2069", "U+2069 POP DIRECTIONAL ISOLATE"),
    ],
)
def test_hidden_control_characters_are_refused_with_their_place(tmp_path, escape, name):
    path = topic(tmp_path, f'title: T\nblocks:\n  - text: "ab{escape}c"\n')
    assert only_error(path) == (
        f"content/t.yaml:3: blocks[0].text: has a hidden control character ({name}, at character 3): remove it"
    )


def test_tab_line_break_and_direction_marks_are_text(tmp_path):
    path = topic(tmp_path, 'title: T\nblocks:\n  - bullets: ["a\\tb", "a\\nb", "مرحبا\\u200F!", "\\u200Eabc"]\n')
    assert load_topic(path).entries[0].nodes[0].items[2][0].text == "مرحبا\u200f!"


def test_a_title_of_only_invisible_characters_is_empty(tmp_path):
    # a zero-width space alone as an Urdu title was an internal error when drawn
    path = topic(tmp_path, 'language: ur\ntitle: "\u200b\u200f "\nblocks: [{text: ہڈیوں}]\n')
    assert only_error(path) == "content/t.yaml:2: title: must not be empty (it has only invisible characters)"


def test_a_nul_byte_in_the_file_names_its_line(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"title: T\nblocks:\n  - text: a\x00b\n")
    assert only_error(path) == "content/t.yaml:3: U+0000 is a character a YAML file cannot hold: remove it"


def test_too_long_titles_headings_and_ids_are_refused(tmp_path):
    long = "Bone " * 6000
    path = topic(
        tmp_path,
        f"""\
        id: {"a" * 250}
        title: {long}
        blocks:
          - heading: {"H" * 201}
          - callout: {{style: info, title: {"C" * 201}, text: x}}
          - heading: {"H" * 200}
        """,
    )
    assert errors_of(path) == [
        f"content/t.yaml:1: id: '{'a' * 58}… is 250 characters long; an id names the output files, so at most 100",
        "content/t.yaml:2: title: is 29,999 characters long; at most 200 fit here",
        "content/t.yaml:4: blocks[0].heading: is 201 characters long; at most 200 fit here",
        "content/t.yaml:5: blocks[1].callout.title: is 201 characters long; at most 200 fit here",
    ]


def test_a_file_name_too_long_for_an_id_is_an_error_in_check_too(tmp_path):
    path = topic(tmp_path, "title: T\nblocks: [{text: a}]\n", name="b" * 120 + ".yaml")
    assert "is 120 characters long; an id names the output files, so at most 100" in only_error(path)


def test_a_translation_naming_its_source_with_a_paragraph_is_refused_before_any_file_is_opened(tmp_path):
    path = topic(tmp_path, f"translation_of: {'ألم ' * 20000}\nlanguage: ar\ntitle: T\nblocks: [{{text: a}}]\n")
    found = errors_of(path)
    assert "translation_of:" in found[0] and "is 79,999 characters long; an id names the output files" in found[0]
    assert not any("only for translations" in e for e in found)


def test_review_dates_past_the_calendar_are_refused(tmp_path):
    # (the reviewed date is no longer typed: it comes from `leaflets approve`)
    path = topic(tmp_path, "title: T\nnext_review: 0001-01-01\nblocks: [{text: a}]\n")
    assert errors_of(path) == [
        "content/t.yaml:2: next_review: 0001-01-01 is not a plausible date: the year must be 1900 to 2999",
    ]


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        ("[5]", None),  # a topic id written as a number: looked up as "5"
        ("[{topic: [a]}]", "content/t.yaml:2: topics[0].topic: expected text, got a list"),
        ("[{sections: [Signs]}]", "content/t.yaml:2: topics[0]: 'topic' is required"),
        (
            "[[bone-metastasis]]",
            "content/t.yaml:2: topics[0]: expected a topic id, or topic: and sections:, got a list",
        ),
        ("[~]", "content/t.yaml:2: topics[0]: expected a topic id, or topic: and sections:, got nothing"),
        ("[{topic: .nan}]", "content/t.yaml:2: topics[0].topic: .nan is read as a special number" + QUOTE),
        (
            "[{topic: a, sections: .inf}]",
            "content/t.yaml:2: topics[0].sections: expected a non-empty list, got a special number",
        ),
        (".inf", "content/t.yaml:2: topics: expected a list of topic ids, or {topic: ID, sections: [headings]}"),
    ],
)
def test_every_talk_entry_is_checked(tmp_path, topics, expected):
    path = topic(tmp_path, f"title: Talk\ntopics: {topics}\n")
    if expected is None:
        assert load_talk(path).parts[0].topic_id == "5"
    else:
        assert only_error(path, load_talk) == expected


@pytest.mark.parametrize("minutes", ["0", "601", "1" * 5000, "0x" + "f" * 4000, ".inf", "yes", "20.5"])
def test_a_talk_duration_is_a_sane_whole_number(tmp_path, minutes):
    path = topic(tmp_path, f"title: Talk\nduration_minutes: {minutes}\ntopics: [a]\n")
    assert only_error(path, load_talk) == (
        "content/t.yaml:2: duration_minutes: expected a whole number of minutes from 1 to 600"
    )


def test_broken_files_fail_alone_and_the_good_topics_build(tmp_path, runner, monkeypatch):
    content = tmp_path / "content"
    (content / "talks").mkdir(parents=True)
    shutil.copyfile(CONTENT / "lung-metastasis.yaml", content / "lung-metastasis.yaml")
    arabic = (CONTENT / "ar" / "bone-metastasis.yaml").read_text(encoding="utf-8")
    (content / "ar").mkdir()
    shutil.copyfile(CONTENT / "bone-metastasis.yaml", content / "bone-metastasis.yaml")
    # a right-to-left override inside Arabic text was an internal error when drawn
    (content / "ar" / "bone-metastasis.yaml").write_text(
        arabic.replace("title: ", "title: \u202e", 1), encoding="utf-8"
    )
    (content / "deep.yaml").write_text("title: T\nblocks: " + "[" * 5000 + "]" * 5000 + "\n")
    (content / "huge.yaml").write_text(f"title: {'9' * 4301}\nblocks: [{{text: .nan}}]\n")
    (content / "talks" / "bad.yaml").write_text("title: Talk\nduration_minutes: 1e5000\ntopics: [{sections: [a]}, 7]\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "--format", "pdf", "--format", "pptx"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = result.output.splitlines()
    assert "content/deep.yaml:2: lists and mappings are nested more than 64 deep" in lines
    assert "content/huge.yaml:1: title: is 4,301 characters long; at most 200 fit here" in lines
    assert any(line.startswith("content/ar/bone-metastasis.yaml:") and "U+202E" in line for line in lines)
    assert "content/talks/bad.yaml:2: duration_minutes: expected a whole number of minutes from 1 to 600" in lines
    assert "content/talks/bad.yaml:3: topics[0]: 'topic' is required" in lines
    built = sorted(p.name for p in (tmp_path / "output").iterdir() if not p.name.startswith("."))
    assert built == ["bone-metastasis.pdf", "bone-metastasis.pptx", "lung-metastasis.pdf", "lung-metastasis.pptx"]
    lung = pdf_pages((tmp_path / "output" / "lung-metastasis.pdf").read_bytes())
    assert "Secondary breast cancer in the lung" in lung[0]
