"""The words leaflets itself prints (page furniture, back-page headings, callout labels, deck
slide titles), in the reader's language, from ``templates/strings/<language>.yml``.

A topic in a language with no catalogue, or a catalogue missing a key, is an error that
lists what is missing: a leaflet never mixes in English labels by accident. Dates are
written as babel writes them in the reader's language (English without loading babel).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path

from msgspec import Struct, field

from leaflets.errors import LeafletsError
from leaflets.resources import template_dirs

DIRECTIONS = ("ltr", "rtl")


class Strings(Struct, frozen=True):
    """One language's catalogue."""

    language: str  # the reader's language (BCP 47), which also picks date formats: en-GB, ar, zh-Hans
    name: str  # the language's own name
    direction: str  # "ltr" or "rtl"
    table: dict[str, str]
    deck_fonts: dict[str, str] = field(default_factory=dict)  # "cs"/"ea" -> a family viewers have

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def format(self, key: str, **values: object) -> str:
        return self.table[key].format(**values)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def long_date(self, day: _dt.date) -> str:
        """26 November 2026, in the reader's language."""
        return _date(day, "long", self.language)

    def month_year(self, day: _dt.date) -> str:
        """November 2026, in the reader's language."""
        return _date(day, "yMMMM", self.language)

    def short_month_year(self, day: _dt.date) -> str:
        return _date(day, "yMMM", self.language)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
#: English as babel writes it (CLDR), without loading babel's locale data (about 30 ms a process):
#: the long date's order, and September's abbreviation. tests/content/test_dates.py holds them to
#: babel's own output; any other tag goes to babel.
_ENGLISH = {"en-GB": ("{d} {month} {y}", "Sept"), "en-US": ("{month} {d}, {y}", "Sep")}
_ENGLISH["en"] = _ENGLISH["en-US"]


def _english(day: _dt.date, form: str, tag: str) -> str | None:
    """``_date`` for the English tags in ``_ENGLISH``; None for any other tag."""
    if tag not in _ENGLISH:
        return None
    long, september = _ENGLISH[tag]
    month = _MONTHS[day.month - 1]
    if form == "long":
        return long.format(d=day.day, month=month, y=day.year)
    if form == "yMMMM":
        return f"{month} {day.year}"
    if form == "yMMM":
        return f"{september if day.month == 9 else month[:3]} {day.year}"
    return None


def _date(day: _dt.date, form: str, tag: str) -> str:
    """A date written by babel for ``tag``, or for its language alone; numbers when babel knows
    neither (Sylheti, say), which every reader can read."""
    if (english := _english(day, form, tag)) is not None:
        return english
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date, format_skeleton

    for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
        try:
            locale = Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        return str(
            format_date(day, form, locale=locale) if form == "long" else format_skeleton(form, day, locale=locale)
        )
    return day.isoformat() if form == "long" else f"{day:%Y-%m}"


def catalogue_path(language: str) -> Path | None:
    """The catalogue for a BCP 47 tag: the whole tag first (``zh-Hans``), then its language (``en``)."""
    return next((c for c in catalogue_candidates(language) if c.is_file()), None)


def catalogue_candidates(language: str) -> list[Path]:
    """Every file that could be the catalogue for ``language``, in the order they are looked for
    (a build records them all, so one added to a project's templates is noticed)."""
    parts = language.split("-")
    names = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return [folder / "strings" / f"{name}.yml" for name in names for folder in template_dirs()]


@lru_cache(maxsize=16)
def load_strings(language: str) -> Strings:
    """The catalogue for ``language``; every key English has must be there."""
    path = catalogue_path(language)
    if path is None:
        have = sorted({p.stem for folder in template_dirs() for p in (folder / "strings").glob("*.yml")})
        raise LeafletsError(
            f"no strings for language {language!r}: add templates/strings/{language.split('-')[0]}.yml "
            f"(copy en.yml and translate it); there are strings for {', '.join(have)}"
        )
    from leaflets.content.source import load_yaml
    from leaflets.errors import ContentError

    try:
        data = load_yaml(path).data or {}
    except ContentError as exc:
        raise LeafletsError(exc.diagnostics) from None
    if not isinstance(data, dict) or not isinstance(data.get("strings") or {}, dict):
        raise LeafletsError(f"{path}: expected language, name, direction and a mapping of strings (see en.yml)")
    table = {str(k): str(v) for k, v in (data.get("strings") or {}).items() if v not in (None, "")}
    english = _shipped_english()
    missing = [key for key in english if key not in table]
    if missing:
        raise LeafletsError(f"{path}: missing strings for {language!r}: {', '.join(missing)}")
    for key, text in table.items():
        wanted = set(_fields(english.get(key, "")))
        if set(_fields(text)) != wanted:
            raise LeafletsError(f"{path}: strings.{key} must keep the fields {', '.join(sorted(wanted)) or '(none)'}")
    direction = str(data.get("direction", "ltr"))
    if direction not in DIRECTIONS:
        raise LeafletsError(f"{path}: direction must be ltr or rtl, not {direction!r}")
    given = data.get("deck_fonts") or {}
    if not isinstance(given, dict):
        raise LeafletsError(f"{path}: deck_fonts must be a mapping such as {{cs: Arial}}")
    fonts = {str(k): str(v) for k, v in given.items() if k in ("cs", "ea")}
    return Strings(language, str(data.get("name", path.stem)), direction, table, fonts)


@lru_cache(maxsize=1)
def _shipped_english() -> dict[str, str]:
    """The English catalogue that comes with leaflets: every catalogue needs its keys, even a
    project's own en.yml."""
    from leaflets.content.source import load_yaml
    from leaflets.resources import shipped_templates

    data = load_yaml(shipped_templates() / "strings" / "en.yml").data
    return {str(k): str(v) for k, v in data["strings"].items()}


def _fields(text: str) -> list[str]:
    import string

    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name]
    except ValueError:  # an unmatched brace: the comparison with English reports it
        return ["{"]
