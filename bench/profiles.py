"""pyinstrument profiles (a dev tool, not a runtime dependency): hot functions by self time."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Callable

from tables import Table


def available() -> bool:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return False
    return True


def profile(fn: Callable[[], object], interval: float = 0.0005):
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval)
    profiler.start()
    try:
        fn()
    finally:
        profiler.stop()
    return profiler


def _where(frame) -> str:
    path = frame.file_path_short or frame.file_path or ""
    return f"{path}:{frame.line_no}" if frame.line_no else path


def hot_functions(profiler) -> tuple[list[dict], float]:
    """Functions by self time (samples in the function itself, summed over every call
    path), with inclusive time counted once per stack (recursion not double-counted)."""
    root = profiler.last_session.root_frame()
    if root is None:
        return [], 0.0
    total = root.time
    self_time: dict[tuple, float] = defaultdict(float)
    incl: dict[tuple, float] = defaultdict(float)

    def visit(frame, owner, on_stack: frozenset):
        if frame.is_synthetic:
            if owner is not None:
                self_time[owner] += frame.time
            return
        key = (frame.function, _where(frame))
        if key not in on_stack:
            incl[key] += frame.time
        for child in frame.children:
            visit(child, key, on_stack | {key})

    visit(root, None, frozenset())
    rows = [{"function": f, "where": w, "self": t, "total": incl.get((f, w), t)}
            for (f, w), t in self_time.items()]
    rows.sort(key=lambda r: -r["self"])
    return rows, total


def _median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def hot_table(key: str, title: str, profilers: list, top: int = 15, out_file: Path | None = None) -> Table:
    """Top functions by self time; with several profiles, the median of each figure (a
    wall-clock sampler blames whatever frame runs while the process is descheduled, so one
    stall on a shared machine can inflate a single function in a single profile)."""
    runs = [hot_functions(p) for p in profilers]
    totals = [t for _, t in runs]
    total = _median(totals)
    keys = {(r["function"], r["where"]) for rows, _ in runs for r in rows}
    merged = []
    for k in keys:
        selfs, incls = [], []
        for rows, _ in runs:
            found = next((r for r in rows if (r["function"], r["where"]) == k), None)
            selfs.append(found["self"] if found else 0.0)
            incls.append(found["total"] if found else 0.0)
        merged.append({"function": k[0], "where": k[1], "self": _median(selfs), "total": _median(incls)})
    merged.sort(key=lambda r: -r["self"])
    table = Table(key, title, ["function", "where", "self ms", "self %", "incl. ms", "incl. %"])
    for r in merged[:top]:
        table.add(r["function"], r["where"], r["self"] * 1000, 100 * r["self"] / total if total else 0.0,
                  r["total"] * 1000, 100 * r["total"] / total if total else 0.0)
    table.notes.append(f"median of {len(profilers)} profiled run(s), wall time {total * 1000:,.0f} ms each "
                       "(pyinstrument, sampling); self = in the function itself, incl. = with its callees")
    if out_file is not None:
        out_file.write_text(profilers[-1].output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
        table.notes.append(f"full call tree of the last run: {out_file} (not kept in the repository)")
    return table
