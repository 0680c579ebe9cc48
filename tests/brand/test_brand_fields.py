"""The brand keys: one table of field specs checks brand files and documents them."""

from __future__ import annotations

import re

from helpers import ROOT

from leaflets.brand.brand import load_brand
from leaflets.brand.derive import COLUMNS
from leaflets.brand.fields import FIELDS, KEYS, keys_table
from leaflets.content.inline import plain


def test_readme_lists_every_brand_key_as_the_code_reads_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- brand keys: .*? -->\n(.*?)\n<!-- end brand keys -->", readme, re.S)
    assert found, "README has no generated table of brand keys"
    assert found.group(1) == keys_table(), "README's brand keys are out of date: paste keys_table() between the markers"
    for key in ("feedback_url", "callout_colors", "cmyk", "languages", "web"):
        assert f"| `{key}` |" in found.group(1)


def test_every_key_a_brand_file_may_use_is_a_field_and_each_is_documented():
    assert len(set(KEYS)) == len(KEYS)
    assert all(f.doc and f.kind for f in FIELDS)


def test_a_derived_brands_table_offers_only_one_line_keys():
    assert "organisation" in COLUMNS and "helpline" in COLUMNS and "logo" in COLUMNS
    for mapping in ("web", "languages", "cmyk", "deck", "contacts", "placeholders", "extends"):
        assert mapping not in COLUMNS


def test_every_field_changes_the_brand(tmp_path):
    folder = tmp_path / "clinic"
    folder.mkdir()
    (tmp_path / "clinic" / "template.pptx").write_bytes(
        (ROOT / "templates" / "brands" / "northfield" / "deck.pptx").read_bytes()
    )
    (folder / "leaflets.yml").write_text(
        "organisation: Clinic A\nfooter: Clinic A patient information\nwebsite: https://clinic-a.example.org\n"
        "country: us\nhelpline: Clinic A's line\nhelpline_number: 01632 960 111\nemergency: '911'\n"
        "urgent_advice: the on-call nurse\nplaceholders: {ward: Ward 7}\n"
        "contacts: [{label: Ward 7, phone: 01632 960 222}]\ndisclaimer: Ask your team.\nlogo_alt: Clinic A\n"
        "deck: {template: template.pptx}\nfeedback_url: https://clinic-a.example.org/feedback\n"
        "web: {base_url: https://clinic-a.example.org/leaflets}\ncallout_colors: {info: '#123456'}\n"
        "cmyk: {primary: [100, 60, 0, 20]}\nlanguages: {ar: {footer: نص}}\n",
        encoding="utf-8",
    )
    brand = load_brand(str(folder))
    assert (brand.name, brand.footer, brand.country, brand.disclaimer) == (
        "Clinic A", "Clinic A patient information", "US", "Ask your team."
    )  # fmt: skip
    assert brand.placeholders["organisation"] == "Clinic A" and brand.placeholders["ward"] == "Ward 7"
    assert brand.placeholders["helpline_number"] == "01632 960 111" and brand.placeholders["emergency"] == "911"
    assert plain(brand.contacts[0].label) == "Ward 7" and brand.logo_text == "Clinic A"
    assert brand.deck_template == folder.resolve() / "template.pptx"
    assert brand.web_base_url == "https://clinic-a.example.org/leaflets/"
    assert brand.feedback_url.endswith("/feedback") and brand.website.startswith("https://")
    assert brand.callout_colors["info"] == (0x12, 0x34, 0x56)
    assert brand.cmyk[brand.primary] == (100.0, 60.0, 0.0, 20.0)
    assert brand.languages["ar"]["footer"] == "نص"
