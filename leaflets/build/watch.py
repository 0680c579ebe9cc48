"""``leaflets build --watch``: rebuild when a topic, picture, brand or layout is saved.

Builds are already incremental (the manifest knows which inputs made which file), so a save
simply runs the same build again and only the files it affects are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

#: Files whose saving can change an output; editors' swap and part files are not among them.
WATCHED = (".yaml", ".yml", ".png", ".jpg", ".jpeg", ".pptx", ".ttf", ".otf")


def rebuild_on_save(paths: list[Path], out: Path, build: Callable[[], int]) -> None:
    """Run ``build`` after each batch of saves under ``paths`` (outside ``out``) until Ctrl+C."""
    import watchfiles

    folders = [p for p in paths if p.exists()]
    output = out.resolve()

    def relevant(change: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        return path.suffix.lower() in WATCHED and not path.name.startswith(".") and not path.is_relative_to(output)

    click.echo(f"watching {', '.join(str(p) for p in folders)} for saves (Ctrl+C stops)")
    try:
        for changes in watchfiles.watch(*folders, watch_filter=relevant, debounce=300, raise_interrupt=False):
            names = sorted({Path(name).name for _, name in changes})
            click.echo(f"saved: {', '.join(names)}")
            build()
    except KeyboardInterrupt:
        pass
    click.echo("stopped watching")
