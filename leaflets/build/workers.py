"""Worker processes for ``--jobs``, that stop when asked and never outlive the build.

Ctrl-C reaches the whole process group; workers ignore it and the main process, on
KeyboardInterrupt, terminates them at once (SIGTERM), so a parallel build stops within
about a second. A worker turns SIGTERM into SystemExit, so a file it was writing is
cleaned up (``leaflets.files.atomic``), and asks Linux to send it SIGTERM when the main process
dies, so a killed build leaves no workers running. A library that catches every exception for a
moment (reportlab has bare ``except:`` clauses) can swallow that SystemExit; the worker would
then finish its job and wait for the next for ever, and the main process with it. So the first
SIGTERM also arms an alarm that ends the worker outright ``STOP_GRACE_SECONDS`` later, and a
second SIGTERM does so at once; a part file such a worker leaves is removed by the next build.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
#: How long a worker asked to stop may take to clean up before it is ended outright.
STOP_GRACE_SECONDS = 2


class Workers:
    """Forked processes, each given what it needs by an initializer (never a global set before
    the fork), that take the costliest work first and hand results back in order."""

    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    def map(self, fn: Callable[[T], R], items: Sequence[T], cost: Callable[[T], float]) -> Iterator[R]:
        """``map(fn, items)``, results in the order of ``items``; the items ``cost`` rates highest
        start first, so no long job is left for one core at the end while the other idles."""
        order = sorted(range(len(items)), key=lambda i: -cost(items[i]))
        done: dict[int, R] = {}
        following = 0
        for index, result in self._pool.imap_unordered(_call, [(fn, i, items[i]) for i in order]):
            done[index] = result
            while following in done:
                yield done.pop(following)
                following += 1


@contextlib.contextmanager
def started(workers: int, setup: Callable[..., None], args: tuple[Any, ...]) -> Iterator[Workers]:
    """``workers`` processes forked from this (warm) one, each running ``setup(*args)`` first."""
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start, initargs=(os.getpid(), setup, args))
    try:
        yield Workers(pool)
        pool.close()
    except BaseException:  # interrupted, or the caller stopped early: stop the workers now
        pool.terminate()
        raise
    finally:
        pool.join()


def _call(task: tuple[Callable[[T], R], int, T]) -> tuple[int, R]:
    fn, index, item = task
    return index, fn(item)


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


def _start(parent: int, setup: Callable[..., None], args: tuple[Any, ...]) -> None:
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
    setup(*args)


def _exit(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # asked again: ended at once
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # not gone in time: ended by the alarm
    signal.alarm(STOP_GRACE_SECONDS)
    raise SystemExit(128 + signum)
