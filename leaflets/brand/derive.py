"""Brands for many clinics from one table: each row becomes a brand that extends a parent.

A charity that supplies 200 clinics keeps one CSV (clinic name, helpline, logo...) instead
of 200 hand-made folders. Each derived brand holds only a ``leaflets.yml`` with
``extends: PARENT`` and the row's values, so it inherits everything else.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import yaml

from leaflets.brand.fields import FIELDS, ONE_LINE
from leaflets.errors import Diagnostic, LeafletsError
from leaflets.files.atomic import write_atomic

#: Columns a row may fill; ``slug`` names the brand folder and output folder.
COLUMNS = (
    "slug",
    *(f.key for f in FIELDS if f.kind in ONE_LINE and f.key != "extends"),
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def derive_brands(table: Path, parent: str, out: Path) -> list[Path]:
    """Write one brand folder per row of ``table`` under ``out``; return the folders."""
    try:
        rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise LeafletsError(f"{table}: cannot read the table: {exc}") from None
    problems: list[Diagnostic] = []
    if rows and (unknown := [c for c in rows[0] if c not in COLUMNS]):
        problems.append(Diagnostic(str(table), 1, "", f"unknown columns {unknown}; allowed: {', '.join(COLUMNS)}"))
    seen: set[str] = set()
    for line, row in enumerate(rows, 2):
        slug = (row.get("slug") or "").strip()
        if not _SLUG.match(slug) or slug in seen:
            problems.append(
                Diagnostic(str(table), line, "slug", f"{slug!r} must be unique, lower-case letters, digits and '-'")
            )
        seen.add(slug)
    if problems:
        raise LeafletsError(problems)
    written = []
    for row in rows:
        folder = out / row["slug"].strip()
        data: dict[str, str] = {"extends": parent}
        for key, value in row.items():
            if key == "slug" or not (value or "").strip():
                continue
            value = value.strip()
            if key == "logo":  # the table's logo paths are relative to the table
                value = os.path.relpath((table.parent / value).resolve(), folder.resolve())
            data[key] = value
        folder.mkdir(parents=True, exist_ok=True)
        header = f"# Made by `leaflets derive-brands` from {table.name}; edit the table, not this file.\n"
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        write_atomic(folder / "leaflets.yml", (header + body).encode("utf-8"))
        written.append(folder)
    return written
