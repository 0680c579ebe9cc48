"""Worker processes for ``--jobs``, that stop when asked and never outlive the build.

Ctrl-C reaches the whole process group; workers ignore it and the main process, on
KeyboardInterrupt, terminates them at once (SIGTERM), so a parallel build stops within
about a second. A worker turns SIGTERM into SystemExit, so a file it was writing is
cleaned up (``leaflets.files.atomic``), and asks Linux to send it SIGTERM when the main process
dies, so a killed build leaves no workers running.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


def parallel(fn: Callable[[T], R], items: Iterable[T], workers: int, chunksize: int = 1) -> Iterator[R]:
    """``map(fn, items)`` in ``workers`` forked processes, results in order."""
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start, initargs=(os.getpid(),))
    try:
        yield from pool.imap(fn, items, chunksize=chunksize)
        pool.close()
    except BaseException:  # interrupted, or the caller stopped reading: stop the workers now
        pool.terminate()
        raise
    finally:
        pool.join()


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """While a build runs, let SIGTERM unwind this process like Ctrl-C, so its ``finally`` blocks
    run; then give the caller (a test runner, a server) its own handler back."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _start(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the main process died before we asked
        os._exit(1)


def _exit(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
