"""Brands and topics read only inside their own folders, only regular files of a bounded size;
pictures are whole and upright."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leaflets.cli import main

GOOD = "title: Good topic\nblocks:\n  - text: The good topic still builds.\n"


def png(path: Path, size: tuple[int, int] = (40, 20), color: str = "navy") -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "good.yaml").write_text(GOOD)
    (tmp_path / "private").mkdir()
    png(tmp_path / "private" / "secret.png")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def brand(project: Path, name: str, extras: str, core: str = "") -> Path:
    folder = project / "templates" / "brands" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "leaflets.yml").write_text(extras)
    if core:
        (folder / "_brand.yml").write_text(core)
    return folder


def run(runner, *args: str):
    result = runner.invoke(main, [*args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize(
    "logo", ["../../../private/secret.png", "/etc/hosts", "link.png"], ids=["dotdot", "absolute", "symlink"]
)
def test_a_brand_logo_outside_its_folder_is_refused(project, runner, logo):
    folder = brand(project, "partner", f"logo: {logo}\n")
    (folder / "link.png").symlink_to(project / "private" / "secret.png")
    result = run(runner, "build", "-f", "pdf", "--brand", "partner", "--jobs", "1")
    assert result.exit_code == 1
    # a root-relative path means the brand's own root, as in Quarto: it is looked for inside the brand
    assert "leads outside" in result.output or f"partner{logo}" in result.output, result.output
    assert "logo:" in result.output and "logo: logo:" not in result.output


def test_a_brand_yml_logo_outside_is_dropped_with_a_warning(project, runner):
    folder = brand(project, "partner", "organisation: Partner\n", "logo: ../../../private/secret.png\n")
    assert folder.is_dir()
    result = run(runner, "build", "-f", "pdf", "--brand", "partner", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "leads outside" in result.output and "without a logo" in result.output


@pytest.mark.parametrize("template", ["/tmp/deck.pptx", "../../../private/deck.pptx", "deck.pptx"])
def test_a_deck_template_outside_the_brand_is_refused(project, runner, template):
    from pptx import Presentation

    Presentation().save(project / "private" / "deck.pptx")
    folder = brand(project, "partner", f"deck:\n  template: {template}\n")
    (folder / "deck.pptx").symlink_to(project / "private" / "deck.pptx")
    result = run(runner, "build", "-f", "pptx", "--brand", "partner", "--jobs", "1")
    assert result.exit_code == 1
    assert "deck.template" in result.output
    assert "leads outside" in result.output or "must be a path relative to" in result.output


def test_extends_takes_a_brand_name_never_a_path(project, runner):
    brand(project, "other", "organisation: Other charity\nhelpline_number: 01632 960 555\n")
    brand(project, "partner", "extends: ../../../templates/brands/other\n")
    result = run(runner, "build", "-f", "pdf", "--brand", "partner", "--jobs", "1")
    assert result.exit_code == 1 and "extends" in result.output and "not a path" in result.output
    brand(project, "partner", "extends: other\n")  # a sibling, by name
    result = run(runner, "build", "-f", "pdf", "--brand", "partner", "--jobs", "1", "--out", "o2")
    assert result.exit_code == 0, result.output
    elsewhere = project / "private" / "brand"
    elsewhere.mkdir()
    (elsewhere / "leaflets.yml").write_text("organisation: Elsewhere\n")
    (project / "templates" / "brands" / "linked").symlink_to(elsewhere)  # a sibling's name, a folder elsewhere
    brand(project, "partner", "extends: linked\n")
    result = run(runner, "build", "-f", "pdf", "--brand", "partner", "--jobs", "1", "--out", "o3")
    assert result.exit_code == 1 and "is a link to a folder elsewhere" in result.output


def test_a_font_family_written_as_a_path_is_not_loaded(project, runner):
    fonts = project / "private" / "fonts"
    fonts.mkdir()
    brand(project, "partner", "organisation: P\n", "typography:\n  base:\n    family: ../../../private/fonts/Evil\n")
    result = run(runner, "build", "-f", "pdf", "--brand", "partner", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "is not a family name" in result.output


def test_topic_links_out_of_the_folder_are_not_followed_and_the_rest_builds(project, runner):
    (project / "content" / "passwd.yaml").symlink_to("/etc/passwd")
    (project / "content" / "inside.yaml").symlink_to(project / "content" / "good.yaml")
    result = run(runner, "build", "-f", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    assert "content/passwd.yaml: is a link to a file outside the folder being built" in result.output
    assert "root:" not in result.output
    assert (project / "output" / "good.pdf").is_file()


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_a_fifo_device_or_folder_as_a_topic_or_manifest_is_a_clear_error_and_never_hangs(project, kind):
    def special(path: Path) -> None:
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "zero":
            path.symlink_to("/dev/zero")
        else:
            path.mkdir()

    out = project / "output"
    out.mkdir()
    special(out / ".leaflets-manifest.json")
    if kind != "zero":  # a link out of content/ is refused before it is opened (above)
        special(project / "content" / "special.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "leaflets", "build", "-f", "pdf", "--jobs", "1"],
        cwd=project, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert (out / "good.pdf").is_file()
    if kind == "fifo":
        assert done.returncode == 1 and "special.yaml: special.yaml is not a regular file" in done.stderr
    if kind == "folder":  # a folder named .yaml is not a topic file, and the manifest cannot be saved
        assert done.returncode == 1 and "a folder of that name is in the way" in done.stderr
    if kind == "zero":  # read as an empty manifest, never to the end
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("src", ["../private/secret.png", "/tmp/x.png", "images/link.png"])
def test_topic_pictures_stay_inside_the_topic_folder(project, runner, src):
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "link.png").symlink_to(project / "private" / "secret.png")
    (project / "content" / "pic.yaml").write_text(f"title: T\nblocks:\n  - image: {{src: {src}, alt: A drawing}}\n")
    result = run(runner, "build", "-f", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    assert "content/pic.yaml:3: blocks[0].image.src:" in result.output
    assert (project / "output" / "good.pdf").is_file()


def test_a_truncated_picture_is_an_error_naming_it(project, runner):
    from PIL import Image

    data = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(data, format="JPEG", quality=90)
    (project / "content" / "photo.jpg").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    (project / "content" / "pic.yaml").write_text("title: T\nblocks:\n  - image: {src: photo.jpg, alt: A photo}\n")
    result = run(runner, "build", "-f", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    assert "photo.jpg is damaged or cut short (truncated)" in result.output


def test_a_photo_is_printed_the_way_its_exif_orientation_says(project, runner, tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    photo = Image.new("RGB", (400, 200), "white")  # stored landscape...
    exif = Image.Exif()
    exif[0x0112] = 6  # ...shown rotated 90 degrees: portrait
    photo.save(project / "content" / "photo.jpg", format="JPEG", exif=exif.tobytes())
    topic = project / "content" / "pic.yaml"
    topic.write_text("title: T\nblocks:\n  - image: {src: photo.jpg, alt: A portrait photo}\n")
    from leaflets.content.topic import load_topic
    from leaflets.document.nodes import Figure

    figure = next(n for e in load_topic(topic).entries for n in e.nodes if isinstance(n, Figure))
    assert (figure.width_px, figure.height_px) == (200, 400)
    with Image.open(figure.path) as drawn:
        assert drawn.size == (200, 400)
    result = run(runner, "build", "content/pic.yaml", "-f", "pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    import pdfplumber

    with pdfplumber.open(project / "output" / "pic.pdf") as pdf:
        image = pdf.pages[0].images[0]
        assert image["height"] > image["width"]


def test_a_broken_brand_fails_alone_and_the_other_brand_builds_into_its_own_folder(project, runner):
    brand(project, "good", "organisation: Good charity\n")
    brand(project, "broken", "organisation: [not, text]\nlogo: ../../../private/secret.png\n")
    result = run(runner, "build", "-f", "pdf", "-b", "good", "-b", "broken", "--jobs", "1")
    assert result.exit_code == 1
    assert "templates/brands/broken/leaflets.yml:1: organisation: expected text, got a list" in result.output
    assert (project / "output" / "good" / "good.pdf").is_file()
    assert not (project / "output" / "broken").exists()


def test_a_path_out_of_the_folder_names_that_folder_as_the_user_knows_it(project, runner, monkeypatch):
    # run from the topic's own folder, the message once said "leads outside /": the folder is named by its own name
    (project / "content" / "bad.yaml").write_text(
        "title: T\nblocks:\n  - image: {src: ../private/secret.png, alt: X}\n"
    )
    for where, expected in ((project, "leads outside content/;"), (project / "content", "leads outside content/;")):
        monkeypatch.chdir(where)
        result = runner.invoke(main, ["check", str((project / "content" / "bad.yaml").relative_to(where))])
        assert result.exit_code == 1 and expected in result.output, result.output


@pytest.mark.parametrize(
    "head, said",
    [
        (b"wOF2", "is a web font (WOFF)"),  # a WOFF2 whose tables could unpack to gigabytes
        (b"OTTO", "PostScript (CFF) outlines"),
        (b"\x00\x01\x00\x00", "is damaged or cannot be embedded"),
        (b"GIF8", "is not a TrueType font file"),
    ],
    ids=["woff2", "cff", "damaged", "not-a-font"],
)
def test_a_brand_font_that_cannot_be_embedded_falls_back_to_the_default_with_a_warning(project, runner, head, said):
    folder = brand(project, "partner", "organisation: P\n", "typography:\n  base: Evil\n")
    (folder / "fonts").mkdir()
    for style in ("Regular", "Bold"):
        (folder / "fonts" / f"Evil-{style}.ttf").write_bytes(head + os.urandom(2000))
    result = run(runner, "build", "-v", "-f", "pdf", "-f", "html", "--brand", "partner", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert said in result.output and "using Atkinson Hyperlegible" in result.output
    assert (project / "output" / "good.pdf").is_file() and (project / "output" / "good.html").is_file()


def test_a_file_name_with_a_nul_or_too_long_is_refused_in_one_line(project, runner):
    # a NUL or a 5,000-character name once stopped the whole build with an internal error
    brand(project, "nul", 'organisation: N\nlogo: "lo\\0go.png"\n')
    brand(project, "long", f"organisation: L\nlogo: {'a' * 5000}.png\n")
    for name, said in (("nul", "hidden control character (U+0000"), ("long", "is too long for a file name")):
        result = run(runner, "build", "-f", "pdf", "--brand", name, "--jobs", "1")
        assert result.exit_code == 1 and said in result.output and "internal error" not in result.output
    (project / "content" / "far.yaml").write_text(f"title: T\nblocks:\n  - image: {{src: {'b' * 5000}.png, alt: X}}\n")
    result = run(runner, "check", "content/far.yaml")
    assert result.exit_code == 1 and "is too long for a file name" in result.output


def test_brand_colours_that_name_each_other_are_a_brand_error_not_a_crash(project, runner):
    brand(project, "circle", "organisation: C\n", "color:\n  palette: {a: b, b: a}\n  primary: a\n")
    result = run(runner, "build", "-f", "pdf", "--brand", "circle", "--jobs", "1")
    assert result.exit_code == 1 and "colours name each other in a circle" in result.output
    assert "internal error" not in result.output


def test_a_large_picture_is_drawn_from_a_copy_to_size_that_follows_the_authors_file(project, runner, monkeypatch):
    from PIL import Image

    from leaflets.files.images import MAX_DRAWN_SIDE, prepare_image

    monkeypatch.setenv("XDG_CACHE_HOME", str(project / "cache"))
    srgb = (Path(__import__("pikepdf").__file__).parent / "pdfa" / "data" / "sRGB.icc").read_bytes()
    picture = project / "content" / "big.jpg"
    Image.new("RGB", (4000, 3000), "navy").save(picture, icc_profile=srgb)
    drawn, width, height = prepare_image(picture)
    assert drawn != picture and max(width, height) == MAX_DRAWN_SIDE
    assert Image.open(drawn).info.get("icc_profile") == srgb  # its colours hold
    drawn.write_bytes(drawn.read_bytes()[:2000])  # damaged in the cache: made again, never drawn
    assert prepare_image(picture)[0].stat().st_size > 2000
    (project / "content" / "pictured.yaml").write_text("title: P\nblocks:\n  - image: {src: big.jpg, alt: Blue}\n")
    run(runner, "build", "-f", "pdf", "--jobs", "1", "content/pictured.yaml")
    Image.new("RGB", (4000, 3000), "red").save(picture)  # the author replaces the picture: the leaflet is rebuilt
    result = run(runner, "build", "-f", "pdf", "--jobs", "1", "content/pictured.yaml")
    assert "1 file written" in result.output, result.output
    import leaflets.files.images as images
    from leaflets.files.atomic import WriteError

    def full(target, data):
        raise WriteError(f"cannot write {target}: the disk is full")

    monkeypatch.setattr(images, "write_atomic", full)  # a cache that cannot be written costs size, never the picture
    Image.new("RGB", (4000, 3000), "green").save(picture)
    assert prepare_image(picture) == (picture, 4000, 3000)
