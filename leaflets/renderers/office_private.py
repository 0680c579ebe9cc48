"""The reach into python-pptx's and python-docx's package writers, in one place.

Both stamp every zip entry with the current time, so the same topic would give different bytes
on every build (and every incremental check would see a change). Each writer's ``write`` is
replaced once, the first time a file of its kind is saved, by one that stamps the time a build
claims (``build_time``): the review date, or ``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import importlib
import os
import zipfile
from collections.abc import Iterator
from typing import Any

#: The private writer class of each library (python-pptx 1.x, python-docx 1.x).
_WRITERS = {"pptx": "pptx.opc.serialized", "docx": "docx.opc.phys_pkg"}
_PATCHED: set[str] = set()
_ZIP_TIME: list[tuple[int, int, int, int, int, int]] = []


def build_time(reviewed: _dt.date | None) -> _dt.datetime:
    """The time a build claims: SOURCE_DATE_EPOCH if set, else the review date, so builds repeat exactly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).replace(tzinfo=None)
    day = reviewed or _dt.date(2000, 1, 1)
    return _dt.datetime(day.year, day.month, day.day)


def _write(self: Any, pack_uri: Any, blob: bytes) -> None:
    info = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_TIME[-1] if _ZIP_TIME else (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    self._zipf.writestr(info, blob)  # noqa: SLF001


@contextlib.contextmanager
def fixed_zip_times(library: str, when: _dt.datetime) -> Iterator[None]:
    """Stamp every zip entry ``library`` ("pptx" or "docx") writes inside this block with ``when``."""
    if library not in _PATCHED:
        importlib.import_module(_WRITERS[library])._ZipPkgWriter.write = _write  # noqa: SLF001
        _PATCHED.add(library)
    _ZIP_TIME.append((max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second))
    try:
        yield
    finally:
        _ZIP_TIME.pop()
