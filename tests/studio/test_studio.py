"""The studio's server, driven over HTTP: the token, CSRF, path confinement, escaping, the
round-trip save that keeps comments, conflicts, uploads and the preview read back."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from helpers import CONTENT, squash

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from leaflets.studio.app import make_app  # noqa: E402
from leaflets.studio.guard import Secrets  # noqa: E402
from leaflets.studio.state import fingerprint  # noqa: E402

TOPIC = """\
# Notes for the reviewer: keep this comment.
title: Studio test topic
id: studio-test
blocks:
  - heading: First part   # and this one
  - text: |
      Plain words here.
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "studio-test.yaml").write_text(TOPIC, encoding="utf-8")
    shutil.copy(CONTENT / "glossary.yaml", tmp_path / "content" / "glossary.yaml")
    return tmp_path


@pytest.fixture()
def keys() -> Secrets:
    return Secrets("the-token")


@pytest.fixture()
def client(project: Path, keys: Secrets) -> TestClient:
    c = TestClient(make_app(project, keys), base_url="http://127.0.0.1")
    assert c.get("/?token=the-token").status_code == 200  # trades the token for the cookie
    return c


def api(client: TestClient, keys: Secrets, route: str, **body):
    return client.post(route, json=body, headers={"x-studio-csrf": keys.csrf})


def test_every_request_needs_the_token(project: Path, keys: Secrets) -> None:
    stranger = TestClient(make_app(project, keys), base_url="http://127.0.0.1")
    for url in ("/", "/edit?path=content/studio-test.yaml", "/static/studio.js", "/?token=wrong"):
        answer = stranger.get(url, follow_redirects=False)
        assert answer.status_code == 403, url
        assert "token" in answer.text
    first = stranger.get("/?token=the-token", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"  # the token leaves the address
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_changes_need_the_csrf_value(client: TestClient, keys: Secrets) -> None:
    refused = client.post("/api/save", json={"path": "content/studio-test.yaml", "source": "title: x", "base": ""})
    assert refused.status_code == 403
    wrong = client.post("/api/new", json={"title": "X"}, headers={"x-studio-csrf": "guess"})
    assert wrong.status_code == 403


def test_pages_carry_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["../outside.yaml", "/etc/passwd.yaml", "content/../../x.yaml", "content/link.yaml",
                                  "content/studio-test.txt"])  # fmt: skip
def test_paths_stay_inside_the_project(client: TestClient, keys: Secrets, project: Path, name: str) -> None:
    (project.parent / "outside.yaml").write_text("title: secret\nblocks: []\n")
    (project / "content" / "link.yaml").symlink_to(project.parent / "outside.yaml")
    assert client.get("/edit", params={"path": name}).status_code == 404
    answer = api(client, keys, "/api/save", path=name, source="title: x\n", base=fingerprint(""))
    assert answer.status_code == 404 and "Traceback" not in answer.text
    assert (project.parent / "outside.yaml").read_text() == "title: secret\nblocks: []\n"


def test_user_text_is_escaped(client: TestClient, keys: Secrets, project: Path) -> None:
    hostile = TOPIC.replace("Studio test topic", '<script>alert(1)</script> & "quotes"')
    (project / "content" / "studio-test.yaml").write_text(hostile)
    for html in (client.get("/").text, client.get("/edit?path=content/studio-test.yaml").text,
                 api(client, keys, "/api/form", source=hostile).json()["form"]):  # fmt: skip
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_field_edit_keeps_comments_and_order(client: TestClient, keys: Secrets) -> None:
    answer = api(client, keys, "/api/edit", source=TOPIC, path=["blocks", 1, "text"], kind="text",
                 value="New words.\n\nA second paragraph.").json()  # fmt: skip
    assert "# Notes for the reviewer: keep this comment." in answer["source"]
    assert "# and this one" in answer["source"]
    assert answer["source"].index("title:") < answer["source"].index("id:") < answer["source"].index("blocks:")
    assert "  - text: |\n      New words.\n\n      A second paragraph.\n" in answer["source"]


def test_blocks_are_added_from_the_registry_moved_and_deleted(client: TestClient, keys: Secrets) -> None:
    added = api(client, keys, "/api/edit", source=TOPIC, op="add", index=1, kind="callout").json()
    assert "style: urgent" in added["source"] and 'id="block-2"' in added["form"]
    moved = api(client, keys, "/api/edit", source=added["source"], op="up", index=2).json()["source"]
    assert moved.index("callout:") < moved.index("text: |")
    gone = api(client, keys, "/api/edit", source=moved, op="delete", index=1).json()["source"]
    assert "callout:" not in gone and "# Notes for the reviewer" in gone


def test_save_writes_the_file_and_refuses_to_overwrite_a_changed_one(client: TestClient, keys: Secrets,
                                                                     project: Path) -> None:  # fmt: skip
    file = project / "content" / "studio-test.yaml"
    edited = TOPIC.replace("Plain words here.", "Changed words.")
    saved = api(client, keys, "/api/save", path="content/studio-test.yaml", source=edited, base=fingerprint(TOPIC))
    assert saved.status_code == 200 and file.read_text() == edited
    file.write_text(edited + "# someone else\n")  # changed on disk meanwhile
    again = api(client, keys, "/api/save", path="content/studio-test.yaml", source=TOPIC, base=saved.json()["base"])
    assert again.status_code == 409 and again.json()["disk"].endswith("# someone else\n")
    assert file.read_text().endswith("# someone else\n")


def test_preview_draws_the_real_pdf_and_places_findings_at_their_block(client: TestClient, keys: Secrets) -> None:
    source = TOPIC + "  - callout:\n      style: urgnt\n      title: Call now\n      text: Now.\n"
    bad = api(client, keys, "/api/preview", path="content/studio-test.yaml", source=source).json()
    assert bad["pages"] == []
    error = next(f for f in bad["findings"] if f["level"] == "error")
    assert error["block"] == 2 and "urgent" in error["message"]
    good = api(client, keys, "/api/preview", path="content/studio-test.yaml",
               source=source.replace("urgnt", "urgent")).json()  # fmt: skip
    assert good["pages"] and good["pdf"]
    from pypdf import PdfReader

    pdf = client.get("/" + good["pdf"])
    assert pdf.headers["content-type"] == "application/pdf"
    text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert squash("Plain words here.") in text and squash("Urgent: Call now") in text
    png = client.get("/" + good["pages"][0])
    assert png.content.startswith(b"\x89PNG")


def test_an_upload_needs_alt_text_and_a_real_picture(client: TestClient, keys: Secrets, project: Path) -> None:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(picture, format="PNG")

    def upload(alt: str, data: bytes):
        return client.post("/api/upload", headers={"x-studio-csrf": keys.csrf},
                           data={"path": "content/studio-test.yaml", "alt": alt, "source": TOPIC},
                           files={"picture": ("Spine Drawing.png", data, "image/png")})  # fmt: skip

    refused = upload("", picture.getvalue())
    assert refused.status_code == 422 and "alt text" in refused.json()["error"]
    assert upload("A drawing", b"not a picture").status_code == 422
    assert not (project / "content" / "images").exists()
    taken = upload("Drawing of the spine", picture.getvalue()).json()
    assert "src: images/spine-drawing.png" in taken["source"] and "alt: Drawing of the spine" in taken["source"]
    assert (project / "content" / "images" / "spine-drawing.png").is_file()
    again = upload("Drawing of the spine", picture.getvalue()).json()  # the same picture reuses its file
    assert "src: images/spine-drawing.png" in again["source"] and "spine-drawing-2" not in again["source"]
    other = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(other, format="PNG")
    kept = (project / "content" / "images" / "spine-drawing.png").read_bytes()
    renamed = upload("Another drawing", other.getvalue()).json()  # another topic's picture of that name stays
    assert "src: images/spine-drawing-2.png" in renamed["source"]
    assert (project / "content" / "images" / "spine-drawing.png").read_bytes() == kept


def test_new_topic_starts_from_the_starter(client: TestClient, keys: Secrets, project: Path) -> None:
    made = api(client, keys, "/api/new", title="Signs of liver spread").json()
    assert made["path"] == "content/signs-of-liver-spread.yaml"
    assert "Signs of liver spread" in (project / made["path"]).read_text()
    assert api(client, keys, "/api/new", title="Signs of liver spread").status_code == 409


def test_help_does_not_import_the_server() -> None:
    import subprocess
    import sys

    code = (
        "import sys, leaflets.cli as c; sys.argv=['leaflets','--help']\ntry: c.main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette','uvicorn','reportlab','pptx')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def test_duplicate_copies_a_topic_without_its_code(client: TestClient, keys: Secrets, project: Path) -> None:
    original = project / "content" / "studio-test.yaml"
    original.write_text(TOPIC.replace("id: studio-test\n", "id: studio-test\ncode: MBC-099\nversion: '2'\n"))
    made = api(client, keys, "/api/duplicate", path="content/studio-test.yaml").json()
    assert made["path"] == "content/studio-test-copy.yaml"
    copy = (project / made["path"]).read_text()
    assert "title: Copy of Studio test topic" in copy and "# Notes for the reviewer" in copy
    assert "MBC-099" not in copy and "id:" not in copy and "version:" not in copy
    assert api(client, keys, "/api/duplicate", path="content/studio-test.yaml").json()["path"].endswith("copy2.yaml")


def build(client: TestClient, keys: Secrets, **body):
    return api(client, keys, "/api/build", brand="default", **body).json()


def test_build_downloads_what_the_pipeline_wrote(client: TestClient, keys: Secrets) -> None:
    import pypdfium2 as pdfium

    made = build(client, keys, path="content/studio-test.yaml", choice="a5")
    assert made["problems"] == [] and [f["name"] for f in made["files"]] == ["studio-test-a5.pdf"]
    pdf = client.get("/" + made["files"][0]["url"])
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="studio-test-a5.pdf"'
    document = pdfium.PdfDocument(pdf.content)
    assert document.get_page_size(0) == pytest.approx((419.5, 595.3), abs=1)  # A5
    assert squash("Plain words here.") in squash(document[0].get_textpage().get_text_range())
    deck = build(client, keys, path="content/studio-test.yaml", choice="pptx")["files"][0]
    answer = client.get("/" + deck["url"])
    assert answer.headers["content-type"].endswith("presentationml.presentation")
    from pptx import Presentation

    assert Presentation(io.BytesIO(answer.content)).slides[0].shapes.title.text == "Studio test topic"


def test_downloads_are_only_files_a_build_wrote(client: TestClient, keys: Secrets, project: Path) -> None:
    made = build(client, keys, path="content/studio-test.yaml", choice="docx")["files"][0]["url"]
    number = made.split("/")[1]
    for url in (f"/download/{number}/../../content/studio-test.yaml", f"/download/{number}/studio-test.pdf",
                "/download/999/studio-test.docx", f"/download/{number}/%2Fetc%2Fpasswd"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    refused = api(client, keys, "/api/build", path="content/studio-test.yaml", brand="../../etc", choice="a4")
    assert refused.status_code == 422 and "brand" in refused.json()["problems"][0]


def test_a_topic_that_does_not_fit_says_so_in_plain_words(client: TestClient, keys: Secrets, project: Path) -> None:
    shutil.copy(CONTENT / "bone-metastasis.yaml", project / "content" / "bone-metastasis.yaml")
    made = build(client, keys, path="content/bone-metastasis.yaml", choice="trifold-a4")
    assert made["files"] == []
    assert made["problems"][0].startswith("content/bone-metastasis.yaml: does not fit a trifold-a4")
    assert "Traceback" not in str(made)


def test_a_broken_brand_is_a_plain_problem(project: Path, keys: Secrets, tmp_path_factory) -> None:
    broken = tmp_path_factory.mktemp("brand")
    (broken / "_brand.yml").write_text("color: [not, a, mapping\n")
    client = TestClient(make_app(project, keys, [str(broken)]), base_url="http://127.0.0.1")
    client.get("/?token=the-token")
    made = api(client, keys, "/api/build", path="content/studio-test.yaml", brand=str(broken), choice="a4").json()
    assert made["files"] == [] and "_brand.yml" in made["problems"][0] and "Traceback" not in str(made)


def test_the_library_builds_into_one_zip(client: TestClient, keys: Secrets, project: Path) -> None:
    shutil.copy(CONTENT / "palliative-care.yaml", project / "content" / "palliative-care.yaml")
    made = build(client, keys, library=True, choice="a4")
    assert made["problems"] == [] and [f["name"] for f in made["files"]] == ["library.zip"]
    answer = client.get("/" + made["files"][0]["url"])
    assert answer.headers["content-type"] == "application/zip"
    import zipfile

    names = set(zipfile.ZipFile(io.BytesIO(answer.content)).namelist())
    for stem in ("studio-test", "palliative-care"):
        assert {f"{stem}.pdf", f"{stem}.pptx", f"{stem}-slides.pdf", f"{stem}.docx", f"{stem}.html"} <= names
    assert "index.html" in names and any(n.startswith("assets/") and n.endswith(".woff2") for n in names)


def test_a_web_page_downloads_with_its_fonts(client: TestClient, keys: Secrets) -> None:
    # the page named assets/*.woff2 beside it, which the studio would not serve nor zip
    made = build(client, keys, path="content/studio-test.yaml", choice="html")
    assert made["problems"] == [] and "web-pages.zip" in [f["name"] for f in made["files"]]
    page = client.get("/" + next(f["url"] for f in made["files"] if f["name"] == "studio-test.html")).text
    number = made["files"][0]["url"].split("/")[1]
    assets = sorted(set(re.findall(r"assets/[\w.-]+", page)))
    assert assets and all(client.get(f"/download/{number}/{a}").status_code == 200 for a in assets)
    import zipfile

    zipped = client.get(f"/download/{number}/web-pages.zip").content
    assert set(assets) | {"studio-test.html", "index.html"} <= set(zipfile.ZipFile(io.BytesIO(zipped)).namelist())


def test_a_composed_talk_is_planned_saved_and_built(client: TestClient, keys: Secrets, project: Path) -> None:
    for name in ("bone-metastasis.yaml", "lung-metastasis.yaml"):
        shutil.copy(CONTENT / name, project / "content" / name)
    page = client.get("/talk").text
    assert "Pressure on the spinal cord" in page and "Studio test topic" in page
    # a heading's placeholder reads as the brand fills it; the talk file names the section as written
    assert (
        ">Blood clots and when to call 999</label>" in page
        and 'value="Blood clots and when to call {emergency}"' in page
    )
    parts = [{"topic": "lung-metastasis", "sections": []},
             {"topic": "bone-metastasis", "sections": ["Pressure on the spinal cord"]}]  # fmt: skip
    planned = api(client, keys, "/api/talk/plan", title="Chest and spine", minutes=10, parts=parts).json()
    assert planned["problems"] == [] and planned["slides"] > 5
    assert planned["seconds"] == round(600 / planned["slides"])
    wrong = api(client, keys, "/api/talk/plan", title="x", parts=[{"topic": "bone-metastasis", "sections": ["Nope"]}])
    assert "has no section 'Nope'" in wrong.json()["problems"][0]

    saved = api(client, keys, "/api/talk/save", title="Chest and spine", minutes=10, parts=parts, base=fingerprint(""))
    assert saved.json()["path"] == "content/talks/chest-and-spine.yaml"
    text = (project / "content" / "talks" / "chest-and-spine.yaml").read_text()
    assert text == ("title: Chest and spine\nduration_minutes: 10\ntopics:\n  - lung-metastasis\n"
                    "  - topic: bone-metastasis\n    sections:\n      - Pressure on the spinal cord\n")  # fmt: skip
    again = api(client, keys, "/api/talk/save", title="Chest and spine", parts=parts, base=fingerprint(""))
    assert again.status_code == 409  # a new talk never replaces one of the same name

    from pptx import Presentation

    from leaflets.build.run import run

    report = run([project / "content"], ["pptx"], ["default"], project / "output")
    assert not report.errors
    deck = Presentation(str(project / "output" / "chest-and-spine.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert titles[0] == "Chest and spine" and len(deck.slides) == planned["slides"]
    assert any("spinal cord" in t for t in titles) and not any("Signs to look out for" == t for t in titles)


def test_a_talk_keeps_its_comments_and_refuses_a_changed_file(client: TestClient, keys: Secrets,
                                                              project: Path) -> None:  # fmt: skip
    (project / "content" / "talks").mkdir()
    file = project / "content" / "talks" / "t.yaml"
    file.write_text("# for the spring open day\ntitle: Old\npresenter: A volunteer\ntopics: [studio-test]\n")
    opened = file.read_text()
    saved = api(client, keys, "/api/talk/save", path="content/talks/t.yaml", title="New", base=fingerprint(opened),
                parts=[{"topic": "studio-test", "sections": ["First part"]}])  # fmt: skip
    assert saved.status_code == 200
    text = file.read_text()
    assert text.startswith("# for the spring open day\ntitle: New\npresenter: A volunteer\n") and "First part" in text
    file.write_text(text + "# changed elsewhere\n")
    late = api(client, keys, "/api/talk/save", path="content/talks/t.yaml", title="Newer", parts=[],
               base=saved.json()["base"])  # fmt: skip
    assert late.status_code == 409 and file.read_text().endswith("# changed elsewhere\n")
    assert client.get("/talk", params={"path": "content/studio-test.yaml"}).status_code == 404


MARKDOWN = b"""# Looking after your mouth

Chemotherapy can make your mouth sore.

## What helps

- a soft toothbrush
- rinse with salt water
"""


def import_(client: TestClient, keys: Secrets, name: str, data: bytes):
    return client.post("/api/import", headers={"x-studio-csrf": keys.csrf}, files={"document": (name, data)})


def test_import_makes_a_topic_with_its_report(client: TestClient, keys: Secrets, project: Path) -> None:
    from leaflets.content.topic import load_topic

    made = import_(client, keys, "Mouth care.md", MARKDOWN).json()
    assert made["path"] == "content/mouth-care.yaml"
    topic = load_topic(project / made["path"], made["path"])
    assert topic.title == "Looking after your mouth"
    words = squash(" ".join(str(e.nodes) for e in topic.entries))
    assert squash("a soft toothbrush") in words and squash("What helps") in words
    page = client.get("/edit", params={"path": made["path"], "imported": "1"}).text
    assert "Imported: what to check" in page and (project / "content" / "mouth-care.import.txt").is_file()
    again = import_(client, keys, "Mouth care.md", MARKDOWN)
    assert again.status_code == 422 and "already exists" in again.json()["error"]


@pytest.mark.parametrize(("name", "data", "says"), [
    ("notes.txt", b"hello", "Word (.docx) or Markdown (.md)"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "broken.docx: "),
    ("../../escape.md", MARKDOWN, None),
])  # fmt: skip
def test_import_refuses_hostile_files_in_one_line(client: TestClient, keys: Secrets, project: Path, name: str,
                                                  data: bytes, says: str | None) -> None:  # fmt: skip
    answer = import_(client, keys, name, data)
    if says is None:  # a path in the name is dropped: the topic lands in content/
        assert answer.json()["path"] == "content/escape.yaml" and not (project.parent / "escape.yaml").exists()
        return
    assert answer.status_code == 422 and says in answer.json()["error"]
    assert "\n" not in answer.json()["error"] and "Traceback" not in answer.text


def test_the_library_shows_status_review_readability_findings_and_layouts(project: Path, keys: Secrets) -> None:
    import re
    import time

    shutil.copy(CONTENT / "bone-metastasis.yaml", project / "content" / "bone-metastasis.yaml")
    with TestClient(make_app(project, keys), base_url="http://127.0.0.1") as client:
        client.get("/?token=the-token")
        deadline = time.monotonic() + 120
        while "being worked out" in (page := client.get("/").text) and time.monotonic() < deadline:
            time.sleep(0.5)
    row = re.search(r"<tr>\s*<td><a[^>]*>Signs of bone metastasis</a>.*?</tr>", page, re.S)[0]
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    from leaflets.content.topic import load_topic
    from leaflets.editorial.standing import standing

    topic = load_topic(project / "content" / "bone-metastasis.yaml")
    expected = next(r for r in standing([project / "content"], __import__("datetime").date.today(), 0)
                    if r.file.endswith("bone-metastasis.yaml"))  # fmt: skip
    assert cells[2] == [topic.status] and cells[3] == [topic.next_review.isoformat()]
    assert cells[4][0] == "ease" and float(cells[4][1].rstrip(",")) > 60
    assert cells[5] == [str(expected.findings)]
    fits = " ".join(cells[6])
    assert fits.startswith("default:") and "a5" in fits and "booklet-a5" in fits and "trifold-a4" not in fits


def test_preview_says_which_page_each_block_is_on(client: TestClient, keys: Secrets, project: Path) -> None:
    import pypdfium2 as pdfium

    from leaflets.studio.roundtrip import load

    source = (CONTENT / "bone-metastasis.yaml").read_text(encoding="utf-8")
    shutil.copy(CONTENT / "bone-metastasis.yaml", project / "content" / "bone-metastasis.yaml")
    answer = api(client, keys, "/api/preview", path="content/bone-metastasis.yaml", source=source).json()
    pages = answer["block_pages"]
    blocks = load(source)["blocks"]
    assert len(pages) == len(blocks) and pages == sorted(pages) and pages[0] == 0 and pages[-1] >= 1
    document = pdfium.PdfDocument(client.get("/" + answer["pdf"]).content)
    texts = [squash(document[i].get_textpage().get_text_range()) for i in range(len(document))]
    headings = [(i, b["heading"]) for i, b in enumerate(blocks) if "heading" in b]
    assert len(headings) > 3
    for index, heading in headings:
        assert squash(heading) in texts[pages[index]], heading


def test_a_request_body_over_the_limit_is_refused_as_it_arrives(client: TestClient, keys: Secrets) -> None:
    from leaflets.studio.state import MAX_JSON_BODY

    def endless():
        yield b'{"source": "'
        for _ in range(MAX_JSON_BODY // 1_000_000 + 2):
            yield b"x" * 1_000_000

    answer = client.post("/api/form", content=endless(), headers={"x-studio-csrf": keys.csrf})
    assert answer.status_code == 413 and "MB" in answer.text
    assert api(client, keys, "/api/form", source=TOPIC).status_code == 200  # an ordinary one still reads


def test_a_link_to_nothing_in_content_leaves_the_library_whole(client: TestClient, project: Path) -> None:
    # an editor's lock file, a link to nowhere, made the library page fail (500)
    (project / "content" / ".#studio-test.yaml").symlink_to(project / "nowhere" / "lock")
    page = client.get("/")
    assert page.status_code == 200 and "studio-test" in page.text
