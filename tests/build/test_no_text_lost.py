"""No text is ever lost: every sentence of every block that belongs to an output appears in it.

Each library topic is built with each shipped brand; the PDF is read back with pdfium and the
deck with python-pptx, and every sentence the Document holds must be found in what a reader sees.
"""

from __future__ import annotations

import pytest
from helpers import CONTENT, expected_texts, pdf_pages, pptx_slides, render, sentences, squash

from leaflets.brand.brand import load_brand
from leaflets.content.topic import load_topic
from leaflets.document.compose import compose
from leaflets.document.nodes import Document

TOPICS = sorted(p for p in CONTENT.glob("*.yaml") if p.name not in ("glossary.yaml", "register.yaml"))
BRANDS = ["default", "northfield"]


def without_footers(pages: list[str], doc: Document) -> str:
    """Page text minus the page furniture at its end (the running footer and a draft's band), so
    a sentence broken across pages reads whole."""

    def furniture(line: str) -> bool:
        return "Page " in line or doc.footer in line or " · " in line or bool(doc.draft and line.strip() == doc.draft)

    kept = []
    for page in pages:
        lines = page.splitlines()
        while lines and furniture(lines[-1]):
            lines.pop()
        kept.append("\n".join(lines))
    return "\n".join(kept)


@pytest.mark.parametrize("brand_name", BRANDS)
@pytest.mark.parametrize("topic_path", TOPICS, ids=[p.stem for p in TOPICS])
def test_every_sentence_reaches_the_leaflet_and_the_deck(topic_path, brand_name):
    brand = load_brand(brand_name)
    topic = load_topic(topic_path)
    leaflet = compose(topic, brand, "leaflet")
    pdf_text = squash(without_footers(pdf_pages(render(leaflet, "pdf", brand)), leaflet))
    missing = [s for t in expected_texts(leaflet) for s in sentences(t) if squash(s) not in pdf_text]
    assert missing == [], f"missing from the PDF: {missing}"

    deck = compose(topic, brand, "deck")
    slides = pptx_slides(render(deck, "pptx", brand))
    deck_text = squash("\n".join(s["text"] + "\n" + s["notes"] for s in slides))  # long paragraphs go to notes
    missing = [s for t in expected_texts(deck) for s in sentences(t) if squash(s) not in deck_text]
    assert missing == [], f"missing from the deck: {missing}"
    notes = [n for e in topic.entries for n in (node.notes for node in e.nodes) if n and e.only != "leaflet"]
    all_notes = squash("\n".join(s["notes"] for s in slides))
    assert all(squash(n) in all_notes for n in notes)


def test_a_very_long_list_and_paragraph_continue_on_more_slides(write_topic):
    items = [f"Item number {i} with a few more words to make it a realistic bullet point" for i in range(1, 20)]
    long_para = " ".join(f"This is sentence {i} of a long paragraph that keeps going." for i in range(1, 60))
    path = write_topic(
        "title: Long\nblocks:\n  - heading: Many things\n  - bullets:\n"
        + "".join(f"      - {item}\n" for item in items)
        + f"  - heading: Long text\n  - text: {long_para}\n"
    )
    brand = load_brand("default")
    deck = compose(load_topic(path), brand, "deck")
    slides = pptx_slides(render(deck, "pptx", brand))
    titles = [s["title"] for s in slides]
    many = [t for t in titles if t.startswith("Many things")]
    assert len(many) >= 4 and many[0] == f"Many things (1 of {len(many)})"
    text = squash("\n".join(s["text"] for s in slides))
    assert all(squash(i) in text for i in items)
    notes = squash("\n".join(s["notes"] for s in slides))
    assert squash(long_para) in notes  # a long paragraph: its lead on the slide, all of it in the notes
    assert squash("This is sentence 1 of a long paragraph that keeps going.(moreinthenotes)") in text
    for slide in slides:
        bullets = [
            p
            for shape in slide["slide"].placeholders
            if shape.placeholder_format.idx == 1
            for p in shape.text_frame.paragraphs
            if p._p.pPr is not None
            and p._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar") is not None
        ]
        assert len(bullets) <= 6


def test_a_region_or_country_that_is_no_country_is_an_error_not_a_block_left_out(write_topic, runner, tmp_path):
    from leaflets.cli import main

    path = write_topic("title: Regions\nblocks:\n  - text: In both.\n  - text: Tell the DVLA.\n    region: UK\n")
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "blocks[1].region: 'UK' is not a two-letter country code (ISO 3166-1): the code for that country is GB" in (
        result.output
    )
    brand = tmp_path / "clinic"
    brand.mkdir()
    (brand / "leaflets.yml").write_text("extends: default\ncountry: Britain\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--brand", str(brand), str(path)])
    assert result.exit_code == 1 and "country: 'Britain' is not a two-letter country code" in result.output


def test_a_nation_of_a_country_gets_its_own_blocks_and_its_countrys(write_topic, tmp_path):
    from leaflets.brand.brand import load_brand as load

    path = write_topic(
        "title: Nations\nblocks:\n  - text: Everywhere.\n  - text: In the UK.\n    region: GB\n"
        "  - text: Call NHS 24.\n    region: GB-SCT\n  - text: Call 111.\n    region: gb-eng\n"
    )
    for country, shown, hidden in (("GB-SCT", "Call NHS 24.", "Call 111."), ("GB-ENG", "Call 111.", "Call NHS 24.")):
        folder = tmp_path / country
        folder.mkdir()
        (folder / "leaflets.yml").write_text(f"extends: default\ncountry: {country}\n", encoding="utf-8")
        brand = load(str(folder))
        text = squash("".join(pdf_pages(render(compose(load_topic(path), brand, "leaflet"), "pdf", brand))))
        assert squash("In the UK.") in text and squash(shown) in text and squash(hidden) not in text


def test_the_country_codes_are_babels():
    from babel import Locale

    from leaflets.content.countries import COUNTRY_CODES

    territories = {k for k in Locale("en").territories if len(k) == 2 and k.isalpha()}
    # unions, pseudo-locales, places that are no country, and "unknown"
    assert territories - COUNTRY_CODES == {
        "EU",
        "EZ",
        "UN",
        "QO",
        "XA",
        "XB",
        "AC",
        "CP",
        "CQ",
        "DG",
        "EA",
        "IC",
        "TA",
        "ZZ",
    }
    assert COUNTRY_CODES <= territories and {"GB", "US", "IE", "XK"} <= COUNTRY_CODES and "UK" not in COUNTRY_CODES


def test_only_and_region_choose_the_output(write_topic):
    path = write_topic(
        """\
        title: Targets
        blocks:
          - text: In both.
          - text: Only on paper.
            only: leaflet
          - text: Only on slides.
            only: deck
          - text: Tell the DVLA.
            region: GB
          - text: Tell the motor registry.
            region: US
        """
    )
    brand = load_brand("default")
    pdf = squash("".join(pdf_pages(render(compose(load_topic(path), brand, "leaflet"), "pdf", brand))))
    deck = squash(
        "".join(s["text"] for s in pptx_slides(render(compose(load_topic(path), brand, "deck"), "pptx", brand)))
    )
    assert squash("In both.") in pdf and squash("In both.") in deck
    assert squash("Only on paper.") in pdf and squash("Only on paper.") not in deck
    assert squash("Only on slides.") in deck and squash("Only on slides.") not in pdf
    assert squash("Tell the DVLA.") in pdf and squash("Tell the motor registry.") not in pdf
