"""The register: which text each leaflet code and version was built from.

A printed leaflet is identified by its code and version (``MBC-003 v2``). If its text
changes, it must get a new version, or two different leaflets would carry the same
reference. ``leaflets build`` records a hash of each built topic's text here, and both
``build`` and ``check`` refuse changed text under a version already recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from leaflets.atomic import write_atomic

REGISTER_FILE = "register.yaml"
_HEADER = (
    "# Written by `leaflets build`: a hash of the text each leaflet code and version was built from.\n"
    "# A change of text needs a new version. Keep this file with the content, in version control.\n"
)


@dataclass
class Register:
    path: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    changed: bool = False

    def conflict(self, code: str, version: str, digest: str) -> bool:
        """True when ``code`` ``version`` was built from other text."""
        known = self.entries.get(code, {}).get(version)
        return known is not None and known != digest

    def record(self, code: str, version: str, digest: str) -> None:
        if self.entries.setdefault(code, {}).get(version) != digest:
            self.entries[code][version] = digest
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        body = yaml.safe_dump(self.entries, sort_keys=True, default_flow_style=False)
        write_atomic(self.path, (_HEADER + body).encode("utf-8"))
        self.changed = False


def open_register(folder: Path) -> Register:
    """The register in ``folder`` (empty if there is none yet). Unreadable files count as empty."""
    path = folder / REGISTER_FILE
    from leaflets.errors import ContentError
    from leaflets.source import load_yaml

    try:
        data = load_yaml(path).data if path.is_file() else {}
    except ContentError:
        data = {}
    entries = {
        str(code): {str(v): str(h) for v, h in versions.items()}
        for code, versions in (data if isinstance(data, dict) else {}).items()
        if isinstance(versions, dict)
    }
    return Register(path, entries)
