"""Page economy, read back from the PDFs with pdfplumber: no half-empty pages before the end,
page counts like real charity leaflets of the same length, even counts for double-sided
printing, a used booklet back cover, and page budgets."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from helpers import CONTENT, build_all, pdf_pages

from leaflets.errors import LeafletsError
from leaflets.layouts import load_layout

TOPICS = sorted(p for p in CONTENT.glob("*.yaml") if p.name not in ("glossary.yaml", "register.yaml"))
FLOWING = [("a4", False), ("a5", False), ("letter", False), ("a4", True)]

_SENTENCES = [
    "The clinic is on the ground floor of the Oak Building, next to the main car park.",
    "You can park for free for up to four hours if you show your appointment letter at the desk.",
    "Buses stop outside the main entrance every ten minutes during the day.",
    "If you need help to get here, our volunteer drivers can pick you up from home.",
    "Please bring a list of the medicines you take, including any you buy yourself.",
    "It helps to write down your questions before you come, so you do not forget them.",
    "You are welcome to bring a friend or relative with you to any appointment.",
    "Most visits take about an hour, but some take longer, so bring something to read.",
    "There is a quiet room you can use if you want some time on your own.",
    "Our reception team can book an interpreter for you if you ask a few days before.",
    "Tell us if you need a wheelchair, and we will have one ready when you arrive.",
    "Drinks and snacks are sold in the café, which is open from 8am to 4pm.",
]


def _text(words: int, offset: int = 0) -> str:
    out: list[str] = []
    i = offset
    while len(" ".join(out).split()) < words:
        out.append(_SENTENCES[i % len(_SENTENCES)])
        i += 1
    return " ".join(out)


def _topic(words: int) -> str:
    """A topic of about ``words`` words with a picture, a list, two urgent callouts (the shape of a
    real short charity leaflet); longer ones get more sections."""
    sections = max(1, round((words - 120) / 110))
    blocks = [
        "  - heading: Coming to the clinic",
        f"  - text: {_text(50)}",
        "  - image: {src: pic.png, alt: A map of the clinic and the car park, caption: The Oak Building}",
        "  - bullets: [your appointment letter, a list of your medicines, your questions]",
        "  - callout: {style: urgent, title: Call the clinic on 01632 960 456 if, "
        "bullets: [you cannot come to your appointment, you feel too unwell to travel]}",
    ]
    for n in range(sections):
        blocks += [f"  - heading: Part {n + 1} of your visit", f"  - text: {_text(95, n * 3)}"]
    blocks.append(
        "  - callout: {style: urgent, title: Call 999 if, bullets: [someone collapses or cannot breathe at home]}"
    )
    return "title: Your visit to the clinic\nsources:\n  - {title: Clinic visitor guide, publisher: Oak Hospital}\n" + (
        "blocks:\n" + "\n".join(blocks) + "\n"
    )


def _pages(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _fullness(data: bytes, layout_name: str, large_print: bool) -> list[tuple[float, bool]]:
    """For each page: how far down its text area the content reaches (0 to 1), and whether it is
    a notes page (ruled lines for the reader, after the content)."""
    layout = load_layout(layout_name, large_print)
    top, bottom, _, _ = layout.margins
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            area = page.height - top - bottom
            inside = [c["bottom"] for c in page.chars if c["bottom"] <= page.height - bottom + 1]
            reach = (max(inside, default=top) - top) / area
            notes = len(page.lines) > 5 and not any(
                c["top"] > top + area * 0.2 for c in page.chars if c["bottom"] <= page.height - bottom
            )
            out.append((reach, notes))
    return out


@pytest.mark.parametrize("layout,large", FLOWING, ids=[f"{n}{'-large-print' if lp else ''}" for n, lp in FLOWING])
def test_no_page_but_the_last_is_under_half_full(layout, large):
    for topic in TOPICS:
        data, _ = build_all(topic, "pdf", "northfield", layout=layout, large_print=large)
        every = _fullness(data, layout, large)
        pages = [reach for reach, notes in every if not notes]
        # a warning box never splits (design.md, clear print): the page before one that moved
        # whole to the next page may be under half full
        texts = pdf_pages(data)
        moved = {i for i in range(len(pages) - 1) if texts[i + 1].lstrip().startswith("Urgent:")}
        half_empty = [i + 1 for i, reach in enumerate(pages[:-1]) if reach < 0.5 and i not in moved]
        assert not half_empty, f"{topic.name} ({layout}): pages {half_empty} are under half full: {pages}"
        assert pages[-1] > 0.02, f"{topic.name} ({layout}): the last page of text is blank"
        assert len(every) % 2 == 0, f"{topic.name} ({layout}): {len(every)} pages, printed double-sided"


@pytest.fixture(scope="module")
def short_and_long(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("economy")
    Image.new("RGB", (800, 500), "#9BB7D4").save(folder / "pic.png")
    paths = {}
    for words in (270, 850):
        paths[words] = folder / f"visit-{words}.yaml"
        paths[words].write_text(_topic(words))
    return paths


def test_the_test_topics_have_the_lengths_they_claim(short_and_long):
    for words, path in short_and_long.items():
        text = re.sub(
            r"[{}\[\]:,]|\b(heading|text|image|src|alt|caption|bullets|callout|style|title)\b",
            " ",
            path.read_text(),
        )
        assert abs(len(text.split()) - words) < words * 0.15


@pytest.mark.parametrize("words,a4,a5", [(270, 2, 4), (850, 4, 8)])
def test_page_counts_match_real_leaflets_of_that_length(short_and_long, words, a4, a5):
    data, _ = build_all(short_and_long[words], "pdf", "northfield", layout="a4")
    assert _pages(data) <= a4
    data, _ = build_all(short_and_long[words], "pdf", "northfield", layout="a5")
    assert _pages(data) <= a5


def test_double_sided_leaflets_end_on_an_even_page_with_notes_not_a_blank(short_and_long):
    for path in short_and_long.values():
        for layout in ("a4", "a5", "letter"):
            data, _ = build_all(path, "pdf", "northfield", layout=layout)
            pages = _pages(data)
            assert pages == 1 or pages % 2 == 0, f"{path.name} {layout}: {pages} pages"
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                assert pdf.pages[-1].chars, "the last page is blank"


def test_the_booklet_back_cover_holds_the_contacts_and_feedback_code(short_and_long):
    for path in short_and_long.values():
        _, extra = build_all(path, "pdf", "northfield", layout="booklet-a5")
        with pdfplumber.open(io.BytesIO(extra["-pages"])) as pdf:
            assert len(pdf.pages) % 4 == 0
            back = pdf.pages[-1].extract_text()
            assert "Who to contact" in back and "01632 960 123" in back and "Tell us what you think" in back
            assert len(pdf.pages[-1].rects) > 100, "no feedback QR code on the back cover"


def test_a_page_budget_that_the_topic_does_not_fit_is_a_fitting_error(short_and_long, tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_text(short_and_long[850].read_text().replace("title: Your visit", "pages: 2\ntitle: Your visit"))
    (tmp_path / "pic.png").write_bytes((short_and_long[850].parent / "pic.png").read_bytes())
    with pytest.raises(LeafletsError, match=r"does not fit 2 a4 pages: it takes \d: cut about \d+ words"):
        build_all(path, "pdf", "northfield", layout="a4")
    path.write_text(short_and_long[270].read_text().replace("title: Your visit", "pages: 2\ntitle: Your visit"))
    data, _ = build_all(path, "pdf", "northfield", layout="a4")
    assert _pages(data) <= 2


def test_check_reports_pages_fullness_and_split_words_in_json(runner, short_and_long, tmp_path):
    import json

    from leaflets.cli import main

    path = tmp_path / "long-word.yaml"
    path.write_text(
        short_and_long[270]
        .read_text()
        .replace("  - heading: Coming", "  - text: Pneumonoultramicroscopicsilicovolcanoconiosis.\n  - heading: Coming")
    )
    (tmp_path / "pic.png").write_bytes((short_and_long[270].parent / "pic.png").read_bytes())
    result = runner.invoke(
        main,
        ["check", str(path), "--brand", "northfield", "--layout", "trifold-a4", "--layout", "a5", "--format", "json"],
    )
    findings = [f["message"] for t in json.loads(result.output)["topics"] for f in t["findings"]]
    assert any(re.fullmatch(r"a5: \d+ pages of text, filled( \d+%)+", f) for f in findings), findings
    assert any("is longer than a line of the trifold-a4 and was hyphenated" in f for f in findings), findings
