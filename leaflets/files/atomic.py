"""Write a file so that it appears whole or not at all, and say so plainly when it cannot.

A build that fails or is interrupted must never leave half a PDF under the final name,
where a clinic could print it. The whole file is made in memory first (so no library
ever writes to a full disk half-way through its own work), then written to a hidden
``.NAME.PID-XXXX.part`` file in the same folder and renamed over the target (closing it
reports a full disk). Any failure removes the part file and becomes one line naming the file and the
cause. The process id in the name lets a later build remove part files whose writer was
killed (``remove_abandoned``) without touching those of a build still running.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from pathlib import Path

from leaflets.errors import LeafletsError

_PART = re.compile(r"^\..+\.(\d+)-[^.]+\.part$")
_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a file stands where a folder should be",
    errno.EISDIR: "a folder of that name is in the way",
}


class WriteError(LeafletsError):
    """A file could not be written: the disk, not the content, is at fault."""


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole, or raise WriteError and leave no trace."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # the name is known before the file exists, so an interruption at any point is cleaned up
        tmp = target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(6)}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError:
            tmp = None  # not ours to remove
            raise
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            os.fchmod(stream.fileno(), 0o644)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        cause = _CAUSES.get(exc.errno or 0, exc.strerror or str(exc))
        raise WriteError(f"cannot write {target}: {cause}") from None
    finally:
        if tmp is not None:  # also on KeyboardInterrupt and SystemExit
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def remove_abandoned(folder: Path) -> list[str]:
    """Remove part files in ``folder`` whose writing process no longer exists; their names."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _PART.match(name)
        if match and not _alive(int(match[1])):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
                removed.append(name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or not a pid at all: leave it
    return True
