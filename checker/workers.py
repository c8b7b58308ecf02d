"""An ordered parallel map over worker processes that survives what a batch meets.

- results come back in input order, as soon as every earlier one is in;
- each worker holds one item at a time, so when a worker dies (killed, out of memory)
  the item it held is known: it is answered with ``on_crash(item)`` and a fresh worker
  takes its place; the rest of the run goes on;
- workers ignore Ctrl-C (the terminal sends it to the whole process group); the parent
  kills them when the run ends early (interrupt, error, generator closed), and on Linux a
  worker also dies with its parent, so none is left behind;
- at most a bounded number of finished results wait for a slow earlier item, so memory
  stays flat however long the run.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from multiprocessing.connection import wait

AHEAD_PER_WORKER = 8  # items dispatched beyond the next result still awaited, per worker


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the closed pipe ends the worker instead
        pass


def _terminated(signum, frame):
    raise SystemExit(128 + signum)  # unwinds: helper processes (LibreOffice) are stopped on the way


def _worker(conn, fn, inherited) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)
    _die_with_parent()
    for other in inherited:  # the parent's ends of every pipe, so EOF arrives when it exits
        try:
            other.close()
        except OSError:
            pass
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            outcome = (True, fn(item))
        except Exception as exc:  # reported for this item, the worker lives on
            outcome = (False, f"{type(exc).__name__}: {exc}"[:300])
            if os.environ.get("FAZHI_DEBUG"):
                traceback.print_exc(file=sys.stderr)
        try:
            conn.send((index, outcome))
        except (BrokenPipeError, OSError):
            return


class _Slot:
    __slots__ = ("process", "conn", "index", "item")

    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.index = self.item = None


def ordered_map(fn, items, jobs: int, on_crash, on_error):
    """Yield ``fn(item)`` for every item, in order, computed in ``jobs`` worker processes.

    ``on_crash(item)`` answers an item whose worker died; ``on_error(item, text)`` one whose
    ``fn`` raised. ``fn`` must be importable or inherited (fork)."""
    items = list(items)
    if not items:
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    jobs = max(1, min(jobs, len(items)))
    slots: list[_Slot] = []
    parent_ends = []

    def spawn() -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, fn, list(parent_ends) + [parent]), daemon=True)
        proc.start()
        child.close()
        parent_ends.append(parent)
        return _Slot(proc, parent)

    pending = deque(enumerate(items))
    done: dict[int, object] = {}
    next_out = 0
    window = jobs * AHEAD_PER_WORKER
    finished = False
    try:
        for _ in range(jobs):
            slots.append(spawn())
        while next_out < len(items):
            for slot in slots:  # hand out work within the window
                if slot.index is None and pending and pending[0][0] < next_out + window:
                    slot.index, slot.item = pending.popleft()
                    slot.conn.send((slot.index, slot.item))
            busy = [s for s in slots if s.index is not None]
            ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy])) if busy else set()
            for i, slot in enumerate(slots):
                if slot.index is None:
                    continue
                if slot.conn in ready or slot.conn.poll():
                    try:
                        index, (ok, value) = slot.conn.recv()
                    except (EOFError, OSError):
                        pass  # the worker died while answering: handled below
                    else:
                        done[index] = value if ok else on_error(slot.item, value)
                        slot.index = slot.item = None
                        continue
                if slot.process.sentinel in ready or not slot.process.is_alive():
                    done[slot.index] = on_crash(slot.item)
                    _stop(slot)
                    parent_ends.remove(slot.conn)
                    slots[i] = spawn()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        finished = True
    finally:
        _stop_all(slots, gentle=finished)


def _stop_all(slots: list[_Slot], gentle: bool) -> None:
    """Finished: ask each worker to leave. Ended early: SIGTERM every worker at once (it
    unwinds, stopping any helper process), SIGKILL what is left after a second."""
    import time

    for slot in slots:
        if not slot.process.is_alive():
            continue
        if gentle:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                pass
        else:
            slot.process.terminate()
    deadline = time.monotonic() + (0.5 if gentle else 1.0)
    for slot in slots:
        slot.process.join(max(0.0, deadline - time.monotonic()))
        _stop(slot)


def _stop(slot: _Slot) -> None:
    """A worker that died, is to be replaced or did not leave in time: killed, its pipe closed."""
    if slot.process.is_alive():
        slot.process.kill()
    slot.process.join(1)
    try:
        slot.conn.close()
    except OSError:
        pass
