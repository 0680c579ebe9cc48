"""Dates in every language print as babel writes them, English included, which is written
without loading babel's locale data."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton

from leaflets.document.strings import _ENGLISH, Strings

#: Every day of two years (one a leap year), so every month, day and September are covered.
DAYS = [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(2 * 366)]


@pytest.mark.parametrize("tag", sorted(_ENGLISH))
def test_english_dates_are_babels(tag):
    locale = Locale.parse(tag.replace("-", "_"))
    say = Strings(tag, "English", "ltr", {})
    for day in DAYS:
        assert say.long_date(day) == format_date(day, "long", locale=locale)
        assert say.month_year(day) == format_skeleton("yMMMM", day, locale=locale)
        assert say.short_month_year(day) == format_skeleton("yMMM", day, locale=locale)


@pytest.mark.parametrize(
    ("tag", "long", "month", "short"),
    [  # as the code before English skipped babel wrote them
        ("en-GB", "3 September 2026", "September 2026", "Sept 2026"),
        ("en-US", "September 3, 2026", "September 2026", "Sep 2026"),
        ("en", "September 3, 2026", "September 2026", "Sep 2026"),
        ("en-AU", "3 September 2026", "September 2026", "Sept 2026"),  # English, not in the table: babel
        ("pl", "3 września 2026", "wrzesień 2026", "wrz 2026"),
        ("zh-Hans", "2026年9月3日", "2026年9月", "2026年9月"),
        ("ar", "3 سبتمبر 2026", "سبتمبر 2026", "سبتمبر 2026"),
        ("bn", "3 সেপ্টেম্বর, 2026", "সেপ্টেম্বর 2026", "সেপ 2026"),
        ("ur", "3 ستمبر، 2026", "ستمبر 2026", "ستمبر 2026"),
        ("syl", "2026-09-03", "2026-09", "2026-09"),  # babel knows neither tag nor language: numbers
    ],
)
def test_each_language_writes_its_dates(tag, long, month, short):
    day = dt.date(2026, 9, 3)
    say = Strings(tag, tag, "ltr", {})
    assert (say.long_date(day), say.month_year(day), say.short_month_year(day)) == (long, month, short)
