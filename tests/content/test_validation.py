"""Bad input gets one clear line per problem, naming file, line and field; never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from leaflets.content.source import describe_character
from leaflets.content.topic import load_topic
from leaflets.errors import ContentError


def errors(path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_topic(path, "content/bone.yaml")
    return [str(d) for d in info.value.diagnostics]


def test_wrong_choice_names_file_line_and_field_path(write_topic):
    path = write_topic(
        """\
        title: Bone
        blocks:
          - heading: Pain
          - text: Some text.
          - bullets: [a, b]
          - callout:
              style: urgnt
              text: Call now.
        """
    )
    assert errors(path) == [
        "content/bone.yaml:7: blocks[3].callout.style: 'urgnt' is not one of urgent, info, tip (did you mean 'urgent'?)"
    ]


def test_every_error_in_a_file_is_reported_at_once_with_suggestions(write_topic):
    path = write_topic(
        """\
        titel: Bone
        blocks:
          - headng: Pain
          - image: {src: nothere.png}
          - text: "[click](javascript:alert(1))"
        """
    )
    found = errors(path)
    assert any("1: titel: unknown key 'titel' (did you mean 'title'?)" in e for e in found)
    assert any("'title' is required" in e for e in found)
    assert any("3: blocks[0].headng: unknown block type 'headng' (did you mean 'heading'?)" in e for e in found)
    assert any("blocks[1].image: 'alt' is required" in e for e in found)
    assert any("5: blocks[2].text: link 'javascript:alert(1)' must start with one of https:" in e for e in found)


def test_block_with_two_types_is_an_error(write_topic):
    path = write_topic("title: T\nblocks:\n  - heading: A\n    text: B\n")
    assert "a block has exactly one type key" in errors(path)[0]


@pytest.mark.parametrize(
    "body, message",
    [
        ("title: [unclosed\n", "a [ or { on this line is never closed"),
        ('title: "unclosed\nblocks: [text: a]\n', "a quotation mark on this line is never closed"),
        ("title: Time: 9:30\nblocks: [text: a]\n", "put the whole text in quotes, such as title: 'Time: 9:30'"),
        ('title: Take it: "twice", it\'s C:\\Temp\nblocks: [text: a]\n', "title: 'Take it: \"twice\", it''s C:\\Temp'"),
        (
            "title: !!python/object:os.system echo\nblocks: [text: a]\n",
            "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        ),
        ("title: A\ntitle: B\nblocks: [text: a]\n", "duplicate key 'title'"),
        ("- just\n- a list\n", "expected a mapping of keys"),
    ],
)
def test_unreadable_files_are_one_line_errors(write_topic, body, message):
    found = errors(write_topic(body))
    assert len(found) == 1 and message in found[0]
    assert found[0].startswith("content/bone.yaml")


def test_non_utf8_file_is_named(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Café\nblocks: [text: a]\n".encode("latin-1"))
    assert errors(path) == ["content/bone.yaml:1: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_alias_bomb_is_refused_quickly(write_topic):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    path = write_topic("\n".join(lines) + "\n")
    start = time.perf_counter()
    found = errors(path)
    assert time.perf_counter() - start < 2
    assert "are aliases expanding?" in found[0]


def test_missing_image_and_non_image_are_errors(write_topic, tmp_path):
    (tmp_path / "fake.png").write_text("not a picture")
    path = write_topic(
        """\
        title: T
        blocks:
          - image: {src: missing.png, alt: A drawing}
          - image: {src: fake.png, alt: A drawing}
        """
    )
    found = errors(path)
    assert "image file not found" in found[0] and "missing.png" in found[0]
    assert "fake.png is not a readable image" in found[1]


def test_image_over_the_pixel_limit_is_refused(write_topic, tmp_path):
    from PIL import Image

    Image.new("1", (8000, 6000)).save(tmp_path / "huge.png")
    path = write_topic("title: T\nblocks:\n  - image: {src: huge.png, alt: Big}\n")
    assert "too large to open safely (over 40,000,000 pixels)" in errors(path)[0]


def test_dates_and_language_are_checked(write_topic):
    path = write_topic("title: T\nlanguage: english please\nnext_review: 2026-13-01\nblocks: [text: a]\n")
    found = errors(path)
    assert any("language: 'english please' is not a BCP 47 language tag" in e for e in found)
    assert any("next_review: '2026-13-01' is not a date" in e for e in found)


def test_a_minimal_topic_is_valid(write_topic):
    topic = load_topic(write_topic("title: Just a title\nblocks:\n  - text: Hello.\n"))
    assert topic.id == "topic" and topic.language == "en" and len(topic.entries) == 1


def test_pictures_must_stay_inside_the_content_folder(write_topic, tmp_path):
    path = write_topic("title: T\nblocks:\n  - image: {src: /etc/hosts.png, alt: A secret}\n", "content/t.yaml")
    found = errors(path)
    assert "'/etc/hosts.png' must be a path relative to content/" in found[0]


def test_a_misspelt_key_beside_a_block_and_an_empty_item_say_what_to_do(write_topic):
    found = errors(
        write_topic(
            "title: T\nblocks:\n  - text: a\n    note: speaker\n  - text: b\n    bulets: [x]\n"
            "  - heading:\n  - numbered:\n      - one\n      -\n"
        )
    )
    assert found == [
        "content/bone.yaml:4: blocks[0].note: unknown key 'note' beside the block (did you mean 'notes'?)",
        "content/bone.yaml:6: blocks[1].bulets: unknown key 'bulets' beside the block (did you mean 'bullets'?); "
        "another block starts on a line of its own with '- '",
        "content/bone.yaml:7: blocks[2].heading: is empty: write its text, or remove it",
        "content/bone.yaml:10: blocks[3].numbered[1]: is empty: write its text, or remove it",
    ]


def test_aliases_that_nest_past_the_depth_limit_are_refused_not_a_crash(write_topic):
    # each alias nests the one before: 20 of them, 60 deep each, once ran out of stack (RecursionError)
    text = "title: T\nx0: &a0 [1]\n"
    for i in range(1, 21):
        text += f"x{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 + "\n"
    found = errors(write_topic(text + "blocks:\n  - text: hi\n"))
    assert len(found) == 1 and "nested more than 64 deep (aliases count too)" in found[0]


@pytest.mark.parametrize("character", ["\\uFFFF", "\\U000E0041", "\\u202E"], ids=["non-character", "tag", "override"])
def test_characters_that_are_never_text_are_refused_in_any_yaml_file(write_topic, tmp_path, character):
    # a non-character failed the deck after the PDF was written; a tag character vanished from the PDF alone
    found = errors(write_topic(f'title: T\nblocks:\n  - text: "a {character} b"\n'))
    named = describe_character(character.encode().decode("unicode_escape"))
    assert found == [
        f"content/bone.yaml:3: blocks[0].text: has a hidden control character ({named}, at character 3): remove it"
    ]
    from leaflets.content.source import load_yaml

    brand_file = tmp_path / "_brand.yml"
    brand_file.write_text(f'meta: {{name: "Clinic {character} A"}}\n', encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(brand_file)
    assert "meta.name: has a hidden control character" in str(info.value.diagnostics[0])


def test_a_paragraph_of_thousands_of_words_is_refused_with_what_to_do(write_topic):
    # a document pasted without its blank lines: it served no reader and cost the layout minutes
    found = errors(write_topic("title: T\nblocks:\n  - text: |\n      " + "Call your nurse today. " * 600 + "\n"))
    assert found == [
        "content/bone.yaml:3: blocks[0].text: has a paragraph of 2,400 words; at most 2,000 are read in one"
        " (a leaflet's are rarely over 100): start new ones with blank lines"
    ]


def test_a_list_item_indented_too_far_is_named_not_silently_joined(write_topic):
    # YAML reads the second line as more words of the first item: "one - two"
    path = write_topic("title: T\nblocks:\n  - bullets:\n      - one\n       - two\n      - three\n")
    assert [str(w) for w in load_topic(path, "content/bone.yaml").warnings] == [
        "content/bone.yaml:4: warning: blocks[0].bullets[0]: line 5 starts with '- ' but was read as more words of"
        " this text, not as an item of its own: line it up with the items above it"
    ]


@pytest.mark.parametrize(
    "text, refused",
    [
        ("see https://example.org/" + "a" * 200 + " and " + "b" * 300, True),  # an address does not hide a later run
        ("see " + "abcdefghij/" * 30, True),  # a slash is not an address
        ("write to " + "a" * 250 + "@example.org", False),
        ("(https://example.org/" + "a" * 300 + ").", False),
        ("这是一个很长的句子" * 60, False),  # no spaces between words: not held to the rule
        ("这是一个很长的句子" * 300, True),  # but held to the paragraph limit, a letter a word
    ],
)
def test_long_runs_and_paragraphs_in_every_script(write_topic, text, refused):
    path = write_topic(f"title: T\nblocks:\n  - text: '{text}'\n")
    if refused:
        assert errors(path)
    else:
        load_topic(path)
