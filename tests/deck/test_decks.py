"""Decks a presenter can use: talks from several topics, the PDF twin, and the accessibility audit."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from helpers import CONTENT, build_bytes, help_slides, pdf_pages, pptx_slides, sentences, squash

from leaflets.checks.deck_audit import audit_deck
from leaflets.cli import main


def test_the_shipped_talk_is_a_20_minute_deck(library, runner):
    result = runner.invoke(main, ["build", "content/talks", "-f", "pptx", "-b", "northfield", "-q"])
    assert result.exit_code == 0, result.output
    slides = pptx_slides((library / "output" / "know-the-signs.pptx").read_bytes())
    titles = [s["title"] for s in slides]
    # about 30 seconds a slide, at most about 40 words each; the seizure first aid takes three in
    # its section and three more on "When to get help", where its steps keep a numbered line each
    assert 15 <= len(slides) <= 48
    assert titles[0] == "Metastatic breast cancer: know the signs"
    assert "Presented by a volunteer of Northfield Cancer Support" in slides[0]["text"]
    assert titles[1] == "What we will cover"
    for part in (
        "Signs of bone metastasis",
        "Secondary breast cancer in the brain",
        "Secondary breast cancer in the lung",
    ):
        assert part in slides[1]["text"] and part in titles  # in the agenda, and a section slide of its own
    assert any(t.startswith("When to get help") for t in titles)
    assert "Who to contact" in titles and "Find out more" in titles
    assert titles[-1].startswith("Sources and review")
    assert len(set(titles)) == len(titles)
    summary = "\n".join(s["text"] for s in help_slides(slides))
    assert "Pressure on the spinal cord:" in summary and "Seizures (fits):" in summary
    assert "the seizure lasts more than 5 minutes" in summary  # every sign, not a list that ends "if"
    # the chosen sections only: bone's treatment section is not in the talk
    assert "Treatments that help" not in titles
    layouts = {s["slide"].slide_layout.name for s in slides}
    assert {"Northfield cover", "Northfield text", "Northfield chapter"} <= layouts  # the brand's own template


def test_a_talk_naming_a_missing_section_or_topic_says_which(library, runner):
    (library / "content" / "talks" / "bad.yaml").write_text(
        "title: Bad talk\ntopics:\n  - topic: bone-metastasis\n    sections: [Signs to look out fr]\n"
        "  - lung-metastasiss\n"
    )
    result = runner.invoke(main, ["build", "content/talks/bad.yaml", "-f", "pptx"])
    assert result.exit_code == 1
    assert (
        "'bone-metastasis' has no section 'Signs to look out fr' (did you mean 'Signs to look out for'?)"
        in result.output
    )
    assert "no topic 'lung-metastasiss' (did you mean 'lung-metastasis'?)" in result.output


def test_slides_pdf_twin_has_every_slide_title_and_no_text_off_the_page(library, runner):
    result = runner.invoke(main, ["build", "content/bone-metastasis.yaml", "-f", "slides-pdf", "-q"])
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(io.BytesIO((library / "output" / "bone-metastasis-slides.pdf").read_bytes()))
    width, height = pdf[0].get_size()
    assert abs(width / height - 16 / 9) < 0.01
    texts = []
    for i in range(len(pdf)):
        page = pdf[i].get_textpage()
        texts.append(page.get_text_range())
        for j in range(page.count_chars()):
            if page.get_text_range(j, 1).strip():
                left, bottom, right, top = page.get_charbox(j)
                assert bottom >= 0 and left >= 0 and right <= width and top <= height
    joined = squash("".join(texts))
    assert squash("Urgent: Call your 24-hour cancer helpline straight away if you have") in joined
    assert squash("problems controlling your bladder or bowels") in joined


def test_preview_pictures_a_deck_without_libreoffice(library, runner):
    from PIL import Image

    result = runner.invoke(main, ["preview", "content/palliative-care.yaml", "--deck", "--out", "pv"])
    assert result.exit_code == 0, result.output
    slides = sorted(
        (library / "pv").glob("palliative-care-slides-page-*.png"), key=lambda p: int(p.stem.split("-")[-1])
    )
    runner.invoke(main, ["build", "content/palliative-care.yaml", "-f", "pptx", "-q"])
    deck = pptx_slides((library / "output" / "palliative-care.pptx").read_bytes())
    assert len(slides) == len(deck) > 5  # one picture per slide of the deck
    for path in slides:
        with Image.open(path) as picture:
            assert abs(picture.width / picture.height - 16 / 9) < 0.02
            assert len(picture.convert("L").getcolors(maxcolors=1 << 16) or range(999)) > 8  # drawn, not blank
    with Image.open(slides[0]) as title:  # the title slide is the brand's colour
        assert title.convert("RGB").getpixel((5, 5)) != (255, 255, 255)
    assert (library / "pv" / "palliative-care-slides-sheet.png").is_file()


def test_the_audit_finds_what_powerpoints_checker_would(library, runner):
    from pptx import Presentation

    runner.invoke(main, ["build", "content/palliative-care.yaml", "-f", "pptx", "-q", "-b", "northfield"])
    data = (library / "output" / "palliative-care.pptx").read_bytes()
    assert audit_deck(data, "deck") == []
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    slides[1].shapes.title.text_frame.text = slides[2].shapes.title.text_frame.text
    slides[3].shapes.title.text_frame.text = ""
    picture = next(sh for sh in slides[0].shapes if sh.shape_type == 13)
    picture._element._nvXxPr.cNvPr.set("descr", "")
    out = io.BytesIO()
    prs.save(out)
    found = [str(d) for d in audit_deck(out.getvalue(), "deck")]
    assert any("slide 3: has the same title as slide 2" in f for f in found)
    assert any("slide 4: has no title" in f for f in found)
    assert any("slide 1: picture" in f and "has no alt text" in f for f in found)
    assert any("has no language set" in f for f in found)  # text typed in by hand has none


def test_quotes_and_pictures_beside_text(tmp_path, runner, monkeypatch):
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (800, 600), "teal").save(tmp_path / "pic.png")
    (tmp_path / "t.yaml").write_text(
        "title: T\nblocks:\n  - heading: Words and a picture\n  - text: A short line of text.\n"
        "  - image: {src: pic.png, alt: A teal square}\n  - heading: In their words\n"
        "  - quote: {text: It helped me <3, by: Sam}\n"
    )
    assert runner.invoke(main, ["build", "t.yaml", "-f", "all", "-q"]).exit_code == 0
    slides = pptx_slides((tmp_path / "output" / "t.pptx").read_bytes())
    beside = next(s for s in slides if s["title"] == "Words and a picture")
    shapes = {sh.shape_type: sh for sh in beside["slide"].shapes}
    picture = shapes[13]
    body = next(sh for sh in beside["slide"].placeholders if sh.placeholder_format.idx == 1)
    assert "A short line of text." in body.text_frame.text and body.left + body.width <= picture.left
    quote = next(s for s in slides if s["title"] == "In their words")
    assert "“It helped me <3”" in quote["text"] and "— Sam" in quote["text"]
    pdf = "".join(pdf_pages((tmp_path / "output" / "t.pdf").read_bytes()))
    assert "“It helped me <3”" in pdf and "— Sam" in pdf


def test_planned_slides_never_overflow_their_box():
    """Random mixes of subheadings, bullets and paragraphs, measured with the real font."""
    import random

    from leaflets.brand.fonts import deck_metrics_font
    from leaflets.brand.measure import Measurer
    from leaflets.content.inline import Run
    from leaflets.deck.plan import BodyBox, Line, Planner

    words = "pain bone back sleep helpline numbness weakness calcium thirsty tired appetite team".split()
    rng = random.Random(7)
    box = BodyBox(850, 330)
    planner = Planner(Measurer.of(deck_metrics_font()), box, box)
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(1, 14)):
            count = rng.randint(2, 70)
            text = " ".join(rng.choice(words) + ("." if i % 9 == 8 else "") for i in range(count))
            lines.append(Line((Run(text),), rng.choice(["para", "bullet", "sub", "number"]), 1))
        pages = planner.paginate(lines, box)
        for number, page in enumerate(pages, 1):
            assert sum(planner.height(line, box) for line in page) <= box.height + 0.5
            # a subheading ends a slide only when it is the last line, or too big to share one
            assert page[-1].kind != "sub" or number == len(pages) or len(page) == 1


def test_notes_and_long_captions_are_kept(tmp_path, runner, monkeypatch):
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (800, 600), "teal").save(tmp_path / "pic.png")
    caption = " ".join(f"Caption sentence {i} describes the drawing in some detail." for i in range(12))
    (tmp_path / "t.yaml").write_text(
        "title: T\nblocks:\n  - heading: Only a box\n    notes: Heading notes that must survive.\n"
        "  - callout: {style: info, title: Look, text: Inside the box.}\n"
        f"  - heading: Picture\n  - image: {{src: pic.png, alt: A teal square, caption: '{caption}'}}\n"
    )
    assert runner.invoke(main, ["build", "t.yaml", "-f", "pptx", "-q"]).exit_code == 0
    slides = pptx_slides((tmp_path / "output" / "t.pptx").read_bytes())
    assert any("Heading notes that must survive." in s["notes"] for s in slides)
    text = squash("".join(s["text"] for s in slides))
    assert all(squash(sentence) in text for sentence in sentences(caption))  # on as many slides as it needs
    for slide in slides:  # nothing below the slide's edge
        for shape in slide["slide"].shapes:
            assert shape.top + shape.height <= 6858000


def test_a_talk_with_an_expired_part_is_not_built(library, runner):
    import datetime as _dt

    topic = library / "content" / "lung-metastasis.yaml"
    past = (_dt.date.today() - _dt.timedelta(days=2)).isoformat()
    text = topic.read_text()
    import re

    text = re.sub(r"reviewed: \S+", "reviewed: 2023-01-01", text)
    topic.write_text(re.sub(r"next_review: \S+", f"next_review: {past}", text))
    result = runner.invoke(main, ["build", "content/talks", "-f", "pptx", "-q"])
    assert result.exit_code == 1
    assert f"next_review: {past} has passed" in result.output
    assert not (library / "output" / "know-the-signs.pptx").exists()


def test_the_deck_says_who_wrote_and_checked_it_as_the_leaflet_does():
    """The governance lines are written once (document/backmatter) and read the same everywhere."""
    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.backmatter import about_lines
    from leaflets.document.compose import compose

    topic = CONTENT / "bone-metastasis.yaml"
    about = about_lines(compose(load_topic(topic), load_brand("default"), "leaflet"))
    assert any(line.startswith("Leaflet MBC-") for line in about) and any("Written by" in line for line in about)
    leaflet = squash("".join(pdf_pages(build_bytes(topic, "pdf"))))
    deck = squash(" ".join(s["text"] for s in pptx_slides(build_bytes(topic, "pptx"))))
    slides = squash("".join(pdf_pages(build_bytes(topic, "slides-pdf"))))
    for line in about:
        assert squash(line) in leaflet and squash(line) in deck and squash(line) in slides, line


def test_a_callout_title_too_long_for_the_templates_title_area_leads_its_box_instead(write_topic):
    """A template with a narrow title area grows a long callout title's bar down into the box:
    past half the box, the slide is titled by its section and the callout's title leads the box
    (on every slide it takes); a title that leaves no room even then is an error naming it."""
    import pytest

    from leaflets.brand.brand import load_brand
    from leaflets.brand.fonts import deck_metrics_font
    from leaflets.brand.measure import Measurer
    from leaflets.content.inline import plain
    from leaflets.content.topic import load_topic
    from leaflets.deck.plan import BodyBox, Planner, plan_deck
    from leaflets.document.compose import compose
    from leaflets.errors import RenderError

    path = write_topic(
        """\
        title: Spinal cord compression
        blocks:
          - heading: Know the signs
          - text: The cancer can press on the spinal cord.
          - callout:
              style: urgent
              title: Call your 24-hour cancer helpline straight away, day or night, if you have any of these
              bullets: [pain in your back or neck, numbness or tingling, weakness in your legs]
        """
    )
    doc = compose(load_topic(path), load_brand("default"), "deck")
    box = BodyBox(850, 330)

    def bar(grows_with_words: float):
        return lambda title, urgent: len(title.split()) * grows_with_words

    callouts = [
        p for p in plan_deck(doc, Planner(Measurer.of(deck_metrics_font()), box, box, bar(5))) if p.kind == "callout"
    ]
    assert callouts[0].title.endswith(
        "Call your 24-hour cancer helpline straight away, day or night, if you have any of these"
    )
    led = [
        p for p in plan_deck(doc, Planner(Measurer.of(deck_metrics_font()), box, box, bar(12))) if p.kind == "callout"
    ]
    assert led and all(p.title == "Urgent: Know the signs" for p in led)
    assert all(plain(p.lines[0].text).startswith("Call your 24-hour cancer helpline") for p in led)
    assert {plain(line.text) for p in led for line in p.lines} >= {"pain in your back or neck", "weakness in your legs"}
    with pytest.raises(RenderError, match="the slide title 'Urgent: Know the signs' fills the deck template's slide"):
        plan_deck(doc, Planner(Measurer.of(deck_metrics_font()), box, box, bar(60)))
