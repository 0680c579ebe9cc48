"""leaflets import: Word and Markdown leaflets become topics that build, each mapping checked on
the YAML written and on the PDF and deck built from it; nothing unmapped is lost silently."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import CONTENT, build_all, build_bytes, pdf_pages, pptx_slides

from leaflets.cli import main

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402

DATA = Path(__file__).parent.parent / "data" / "word"


@pytest.fixture
def picture(tmp_path) -> Path:
    from PIL import Image

    path = tmp_path / "drawing.png"
    Image.new("RGB", (400, 300), "teal").save(path)
    return path


def run_import(runner, source: Path, *args: str):
    out = source.parent / "content" / f"{source.stem}.yaml"
    result = runner.invoke(main, ["import", str(source), "--out", str(out), *args])
    return result, out


def blocks(out: Path) -> list[dict]:
    return yaml.safe_load(out.read_text(encoding="utf-8"))["blocks"]


def test_a_libreoffice_document_from_html_maps_every_part(runner, tmp_path):
    source = tmp_path / "leaflet.docx"
    source.write_bytes((DATA / "libreoffice-leaflet.docx").read_bytes())
    result, out = run_import(runner, source)
    assert result.exit_code == 0, result.output
    topic = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert topic["title"] == "Signs of bone metastasis"
    assert topic["code"] == "MBC-903"
    assert topic["sources"] == [{"title": "Spinal metastases (NG234)", "url": "https://www.nice.org.uk/guidance/ng234"}]
    got = topic["blocks"]
    opening = (
        "Bone metastasis means breast cancer has spread to the bones. It is **still breast cancer**, not bone cancer."
    )
    assert got[0] == {"text": opening}
    assert {"heading": "Common signs"} in got
    assert {"bullets": ["A new pain in a bone", "Pain that gets worse at night", "or wakes you up"]} in got
    assert {"heading": "What to do next"} in got  # a bold line, flagged
    assert '# CHECK: "What to do next" is a short bold line' in out.read_text()
    assert {"numbered": ["Write down the signs.", "Call your team."]} in got
    assert any("[Breast Cancer Now](https://breastcancernow.org" in b.get("text", "") for b in got)
    assert any("*specialist nurse*" in b.get("text", "") for b in got)
    table = next(b["table"] for b in got if "table" in b)
    assert table == {
        "header": ["When", "Who to call"],
        "rows": [["Weekdays", "Your specialist nurse"], ["Nights", "The oncology helpline"]],
    }
    callout = next(b["callout"] for b in got if "callout" in b)
    assert callout == {"style": "urgent", "text": "Call 999 now if you cannot move your legs."}
    image = next(b["image"] for b in got if "image" in b)
    assert image["alt"].startswith("ALT TEXT NEEDED")
    assert (out.parent / image["src"]).is_file()
    # pasted-text hygiene: a typed bullet made a list item, the zero-width space and the gluing space gone
    # the zero-width space glued "a" and "zero": it becomes a space, as in any topic text
    assert {"bullets": ["A typed bullet with a zero width space and a gluing space"]} in got
    assert "nested 1 level(s) deep" in result.output and "no alt text" in result.output
    # the topic builds as it is, and the mappings show in the leaflet and the deck
    pdf = "".join(pdf_pages(build_all(out, "pdf")[0]))
    for words in ("Who to call", "The oncology helpline", "Call 999 now", "Urgent", "Write down the signs"):
        assert words in pdf
    slides = pptx_slides(build_all(out, "pptx")[0])
    tables = [s for s in slides for shape in s["slide"].shapes if shape.has_table]
    assert tables and "The oncology helpline" in tables[0]["text"]
    # check refuses the picture until its alt text is written
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 1 and "has no alt text yet" in checked.output


def word_document(picture: Path) -> docx.document.Document:
    """A Word document as people write leaflets: styles, a list, a picture with alt text, a
    shaded warning, a text box, a comment, fields and a link."""
    d = docx.Document()
    d.core_properties.title = "Living with bone metastasis"
    d.core_properties.identifier = "MBC-950"
    d.core_properties.language = "en-GB"
    d.add_paragraph("Living with bone metastasis", style="Title")
    d.add_paragraph("What to look out for", style="Subtitle")
    intro = d.add_paragraph("Most bone pain is ")
    intro.add_run("not").italic = True
    intro.add_run(" an emergency.")
    d.add_heading("Signs", 1)
    d.add_paragraph("A new pain", style="List Bullet")
    d.add_paragraph("Pain at night", style="List Bullet")
    d.add_heading("More detail", 3)
    d.add_picture(str(picture))
    d.inline_shapes[0]._inline.docPr.set("descr", "Drawing of the spine")
    d.add_paragraph("The spine", style="Caption")
    warning = d.add_paragraph("Call 999 if you cannot feel your legs.")
    warning._p.get_or_add_pPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="FFE0E0"/>'))
    host = d.add_paragraph()
    host._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>Keep your helpline number by the phone.</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    field = d.add_paragraph("Page ")
    field._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    link = d.add_paragraph("See ")  # a HYPERLINK field, as Word writes links it made from typed addresses
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.nhs.uk" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>the NHS website</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        link._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
    commented = d.add_paragraph("Ask your nurse about pain relief.")
    d.add_comment(commented.runs, text="Say which nurse", author="Dr Reviewer")
    return d


def test_a_word_document_maps_styles_pictures_boxes_fields_and_comments(runner, tmp_path, picture):
    source = tmp_path / "living.docx"
    word_document(picture).save(source)
    result, out = run_import(runner, source)
    assert result.exit_code == 0, result.output
    topic = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (topic["title"], topic["subtitle"], topic["code"], topic["language"]) == (
        "Living with bone metastasis", "What to look out for", "MBC-950", "en-GB",
    )  # fmt: skip
    got = topic["blocks"]
    assert got[0] == {"text": "Most bone pain is *not* an emergency."}
    assert {"heading": "Signs"} in got and {"subheading": "More detail"} in got
    assert {"bullets": ["A new pain", "Pain at night"]} in got
    image = next(b["image"] for b in got if "image" in b)
    assert (image["alt"], image["caption"]) == ("Drawing of the spine", "The spine")
    callouts = [b["callout"] for b in got if "callout" in b]
    assert {"style": "urgent", "text": "Call 999 if you cannot feel your legs."} in callouts
    assert {"style": "info", "text": "Keep your helpline number by the phone."} in callouts
    assert {"text": "Page 1"} in got or any("Page 1" in b.get("text", "") for b in got)
    assert any("[the NHS website](https://www.nhs.uk)" in b.get("text", "") for b in got)
    assert 'comment by Dr Reviewer on "Ask your nurse about pain relief.": Say which nurse' in result.output
    pdf = "".join(pdf_pages(build_all(out, "pdf")[0]))
    for words in ("Keep your helpline number", "Call 999 if you cannot feel", "The spine", "the NHS website"):
        assert words in pdf
    deck = pptx_slides(build_all(out, "pptx")[0])
    assert any("Call 999 if you cannot feel your legs." in s["text"] for s in deck)


def tracked(picture: Path) -> docx.document.Document:
    d = word_document(picture)
    para = d.add_paragraph("Take ")
    for xml in (
        '<w:del w:id="91" w:author="A"><w:r><w:delText>two</w:delText></w:r></w:del>',
        '<w:ins w:id="92" w:author="A"><w:r><w:t>three</w:t></w:r></w:ins>',
    ):
        para._p.append(parse_xml(xml.replace(" w:id", f" {nsdecls('w')} w:id", 1)))
    para.add_run(" tablets.")
    return d


def test_tracked_changes_are_refused_unless_accepted_and_then_recorded(runner, tmp_path, picture):
    source = tmp_path / "tracked.docx"
    tracked(picture).save(source)
    result, out = run_import(runner, source)
    assert result.exit_code == 1
    expected = 'has 2 tracked changes (the first in "Take three tablets."): accept or reject them in Word'
    assert expected in result.output
    assert not out.exists()
    result, out = run_import(runner, source, "--accept-changes")
    assert result.exit_code == 0, result.output
    assert any(b.get("text", "").endswith("Take three tablets.") for b in blocks(out))
    assert "accepted 2 tracked changes" in out.with_suffix(".import.txt").read_text()


def test_a_table_too_wide_for_the_block_and_merged_cells_are_kept_as_text_and_reported(runner, tmp_path):
    d = docx.Document()
    d.add_paragraph("Wide", style="Title")
    wide = d.add_table(rows=2, cols=7)
    for i, cell in enumerate(wide.rows[1].cells):
        cell.text = f"cell{i}"
    merged = d.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Both"
    merged.cell(0, 2).text = "Third"
    merged.cell(1, 0).text = "a"
    source = tmp_path / "wide.docx"
    d.save(source)
    result, out = run_import(runner, source)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert all(f"cell{i}" in text for i in range(7))
    assert "more than 6" in result.output and "merged cells" in text
    build_all(out, "pdf")


def test_hostile_or_wrong_files_get_one_line(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result, _ = run_import(runner, tmp_path / "notes.txt")
    assert result.exit_code == 1 and "is not a .docx or .md file" in result.output
    (tmp_path / "fake.docx").write_bytes(b"not a zip")
    result, _ = run_import(runner, tmp_path / "fake.docx")
    assert result.exit_code == 1 and "cannot be read as a zip archive" in result.output
    assert "Traceback" not in result.output


def test_markdown_web_copy_maps_headings_lists_tables_links_and_pictures(runner, tmp_path, picture):
    source = tmp_path / "web.md"
    source.write_text(
        "# Money and work\n\nCancer can change your **money** and work.\n\n## Who can help\n\n"
        "- [Benefits advisers](https://www.macmillan.org.uk)\n- Social workers\n  - at the ward\n\n"
        "| Help | Who |\n|---|---|\n| Benefits | Citizens Advice |\n\n"
        "> Call 999 if you have chest pain.\n\n![A calculator and a pen](drawing.png)\n\n"
        "## References\n\n1. [Benefits and cancer](https://www.macmillan.org.uk/benefits)\n",
        encoding="utf-8",
    )
    result, out = run_import(runner, source)
    assert result.exit_code == 0, result.output
    topic = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert topic["title"] == "Money and work"
    assert topic["sources"] == [{"title": "Benefits and cancer", "url": "https://www.macmillan.org.uk/benefits"}]
    assert topic["blocks"] == [
        {"text": "Cancer can change your **money** and work."},
        {"heading": "Who can help"},
        {"bullets": ["[Benefits advisers](https://www.macmillan.org.uk)", "Social workers", "at the ward"]},
        {"table": {"header": ["Help", "Who"], "rows": [["Benefits", "Citizens Advice"]]}},
        {"callout": {"style": "urgent", "text": "Call 999 if you have chest pain."}},
        {"image": {"src": "images/web/picture-1.png", "alt": "A calculator and a pen"}},
    ]
    html = build_all(out, "html")[0].decode()
    assert '<th scope="col">Help</th>' in html and 'alt="A calculator and a pen"' in html


def test_markup_characters_in_word_text_stay_text(runner, tmp_path):
    d = docx.Document()
    d.add_paragraph("Stars", style="Title")
    d.add_paragraph("Use *no* [brackets] {helpline} or \\ back_slash <b> & 5 * 3")
    source = tmp_path / "stars.docx"
    d.save(source)
    result, out = run_import(runner, source)
    assert result.exit_code == 0, result.output
    pdf = "".join(pdf_pages(build_all(out, "pdf")[0]))
    assert "Use *no* [brackets] {helpline} or \\ back_slash <b> & 5 * 3" in pdf


def test_to_markup_reads_back_as_the_same_runs():
    from leaflets.content.inline import parse_inline, to_markup

    for text in ("Call **999** now", "**bold *it* more**", "[**Help** line](https://a.example/b)", "a \\*b\\* \\{c\\}"):
        runs = parse_inline(text)[0]
        assert parse_inline(to_markup(runs))[0] == runs


def test_a_word_file_with_an_entity_declaration_is_refused_before_python_docx_reads_it(runner, tmp_path):
    import zipfile

    good = tmp_path / "good.docx"
    docx.Document().save(good)
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            dst.writestr(item, data)
    result, out = run_import(runner, bad)
    assert result.exit_code == 1
    assert "word/document.xml declares a DTD or entities" in result.output and not out.exists()


def test_a_reviewed_copy_beside_its_topic_is_refused_and_goes_back_over_it(runner, tmp_path):
    # written beside the original, the copy sorted first and the approved leaflet failed for its code
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "bone-metastasis.yaml", content / "bone-metastasis.yaml")
    reviewed = tmp_path / "bone-metastasis.docx"
    reviewed.write_bytes(build_bytes(CONTENT / "bone-metastasis.yaml", "docx"))
    result = runner.invoke(main, ["import", str(reviewed), "--out", str(content / "bone-metastasis-reviewed.yaml")])
    assert result.exit_code == 1 and "already has the code MBC-003" in result.output
    assert "--force" in result.output and not (content / "bone-metastasis-reviewed.yaml").exists()
    over = runner.invoke(main, ["import", str(reviewed), "--out", str(content / "bone-metastasis.yaml"), "--force"])
    assert over.exit_code == 0, over.output
    assert runner.invoke(main, ["check", str(content)]).exit_code == 0


def test_a_link_where_an_imported_picture_goes_is_replaced_not_written_through(runner, tmp_path, picture):
    # a picture written with write_bytes followed the link and overwrote the file it pointed at
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    source = tmp_path / "living.docx"
    word_document(picture).save(source)
    images = tmp_path / "content" / "images" / "living"
    images.mkdir(parents=True)
    (images / "picture-1.png").symlink_to(victim)
    result, _ = run_import(runner, source)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    assert not (images / "picture-1.png").is_symlink() and (images / "picture-1.png").read_bytes()[:4] == b"\x89PNG"


def _with_parts(document, body_xml: str, parts: dict[str, tuple[str, str, str]], path: Path) -> None:
    """``document`` saved with ``body_xml`` as its last paragraphs and ``parts`` added:
    name -> (relationship type, content type, XML); each relationship gets the id ``rId<name>``."""
    import zipfile

    for element in parse_xml(f'<w:body {nsdecls("w", "r")} xmlns:m="{MATH}">{body_xml}</w:body>'):
        document.element.body.append(element)
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                rels = "".join(
                    f'<Relationship Id="rId{n}" Type="{kind}" Target="{n}"/>' for n, (kind, _, _) in parts.items()
                )
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                types = "".join(f'<Override PartName="/word/{n}" ContentType="{t}"/>' for n, (_, t, _) in parts.items())
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            new.writestr(item, data)
        for name, (_, _, xml) in parts.items():
            new.writestr(f"word/{name}", xml)


MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_footnotes_equations_and_parts_it_cannot_read_are_kept_or_named_never_dropped(runner, tmp_path):
    # each of these vanished from the topic without a word in the report
    import docx

    document = docx.Document()
    document.add_heading("Doses", 0)
    source = tmp_path / "notes.docx"
    _with_parts(
        document,
        '<w:p><w:r><w:t xml:space="preserve">Take it </w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:t xml:space="preserve"> daily.</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">The dose is </w:t></w:r><m:oMath><m:r><m:t>2x</m:t></m:r></m:oMath>'
        '<w:r><w:t xml:space="preserve"> a day.</w:t></w:r></w:p>'
        '<w:altChunk r:id="rIdchunk.html"/>',
        {
            "footnotes.xml": (
                f"{RELS}/footnotes",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:t>with food</w:t></w:r></w:p>'
                "</w:footnote></w:footnotes>",
            ),
            "chunk.html": (f"{RELS}/aFChunk", "text/html", "<html><body>Kept apart</body></html>"),
        },
        source,
    )
    result, out = run_import(runner, source)
    assert result.exit_code == 0, result.output
    text = " ".join(str(b.get("text", "")) for b in blocks(out))
    assert "Take it (with food) daily." in text and "The dose is 2x a day." in text
    for said in ("a footnote was put in the text", "an equation was kept as its plain text '2x'", "(altChunk)"):
        assert said in result.output
