"""Every shipped deck, read back with python-pptx, keeps the density rules of a slide an
audience can take in: about 40 words and at most 6 items, continuations balanced, sections and
callouts not numbered as if they continued, text never under 20 pt, and nothing off the slide."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from helpers import CONTENT, pptx_slides

from leaflets.deck.plan import MAX_BULLETS, MAX_WORDS

DECKS = sorted(CONTENT.glob("*.yaml"))
DECKS = [p for p in DECKS if p.stem not in ("glossary", "register")]
NUMBERED = re.compile(r"^(.*) \((\d+) of (\d+)\)$")


def body_paragraphs(slide) -> list:
    """The paragraphs a slide shows besides its title, the draft band and the warning icon's mark."""
    out = []
    for shape in slide.shapes:
        if not shape.has_text_frame or shape == slide.shapes.title or shape.top == 0:
            continue
        out += [p for p in shape.text_frame.paragraphs if p.text.strip() and p.text != "!"]
    return out


def deck(path, brand: str) -> list[dict]:
    from helpers import build_bytes

    return pptx_slides(build_bytes(path, "pptx", brand))


def talk(library, runner, brand: str) -> list[dict]:
    from leaflets.cli import main

    result = runner.invoke(main, ["build", "content/talks", "-f", "pptx", "-b", brand, "-q"])
    assert result.exit_code == 0, result.output
    return pptx_slides((library / "output" / "know-the-signs.pptx").read_bytes())


def check_density(slides: list[dict], width: int, height: int) -> None:
    parts: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (items, other paragraphs) a slide
    for number, s in enumerate(slides[1:], 2):  # the title slide is not a content slide
        slide, title = s["slide"], s["title"]
        paragraphs = body_paragraphs(slide)
        where = f"slide {number} {title!r}"
        if not title.startswith("Sources and review"):  # a reference list, not talking points
            words = sum(len(p.text.split()) for p in paragraphs)
            assert words <= MAX_WORDS, f"{where}: {words} words"
        items = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find("{*}buNone") is None]
        assert len(items) <= MAX_BULLETS or title.startswith("Sources and review"), where
        for p in paragraphs:
            for run in p.runs:
                assert run.font.size is None or run.font.size.pt >= 20, f"{where}: {run.text!r} at {run.font.size.pt}"
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= width, where
            assert 0 <= shape.top and shape.top + shape.height <= height, where
        numbered = NUMBERED.match(title)
        if numbered:
            parts[numbered.group(1)].append((len(items), len(paragraphs) - len(items)))
        if not paragraphs:  # a section divider: a part begins, it does not continue
            assert not numbered, where
    for title, shapes in parts.items():
        # one list that continues (each slide alike but for its items, a lead line on each or on
        # none): its parts differ by one item at most. A section of a list and then a paragraph
        # is two blocks, not a continuation.
        if len({other for _, other in shapes}) == 1:
            counts = [items for items, _ in shapes]
            assert max(counts) - min(counts) <= 1, f"{title!r} continues unevenly: {counts}"


@pytest.mark.parametrize("path", DECKS, ids=[p.stem for p in DECKS])
def test_every_topic_deck_keeps_the_density_rules(path):
    from pptx import Presentation  # noqa: F401 - the slide size comes from the deck itself

    slides = deck(path, "default")
    prs = slides[0]["slide"].part.package.presentation_part.presentation
    check_density(slides, prs.slide_width, prs.slide_height)


@pytest.mark.parametrize("brand", ["default", "northfield"])
def test_the_talk_keeps_the_density_rules_and_asks_for_help_one_callout_a_slide(library, runner, brand):
    slides = talk(library, runner, brand)
    prs = slides[0]["slide"].part.package.presentation_part.presentation
    check_density(slides, prs.slide_width, prs.slide_height)
    titles = [s["title"] for s in slides]
    # "When to get help" is a part of its own, a slide (or balanced slides) per urgent callout,
    # titled by what it is about and what to do, never one box of run-on prose
    start = titles.index("When to get help")
    assert not body_paragraphs(slides[start]["slide"])
    helps = slides[start + 1 : start + 1 + 9]
    assert helps[0]["title"].startswith("Pressure on the spinal cord: Call ")
    for s in helps:
        for p in body_paragraphs(s["slide"]):
            assert "; " not in p.text and "What to do:" not in p.text, p.text


def test_eight_items_become_four_and_four(write_topic):
    from helpers import pptx_slides, render

    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose

    items = [f"sign number {i} to look out for" for i in range(1, 9)]
    path = write_topic(
        "title: Eight\nblocks:\n  - heading: Signs\n  - bullets:\n" + "".join(f"      - {i}\n" for i in items)
    )
    brand = load_brand("default")
    slides = pptx_slides(render(compose(load_topic(path), brand, "deck"), "pptx", brand))
    signs = [s for s in slides if s["title"].startswith("Signs")]
    assert [s["title"] for s in signs] == ["Signs (1 of 2)", "Signs (2 of 2)"]
    assert [len(body_paragraphs(s["slide"])) for s in signs] == [4, 4]
    sizes = {r.font.size.pt for s in signs for p in body_paragraphs(s["slide"]) for r in p.runs}
    assert sizes == {32}  # short items are set as large as the slide allows
