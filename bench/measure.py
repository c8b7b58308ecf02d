"""Timing, process, memory and instruction-count helpers (no benchmark logic here)."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def median(values):
    return statistics.median(values) if values else float("nan")


def interleaved(fns: dict, repeat: int) -> dict[str, list[float]]:
    """Seconds per call of each function, the functions alternating inside every round
    (rotating which goes first), so a change in machine load hits all of them alike.
    A value may be ``(context_factory, fn)``: the context (e.g. a monkeypatch) is entered
    and left outside the timed region."""
    names = list(fns)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeat):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            gc.collect()
            entry = fns[name]
            context, fn = entry if isinstance(entry, tuple) else (contextlib.nullcontext, entry)
            with context():
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
    return times


@dataclass
class ProcResult:
    argv: list[str]
    wall: float  # seconds
    maxrss_kb: int | None  # the command's own peak RSS (None without GNU time)
    returncode: int
    stdout: bytes = b""
    stderr: bytes = b""


GNU_TIME = "/usr/bin/time"


def rss_supported() -> bool:
    return Path(GNU_TIME).is_file() and os.access(GNU_TIME, os.X_OK)


def run_process(argv: list[str], cwd: str | Path | None = None, env: dict | None = None,
                capture: bool = True) -> ProcResult:
    """Run ``argv``; return its wall time, exit code, output and peak RSS.

    The peak RSS cannot be read with wait4 from this process: Linux carries the
    high-water mark of the forking process (this benchmark, hundreds of MB) across
    exec into the child's ru_maxrss. GNU time is a tiny C program that forks the
    command itself, so its ``%M`` is the command's own peak (about 1 ms overhead).
    """
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        full = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *argv] if rss_supported() else list(argv)
        start = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        wall = time.perf_counter() - start
        maxrss = None
        if rss_file.exists():
            lines = [x for x in rss_file.read_text().splitlines() if x.strip().isdigit()]
            maxrss = int(lines[-1]) if lines else None
    return ProcResult(argv, wall, maxrss, proc.returncode, proc.stdout or b"", proc.stderr or b"")


def process_rounds(commands: dict[str, list[str]], repeat: int, cwd=None, env=None,
                   before=None, capture: bool = True) -> dict[str, list[ProcResult]]:
    """Run every command ``repeat`` times, alternating commands inside each round;
    ``before(name)`` runs untimed before each run (e.g. removing an output file)."""
    names = list(commands)
    results: dict[str, list[ProcResult]] = {n: [] for n in names}
    for r in range(repeat):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            if before:
                before(name)
            results[name].append(run_process(commands[name], cwd=cwd, env=env, capture=capture))
    return results


# -- python -X importtime -------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass
class ImportProfile:
    modules: list[tuple[str, int, int, int]] = field(default_factory=list)  # (name, self µs, cumulative µs, depth)

    @property
    def top_level(self) -> list[tuple[str, int]]:
        """Imports done directly by the program (depth 0), by cumulative time."""
        out = [(n, cum) for n, _, cum, depth in self.modules if depth == 0]
        return sorted(out, key=lambda x: -x[1])

    @property
    def total_us(self) -> int:
        return sum(cum for _, cum in self.top_level)

    def names(self) -> set[str]:
        return {n for n, *_ in self.modules}

    def packages(self) -> set[str]:
        return {n.split(".")[0] for n in self.names()}


def import_profile(argv_after_python: list[str], python: str = sys.executable, cwd=None) -> ImportProfile:
    proc = run_process([python, "-X", "importtime", *argv_after_python], cwd=cwd)
    prof = ImportProfile()
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            depth = (len(m.group(3)) - 1) // 2
            prof.modules.append((m.group(4), int(m.group(1)), int(m.group(2)), depth))
    return prof


# -- callgrind instruction counts -----------------------------------------------------------

def valgrind_available() -> bool:
    return shutil.which("valgrind") is not None


_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
FAILURES: list[str] = []  # why an instruction count could not be taken (shown in results.md)


def instructions(argv: list[str], cwd=None) -> int | None:
    """Instructions executed by ``argv`` under ``valgrind --tool=callgrind`` (None if it fails)."""
    env = dict(os.environ, PYTHONHASHSEED="0")  # same dict/set layout in every run: same counts
    with tempfile.TemporaryDirectory() as tmp:
        proc = run_process(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out",
                            "--dump-instr=no", "--compress-strings=no", *argv], cwd=cwd, env=env)
    err = proc.stderr.decode("utf-8", "replace")
    m = _COLLECTED.search(err)
    if proc.returncode != 0 or not m:
        lines = [x for x in err.splitlines() if x.strip() and not x.startswith("==")]
        FAILURES.append(f"{' '.join(argv[-6:])}: exit code {proc.returncode}; {lines[-1][:200] if lines else 'no output'}")
        return None
    return int(m.group(1))


def child_instructions(op: str, path: Path, count: int, python: str = sys.executable,
                       patch: str | None = None) -> int | None:
    """Instructions of a bench/child.py run: warm-up plus ``count`` calls of ``op``."""
    argv = [python, str(BENCH / "child.py"), op, str(path), str(count), "--warm"]
    if patch:
        argv += ["--patch", patch]
    return instructions(argv)


def instructions_per_op(op: str, path: Path, count: int, python: str = sys.executable) -> int | None:
    """Instructions of one steady-state ``op`` on ``path``: (warm-up + count runs) minus
    (warm-up only), divided by ``count``. Deterministic on a loaded machine."""
    base = child_instructions(op, path, 0, python)
    more = child_instructions(op, path, count, python)
    if base is None or more is None:
        return None
    return max(0, (more - base) // count)


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count() or 1, "load": load, "cpu_model": model,
            "python": sys.version.split()[0], "platform": sys.platform}


# -- a process tree's memory ------------------------------------------------------------------------
def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and every descendant, in kB (from /proc)."""
    parents: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(parents.get(pid, []))
    return total


def run_tree(argv: list[str], cwd=None, env=None, interval: float = 0.05) -> ProcResult:
    """Run ``argv``; its wall time and the peak *sum* of resident memory over the command and
    all its worker processes (sampled every ``interval`` s; ``maxrss_kb`` holds that sum)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(interval)
    err = proc.stderr.read()
    wall = time.perf_counter() - start
    return ProcResult(argv, wall, peak, proc.returncode, b"", err)
