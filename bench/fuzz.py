"""Fuzz the input checks: mutate the shipped topics and the talk, and demand a clear error or a build.

    python bench/fuzz.py 3000              # 3,000 mutated files, validated (a minute or two)
    python bench/fuzz.py 3000 --seed 7 --runs 20 --failures /tmp/fuzz-failures

Each case is one shipped file (a topic, a translation or the talk) with one to three mutations:
keys deleted, duplicated, renamed or swapped; values replaced by other types, huge numbers,
special floats, deep nesting, control characters, markup characters or very long text; the file
truncated or given random bytes. Every case is loaded as ``leaflets check`` loads it, and
``--runs`` batches go through ``leaflets.build.run.run`` with good topics beside the broken ones.

A case passes when it loads, or fails with diagnostics that all name the file; it is a failure
when an exception escapes, a diagnostic names no file, or a message is an internal error. The
script prints counts and writes each failing file to ``--failures`` as a reproducer.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from leaflets.errors import LeafletsError  # noqa: E402

CONTENT = ROOT / "content"
TALK = Path("talks/know-the-signs.yaml")
#: Files a case may mutate, relative to content/: every topic, translation and the talk.
SHIPPED = sorted(
    p.relative_to(CONTENT) for p in CONTENT.rglob("*.yaml") if p.name not in ("glossary.yaml", "register.yaml")
)
GOOD = Path("lung-metastasis.yaml")  # a short topic that stays unbroken beside the broken ones

CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0))]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
MARKUP = ["*", "**", "[", "]", "(", ")", "{", "}", "{{", "}}", "\\", "_", "`", "<b>", "&amp;", "[a](", "](x)"]
#: YAML written as is in place of a value: numbers and forms a dumper would not write.
RAW = [
    "9" * 4301,
    "1" * 5000,
    "0x" + "f" * 4000,
    "0b" + "1" * 20000,
    "1e5000",
    "-1e400",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "nan",
    "inf",
    "yes",
    "off",
    "~",
    "null",
    "9:30",
    "190:20:30",
    "2026-02-30",
    "2026-13-01",
    "0o777",
    "+12_345",
    "[" * 700 + "]" * 700,
    "{a: " * 300 + "b" + "}" * 300,
    "!!python/object/apply:os.system [ls]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "*nowhere",
    "&anchor [1, 2]",
    "<<: {a: 1}",
    '"\\x00"',
    '"\\u202E"',
    '"\\uD800"',
    "'a\tb'",
    "|\n  a\n  \n  b",
]


@dataclass
class Case:
    """One mutated file: where it goes under content/, its bytes, and what was done to it."""

    rel: Path
    data: bytes
    steps: list[str]


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return "".join(rng.choice(CONTROL + BIDI + ["a", " "]) for _ in range(rng.randint(1, 12)))
    if kind == 1:
        return "".join(rng.choice(MARKUP + ["a", " "]) for _ in range(rng.randint(1, 40)))
    if kind == 2:
        return rng.choice(["Title ", "ألم في العظام ", "হাড়ের ব্যথা ", "骨痛", "Ból "]) * rng.choice([1, 100, 3000, 30000])
    if kind == 3:
        return rng.choice(BIDI) + "مرحبا" + rng.choice(BIDI)
    if kind == 4:
        return "😀 " + rng.choice(["", "{helpline}", "{nope}", "{{", "[x](javascript:alert(1))", "[x](http://[x)"])
    if kind == 5:
        return "x" * rng.choice([99, 100, 101, 250, 5000])
    if kind == 6:
        return rng.choice(["", " ", "\n", "\t", "\u00a0", "\u200b", "\ufeff"])
    return "a" + rng.choice(CONTROL + BIDI) + "b"


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(10 if depth < 2 else 7)
    if kind == 0:
        return rng.choice([0, -1, 1, 2**31, 2**64, 10**300, -(10**50)])
    if kind == 1:
        return rng.choice([0.5, -0.0, 1e308, float("nan"), float("inf"), float("-inf")])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind in (3, 4, 5):
        return random_text(rng)
    if kind == 6:
        return _Raw(rng.choice(RAW))
    if kind == 7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == 8:
        return {random_text(rng)[:10] or "k": random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return rng.choice([[], {}, [[]], [{}], {"": None}])


class _Raw(str):
    """YAML text put in the file as is (a dumper cannot write a 5,000-digit number or a tag)."""


def _nodes(data: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every value in ``data``."""
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _nodes(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _nodes(value, path + (i,))
    return out


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def mutate_data(data: Any, rng: random.Random) -> str:
    """Change one value or key of ``data`` in place; return what was done."""
    paths = _nodes(data)
    texts = [p for p in paths if p and isinstance(_get(data, p), str)]
    if texts and rng.random() < 0.4:  # keep the file's shape: change only the words of one text
        path = rng.choice(texts)
        parent = _get(data, path[:-1])
        value = rng.choice([random_text(rng), parent[path[-1]] + random_text(rng), random_text(rng) + parent[path[-1]]])
        parent[path[-1]] = value
        return f"set the text {path} to {value!r:.60}"
    path = rng.choice(paths[1:] or paths)
    if not path:
        return "kept the root"
    parent, last = _get(data, path[:-1]), path[-1]
    op = rng.randrange(8)
    if op == 0:
        del parent[last]
        return f"deleted {path}"
    if op == 1 and isinstance(parent, dict):
        keys = [k for k in parent if k != last]
        other = rng.choice(keys + ["titel", "blocks", "id", "topic", "sections", random_text(rng)[:8] or "k"])
        parent[other] = parent.pop(last)
        return f"renamed {path} to {other!r}"
    if op == 2 and isinstance(parent, dict) and len(parent) > 1:
        other = rng.choice([k for k in parent if k != last])
        parent[last], parent[other] = parent[other], parent[last]
        return f"swapped {path} with {other!r}"
    if op == 3:
        parent[last] = [parent[last]]
        return f"wrapped {path} in a list"
    if op == 4 and isinstance(parent, list):
        parent.insert(last, parent[last])
        return f"duplicated {path}"
    value = random_value(rng)
    parent[last] = value
    return f"set {path} to {value!r:.60}"


def dump(data: Any) -> str:
    """YAML text for ``data``, with every _Raw value written as is."""
    raws: list[str] = []

    def swap(value: Any) -> Any:
        if isinstance(value, _Raw):
            raws.append(str(value))
            return f"__RAW{len(raws) - 1}__"
        if isinstance(value, dict):
            return {swap(k) if isinstance(k, _Raw) else k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = yaml.safe_dump(swap(data), allow_unicode=True, sort_keys=False, width=1000)
    return re.sub(r"'?__RAW(\d+)__'?", lambda m: raws[int(m[1])].replace("\n", "\n    "), text)


def mutate_text(text: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Damage the file as bytes: truncate it, splice in bytes, duplicate or indent a line."""
    op = rng.randrange(6)
    lines = text.split(b"\n")
    at = rng.randrange(len(lines))
    if op == 0:
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"truncated at byte {cut}"
    if op == 1:
        noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        pos = rng.randrange(len(text) + 1)
        return text[:pos] + noise + text[pos:], f"inserted {noise!r} at byte {pos}"
    if op == 2:
        lines.insert(at, lines[at])
        return b"\n".join(lines), f"duplicated line {at + 1}"
    if op == 3:
        lines[at] = b"  " + lines[at]
        return b"\n".join(lines), f"indented line {at + 1}"
    if op == 4:
        lines[at] = lines[at] + rng.choice([b" \x00", b" \xe2\x80\xae", b" \x1b[0m", b" #", b" &a", b" *a"])
        return b"\n".join(lines), f"appended a character to line {at + 1}"
    del lines[at]
    return b"\n".join(lines), f"deleted line {at + 1}"


def make_case(rng: random.Random, rel: Path | None = None) -> Case:
    """Mutate one shipped file (``rel``, or one chosen at random: the talk a quarter of the time)."""
    if rel is None:
        rel = TALK if rng.random() < 0.25 else rng.choice(SHIPPED)
    original = (CONTENT / rel).read_bytes()
    steps: list[str] = []
    if rng.random() < 0.8:
        data = yaml.safe_load(original)
        for _ in range(rng.randint(1, 3)):
            steps.append(mutate_data(data, rng))
        try:
            text = dump(data).encode("utf-8", "surrogatepass")
        except (yaml.YAMLError, RecursionError, ValueError) as exc:
            return Case(rel, original, [f"could not write the mutation ({type(exc).__name__}); kept the file"])
    else:
        text = original
    if rng.random() < 0.3 or not steps:
        text, step = mutate_text(text, rng)
        steps.append(step)
    return Case(rel, text, steps)


def make_batch(rng: random.Random, size: int) -> list[Case]:
    """Cases for one content folder: distinct files, never the good topic."""
    files = rng.sample([r for r in SHIPPED if r != GOOD], size)
    return [make_case(rng, rel) for rel in files]


def lay_out(folder: Path, cases: list[Case]) -> list[Path]:
    """A content folder with the cases (each a different file), the good topic, and the shipped
    files they need: a translation's source, a talk's topics. Returns each case's path."""
    content = folder / "content"
    paths = []
    for case in cases:
        path = content / case.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)
        paths.append(path)
    for need in {GOOD, *(n for c in cases for n in _needs(c.rel))}:
        if not (content / need).exists():
            (content / need).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CONTENT / need, content / need)
    shutil.copyfile(CONTENT / "glossary.yaml", content / "glossary.yaml")
    return paths


def _needs(rel: Path) -> set[Path]:
    """Other shipped files a case's file reads: a translation's source, a talk's topics."""
    if rel == TALK:
        data = yaml.safe_load((CONTENT / TALK).read_text(encoding="utf-8"))
        return {Path(f"{t['topic'] if isinstance(t, dict) else t}.yaml") for t in data["topics"]}
    if len(rel.parts) > 1:
        return {Path(rel.name)}
    return set()


def problems_of(exc: LeafletsError, file: str) -> list[str]:
    """What is wrong with the way ``exc`` reports a bad file (nothing when it is clear)."""
    out = []
    for d in exc.diagnostics:
        if not d.file:
            out.append(f"a diagnostic names no file: {d}")
        elif d.file != file and not d.file.endswith(".yaml"):
            out.append(f"a diagnostic names {d.file!r}, not the file: {d}")
        if "internal error" in d.message or "Traceback" in d.message:
            out.append(f"internal error: {d}")
    return out


def check_load(path: Path) -> tuple[str, list[str]]:
    """Load one case as ``leaflets check`` would: ``("ok" | "refused", problems)``."""
    from leaflets.content.folders import is_talk
    from leaflets.content.talk import load_talk
    from leaflets.content.topic import load_topic

    name = str(path)
    try:
        (load_talk if is_talk(path) else load_topic)(path, name)
    except LeafletsError as exc:
        return "refused", problems_of(exc, name)
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        return "crashed", [_trace(exc)]
    return "ok", []


def check_run(folder: Path, formats: list[str], out_dir: Path | None) -> list[str]:
    """Run the pipeline over a laid-out folder; every good topic must come through."""
    from leaflets.build.run import run

    try:
        report = run([folder / "content"], formats, "default", out_dir, checks=True)
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        return [_trace(exc)]
    problems = []
    for d in report.diagnostics:
        if not d.file:
            problems.append(f"a diagnostic names no file: {d}")
        if "internal error" in d.message:
            problems.append(f"internal error: {d}")
    named = {d.file for d in report.diagnostics if d.level == "error"}
    for result in report.results:
        if result.failed and result.file not in named:
            problems.append(f"{result.file} failed with no error naming it")
    good = folder / "content" / GOOD
    built = [r for r in report.results if Path(r.file).resolve() == good.resolve()]
    if not built or any(r.failed for r in built):
        problems.append(f"the good topic {GOOD} did not come through beside the broken ones")
    return problems


def _trace(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
    return f"{type(exc).__name__}: {str(exc)[:200]} at {where}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="batches of 10 cases run through the pipeline")
    parser.add_argument("--failures", type=Path, default=Path(tempfile.gettempdir()) / "leaflets-fuzz-failures")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    failures: list[tuple[Case, list[str]]] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="leaflets-fuzz-") as tmp:
        for n in range(args.cases):
            case = make_case(rng)
            folder = Path(tmp) / f"load{n}"
            (path,) = lay_out(folder, [case])
            outcome, problems = check_load(path)
            counts[outcome] += 1
            if problems:
                failures.append((case, problems))
            shutil.rmtree(folder)
        for n in range(args.runs):
            cases = make_batch(rng, 10)
            folder = Path(tmp) / f"run{n}"
            lay_out(folder, cases)
            problems = check_run(folder, ["pdf", "pptx"], None)
            counts["pipeline runs"] += 1
            if problems:
                failures.append((Case(Path(f"run{n}"), b"", [c.rel.as_posix() for c in cases]), problems))
                shutil.copytree(folder, args.failures / f"run-seed{args.seed}-{n}", dirs_exist_ok=True)
    args.failures.mkdir(parents=True, exist_ok=True)
    for i, (case, problems) in enumerate(failures):
        if case.data:
            (args.failures / f"seed{args.seed}-{i}-{case.rel.name}").write_bytes(case.data)
        print(f"FAIL {case.rel}: {'; '.join(case.steps)[:300]}")
        for problem in problems:
            print(f"    {problem}")
    print(
        f"{args.cases} cases in {time.perf_counter() - start:.1f} s: {counts['ok']} loaded, "
        f"{counts['refused']} refused with a clear error, {counts['crashed']} crashed; "
        f"{counts['pipeline runs']} pipeline runs; {len(failures)} failures"
        + (f" (reproducers in {args.failures})" if failures else "")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
