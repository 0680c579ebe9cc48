"""The web pages in a real browser: Debian's Chromium driven by Playwright, axe-core for the
WCAG 2.2 AA rules, and the page's own DOM for words, headings, direction and reflow.

Skipped, with the reason, when Chromium or Playwright is missing (``.ci/run`` installs Chromium).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import AXE_RULES, CHROMIUM, CONTENT, squash

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Every shipped topic and translation built as a site with the northfield brand."""
    from leaflets.build import run

    out = tmp_path_factory.mktemp("site")
    report = run.run([CONTENT], ["html"], ["northfield"], out, jobs=2)
    assert not report.errors, report.errors
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def open_page(browser, path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def test_axe_finds_no_violations_on_any_page_or_the_index(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in pages(site):
        page = open_page(browser, path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_RULES}})
        if results.violations_count:
            found[path.name] = results.generate_snapshot()
        page.close()
    assert len(pages(site)) >= 20 and (site / "index.html").is_file()
    assert not found, found


def test_every_word_of_each_topic_is_on_its_page(site, browser):
    from leaflets.brand.brand import load_brand
    from leaflets.content.topic import load_topic
    from leaflets.document.compose import compose
    from leaflets.document.nodes import text_of

    brand = load_brand("northfield")
    paths = [p for p in CONTENT.rglob("*.yaml") if p.name not in ("glossary.yaml", "register.yaml")]
    paths = [p for p in paths if "talks" not in p.parts]
    for topic_path in paths:
        topic = load_topic(topic_path)
        doc = compose(topic, brand, "leaflet")
        page = open_page(browser, site / f"{topic.id}.html")
        shown = squash(page.evaluate("document.body.innerText"))
        page.close()
        nodes = [n for s in doc.sections for n in ((s.heading,) if s.heading else ()) + s.nodes]
        for paragraph in text_of(nodes).splitlines():
            assert squash(paragraph) in shown, f"{topic.id}: {paragraph!r}"
        for source in doc.sources:
            assert squash(source.title) in shown


def test_headings_run_in_order_and_the_urgent_callout_is_announced_with_its_label(site, browser):
    page = open_page(browser, site / "bone-metastasis.html")
    levels = page.evaluate("Array.from(document.querySelectorAll('h1,h2,h3')).map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    notes = page.get_by_role("note").all()
    urgent = [n.inner_text() for n in notes if n.inner_text().startswith("Urgent:")]
    assert len(urgent) >= 2
    tel = page.evaluate("Array.from(document.querySelectorAll('a[href^=\"tel:\"]')).map(a => a.href)")
    assert "tel:999" in tel and "tel:01632960123" in tel
    page.close()


def test_right_to_left_pages_are_laid_out_right_to_left(site, browser):
    for name in ("bone-metastasis-ar.html", "palliative-care-ur.html"):
        page = open_page(browser, site / name)
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        main = page.locator("main").bounding_box()
        para = page.locator("main section p").first.bounding_box()
        bullet = page.locator("main section li").first.bounding_box()
        # text starts at the right edge: paragraphs end flush right, list items are indented from the right
        assert abs((para["x"] + para["width"]) - (main["x"] + main["width"] - 16)) < 2
        assert bullet["x"] + bullet["width"] < main["x"] + main["width"] - 16
        page.close()


def test_pages_reflow_at_320_px_and_400_percent_zoom_without_sideways_scrolling(site, browser):
    too_wide = {}
    for path in pages(site):
        # 320 CSS px is what a 1280 px window shows at 400% zoom (WCAG 1.4.10)
        page = open_page(browser, path, width=320)
        width, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width > client:
            too_wide[path.name] = width
        page.close()
    assert not too_wide, too_wide


def test_the_search_filters_the_index_and_the_list_is_all_there_without_it(site, browser):
    page = open_page(browser, site / "index.html")
    items = page.locator("[data-topic]")
    total = items.count()
    assert total >= 12
    page.get_by_label("Search the leaflets").fill("hypercalcaemia")
    visible = [i for i in range(total) if items.nth(i).is_visible()]
    assert 0 < len(visible) < total
    assert any("bone metastasis" in items.nth(i).inner_text() for i in visible)
    page.get_by_label("Search the leaflets").fill("zzzznotaword")
    assert page.get_by_role("status").is_visible()
    page.close()
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto((site / "index.html").as_uri())
    assert plain.locator("[data-topic]").count() == total and not plain.locator("#search").is_visible()
    context.close()


def test_screenshots_at_phone_and_desktop_width_and_printed_on_a4(site, browser, tmp_path):
    """Pictures to look at (kept in the test's folder); printing gives A4 pages with no brand band fill."""
    import io

    from pypdf import PdfReader

    for width, name in ((375, "phone"), (1280, "desktop")):
        page = open_page(browser, site / "bone-metastasis.html", width)
        page.screenshot(path=tmp_path / f"bone-{name}.png", full_page=True)
        page.close()
    page = open_page(browser, site / "bone-metastasis.html")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.band')).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert not page.locator(".links").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    assert "Signsofbonemetastasis" in text and "breastcancernow.org" in text  # links print their address
    page.close()


def test_a_word_longer_than_a_phones_line_wraps_instead_of_scrolling_sideways(write_topic, tmp_path, browser):
    from leaflets.build import run

    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    path = write_topic(
        f"title: Long words\nblocks:\n  - text: The word {word} is long.\n"
        f"  - table:\n      header: [Word, Meaning]\n      rows:\n        - [{word}, A lung disease]\n"
    )
    report = run.run([path], ["html"], ["default"], tmp_path / "site")
    assert not report.errors, report.errors
    page = open_page(browser, tmp_path / "site" / "topic.html", width=320)
    width, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    text = page.evaluate("document.querySelector('main').textContent").replace("\u00ad", "")
    page.close()
    assert width <= client, f"the page is {width} px wide in a {client} px window"
    assert text.count(word) == 2
