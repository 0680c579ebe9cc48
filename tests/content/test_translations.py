"""Translations kept in step with their source, and every script printed as a reader expects:
shaped, in the right order, mirrored right to left, with a draft band until a translator checks it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from helpers import CONTENT, build_bytes, pdf_pages, pptx_slides, squash

from leaflets.cli import main
from leaflets.document.strings import load_strings

LANGUAGES = ["ar", "ur", "bn", "pl", "zh-Hans"]
SHIPPED = [CONTENT / lang / f"{topic}.yaml" for lang in LANGUAGES for topic in ("bone-metastasis", "palliative-care")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A content folder with the bone topic and its Arabic translation, to change freely."""
    content = tmp_path / "content"
    (content / "ar").mkdir(parents=True)
    shutil.copy(CONTENT / "bone-metastasis.yaml", content)
    shutil.copy(CONTENT / "ar" / "bone-metastasis.yaml", content / "ar")
    return content


def actual_text(pdf: bytes) -> list[str]:
    """The reading-order text of every shaped line (its /ActualText), page by page."""
    doc = pikepdf.open(io.BytesIO(pdf))
    out = []
    for page in doc.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("BDC") and isinstance(operands[1], pikepdf.Dictionary):
                if "/ActualText" in operands[1]:
                    out.append(bytes(operands[1].ActualText).decode("utf-16").replace("\xa0", " "))
    return out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("brand", ["default", "northfield"])
def test_every_shipped_translation_builds_leaflet_and_deck(path, brand):
    pdf = build_bytes(path, "pdf", brand)
    deck = pptx_slides(build_bytes(path, "pptx", brand))
    draft = load_strings(path.parent.name)["draft_topic_band"]  # no clinician has approved the source yet
    assert len(deck) > 5
    assert all(draft in s["text"] for s in deck), "every slide carries the draft band"
    text = squash("".join(pdf_pages(pdf)) + "".join(actual_text(pdf)))
    assert squash(draft) in text


def test_arabic_lines_are_shaped_by_harfbuzz_and_read_in_logical_order(write_topic):
    import uharfbuzz as hb

    from leaflets.brand.fonts import script_fonts
    from leaflets.renderers.pdf.shaping import shape
    from leaflets.renderers.pdf.text import _register

    arabic = next(f for f in script_fonts() if f.name == "LeafletsArabic")
    _register(arabic)
    word = "العظام"
    glyphs, _ = shape(word, arabic.name, rtl=True)
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    font = hb.Font(hb.Face(hb.Blob(arabic.regular.read_bytes())))
    hb.shape(font, buf, {})
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(arabic.name).face
    assert [face.charToGlyph[ord(c)] for c in glyphs] == [g.codepoint for g in buf.glyph_infos]

    sentence = "ألم في العظام يسمى MSCC ورقم الهاتف 0808 800 6000."
    path = write_topic(
        f"title: ألم العظام\nlanguage: ar\nblocks:\n  - text: {sentence}\n  - bullets:\n      - أولاً\n      - ثانياً\n"
    )
    pdf = build_bytes(path, "pdf")
    assert sentence in actual_text(pdf)  # the words in reading order, for screen readers and copying
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    latin = [c for c in chars if c["text"] in "MSC"]
    assert [c["text"] for c in sorted(latin, key=lambda c: c["x0"])] == list("MSCC")  # Latin stays left to right
    line = [c for c in chars if abs(c["matrix"][5] - latin[0]["matrix"][5]) < 1]
    arabic = [c["x0"] for c in line if "Arabic" in c["fontname"]]
    digits = sorted((c for c in line if c["text"].isdigit()), key=lambda c: c["x0"])
    mscc = latin[0]["x0"]
    # right to left: the four words before MSCC on its right, the rest on its left, the number last (leftmost)
    assert any(x > mscc for x in arabic) and any(x < mscc for x in arabic)
    assert "".join(c["text"] for c in digits) == "08088006000" and digits[-1]["x0"] < min(x for x in arabic)
    bullets = [c for c in chars if c["text"] == "•"]
    items = [c for c in chars if "Arabic" in c["fontname"] and abs(c["matrix"][5] - bullets[0]["matrix"][5]) < 1]
    assert bullets and min(b["x0"] for b in bullets) > max(c["x0"] for c in items)  # bullets at the right edge


def test_bengali_is_shaped_with_conjuncts(write_topic):
    import uharfbuzz as hb

    from leaflets.brand.fonts import script_fonts
    from leaflets.renderers.pdf.shaping import shape
    from leaflets.renderers.pdf.text import _register

    bengali = next(f for f in script_fonts() if f.name == "LeafletsBengali")
    _register(bengali)
    word = "ক্যান্সার"  # ya-phala and a conjunct: glyphs that no single letter maps to
    glyphs, _ = shape(word, bengali.name, rtl=False)
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(hb.Font(hb.Face(hb.Blob(bengali.regular.read_bytes()))), buf, {})
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(bengali.name).face
    assert [face.charToGlyph[ord(c)] for c in glyphs] == [g.codepoint for g in buf.glyph_infos]
    assert len(glyphs) < len(word)  # shaping merged letters: it was not drawn letter by letter
    path = write_topic(f"title: স্তন ক্যান্সার\nlanguage: bn\nblocks:\n  - text: স্তন {word} হাড়ে ছড়িয়ে পড়েছে।\n")
    assert f"স্তন {word} হাড়ে ছড়িয়ে পড়েছে।" in actual_text(build_bytes(path, "pdf"))


def test_punctuation_shared_by_scripts_stays_in_the_font_of_its_sentence():
    """The danda ends Bengali (and Hindi) sentences; Noto Sans has it too, but it belongs with
    the Bengali letters before it: one font, shaped together, nothing else embedded for it."""
    from leaflets.brand.brand import load_brand
    from leaflets.renderers.pdf.text import PdfFonts

    runs = PdfFonts(load_brand("default").fonts).font_runs("হাড়ে ছড়িয়ে পড়েছে। পরের", None)
    assert [(font.name if font else None, text) for font, text in runs] == [
        ("LeafletsBengali", "হাড়ে"), (None, " "), ("LeafletsBengali", "ছড়িয়ে"), (None, " "),
        ("LeafletsBengali", "পড়েছে।"), (None, " "), ("LeafletsBengali", "পরের"),
    ]  # fmt: skip


def test_dots_and_marks_sit_on_their_letters():
    """HarfBuzz places an Arabic letter's dots and marks (glyphs of no width) over the letter's
    body, and reportlab draws those positions only for a font it counts as shapable: the dots
    lie inside the letters, not after them (where they fell when reportlab was left without
    HarfBuzz)."""
    import pdfplumber

    pdf = build_bytes(CONTENT / "ar" / "bone-metastasis.yaml", "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        chars = [c for c in opened.pages[0].chars if "Arabic" in c["fontname"]]
    marks = [c for c in chars if c["x1"] - c["x0"] < 0.01]
    on_letter = [
        m for m in marks
        if any(d is not m and abs(d["top"] - m["top"]) < 6 and d["x0"] + 0.5 < m["x0"] < d["x1"] - 0.5 for d in chars)
    ]  # fmt: skip
    assert len(marks) > 100 and len(on_letter) > len(marks) / 2


def test_deck_marks_direction_language_and_script_fonts():
    deck = build_bytes(CONTENT / "ar" / "bone-metastasis.yaml", "pptx")
    xml = "".join(
        zipfile.ZipFile(io.BytesIO(deck)).read(n).decode()
        for n in zipfile.ZipFile(io.BytesIO(deck)).namelist()
        if n.startswith("ppt/slides/slide")
    )
    assert 'rtl="1"' in xml and 'algn="r"' in xml
    assert 'lang="ar"' in xml and '<a:cs typeface="Arial"/>' in xml
    chinese = build_bytes(CONTENT / "zh-Hans" / "bone-metastasis.yaml", "pptx")
    slide = zipfile.ZipFile(io.BytesIO(chinese)).read("ppt/slides/slide2.xml").decode()
    assert 'lang="zh-Hans"' in slide and '<a:ea typeface="Microsoft YaHei"/>' in slide and 'rtl="1"' not in slide


def test_right_to_left_pages_are_mirrored():
    import pdfplumber

    pdf = build_bytes(CONTENT / "ar" / "palliative-care.yaml", "pdf", "northfield", layout="trifold-a4")
    english = build_bytes(CONTENT / "palliative-care.yaml", "pdf", "northfield", layout="trifold-a4")

    def title_x(data: bytes) -> tuple[float, float]:
        """Where the biggest text on the outside (the cover's title) sits, and the sheet's width."""
        with pdfplumber.open(io.BytesIO(data)) as plumbed:
            chars, width = plumbed.pages[0].chars, plumbed.pages[0].width
        biggest = [c["x0"] for c in chars if c["size"] == max(c["size"] for c in chars)]
        return sum(biggest) / len(biggest) / width, width

    assert title_x(english)[0] > 2 / 3  # English: the cover is the right-hand panel
    assert title_x(pdf)[0] < 1 / 3  # Arabic: it opens the other way, so the cover is on the left


def test_draft_band_goes_once_reviewed(project, runner):
    path = project / "ar" / "bone-metastasis.yaml"
    draft = load_strings("ar")["draft_topic_band"]
    assert draft in actual_text(build_bytes(path, "pdf"))  # the source awaits sign-off
    sign = ["--by", "Dr A. Example", "--role", "Consultant oncologist", "--date", "2026-11-27"]
    assert runner.invoke(main, ["approve", str(project / "bone-metastasis.yaml"), *sign]).exit_code == 0
    draft = load_strings("ar")["draft_band"]  # approved source: the band now says the translation is unchecked
    assert draft in actual_text(build_bytes(path, "pdf"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("translation_status: draft", "translation_status: reviewed"),
        encoding="utf-8",
    )
    assert draft not in actual_text(build_bytes(path, "pdf"))
    assert all(draft not in s["text"] for s in pptx_slides(build_bytes(path, "pptx")))


def test_a_changed_source_makes_the_translation_stale_and_diff_shows_what_changed(project, runner):
    source, translation = project / "bone-metastasis.yaml", project / "ar" / "bone-metastasis.yaml"
    result = runner.invoke(main, ["check", str(translation)])
    assert "changed since" not in result.output
    repo = project.parent  # the content folder inside the repository, as in this one
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v1"], cwd=repo, check=True)
    source.write_text(
        source.read_text(encoding="utf-8").replace("a dull, gnawing ache", "a deep, gnawing ache"), encoding="utf-8"
    )
    result = runner.invoke(main, ["check", str(translation)])
    assert "bone-metastasis.yaml changed since this was translated" in result.output
    shown = runner.invoke(main, ["diff", str(translation)])
    assert shown.exit_code == 1
    assert (
        "-      - a dull, gnawing ache in a bone" in shown.output
        and "+      - a deep, gnawing ache in a bone" in shown.output
    )
    assert runner.invoke(main, ["diff", str(translation), "--stamp"]).exit_code == 0
    assert "changed since" not in runner.invoke(main, ["check", str(translation)]).output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: re.sub(r"\n  - heading: [^\n]*\n", "\n", t, count=1), "is missing from the translation"),
        (lambda t: t.replace("style: urgent", "style: info", 1), "must be 'urgent'"),
        (lambda t: re.sub(r"(bullets:\n      - [^\n]*\n)", r"\1      - بند إضافي\n", t, count=1), "items;"),
    ],
    ids=["missing-block", "changed-style", "extra-item"],
)
def test_blocks_must_match_the_source(project, runner, change, message):
    path = project / "ar" / "bone-metastasis.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert message in result.output and re.search(r"ar/bone-metastasis\.yaml:\d+: ", result.output)


def test_a_character_no_font_has_is_an_error_naming_it(project, runner):
    path = project / "ar" / "bone-metastasis.yaml"
    text = path.read_text(encoding="utf-8").replace("الحبل الشوكي", "الحبل ሰ الشوكي", 1)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", str(path), "--out", str(project / "out")])
    assert result.exit_code == 1
    assert "U+1230 ETHIOPIC SYLLABLE SA" in result.output and "ar/bone-metastasis.yaml" in result.output
    assert not list((project / "out").glob("*.pdf"))


def test_a_language_without_strings_is_a_clear_error(write_topic, runner, tmp_path, monkeypatch):
    path = write_topic("title: Habari\nlanguage: sw\nblocks:\n  - text: Maandishi.\n")
    result = runner.invoke(main, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "no strings for language 'sw'" in result.output
    monkeypatch.chdir(tmp_path)  # a project's own templates/strings come first
    (tmp_path / "templates" / "strings").mkdir(parents=True)
    (tmp_path / "templates" / "strings" / "sw.yml").write_text("strings:\n  page_of: Ukurasa {page} wa {pages}\n")
    load_strings.cache_clear()
    result = runner.invoke(main, ["build", str(path), "--out", str(tmp_path / "out")])
    load_strings.cache_clear()
    assert result.exit_code == 1 and "missing strings for 'sw'" in result.output and "who_to_contact" in result.output


def test_dates_and_labels_in_the_readers_language():
    text = "".join(pdf_pages(build_bytes(CONTENT / "pl" / "bone-metastasis.yaml", "pdf")))
    assert "listopad 2029" in text and "Strona 1 z" in text and "Źródła" in text
    assert "Page 1" not in text and "Sources" not in text


def test_readability_is_skipped_not_faked_for_other_languages(runner):
    result = runner.invoke(main, ["check", str(CONTENT / "pl" / "bone-metastasis.yaml")])
    assert "readability not scored" in result.output and "reading ease" not in result.output


def test_bilingual_layout_sets_each_part_beside_its_translation(runner, tmp_path):
    import pdfplumber

    pdf = build_bytes(CONTENT / "pl" / "bone-metastasis.yaml", "pdf", "northfield", layout="bilingual-a4")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0]
        middle = first.width / 2
        english = "".join(c["text"] for c in first.chars if c["x0"] < middle)
        polish = "".join(c["text"] for c in first.chars if c["x0"] > middle)
    assert "Signsofbonemetastasis" in squash(english) and "Where it happens" in english
    assert "Gdzie" in polish and "Signs of bone" not in polish
    # each heading is level with its translation
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = doc.pages[0].extract_words()
    where = next(w for w in words if w["text"] == "Where")
    across = [w for w in words if w["x0"] > middle and abs(w["top"] - where["top"]) < 3]
    assert across, "the Polish heading sits level with the English one"
    doc = pikepdf.open(io.BytesIO(pdf))
    langs = {str(e.get("/Lang")) for e in doc.Root.StructTreeRoot.K[0].K if "/Lang" in e}
    assert {"en-GB", "pl"} <= langs
    result = runner.invoke(
        main, ["build", str(CONTENT / "bone-metastasis.yaml"), "--layout", "bilingual-a4", "-o", str(tmp_path)]
    )
    assert result.exit_code == 1 and "build it for a translated topic" in result.output


TRANSLATIONS = sorted(p for p in CONTENT.glob("*/*.yaml") if p.parent.name != "talks")


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_translation_builds_beside_its_source_with_every_term_it_explains(path):
    # the English column's glossary once split into two columns a quarter of a page wide, and
    # reportlab's table could not split them: Polish, Bengali and Urdu failed with an internal error
    from leaflets.brand.brand import load_brand
    from leaflets.content.glossary import find_glossary, load_glossary
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.renderers import FORMATS, Options

    brand = load_brand("default")
    doc = compose(load_topic(path), brand, "leaflet", load_glossary(find_glossary(path)))
    assert doc.source is not None and doc.source.glossary
    out = io.BytesIO()
    FORMATS["pdf"].load()(doc, brand, out, Options(layout="bilingual-a4"))
    text = squash("".join(pdf_pages(out.getvalue())))
    assert all(squash(f"{term}: {meaning}") in text for term, meaning in doc.source.glossary)


def test_translations_that_name_each_other_are_an_error_not_a_crash(write_topic, runner):
    head = "language: {}\ntranslation_status: draft\ntranslated_by: x\ntitle: T\nblocks:\n  - text: T\n"
    write_topic("translation_of: b\n" + head.format("ar"), "a.yaml")
    path = write_topic("translation_of: a\n" + head.format("pl"), "b.yaml")
    result = runner.invoke(main, ["check", str(path.parent)])
    assert result.exit_code == 1 and "no original topic 'a'" in result.output and "Traceback" not in result.output


def test_a_word_too_long_for_the_line_is_cut_into_lines_without_spaces(write_topic):
    word = "ب" * 160
    path = write_topic(f"title: طويل\nlanguage: ar\nblocks:\n  - text: كلمة {word} طويلة\n")
    lines = actual_text(build_bytes(path, "pdf"))
    said = "".join(lines)
    assert f"كلمة {word} طويلة" in said  # every letter, and no space cut into the word


def test_arabic_inside_an_english_leaflet_is_shaped_not_dropped(write_topic):
    path = write_topic(
        "title: Languages\nlanguage: en-GB\nblocks:\n  - text: We also have leaflets in Arabic (العربية).\n"
    )
    assert "We also have leaflets in Arabic (العربية)." in actual_text(build_bytes(path, "pdf"))


def test_right_to_left_booklets_are_imposed_from_the_right():
    import pdfplumber

    def cover_side(path: Path) -> str:
        with pdfplumber.open(io.BytesIO(build_bytes(path, "pdf", layout="booklet-a5"))) as doc:
            first = doc.pages[0]  # the outside of the outer sheet: the back and the cover
            biggest = max(c["size"] for c in first.chars)
            xs = [c["x0"] for c in first.chars if c["size"] == biggest]
        return "right" if sum(xs) / len(xs) > first.width / 2 else "left"

    assert cover_side(CONTENT / "palliative-care.yaml") == "right"
    assert cover_side(CONTENT / "ar" / "palliative-care.yaml") == "left"


def test_a_translation_uses_its_sources_pictures(tmp_path, runner):
    from PIL import Image

    (tmp_path / "images").mkdir()
    (tmp_path / "pl").mkdir()
    Image.new("RGB", (400, 300), "teal").save(tmp_path / "images" / "spine.png")
    picture = "  - image:\n      src: images/spine.png\n      alt: {}\n"
    (tmp_path / "spine.yaml").write_text("title: Spine\nblocks:\n" + picture.format("The bones of the spine"))
    (tmp_path / "pl" / "spine.yaml").write_text(
        "translation_of: spine\nlanguage: pl\ntranslation_status: draft\ntranslated_by: x\ntitle: Kręgosłup\n"
        "blocks:\n" + picture.format("Kości kręgosłupa"),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", str(tmp_path / "pl"), "-o", str(tmp_path / "out"), "-f", "pdf"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "out" / "spine-pl.pdf") as pdf:  # the source's picture, with the Polish alt text
        pictures = [image for page in pdf.pages for image in pikepdf.Page(page).get_images().values()]
        alts = [str(e.get("/Alt")) for e in _struct_elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    assert [(image.Width, image.Height) for image in pictures] == [(400, 300)]
    assert alts == ["Kości kręgosłupa"]


def _struct_elements(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _struct_elements(kid)


@pytest.mark.parametrize(
    ("catalogue", "message"),
    [
        ("- a list, not a mapping\n", "expected language, name, direction and a mapping of strings"),
        ("strings: {page_of: [\n", "sw.yml:1: a [ or { on this line is never closed"),
        ("strings:\n  page_of: ''\n", "missing strings for 'sw': page_of"),
    ],
    ids=["not-a-mapping", "bad-yaml", "empty-value"],
)
def test_a_broken_catalogue_is_a_clear_error(write_topic, runner, tmp_path, monkeypatch, catalogue, message):
    path = write_topic("title: Habari\nlanguage: sw\nblocks:\n  - text: Maandishi.\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates" / "strings").mkdir(parents=True)
    (tmp_path / "templates" / "strings" / "sw.yml").write_text(catalogue, encoding="utf-8")
    load_strings.cache_clear()
    try:
        result = runner.invoke(main, ["check", str(path)])
    finally:
        load_strings.cache_clear()
    assert result.exit_code == 1 and message in result.output and "internal error" not in result.output


@pytest.mark.parametrize("language", ["bn", "ur", "ar"])
def test_a_zero_width_character_in_shaped_text_is_laid_out_not_a_crash(language, write_topic):
    """The bidi algorithm drops format characters (rule X9); the line keeps every letter."""
    word = {"bn": "স্বাভাবিকের", "ur": "ہڈیوں", "ar": "العظام"}[language]
    topic = write_topic(f'title: T\nlanguage: {language}\nblocks:\n  - text: "\\u200b{word} \\u200d{word}\\u200b"\n')
    text = squash("".join(pdf_pages(build_bytes(topic, "pdf"))))
    assert text.count(word[0]) >= 2
