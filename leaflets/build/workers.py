"""Worker processes for ``--jobs``, that stop when asked, never outlive the build, and survive
one of them dying.

Each worker is forked from the warm main process and talks to it over a pipe of its own, one
item at a time, so the main process always knows which item each worker holds and nothing is
shared between workers (no queue lock that a dying or stuck worker could hold). A worker that
dies in the middle of an item (the system ran out of memory, a library crashed on a hostile
file) is noticed by its process sentinel: that item gets the caller's ``lost`` result, a new
worker takes its place, and the other items go on.

Ctrl-C reaches the whole process group; workers ignore it and the main process, on
KeyboardInterrupt, sends them SIGTERM, which a worker turns into SystemExit so a file it was
writing is cleaned up (``leaflets.files.atomic``). Workers that have not gone within
``STOP_GRACE_SECONDS`` (a library's bare ``except:`` swallowed the SystemExit) are killed, and any
part file they leave is removed by the next build. Ctrl-C and SIGTERM are held back while a worker
is forked, until it has its own handlers and a slot holds it. Workers ask Linux to send them
SIGTERM when the main process dies, and hold no copy of its ends of the pipes, so they also see it
go as the end of their pipe.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
#: How long workers asked to stop may take to clean up before they are killed.
STOP_GRACE_SECONDS = 2
#: What stops a build: held back while a worker is forked, until it has its own handlers.
_STOPS = {signal.SIGINT, signal.SIGTERM}


class _Worker:
    """One forked process, the main process's end of its pipe, and the item it holds."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.holding: int | None = None  # the index of the item it works on
        self.closing = False  # its pipe has closed: only its sentinel is waited on


class Workers:
    """Forked processes, each given what it needs by an initializer (never a global set before
    the fork), that take the costliest work first and hand results back in order."""

    def __init__(self, count: int, setup: Callable[..., None], args: tuple[Any, ...]) -> None:
        import multiprocessing

        if count < 1:
            raise ValueError("at least one worker is needed")
        self._context = multiprocessing.get_context("fork")
        self._start = (os.getpid(), setup, args)
        self._slots: list[_Worker | None] = [None] * count
        self._mapping = self._forks_fail = False
        try:
            for slot in range(count):
                self._spawn(slot)
        except BaseException:
            self.terminate()
            raise

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        cost: Callable[[T], float],
        lost: Callable[[T, str], R],
    ) -> Iterator[R]:
        """``map(fn, items)``, results in the order of ``items``; the items ``cost`` rates highest
        start first, so no long job is left for one core at the end while the other idles. An
        item whose worker died gets ``lost(item, why)`` instead of ``fn(item)``; one map at a time."""
        from multiprocessing.connection import wait

        if self._mapping:
            raise RuntimeError("the workers are already mapping")
        self._mapping = True
        self._forks_fail = False
        waiting = deque(sorted(range(len(items)), key=lambda i: -cost(items[i])))
        done: dict[int, R] = {}
        following = 0
        try:
            while following < len(items):
                self._hand_out(fn, items, waiting)
                live = self._live()
                pipes = [w.conn for w in live if w.holding is not None and not w.closing]
                for ready in wait(pipes + [w.process.sentinel for w in live]):
                    worker = next(w for w in live if ready in (w.conn, w.process.sentinel))
                    if self._slots.count(worker):  # not already found dead through its other handle
                        self._collect(worker, items, lost, done)
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            self._mapping = False
            self._stop([w for w in self._live() if w.holding is not None])

    def close(self) -> None:
        """Let every worker finish and exit."""
        for worker in self._live():
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        self._stop(self._live())

    def terminate(self) -> None:
        """Stop every worker now."""
        self._stop(self._live(), now=True)

    def _live(self) -> list[_Worker]:
        return [w for w in self._slots if w is not None]

    def _spawn(self, slot: int) -> _Worker:
        """A new worker in ``slot``; Ctrl-C and SIGTERM wait until it has its handlers and the slot
        holds it, so neither can leave a worker that nothing stops, or one that stops as the main
        process does."""
        ours, theirs = self._context.Pipe()
        inherited = [ours, *(w.conn for w in self._live())]  # the child closes them: it must see EOF
        process = self._context.Process(target=_serve, args=(theirs, inherited, *self._start), daemon=True)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        try:
            process.start()
            worker = self._slots[slot] = _Worker(process, ours)
            return worker
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _hand_out(self, fn: Callable[[T], R], items: Sequence[T], waiting: deque[int]) -> None:
        """Give each idle worker the costliest item not yet started; a dead one is replaced, and
        an item it could not be given goes back to the front of the queue."""
        for slot, worker in enumerate(self._slots):
            if not waiting:
                return
            if worker is not None and worker.holding is None and not worker.process.is_alive():
                self._bury(worker)
                worker = None
            if worker is None:
                if self._forks_fail:
                    continue
                try:
                    worker = self._spawn(slot)
                except OSError:  # no memory or processes left for a new one: this map goes on with the others
                    if not self._live():
                        raise
                    self._forks_fail = True
                    continue
            if worker.holding is None:
                index = waiting.popleft()
                try:
                    worker.conn.send((fn, items[index]))
                except (BrokenPipeError, ConnectionResetError):  # it died idle: its sentinel says so next
                    waiting.appendleft(index)
                    continue
                worker.holding = index

    def _collect(self, worker: _Worker, items: Sequence[T], lost: Callable[[T, str], R], done: dict[int, R]) -> None:
        """The answer of a worker that has one, or, when it died, its slot freed for a new one,
        and the item it held given its ``lost`` result."""
        index = worker.holding
        if index is not None and (answer := _answer(worker.conn)) is not None:
            worker.holding = None
            ok, value = answer
            if not ok:
                raise value
            done[index] = value
        elif worker.process.is_alive():
            worker.closing = index is not None  # woken by its pipe closing as it exits: its sentinel follows
        else:
            self._bury(worker)
            if index is not None:
                done[index] = lost(items[index], _why(worker.process.exitcode))

    def _bury(self, worker: _Worker) -> None:
        """Free a dead worker's slot."""
        worker.process.join()
        worker.conn.close()
        self._slots[self._slots.index(worker)] = None

    def _stop(self, workers: list[_Worker], now: bool = False) -> None:
        """End ``workers`` (at once when ``now``, else once they finish), killing any that have not
        gone when the grace period ends, and free their slots."""
        if now or any(w.holding is not None for w in workers):
            for worker in workers:
                with contextlib.suppress(OSError):
                    worker.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS  # one grace for all, not one each
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
            self._slots[self._slots.index(worker)] = None


def _answer(conn: Connection) -> tuple[bool, Any] | None:
    """A worker's answer, if it has sent one in full."""
    try:
        return conn.recv() if conn.poll() else None
    except (EOFError, OSError):  # its end closed, or closed in the middle of an answer
        return None
    except Exception as exc:  # noqa: BLE001 - an answer that cannot be read back is said in words
        return False, RuntimeError(f"a worker's answer could not be read: {type(exc).__name__}: {exc}")


def _why(exitcode: int | None) -> str:
    """How a worker ended, in words: a signal's name, and what usually sends it."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"was killed ({name}), most often because the computer ran out of memory"
        return f"crashed ({name})"
    return f"exited with status {exitcode}"


@contextlib.contextmanager
def started(workers: int, setup: Callable[..., None], args: tuple[Any, ...]) -> Iterator[Workers]:
    """``workers`` processes forked from this (warm) one, each running ``setup(*args)`` first."""
    pool = Workers(workers, setup, args)
    try:
        yield pool
    except BaseException:  # interrupted, or the caller stopped early: stop the workers now
        pool.terminate()
        raise
    pool.close()


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


def _serve(
    conn: Connection, inherited: list[Connection], parent: int, setup: Callable[..., None], args: tuple[Any, ...]
) -> None:
    """A worker's life: its signals and its tie to the main process, then its tasks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # blocked by the main process around the fork
    for other in inherited:  # the main process's ends: with them closed, its death is an EOF here
        other.close()
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the main process died before we asked
        os._exit(1)
    try:
        _answer_tasks(conn, setup, args)
    except SystemExit as stop:  # asked to stop; a library may have rewritten it as a message to print
        os._exit(stop.code if isinstance(stop.code, int) else 1)


def _answer_tasks(conn: Connection, setup: Callable[..., None], args: tuple[Any, ...]) -> None:
    """Run each item the main process sends until told to stop. A failed setup is the answer to
    every item, so the main process raises it."""
    failed: Exception | None = None
    try:
        setup(*args)
    except Exception as exc:  # noqa: BLE001 - raised again in the main process
        failed = exc
    while (task := _next(conn)) is not None:
        fn, item = task
        try:
            if failed is not None:
                raise failed
            answer = (True, fn(item))
        except Exception as exc:  # noqa: BLE001 - raised again in the main process
            answer = (False, exc)
        try:
            conn.send(answer)
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be pickled is said in words
            conn.send((False, RuntimeError(f"a worker's answer could not be sent: {type(exc).__name__}: {exc}")))


def _next(conn: Connection) -> Any:
    try:
        return conn.recv()
    except EOFError:  # the main process has gone
        return None


def _exit(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # asked again: ended at once
    raise SystemExit(128 + signum)
