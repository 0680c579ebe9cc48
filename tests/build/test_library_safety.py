"""The library's safety instructions reach every output a reader or an audience sees: the seizure
first aid and the rules for calling 999 in the brain topic, read back from the built leaflet, the
topic's deck and the awareness talk's "When to get help" slides."""

from __future__ import annotations

import pytest
from helpers import CONTENT, build_bytes, help_slides, pdf_pages, pptx_slides, squash

from leaflets.cli import main
from leaflets.content.inline import plain
from leaflets.content.topic import load_topic
from leaflets.document.nodes import Callout

BRAIN = CONTENT / "brain-metastasis.yaml"

# What a person must be able to do in the moment, worded as the reference gives it (B9.1, B7.4).
FIRST_AID = [
    "Stay with them. Note the time it starts.",
    "Move the danger, not the person.",
    "put something soft under their head",
    "Do not hold them down",
    "Put nothing in their mouth, not even your fingers.",
    "roll them gently onto their side",
    "Stay with them until they are fully awake.",
]
CALL_999 = [
    "Call 999 for a seizure if",
    "it is the first seizure the person has ever had",
    "the seizure lasts more than 5 minutes",
    "one seizure follows another without the person coming round in between",
    "the person is injured",
    "they have trouble breathing after it stops",
    "they do not wake up fully",
]


def seizure_callouts() -> list[str]:
    """Every title and step of the topic's urgent seizure callouts, as the topic file says them, so that
    a step added later is held to the same rule."""
    topic = load_topic(BRAIN)
    said = []
    for entry in topic.entries:
        for node in entry.nodes:
            if isinstance(node, Callout) and node.style == "urgent" and "seizure" in plain(node.title or ()):
                said.append(plain(node.title).replace("{emergency}", "999"))
                said += [plain(item) for child in node.body for item in getattr(child, "items", ())]
    return said


def missing(wanted: list[str], text: str) -> list[str]:
    return [w for w in wanted if squash(w) not in squash(text)]


def test_the_topic_still_says_every_step():
    steps = seizure_callouts()
    assert len(steps) >= len(FIRST_AID) + len(CALL_999) - 1  # two titles and every step
    assert missing(FIRST_AID + CALL_999, "\n".join(steps)) == []


@pytest.mark.parametrize("options", [{}, {"large_print": True}, {"layout": "a5"}])
def test_the_brain_leaflet_prints_the_first_aid_and_the_999_rules(options):
    text = "".join(pdf_pages(build_bytes(BRAIN, "pdf", "northfield", **options)))
    assert missing(FIRST_AID + CALL_999 + seizure_callouts(), text) == []
    # the UK driving rule is there for a UK brand
    assert "you must tell the DVLA" in " ".join(text.split())


def test_the_brain_deck_shows_the_first_aid_and_the_999_rules():
    slides = pptx_slides(build_bytes(BRAIN, "pptx", "northfield"))
    urgent = "\n".join(s["text"] for s in slides if s["title"].startswith("Urgent: ") and "seizure" in s["title"])
    assert missing(FIRST_AID + CALL_999 + seizure_callouts(), urgent) == []
    notes = "\n".join(s["notes"] for s in slides)
    assert "recovery position" in notes  # the presenter can name it


def test_the_talk_summary_carries_the_first_aid_and_the_999_rules(library, runner):
    result = runner.invoke(main, ["build", "content/talks", "-f", "pptx", "-b", "northfield", "-q"])
    assert result.exit_code == 0, result.output
    slides = pptx_slides((library / "output" / "know-the-signs.pptx").read_bytes())
    summary = help_slides(slides)
    # the body of the summary slides, without their titles, so a step split across slides reads on
    body = "".join(
        shape.text_frame.text
        for s in summary
        for shape in s["slide"].shapes
        if shape.has_text_frame and shape != s["slide"].shapes.title
    )
    assert missing(FIRST_AID + CALL_999[1:], body) == []  # the first is the title of its slide
    # each callout's own title says what to do, as the title of its slides
    assert missing(seizure_callouts(), "\n".join(s["text"] for s in summary)) == []


def test_the_talk_summary_keeps_each_first_aid_step_on_its_own_numbered_line(library, runner):
    """Steps to follow in the moment are never run together with semicolons."""
    result = runner.invoke(main, ["build", "content/talks", "-f", "pptx", "-q"])
    assert result.exit_code == 0, result.output
    slides = pptx_slides((library / "output" / "know-the-signs.pptx").read_bytes())
    summary = help_slides(slides)
    paragraphs = [
        p for s in summary for shape in s["slide"].shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
    ]
    steps = [p.text for p in paragraphs if p.text.startswith(("Stay with them. Note the time", "Move things"))]
    assert len(steps) == 2, [p.text for p in paragraphs]
    assert not any(";" in p.text and "Note the time" in p.text for p in paragraphs)
    # every slide that holds first-aid steps says whose steps they are, also when the list goes on
    for slide in summary:
        text = slide["text"]
        if "Stay with them until they are fully awake" in text or "Put nothing in their mouth" in text:
            assert "Seizures (fits): If someone has a seizure" in text
