"""The studio in a real browser (Debian's Chromium, driven by Playwright): the flows a
colleague follows, read back from the files and the preview's own PDF, and axe-core on every
page. Screenshots for the README are taken here (``docs/images/studio-*.png``) when
LEAFLETS_README_IMAGES=1 is set."""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from helpers import AXE_RULES, CHROMIUM, ROOT, squash

pytest.importorskip("uvicorn")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Chromium is not installed (apt-get install chromium)"),
]
#: README screenshots are retaken only when asked (LEAFLETS_README_IMAGES=1): a test run leaves the
#: working tree as it found it.
IMAGES = ROOT / "docs" / "images" if os.environ.get("LEAFLETS_README_IMAGES") else None


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """A running studio on a free port for a copy of the shipped library."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "content", project / "content")
    yield from serve(project)


@pytest.fixture(scope="module")
def small_studio(tmp_path_factory):
    """A studio for a library of two topics, quick to build whole."""
    project = tmp_path_factory.mktemp("small")
    (project / "content").mkdir()
    for name in ("palliative-care.yaml", "lung-metastasis.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, project / "content" / name)
    yield from serve(project)


def serve(project: Path):
    import uvicorn

    from leaflets.studio.app import make_app
    from leaflets.studio.guard import Secrets

    keys = Secrets()
    server = uvicorn.Server(uvicorn.Config(make_app(project, keys), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield project, f"http://127.0.0.1:{port}", keys
    server.should_exit = True
    thread.join(10)


@pytest.fixture()
def page(browser, studio):  # noqa: F811
    _, base, keys = studio
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.goto(f"{base}/?token={keys.token}")
    yield tab
    context.close()


def axe_violations(tab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": AXE_RULES}})
    return [] if not results.violations_count else [results.generate_snapshot()]


def preview_text(tab) -> str:
    """The words of the PDF the preview pictures were drawn from."""
    from pypdf import PdfReader

    pdf = tab.request.get(tab.url.split("/edit")[0] + "/" + tab.locator("#pages").get_attribute("data-pdf"))
    return squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))


def wait_for_preview(tab, words: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if tab.locator("#pages").get_attribute("data-pdf") and squash(words) in preview_text(tab):
            return
        time.sleep(0.2)
    raise AssertionError(f"the preview never showed {words!r}")


def test_library_lists_topics_and_passes_axe(page) -> None:
    assert page.locator("h1").inner_text() == "Library"
    assert page.locator("table.library th").all_inner_texts() == [
        "Title",
        "Kind",
        "Status",
        "Next review",
        "Readability",
        "Open findings",
        "Fits in (brand: layouts)",
        "Actions",
    ]
    assert page.get_by_role("link", name="Signs of bone metastasis").is_visible()
    page.get_by_label("Search titles and files").fill("care explained")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("load")
    rows = page.locator("table.library tbody tr")
    assert rows.count() == 1 and "Palliative care explained" in rows.inner_text()
    page.goto(page.url.split("?")[0])
    assert axe_violations(page) == []


def test_write_a_topic_from_nothing_to_a_saved_file(page, studio) -> None:
    from playwright.sync_api import expect

    project, _, _ = studio
    page.get_by_label("Title of the new topic").fill("Studio walk through")
    page.get_by_role("button", name="Create from the starter").click()
    page.wait_for_url(re.compile(r"/edit\?path=content%2Fstudio-walk-through.yaml"))
    page.wait_for_selector("#block-0")
    blocks = page.locator("li.block")
    count = blocks.count()

    def add(kind: str) -> None:  # after the last block
        last = blocks.count() - 1
        page.locator(f"#add-{last}").select_option(kind)
        page.get_by_role("button", name=f"Add a block after block {last + 1}").click()
        page.wait_for_selector(f"#block-{last + 1}")

    add("heading")
    page.locator(f"#block-{count} input").fill("Where to find help tonight")
    add("bullets")
    page.locator(f"#block-{count + 1} textarea").fill("ring the ward\nkeep your notes by the phone")
    add("callout")
    callout = page.locator(f"#block-{count + 2}")
    assert callout.get_by_label("Style").input_value() == "urgent"
    callout.get_by_label("Title").fill("Call 999 if you cannot breathe")
    wait_for_preview(page, "Urgent: Call 999 if you cannot breathe")  # the last edit
    text = preview_text(page)
    for words in ("ring the ward", "keep your notes by the phone", "Urgent: Call 999 if you cannot breathe"):
        assert squash(words) in text
    assert page.locator(f"#block-{count + 1} textarea").input_value() == "ring the ward\nkeep your notes by the phone"
    page.locator(f"#block-{count}").scroll_into_view_if_needed()
    if IMAGES:
        page.screenshot(path=str(IMAGES / "studio-editor.png"))
    assert axe_violations(page) == []

    # a bad value: the error appears beside its block, in plain words
    page.locator("#block-0 textarea").fill("Ring [the ward](javascript:alert(1)) now.")
    error = page.locator("#findings-0 .finding.error")
    error.wait_for(timeout=15_000)
    assert "must start with one of https:" in error.inner_text()
    page.locator("#block-0 textarea").fill("Start with the main message.")
    expect(page.locator("#findings-0 .finding.error")).to_have_count(0, timeout=15_000)

    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved content/studio-walk-through.yaml.").wait_for()
    saved = (project / "content" / "studio-walk-through.yaml").read_text(encoding="utf-8")
    assert saved.startswith("# A topic: one subject, written for patients and families.")
    assert "# draft or in-review" in saved  # the starter's comments stay
    assert "  - heading: Where to find help tonight\n" in saved
    assert "      - ring the ward\n      - keep your notes by the phone\n" in saved

    # changed on disk meanwhile: never overwritten, both versions shown
    (project / "content" / "studio-walk-through.yaml").write_text(saved + "# edited in another program\n")
    page.locator("#block-0 textarea").fill("Start with the main message, changed.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="The file changed on disk since you opened it").wait_for()
    assert page.locator("#disk-version").input_value().endswith("# edited in another program\n")
    assert (project / "content" / "studio-walk-through.yaml").read_text().endswith("# edited in another program\n")
    page.get_by_role("tab", name="Source").click()
    assert "changed." in page.get_by_label("The topic file (YAML)").input_value()
    assert axe_violations(page) == []


def test_a_picture_without_alt_text_is_refused(page, studio, tmp_path) -> None:
    from PIL import Image
    from playwright.sync_api import expect

    project, base, _ = studio
    picture = tmp_path / "spine.png"
    Image.new("RGB", (60, 40), "navy").save(picture)
    page.goto(f"{base}/edit?path=content/palliative-care.yaml")
    page.wait_for_selector("#block-0")
    page.get_by_label("Picture (PNG or JPEG, up to 10 MB)").set_input_files(str(picture))
    page.get_by_role("button", name="Upload and add at the end").click()
    expect(page.locator("#upload-error")).to_contain_text("alt text", timeout=10_000)
    assert not (project / "content" / "images").exists()


def test_hostile_text_token_and_paths(page, studio, browser) -> None:  # noqa: F811
    project, base, _ = studio
    hostile = '<script>document.title="owned"</script><img src=x onerror=alert(1)>'
    topic = (ROOT / "content" / "palliative-care.yaml").read_text(encoding="utf-8")
    (project / "content" / "hostile.yaml").write_text(
        topic.replace("title: Palliative care explained", f"title: '{hostile}'", 1), encoding="utf-8"
    )
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/")
    assert hostile in page.locator("table.library").inner_text()
    page.goto(f"{base}/edit?path=content/hostile.yaml")
    page.wait_for_selector("#block-0")
    assert page.locator("#f-title").input_value() == hostile
    assert "owned" not in page.title() and not dialogs
    for name in ("../outside.yaml", "/etc/hostname.yaml", "content/../../outside.yaml"):
        answer = page.request.get(f"{base}/edit", params={"path": name})
        assert answer.status == 404 and "Traceback" not in answer.text()
    stranger = browser.new_context()
    try:
        refused = stranger.new_page().goto(f"{base}/edit?path=content/bone-metastasis.yaml")
        assert refused.status == 403
    finally:
        stranger.close()
        (project / "content" / "hostile.yaml").unlink()  # the library's screenshot is taken later


def download(tab, link) -> tuple[str, bytes]:
    """The file behind a download link, as the browser saves it: its name and bytes."""
    with tab.expect_download() as caught:
        link.click()
    return caught.value.suggested_filename, Path(caught.value.path()).read_bytes()


def test_build_a_topic_and_download_it_in_any_layout(page, studio) -> None:
    import pypdfium2 as pdfium
    from playwright.sync_api import expect

    _, base, _ = studio
    page.goto(f"{base}/edit?path=content/bone-metastasis.yaml")
    page.wait_for_selector("#block-0")
    page.get_by_text("Build and download").click()
    page.get_by_label("What to make").select_option("trifold-a4")
    page.get_by_role("button", name="Build", exact=True).click()
    expect(page.locator("#build-problems")).to_contain_text("does not fit a trifold-a4", timeout=60_000)
    assert "Traceback" not in page.locator("section.build").inner_text()

    page.get_by_label("What to make").select_option("booklet-a5")
    page.get_by_role("button", name="Build", exact=True).click()
    link = page.get_by_role("link", name=re.compile(r"Download bone-metastasis-booklet-a5.pdf"))
    link.wait_for(timeout=60_000)
    name, data = download(page, link)
    assert name == "bone-metastasis-booklet-a5.pdf"
    document = pdfium.PdfDocument(data)
    words = squash(" ".join(document[i].get_textpage().get_text_range() for i in range(len(document))))
    assert squash("Signs of bone metastasis") in words and squash("Pressure on the spinal cord") in words
    assert page.locator("#build-problems li").count() == 0
    if IMAGES:
        page.locator("section.preview").screenshot(path=str(IMAGES / "studio-build.png"))
    assert axe_violations(page) == []


def test_build_the_whole_library_as_a_zip(browser, small_studio) -> None:
    import zipfile

    _, base, keys = small_studio
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    try:
        tab.goto(f"{base}/?token={keys.token}")
        tab.get_by_label("Layout of the PDFs").select_option("a5")
        tab.get_by_role("button", name="Build the library as a zip").click()
        link = tab.get_by_role("link", name="Download library.zip")
        link.wait_for(timeout=120_000)
        name, data = download(tab, link)
        members = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        assert name == "library.zip"
        for stem in ("palliative-care", "lung-metastasis"):
            assert {f"{stem}-a5.pdf", f"{stem}.pptx", f"{stem}-slides.pdf", f"{stem}.docx", f"{stem}.html"} <= members
        assert axe_violations(tab) == []
    finally:
        context.close()


LUNG = "Secondary breast cancer in the lung"


def test_compose_a_talk_save_it_and_build_its_deck(page, studio) -> None:
    from playwright.sync_api import expect
    from pptx import Presentation

    from leaflets.build.run import run

    project, base, _ = studio
    page.goto(f"{base}/talk")
    page.get_by_label("Title of the talk").fill("Spine and lungs")
    page.get_by_label("Length in minutes").fill("15")
    lungs = page.locator('li[data-topic="lung-metastasis"]')
    lungs.get_by_label("Use this topic").check()
    bone = page.locator('li[data-topic="bone-metastasis"]')
    bone.get_by_label("Use this topic").check()
    bone.get_by_label("Pressure on the spinal cord").check()
    while page.locator("#talk-parts > li").first.get_attribute("data-topic") != "lung-metastasis":
        lungs.get_by_role("button", name=re.compile(r"^Move .* up$")).press("Enter")  # by keyboard
    expect(page.locator("#talk-count")).to_contain_text("15 minutes gives about", timeout=60_000)
    slides = int(page.locator("#talk-count").inner_text().split()[0])
    assert page.locator("#pages img").count() == slides
    if IMAGES:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(IMAGES / "studio-talk.png"))
    page.get_by_role("button", name="Save the talk").click()
    page.get_by_text("Saved content/talks/spine-and-lungs.yaml.").wait_for()
    saved = (project / "content" / "talks" / "spine-and-lungs.yaml").read_text(encoding="utf-8")
    assert saved.index("- lung-metastasis") < saved.index("topic: bone-metastasis")
    assert "sections:\n      - Pressure on the spinal cord\n" in saved and "duration_minutes: 15\n" in saved

    report = run([project / "content" / "talks" / "spine-and-lungs.yaml"], ["pptx"], ["default"], project / "out")
    assert not report.errors
    deck = Presentation(str(project / "out" / "spine-and-lungs.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert titles[0] == "Spine and lungs" and len(deck.slides) == slides
    lung, bone = (next(i for i, t in enumerate(titles) if t.startswith(w)) for w in (LUNG, "Signs of bone metastasis"))
    assert lung < bone
    assert axe_violations(page) == []


def test_import_a_markdown_leaflet_and_open_it(page, studio, tmp_path) -> None:
    project, _, _ = studio
    source = tmp_path / "Mouth care.md"
    source.write_text("# Looking after your mouth\n\nChemotherapy can make your mouth sore.\n\n## What helps\n\n"
                      "- a soft toothbrush\n- rinse with salt water\n", encoding="utf-8")  # fmt: skip
    page.get_by_label("Word (.docx) or Markdown (.md) file").set_input_files(str(source))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/edit\?imported=1&path=content%2Fmouth-care.yaml"))
    page.get_by_role("heading", name=re.compile("Imported: what to check")).wait_for()
    page.wait_for_selector("#block-0")
    kinds = [legend.split(". ", 1)[1] for legend in page.locator("li.block legend").all_inner_texts()]
    assert "heading" in kinds and "bullets" in kinds
    values = " ".join(t.input_value() for t in page.locator("li.block textarea, li.block input").all())
    assert "a soft toothbrush" in values and "What helps" in values
    assert (project / "content" / "mouth-care.yaml").is_file()
    assert axe_violations(page) == []


def test_the_preview_follows_the_block_being_edited(page, studio) -> None:
    from playwright.sync_api import expect

    _, base, _ = studio
    page.goto(f"{base}/edit?path=content/bone-metastasis.yaml")
    page.wait_for_selector("#block-0")
    wait_for_preview(page, "Signs of bone metastasis")
    last = page.locator("li.block").count() - 1
    heading = next(i for i in range(last, 0, -1) if page.locator(f"#block-{i} legend").inner_text().endswith("heading"))
    words = page.locator(f"#block-{heading} input").input_value()
    page.locator(f"#block-{heading} input").focus()
    current = page.locator("#pages img.current")
    expect(current).to_have_count(1, timeout=10_000)
    index = page.locator("#pages img").evaluate_all(
        "(all) => all.findIndex((img) => img.classList.contains('current'))"
    )
    assert index > 0  # the heading is past the first page, and the preview scrolled to it
    assert page.locator("section.preview").evaluate("(box) => box.scrollTop") > 0
    from pypdf import PdfReader

    pdf = page.request.get(f"{base}/" + page.locator("#pages").get_attribute("data-pdf")).body()
    assert squash(words) in squash(PdfReader(io.BytesIO(pdf)).pages[index].extract_text())
    # an edit redraws only what changed: the other pages keep their pictures
    before = page.locator("#pages img").evaluate_all("(all) => all.map((img) => img.getAttribute('src'))")
    page.locator(f"#block-{heading} input").fill(words + " now")
    wait_for_preview(page, words + " now")
    after = page.locator("#pages img").evaluate_all("(all) => all.map((img) => img.getAttribute('src'))")
    assert after[0] == before[0] and after[index] != before[index]
    assert page.locator("#pages img.current").count() == 1


def test_the_library_says_which_layouts_each_topic_fits(page) -> None:
    """Worked out in the background while the tests above ran; the page says so until then."""
    deadline = time.monotonic() + 300
    while page.get_by_text("being worked out").count() and time.monotonic() < deadline:
        time.sleep(2)
        page.reload()
    bone = page.locator("tr", has=page.get_by_role("link", name="Signs of bone metastasis"))
    fits = bone.locator("td").nth(6).inner_text()
    assert fits.startswith("default: a4, a5, booklet-a5") and "trifold" not in fits
    if IMAGES:
        page.screenshot(path=str(IMAGES / "studio-library.png"))
