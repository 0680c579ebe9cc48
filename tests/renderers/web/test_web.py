"""Web pages and the library site, read back from the files a build writes (no browser needed:
tests/test_web_browser.py checks them in Chromium)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest
from helpers import ROOT, build_bytes, html_text, squash

from leaflets.cli import main

HOSTILE = '<script>alert("x")</script> &amp; Tom & Jerry\'s "quote" 😀'


def test_user_text_prints_exactly_as_typed_in_every_field(tmp_path, write_topic):
    """Markup characters, entities, quotes and emoji in every field a reader sees are text, never markup."""
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "images" / "p.png")
    y = json.dumps(HOSTILE, ensure_ascii=False)  # a YAML string that holds the hostile text exactly
    topic = write_topic(f"""
        title: {y}
        subtitle: {y}
        audience: {y}
        sources:
          - title: {y}
            publisher: {y}
            url: https://example.org/?a=1&b=2
        blocks:
          - heading: {y}
          - subheading: {y}
          - text: {y}
          - bullets: [{y}]
          - numbered: [{y}]
          - callout:
              style: urgent
              title: {y}
              text: {y}
          - quote:
              text: {y}
              by: {y}
          - contacts:
              - label: {y}
                phone: {y}
                hours: {y}
          - image:
              src: images/p.png
              alt: {y}
              caption: {y}
          - qr:
              url: https://example.org/?a=1&b=2
              caption: {y}
        """)
    page = build_bytes(topic, "html")
    text = html_text(page)
    assert text.count(HOSTILE) >= 19  # title, subtitle, audience, every block field, the source
    html = page.decode()
    assert html.count("<script") == 0  # nothing the user wrote became markup
    assert f'alt="{escape(HOSTILE, quote=True)}"' in html
    assert 'href="https://example.org/?a=1&amp;b=2"' in html
    assert f"<title>{escape(HOSTILE)} – " in html


def test_a_page_says_all_the_leaflet_says_with_its_governance(tmp_path):
    page = build_bytes(ROOT / "content" / "bone-metastasis.yaml", "html", "northfield")
    text = squash(html_text(page))
    for words in [
        "Signs of bone metastasis",
        "Urgent:",  # the callout's label in words, never colour alone
        "Who to contact",
        "Sources",
        "About this leaflet",
        "Leaflet MBC-003 version",
        "Next review due",
        "DRAFT - not for distribution",  # no clinician has signed the library off: no "Reviewed on"
        "Registered charity no. 1234567",
    ]:
        assert squash(words) in text, words
    assert squash("Reviewed on") not in text
    html = page.decode()
    assert '<html lang="en-GB" dir="ltr">' in html
    assert html.count("<h1>") == 1
    assert 'class="callout callout-urgent" role="note"' in html
    assert 'href="tel:01632960123"' in html and 'href="tel:999"' in html
    # a number in running text is a link too: a reader on a phone taps the urgent callout's number
    urgent = html[html.index("callout-urgent") :]
    assert urgent.index('<a class="tel" href="tel:01632960123">01632\u00a0960\u00a0123</a>') < urgent.index("</aside>")
    assert '<th scope="col">Phone</th>' in html
    assert re.search(r'<img class="logo" src="assets/[0-9a-f]+\.png" alt="Northfield Cancer Support logo"', html)
    assert "@media print" in html and "size:A4" in html


def test_right_to_left_translations_say_so_and_use_their_own_words():
    page = build_bytes(ROOT / "content" / "ar" / "bone-metastasis.yaml", "html", "northfield").decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "ترجمة" in page and 'class="draft" role="note"' in page  # the draft warning, in Arabic
    assert '"Leaflets Arabic"' in page  # its letters come with their own font


def test_a_phone_that_is_not_a_number_is_not_a_link():
    from leaflets.content.inline import Run
    from leaflets.renderers.web.page import phone_link

    assert phone_link((Run("the number your care team gave you"),)) == "the number your care team gave you"
    assert (
        phone_link((Run("+44 (0)1632\u00a0960 123"),))
        == '<a class="tel" href="tel:+4401632960123">+44 (0)1632\u00a0960 123</a>'
    )


def test_font_subsets_are_the_same_bytes_every_build_so_pages_share_them():
    from leaflets.brand.fonts import default_family
    from leaflets.renderers.web.fonts import _subset, page_fonts

    first = page_fonts(default_family(), "Hello, world")
    _subset.cache_clear()
    again = page_fonts(default_family(), "Another page, other words")
    assert [f.path for f in first] == [f.path for f in again]  # the brand's Latin set is shared
    assert all(f.data[:4] == b"wOF2" for f in first)
    arabic = page_fonts(default_family(), "مرحبا")
    assert any(f.family == "Leaflets Arabic" for f in arabic)


def test_web_font_subsets_in_the_cache_stay_bounded_and_one_removed_is_made_again(tmp_path, monkeypatch):
    from leaflets.brand.fonts import default_family
    from leaflets.renderers.web import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fonts, "KEPT_WEB_FONTS", 2)
    fonts._subset.cache_clear()  # noqa: SLF001
    path = default_family().regular
    for text in ("abc", "abd", "abe", "abf"):
        fonts._subset(path, 0, frozenset(map(ord, text)))  # noqa: SLF001
    kept = list((tmp_path / "leaflets" / "webfonts").glob("*.woff2"))
    assert len(kept) == 2
    for entry in kept:
        entry.unlink()  # another build's pruning, between two of this build's pages
    fonts._subset.cache_clear()  # noqa: SLF001
    assert fonts._subset(path, 0, frozenset(map(ord, "abf")))[:4] == b"wOF2"  # noqa: SLF001
    fonts._subset.cache_clear()  # noqa: SLF001


def _build(*args: str) -> int:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["build", *args, "-j", "1"])
    assert result.exit_code == 0, result.output
    return result


def test_a_folder_becomes_a_site_with_relative_links_that_all_resolve(library):
    (library / "content" / "talks").exists() and shutil.rmtree(library / "content" / "talks")
    for extra in ("zh-Hans", "bn", "ur", "pl"):
        shutil.rmtree(library / "content" / extra)
    _build("content", "--format", "html", "--format", "pdf", "--out", "site")
    site = library / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in site.glob("*.html") if p.name != "index.html")
    assert len(pages) == len(list((library / "content").glob("*.yaml"))) - 2 + 2  # less glossary, register; 2 Arabic
    for page in pages:
        assert f'href="{page}"' in index, page
    assert 'lang="ar" dir="rtl">العربية</a>' in index
    for name in ["index.html", *pages]:
        html = (site / name).read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
            if re.match(r"(https?|mailto|tel):", ref):
                continue
            assert not ref.startswith("/") and (site / ref).is_file(), f"{name}: {ref}"
    bone = (site / "bone-metastasis.html").read_text(encoding="utf-8")
    assert 'href="bone-metastasis.pdf">Download the leaflet (PDF)</a>' in bone
    words = json.loads(re.search(r'id="search-index">(.*?)</script>', index).group(1))
    assert "hypercalcaemia" in words["bone-metastasis"].split()  # search finds a word deep in the text


def test_large_print_is_linked_when_it_is_built_beside_the_page(library):
    _build("content/palliative-care.yaml", "--format", "html", "--format", "pdf", "--large-print", "--out", "site")
    page = (library / "site" / "palliative-care.html").read_text(encoding="utf-8")
    assert 'href="palliative-care-large-print.pdf">Large print leaflet (PDF)</a>' in page
    assert (library / "site" / "palliative-care-large-print.pdf").is_file()


def test_shared_files_stay_while_a_page_uses_them_and_go_when_none_does(library):
    """Chinese pages carry their own font subsets (the full set is megabytes); when the last
    Chinese page goes, so do they. Fonts every page names stay."""
    sources = ["content/bone-metastasis.yaml", "content/zh-Hans", "--format", "html", "--out", "site"]
    _build(*sources)
    assets = library / "site" / "assets"
    chinese = list(assets.glob("leaflets-cjk-*.woff2"))
    assert len(chinese) >= 2 and len(list(assets.glob("atkinson-hyperlegible-*.woff2"))) == 4
    assert "0 files written, 3 unchanged" in _build(*sources).output  # the index too is left alone
    for topic in (library / "content" / "zh-Hans").glob("*.yaml"):
        topic.unlink()
    _build(*sources)
    assert not list((library / "site").glob("*-zh-hans.html"))
    assert not any(font.exists() for font in chinese)  # no page shows Chinese any more
    assert len(list(assets.glob("atkinson-hyperlegible-*.woff2"))) == 4
    assert "-zh-hans.html" not in (library / "site" / "index.html").read_text(encoding="utf-8")
    used = set(re.findall(r"assets/[\w.-]+", (library / "site" / "bone-metastasis.html").read_text(encoding="utf-8")))
    assert {f"assets/{p.name}" for p in assets.iterdir()} == used  # nothing left that no page uses


def test_a_brand_with_web_pages_prints_a_qr_code_to_each_leaflets_own_page(library):
    import pypdfium2 as pdfium
    import zxingcpp
    from helpers import pptx_slides

    brand = library / "templates" / "brands" / "webby"
    shutil.copytree(ROOT / "templates" / "brands" / "northfield", brand)
    with (brand / "leaflets.yml").open("a", encoding="utf-8") as f:
        f.write("web:\n  base_url: https://northfield-cancer-support.example/leaflets\n")
    _build("content/bone-metastasis.yaml", "--brand", "webby", "-f", "pdf", "-f", "pptx", "-f", "html", "--out", "out")
    url = "https://northfield-cancer-support.example/leaflets/bone-metastasis.html"
    doc = pdfium.PdfDocument(library / "out" / "bone-metastasis.pdf")
    found = {r.text for i in range(len(doc)) for r in zxingcpp.read_barcodes(doc[i].render(scale=3).to_pil())}
    assert url in found
    text = squash("".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    assert squash("The latest version") in text and squash(url.removeprefix("https://")) in text
    slides = pptx_slides((library / "out" / "bone-metastasis.pptx").read_bytes())
    assert any(s["title"] == "The latest version" and "bone-metastasis.html" in s["text"] for s in slides)
    page = (library / "out" / "bone-metastasis.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}">' in page


def test_a_web_address_that_is_not_one_is_an_error_naming_its_line(tmp_path, monkeypatch):
    brand = tmp_path / "templates" / "brands" / "bad"
    brand.mkdir(parents=True)
    (brand / "leaflets.yml").write_text("organisation: Bad\nweb:\n  base_url: mailto:x@example.org\n")
    monkeypatch.chdir(tmp_path)
    from leaflets.brand.brand import load_brand
    from leaflets.errors import BrandError

    with pytest.raises(BrandError, match=r"leaflets.yml:3: web.base_url: .*must be a web address"):
        load_brand("bad")


def test_help_does_not_load_the_web_renderer_or_font_tools():
    import subprocess
    import sys

    code = "import sys; from leaflets.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n" + (
        "print(sorted(m for m in sys.modules if m.startswith(('fontTools', 'leaflets.renderers.html', 'reportlab'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(ROOT)).stdout
    assert out.strip().endswith("[]")


VNU = os.environ.get("VNU_JAR", "")


@pytest.mark.skipif(
    not (Path(VNU).is_file() and shutil.which("java")),
    reason="the Nu HTML Checker is not installed (VNU_JAR=path to vnu.jar from npm's vnu-jar, and Java)",
)
def test_the_nu_html_checker_finds_no_errors_on_any_page_or_the_index(library):
    _build("content", "--format", "html", "--out", "site")
    pages = sorted(str(p) for p in (library / "site").glob("*.html"))
    assert len(pages) >= 20
    checked = subprocess.run(["java", "-jar", VNU, "--errors-only", *pages], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_header_logo_is_the_version_that_stands_out_on_the_band(tmp_path, runner, monkeypatch):
    """As on the printed band: a dark logo on the brand colour would be lost (WCAG 1.4.11)."""
    from leaflets.brand.brand import load_brand
    from leaflets.brand.logo import VISIBLE_SHARE, visible_share

    monkeypatch.chdir(ROOT)
    out = tmp_path / "site"
    result = runner.invoke(main, ["build", "content/bone-metastasis.yaml", "-f", "html", "-b", "northfield",
                                  "--out", str(out), "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    src = re.search(r'<img class="logo[^"]*" src="([^"]+)"', (out / "bone-metastasis.html").read_text())[1]
    assert visible_share(out / src, load_brand("northfield").primary) >= VISIBLE_SHARE
