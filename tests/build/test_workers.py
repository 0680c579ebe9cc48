"""The worker processes of ``--jobs``: warm, costliest first, answers in order, stopped when asked,
and a worker that dies costs only the item it held."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from leaflets.brand.brand import load_brand
from leaflets.build import job
from leaflets.build.workers import STOP_GRACE_SECONDS, started

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and signals as on Linux")


def _nothing() -> None:
    pass


def _lost(item: int, why: str) -> str:
    return f"lost {item}: {why}"


def _square_unless(item: int) -> int:
    """Squares, except that item 3 ends its own worker, as running out of memory or a crash would."""
    if item == 3:
        faulthandler.disable()  # the test runner's dump of a crash is not wanted here
        os.kill(os.getpid(), int(os.environ["LEAFLETS_TEST_SIGNAL"]))
        time.sleep(5)
    if item == 4:
        os._exit(7)
    return item * item


def test_workers_get_the_brands_from_their_initializer(monkeypatch):
    brand = load_brand("northfield")
    monkeypatch.setattr(job, "_brands", ())  # nothing for a forked worker to inherit
    with started(2, job.use_brands, ([brand],)) as workers:
        found = list(workers.map(job.brand_of, [SimpleNamespace(brand=0)] * 3, cost=lambda _: 1, lost=_lost))
    assert [b.slug for b in found] == ["northfield"] * 3
    assert job._brands == ()


def test_workers_start_the_costliest_item_first_and_answer_in_order():
    items = [1, 5, 2, 4, 3]
    with started(2, _nothing, ()) as workers:
        assert list(workers.map(abs, [-i for i in items], cost=lambda i: -i, lost=_lost)) == items


@pytest.mark.parametrize(
    ("signum", "said"),
    [(signal.SIGKILL, "was killed (SIGKILL), most often because the computer ran out of memory"),
     (signal.SIGSEGV, "crashed (SIGSEGV)")],
)  # fmt: skip
def test_a_worker_that_dies_costs_only_the_item_it_held(monkeypatch, signum, said):
    monkeypatch.setenv("LEAFLETS_TEST_SIGNAL", str(int(signum)))
    items = list(range(10))
    begun = time.monotonic()
    with started(2, _nothing, ()) as workers:
        first = list(workers.map(_square_unless, items, cost=lambda _: 1, lost=_lost))
        again = list(workers.map(_square_unless, [5, 6, 7], cost=lambda _: 1, lost=_lost))  # new workers serve on
    assert first == [0, 1, 4, f"lost 3: {said}", "lost 4: exited with status 7", *(i * i for i in items[5:])]
    assert again == [25, 36, 49]
    assert time.monotonic() - begun < 5  # item 3 sleeps 5 s if its signal did not end it


def test_when_every_worker_dies_every_item_is_lost_and_nothing_hangs():
    with started(2, _nothing, ()) as workers:
        assert list(workers.map(os._exit, [3, 4, 5], cost=lambda _: 1, lost=_lost)) == [
            f"lost {n}: exited with status {n}" for n in (3, 4, 5)
        ]


def test_a_worker_that_dies_between_items_is_replaced_and_no_item_is_lost():
    with started(2, _nothing, ()) as workers:
        assert list(workers.map(abs, [-1, -2], cost=lambda _: 1, lost=_lost)) == [1, 2]
        idle = workers._slots[0].process
        os.kill(idle.pid, signal.SIGKILL)
        idle.join()
        assert list(workers.map(abs, [-3, -4, -5], cost=lambda _: 1, lost=_lost)) == [3, 4, 5]


def _stopped_with_words(item: int) -> int:
    # reportlab re-raises an exception met while laying out, SystemExit included, with its own words
    raise SystemExit(f"\nraised by class KeepTogether wrap\n {item}")


def test_a_worker_stopped_in_a_library_exits_quietly(capfd):
    with started(1, _nothing, ()) as workers:
        assert list(workers.map(_stopped_with_words, [143], cost=lambda _: 1, lost=_lost)) == [
            "lost 143: exited with status 1"
        ]
    assert "raised by" not in capfd.readouterr().err


def _broken_setup() -> None:
    raise OSError("the brand's fonts are gone")


def test_a_setup_that_fails_in_the_workers_is_raised_in_the_caller():
    with pytest.raises(OSError, match="the brand's fonts are gone"), started(2, _broken_setup, ()) as workers:
        list(workers.map(abs, [1, 2, 3], cost=lambda _: 1, lost=_lost))


def _fails(item: int) -> int:
    if item == 2:
        raise ValueError("item 2 is bad")
    time.sleep(0.2)
    return item


def test_an_exception_in_a_worker_is_raised_in_the_caller_and_stops_the_workers():
    with pytest.raises(ValueError, match="item 2 is bad"), started(2, _nothing, ()) as workers:
        pool = workers
        list(workers.map(_fails, [1, 2, 3, 4], cost=lambda _: 1, lost=_lost))
    assert not [w for w in pool._slots if w is not None]


_STUBBORN_BUILD = """
import os, signal, threading, time
from leaflets.build.workers import started

def setup():
    pass

def stubborn(_):
    # a library's bare ``except:`` around the moment SIGTERM arrives swallows its SystemExit
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            time.sleep(0.01)
        except BaseException:
            pass
    return 0

try:
    with started(4, setup, ()) as workers:
        threading.Timer(1, os.kill, (os.getpid(), signal.SIGINT)).start()  # Ctrl-C, every worker in the loop
        list(workers.map(stubborn, [1, 2, 3, 4], cost=lambda _: 1, lost=lambda item, why: None))
except KeyboardInterrupt:
    print("stopped")
"""


def test_a_worker_that_swallows_its_stop_is_still_stopped():
    process = subprocess.Popen(
        [sys.executable, "-c", _STUBBORN_BUILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    begun = time.monotonic()
    try:
        out, err = process.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # a worker left behind would spin for a minute
    assert out.strip() == "stopped", err
    assert time.monotonic() - begun < 1 + STOP_GRACE_SECONDS + 4  # one grace for all four, not one each
