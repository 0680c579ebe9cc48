"""Where shipped brands and layouts live, and how a project folder overrides them.

The top-level ``templates/`` folder is installed inside the package as
``leaflets/templates``; in a source checkout it sits beside the package. A ``templates/``
folder in the current directory comes first, so a user can add or override brands.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_templates() -> Path:
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


def template_dirs() -> list[Path]:
    """Folders searched for brands and layouts, the user's first."""
    local = Path.cwd() / "templates"
    shipped = shipped_templates()
    dirs = [local] if local.is_dir() and local.resolve() != shipped.resolve() else []
    return dirs + [shipped]


def cache_dir() -> Path:
    """Per-user cache for work that is slow and depends only on file contents."""
    import os

    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "leaflets"
