"""Benchmark: leaflets against the raw libraries, cold starts, memory, sizes and scale.

    python bench/run.py            # the table (about a minute)
    python bench/run.py --scale    # adds runs of 100 and 1,000 outputs (a few minutes)

Prints a Markdown table for the README's performance section.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import floor  # noqa: E402

from leaflets.brand.brand import load_brand  # noqa: E402
from leaflets.content.folders import find_topics  # noqa: E402
from leaflets.content.glossary import find_glossary, load_glossary  # noqa: E402
from leaflets.content.topic import load_topic  # noqa: E402
from leaflets.document.compose import compose  # noqa: E402
from leaflets.renderers import FORMATS, Options  # noqa: E402

CLI = [sys.executable, "-m", "leaflets"]
# Every process imports from cached bytecode, as an installed copy does (pip compiles it): a
# machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every module of ours, and
# none of the libraries', on every start. The cache is kept out of the repository.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), "leaflets-bench-pycache"))


def best_of(fn, repeat: int = 5) -> float:
    """Fewest processor seconds of ``repeat`` calls after one warm-up call: the least disturbed
    by other work (other users of a shared machine inflate the wall clock, much less this)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def in_turn(ours, floor_fn, repeat: int = 8) -> tuple[float, float, float]:
    """Median processor seconds of ``ours`` and of ``floor_fn``, called in turn ``repeat`` times
    after a warm-up (each first in every other turn), and the median of the turns' ratios: a
    change in the machine's load falls on both sides of a ratio."""
    ours()
    floor_fn()
    times: tuple[list[float], list[float]] = ([], [])
    for turn in range(repeat):
        pairs = list(zip((ours, floor_fn), times, strict=True))
        for fn, found in pairs if turn % 2 == 0 else pairs[::-1]:
            start = time.process_time()
            fn()
            found.append(time.process_time() - start)
    ratio = statistics.median(a / b for a, b in zip(*times, strict=True))
    return statistics.median(times[0]), statistics.median(times[1]), ratio


def side_by_side(ours: list[str], floor_args: list[str], repeat: int = 9, cwd: Path = ROOT) -> tuple[float, float]:
    """Median CPU seconds (user and system) of two commands run in turn: on a shared machine the
    wall clock mostly measures the other users, the processor time the command itself."""
    subprocess.run(ours, cwd=cwd, capture_output=True)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for args, found in zip((ours, floor_args), times, strict=True):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(args, cwd=cwd, capture_output=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            found.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times[0]), statistics.median(times[1])


#: What any Python command line that reads YAML pays before doing anything.
IMPORT_FLOOR = [sys.executable, "-c", "import yaml, click"]
#: What a command line that draws both formats with the raw libraries pays before drawing.
DRAW_FLOOR = [sys.executable, "-c", "import reportlab.platypus, pptx, yaml, click"]


def process_median(args: list[str], repeat: int = 7, cwd: Path = ROOT) -> float:
    subprocess.run(args, cwd=cwd, capture_output=True)  # warm the file cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def library_docs(translated: bool = False):
    """The English library (comparable with the floor), or the translations alone."""
    brand = load_brand("default")
    paths = find_topics([ROOT / "content"])
    glossary = load_glossary(find_glossary(paths[0]))
    topics = [t for t in (load_topic(p) for p in paths) if (t.translation is not None) == translated]
    return brand, [(compose(t, brand, "leaflet", glossary), compose(t, brand, "deck", glossary)) for t in topics]


def translated_cost() -> tuple[float, float, float, dict[str, float]]:
    """Per translated leaflet: milliseconds, mean KiB, milliseconds per deck, and by language the
    mean ratio of a translation's size to its English source's."""
    brand, docs = library_docs(translated=True)
    pdf, pptx = FORMATS["pdf"].load(), FORMATS["pptx"].load()
    per_pdf = best_of(lambda: [pdf(d[0], brand, io.BytesIO()) for d in docs], 3) / len(docs)
    per_deck = best_of(lambda: [pptx(d[1], brand, io.BytesIO()) for d in docs], 3) / len(docs)

    def size(leaflet) -> int:
        out = io.BytesIO()
        pdf(leaflet, brand, out)
        return len(out.getvalue())

    english = {d[0].meta.topic_id: size(d[0]) for d in library_docs()[1]}
    sizes, ratios = [], {}
    for leaflet, _ in docs:
        sizes.append(size(leaflet))
        source = leaflet.meta.topic_id.removesuffix("-" + leaflet.meta.language.lower())
        ratios.setdefault(leaflet.meta.language, []).append(sizes[-1] / english[source])
    return per_pdf, statistics.mean(sizes) / 1024, per_deck, {k: statistics.mean(v) for k, v in ratios.items()}


def talk_deck() -> float:
    """Processor seconds of the shipped talk's deck in a warm process (45 slides, 19 urgent)."""
    from leaflets.build.plan import read_talk
    from leaflets.document.compose import compose_talk

    path = ROOT / "content" / "talks" / "know-the-signs.yaml"
    talk, parts = read_talk(path, path.name, {}, {}, set())
    brand = load_brand("default")
    doc = compose_talk(talk, [topic for topic, _ in parts], brand)
    pptx = FORMATS["pptx"].load()
    return best_of(lambda: pptx(doc, brand, io.BytesIO()))


def floor_inputs(pdf: bytes, deck: bytes):
    """The same pages and slides as leaflets made, as plain text for the raw libraries."""
    import pypdfium2 as pdfium
    from pptx import Presentation

    document = pdfium.PdfDocument(io.BytesIO(pdf))
    pages = []
    for i in range(len(document)):
        lines = document[i].get_textpage().get_text_range().splitlines()
        pages.append([("h" if len(line) < 40 else "p", line) for line in lines if line.strip()])
    slides = []
    for slide in Presentation(io.BytesIO(deck)).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        slides.append((texts[0] if texts else "", [t for t in texts[1:] for t in t.splitlines()]))
    return pages, slides


def in_process(brand, docs) -> dict[str, float]:
    """Per document, warm: ours and the floor timed in turn, so that a change in the machine's
    load falls on both sides of each ratio."""
    pdf, pptx = FORMATS["pdf"].load(), FORMATS["pptx"].load()
    untagged = Options(tagged=False)
    size_tagged, size_untagged = [], []
    for leaflet, _ in docs:
        a, b = io.BytesIO(), io.BytesIO()
        pdf(leaflet, brand, a)
        pdf(leaflet, brand, b, untagged)
        size_tagged.append(len(a.getvalue()))
        size_untagged.append(len(b.getvalue()))
    tag_kib = (statistics.mean(size_tagged) - statistics.mean(size_untagged)) / 1024
    inputs = []
    for leaflet, deck in docs:
        a, b = io.BytesIO(), io.BytesIO()
        pdf(leaflet, brand, a)
        pptx(deck, brand, b)
        inputs.append(floor_inputs(a.getvalue(), b.getvalue()))
    ours_pdf, floor_pdf, pdf_ratio = in_turn(
        lambda: [pdf(d[0], brand, io.BytesIO()) for d in docs], lambda: [floor.leaflet(p) for p, _ in inputs]
    )
    ours_deck, floor_deck, deck_ratio = in_turn(
        lambda: [pptx(d[1], brand, io.BytesIO()) for d in docs], lambda: [floor.deck(s) for _, s in inputs]
    )
    tagged, pdf_untagged, tagging_ratio = in_turn(
        lambda: [pdf(d[0], brand, io.BytesIO()) for d in docs],
        lambda: [pdf(d[0], brand, io.BytesIO(), untagged) for d in docs],
    )
    bare, bare_floor, bare_ratio = in_turn(
        lambda: _without_second_layout(lambda: [pdf(d[0], brand, io.BytesIO(), untagged) for d in docs]),
        lambda: [floor.leaflet(p) for p, _ in inputs],
    )
    n = len(docs)
    return {
        "pdf": ours_pdf / n, "pdf_floor": floor_pdf / n, "pdf_ratio": pdf_ratio,
        "bare": bare / n, "bare_floor": bare_floor / n, "bare_ratio": bare_ratio,
        "deck": ours_deck / n, "deck_floor": floor_deck / n, "deck_ratio": deck_ratio,
        "pdf_tagged": tagged / n, "pdf_untagged": pdf_untagged / n, "tagging_ratio": tagging_ratio, "tag_kib": tag_kib,
    }  # fmt: skip


def _without_second_layout(draw):
    """``draw()`` with no leaflet given the tighter second layout, whatever its last page holds:
    what the layout costs without the pages it takes back."""
    from leaflets.renderers.pdf import flow

    kept, flow.NEARLY_EMPTY = flow.NEARLY_EMPTY, -1.0
    try:
        return draw()
    finally:
        flow.NEARLY_EMPTY = kept


def leaflet_costs(brand, docs, repeat: int = 3) -> tuple[float, float, int]:
    """Two things a leaflet pays for that the floor does not, in processor milliseconds per
    leaflet: the tighter second layout a leaflet gets when its last page has a line or two
    on it (and how many of them get it), and the PDF/UA structure tree (built, then written
    with the pages). Measured by timing those steps while the leaflets are drawn."""
    from leaflets.renderers.pdf import flow, structure

    pdf = FORMATS["pdf"].load()
    spent = {"tight": 0.0, "tree": 0.0}
    tightened: set[int] = set()
    current = [0]

    def timed(step, key: str):
        def run(*args, **kw):
            if key == "tight":
                if not kw.get("tight"):
                    return step(*args, **kw)
                tightened.add(current[0])
            start = time.process_time()
            try:
                return step(*args, **kw)
            finally:
                spent[key] += time.process_time() - start

        return run

    original = flow._flow, structure.build_tree, structure._write_reportlab
    flow._flow = timed(flow._flow, "tight")
    structure.build_tree = timed(structure.build_tree, "tree")
    structure._write_reportlab = timed(structure._write_reportlab, "tree")
    try:
        for _ in range(repeat):
            for index, (leaflet, _) in enumerate(docs):
                current[0] = index
                pdf(leaflet, brand, io.BytesIO())
    finally:
        flow._flow, structure.build_tree, structure._write_reportlab = original
    per = 1000 / (repeat * len(docs))
    return spent["tight"] * per, spent["tree"] * per, len(tightened)


def cli_jobs(repeat: int = 3) -> tuple[float, float, int]:
    """Median wall seconds of the library built with --jobs 1 and with every core, run in turn
    (a build on every core only pays off on the wall clock), and the number of files."""
    args = [*CLI, "build", "-q", "--force", "--out"]
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for jobs, found in zip((1, os.cpu_count() or 1), times, strict=True):
            out = Path(tempfile.mkdtemp())
            start = time.perf_counter()
            subprocess.run([*args, str(out), "--jobs", str(jobs)], cwd=ROOT, capture_output=True)
            found.append(time.perf_counter() - start)
            files = sum(1 for p in out.iterdir() if not p.name.startswith("."))
            shutil.rmtree(out)
    return statistics.median(times[0]), statistics.median(times[1]), files


#: Runs the CLI in a fresh process; what follows it reports on that run.
_RUN_CLI = (
    "import re, resource, runpy, sys\n"
    "sys.argv[0] = 'leaflets'\n"
    "try:\n    runpy.run_module('leaflets', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
)
#: Runs the CLI, then says on stderr the processor seconds of this process and of its workers.
_CPU_SPLIT = _RUN_CLI + (
    "for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):\n"
    "    used = resource.getrusage(who)\n    print(used.ru_utime + used.ru_stime, file=sys.stderr)\n"
)


#: Runs the CLI, then says on stderr the peak KiB in memory of this process or its largest worker.
#: The process reads its own high-water mark, which starts afresh when it starts: the rusage of a
#: child of the benchmark would count the benchmark's own memory, copied when it forked.
_PEAK_MEMORY = _RUN_CLI + (
    "own = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
    "print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), file=sys.stderr)\n"
)


def cores_estimate(repeat: int = 3) -> tuple[float, float]:
    """What every core would give on a machine with them free, from processor time, which other
    users do not inflate: the CPU seconds of --jobs 1, and of the critical path of --jobs N (what
    the main process does alone, plus an even share of what the workers do)."""
    cores = os.cpu_count() or 1
    found: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for jobs, times in zip((1, cores), found, strict=True):
            out = Path(tempfile.mkdtemp())
            args = [sys.executable, "-c", _CPU_SPLIT, "build", "-q", "--force", "--jobs", str(jobs), "--out", str(out)]
            done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
            main_cpu, workers_cpu = map(float, done.stderr.split()[-2:])
            times.append(main_cpu + workers_cpu / cores)
            shutil.rmtree(out)
    return statistics.median(found[0]), statistics.median(found[1])


def cold_one_topic() -> tuple[float, float]:
    """CPU seconds of one English topic built in both formats by a fresh process, and of
    importing what drawing both formats needs, side by side."""
    out = Path(tempfile.mkdtemp())
    ours = [*CLI, "build", "-q", "--force", "--jobs", "1", "--out", str(out), "content/palliative-care.yaml"]
    found = side_by_side(ours, DRAW_FLOOR, repeat=7)
    shutil.rmtree(out)
    return found


def check_times() -> tuple[float, float]:
    """Wall seconds of `leaflets check` for one topic (median of 5) and for the library (median
    of 3, every core): it validates, scores and draws each topic in every format in memory."""
    one = process_median([*CLI, "check", "content/palliative-care.yaml"], repeat=5)
    return one, process_median([*CLI, "check", "content"], repeat=3)


def noop_library() -> tuple[float, float]:
    """A no-op rebuild of the library, and the import floor, side by side."""
    out = Path(tempfile.mkdtemp())
    subprocess.run([*CLI, "build", "-q", "--out", str(out)], cwd=ROOT, capture_output=True)
    found = side_by_side([*CLI, "build", "-q", "--out", str(out)], IMPORT_FLOOR)
    shutil.rmtree(out)
    return found


def noop_generated(topics: int = 1000) -> tuple[float, float]:
    """A no-op rebuild of a generated library of ``topics`` topics (PDF only, built once first,
    on every core), and the import floor, side by side."""
    work = Path(tempfile.mkdtemp())
    content = work / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "glossary.yaml", content)
    sources = [p for p in find_topics([ROOT / "content"]) if p.parent == ROOT / "content"]
    for i in range(topics):
        text = re.sub(r"(?m)^id: .*\n", "", sources[i % len(sources)].read_text(encoding="utf-8"))
        (content / f"t{i:04}.yaml").write_text(re.sub(r"(?m)^code: MBC-", f"code: G{i:04}-", text), encoding="utf-8")
    build = [*CLI, "build", "-q", "-f", "pdf", "--out", "out"]
    subprocess.run([*build, "--jobs", str(os.cpu_count() or 1)], cwd=work, capture_output=True)
    found = side_by_side(build, IMPORT_FLOOR, repeat=5, cwd=work)
    shutil.rmtree(work)
    return found


def sizes() -> tuple[float, float, int]:
    out = Path(tempfile.mkdtemp())
    subprocess.run([*CLI, "build", "-q", "--out", str(out)], cwd=ROOT, capture_output=True)
    english = re.compile(r"-(ar|ur|bn|pl|zh-hans)$")  # the translations are measured on their own
    pdfs = [p for p in out.glob("*.pdf") if not english.search(p.stem)]
    decks = [p for p in out.glob("*.pptx") if not english.search(p.stem)]
    import pikepdf

    four_page = [p.stat().st_size for p in pdfs if len(pikepdf.open(p).pages) <= 4]
    return (
        statistics.mean(p.stat().st_size for p in pdfs) / 1024,
        statistics.mean(p.stat().st_size for p in decks) / 1024,
        round(max(four_page or [0]) / 1024),
    )


def scale(outputs: int, jobs: int = os.cpu_count() or 1) -> tuple[float, float, int]:
    """Milliseconds per file, and the peak MiB of the build (its main process or largest worker),
    for a run of about ``outputs`` files."""
    work = Path(tempfile.mkdtemp())
    content = work / "content"
    content.mkdir()
    topics = find_topics([ROOT / "content"])
    shutil.copy(ROOT / "content" / "glossary.yaml", content)
    brands = max(1, outputs // (2 * 25))
    for i in range(25):
        source = topics[i % len(topics)].read_text(encoding="utf-8")
        (content / f"t{i:02}.yaml").write_text(source.replace("code: MBC-", f"code: T{i:02}-"), encoding="utf-8")
    for b in range(brands):
        folder = work / "templates" / "brands" / f"clinic-{b:03}"
        folder.mkdir(parents=True)
        (folder / "leaflets.yml").write_text(f"extends: northfield\nhelpline_number: 01632 960 {b:03}\n")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY, "build", "-q", "--jobs", str(jobs), "--brand", "templates/brands/*",
         "--out", "out"],
        cwd=work, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    peak = float(done.stderr.split()[-1]) / 1024
    count = sum(1 for _ in (work / "out").rglob("*.p*"))
    shutil.rmtree(work)
    return elapsed / count * 1000, peak, count


def studio_preview() -> tuple[float, float]:
    """Median and 95th percentile milliseconds from an edit of the longest topic to the studio's
    new A4 preview (``bench/studio.py`` measures more topics and the slides)."""
    import studio

    with studio.studio() as (client, keys):
        timings = studio.measure(client, keys, "bone-metastasis.yaml", {})
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1]


def row(what: str, ours: str, floor_text: str = "", ratio: str = "", target: str = "") -> None:
    print(f"| {what} | {ours} | {floor_text} | {ratio} | {target} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", action="store_true", help="also build 100 and 1,000 outputs")
    args = parser.parse_args()
    # cold starts read compiled modules, as an installed package has them (pip compiles them
    # on install), not ones recompiled because the source changed or bytecode is not written
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "leaflets")], check=True, capture_output=True)
    brand, docs = library_docs()
    ip = in_process(brand, docs)
    tight_ms, tree_ms, tightened = leaflet_costs(brand, docs)
    one, many, files = cli_jobs()
    cpu_one, cpu_many = cores_estimate()
    help_time = process_median([*CLI, "--help"])
    cold, cold_floor = cold_one_topic()
    noop, noop_floor = noop_library()
    check_one, check_library = check_times()
    pdf_kib, deck_kib, four_page = sizes()
    tr_pdf, tr_kib, tr_deck, by_language = translated_cost()
    talk = talk_deck()
    preview, preview_p95 = studio_preview()
    cores = os.cpu_count()
    when = f"{time.strftime('%Y-%m-%d')} on {platform.machine()}, {cores} cores, Python {platform.python_version()}"
    print(f"Measured {when}.\n")
    row("what", "leaflets", "floor (raw library)", "ratio", "target")
    print("|---|---|---|---|---|")
    pdf, pdf_floor, deck, deck_floor = ip["pdf"], ip["pdf_floor"], ip["deck"], ip["deck_floor"]
    row("leaflet, per document, warm process (English, tagged)", f"{pdf * 1000:.0f} ms",
        f"{pdf_floor * 1000:.0f} ms (reportlab)", f"{ip['pdf_ratio']:.2f}x", "1.5x")  # fmt: skip
    row("deck, per document, warm process (English)", f"{deck * 1000:.0f} ms",
        f"{deck_floor * 1000:.0f} ms (python-pptx)", f"{ip['deck_ratio']:.2f}x", "1.5x")  # fmt: skip
    row(f"of which: the tighter second layout, for {tightened} of {len(docs)} leaflets (mean per leaflet)",
        f"{tight_ms:.0f} ms")  # fmt: skip
    row("of which: the PDF/UA structure tree, built and written", f"{tree_ms:.1f} ms")
    row("the same leaflets untagged and without the tighter second layout", f"{ip['bare'] * 1000:.0f} ms",
        f"{ip['bare_floor'] * 1000:.0f} ms (reportlab)", f"{ip['bare_ratio']:.2f}x")  # fmt: skip
    tagging = f"+{(ip['pdf_tagged'] - ip['pdf_untagged']) * 1000:.0f} ms, +{ip['tag_kib']:.1f} KiB"
    row("PDF/UA tagging, per leaflet (tagged against untagged)", tagging, "", f"{ip['tagging_ratio']:.2f}x")
    row("translated leaflet (ar, ur, bn, pl, zh-Hans), per document", f"{tr_pdf * 1000:.0f} ms, {tr_kib:.0f} KiB",
        f"{pdf_kib:.0f} KiB (English)", f"{tr_kib / pdf_kib:.2f}x", "1.5x")  # fmt: skip
    row("of which, each against its English source: " + ", ".join(f"{k} {v:.2f}x" for k, v in by_language.items()),
        "", "", f"{max(by_language.values()):.2f}x at most", "1.5x")  # fmt: skip
    row("translated deck, per document", f"{tr_deck * 1000:.0f} ms")
    row("the talk's deck (45 slides), warm process", f"{talk * 1000:.0f} ms")
    row(f"library through the CLI ({files} files), --jobs {cores} (wall, median of 3)", f"{many:.1f} s",
        f"{one:.1f} s (--jobs 1)", f"{one / many:.2f}x faster", "1.7x")  # fmt: skip
    row(f"the same, critical path in processor time (main process + a 1/{cores} share of the workers)",
        f"{cpu_many:.1f} s", f"{cpu_one:.1f} s (--jobs 1)", f"{cpu_one / cpu_many:.2f}x faster")  # fmt: skip
    # the measure: the speed-up beyond the imports both runs pay once, before any work
    row("the same, beyond importing reportlab, python-pptx, yaml and click", f"{cpu_many - cold_floor:.1f} s",
        f"{cpu_one - cold_floor:.1f} s (--jobs 1)", f"{(cpu_one - cold_floor) / (cpu_many - cold_floor):.2f}x faster",
        "1.7x")  # fmt: skip
    row("`leaflets --help`, cold process (wall, median of 7)", f"{help_time * 1000:.0f} ms", "", "", "120 ms")
    row("one topic, both formats, cold process (CPU, median of 7)", f"{cold * 1000:.0f} ms",
        f"{cold_floor * 1000:.0f} ms (`import reportlab.platypus, pptx, yaml, click`)",
        f"+{(cold - cold_floor) * 1000:.0f} ms", "+100 ms")  # fmt: skip
    row("no-op rebuild of the library (CPU, median of 9)", f"{noop * 1000:.0f} ms",
        f"{noop_floor * 1000:.0f} ms (`import yaml, click`)", f"{noop / noop_floor:.2f}x", "150 ms")  # fmt: skip
    row("`leaflets check`, one topic / the library, every format drawn in memory (wall)",
        f"{check_one:.2f} s / {check_library:.1f} s")  # fmt: skip
    row("PDF size, mean / largest 4-page leaflet", f"{pdf_kib:.0f} KiB / {four_page} KiB", "", "", "60 KiB")
    row("deck size, mean", f"{deck_kib:.0f} KiB")
    row("studio preview after an edit (bone-metastasis, A4), median / 95th percentile",
        f"{preview:.0f} ms / {preview_p95:.0f} ms", "", "", "300 ms")  # fmt: skip
    if args.scale:
        big, big_floor = noop_generated(1000)
        row("no-op rebuild of a generated 1,000-topic library (CPU)", f"{big * 1000:.0f} ms",
            f"{big_floor * 1000:.0f} ms (`import yaml, click`)", f"{big / big_floor:.2f}x", "500 ms")  # fmt: skip
        one_job, _, count = scale(100, jobs=1)
        every, _, _ = scale(100)
        row(f"{count} outputs, --jobs {cores}", f"{every:.0f} ms per file", f"{one_job:.0f} ms per file (--jobs 1)",
            f"{one_job / every:.2f}x faster", "1.7x")  # fmt: skip
        for n in (100, 1000):
            per, peak, count = scale(n)
            row(f"{count} outputs (topics x brands x formats)", f"{per:.0f} ms per file, peak {peak:.0f} MiB",
                "", "", "linear, < 300 MiB")  # fmt: skip


if __name__ == "__main__":
    main()
