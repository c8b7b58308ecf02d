"""Batch measurements: when workers pay off (the --jobs default), and memory that stays
flat however many files a run checks (one process or a tree of workers)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import measure
from measure import median
from tables import Table

JOB_SIZES = (1, 2, 4, 8, 16, 32, 64)
MEMORY_LIMIT_MB = 200  # 2,000 drafts with --jobs 1


def _subset(drafts: list[Path], folder: Path, n: int) -> Path:
    """A folder holding the first ``n`` drafts (hard links, or copies across file systems)."""
    target = folder / f"n{n:05d}"
    if not target.is_dir():
        target.mkdir(parents=True)
        for d in drafts[:n]:
            try:
                os.link(d, target / d.name)
            except OSError:
                shutil.copy(d, target / d.name)
    return target


def jobs_table(drafts: list[Path], workdir: Path, fazhi: str, repeat: int, cli_args: list, sizes=JOB_SIZES) -> Table:
    """Wall time of ``fazhi check DIR`` with --jobs 1, --jobs 2 and the default, by folder size."""
    t = Table("jobs", "4b. --jobs: serial or workers, by folder size (subprocess wall time, medians)",
              ["files", "--jobs 1 s", "--jobs 2 s", "default s", "default ÷ --jobs 1", "best ÷ --jobs 1"],
              digits={"--jobs 1 s": 2, "--jobs 2 s": 2, "default s": 2, "default ÷ --jobs 1": 2,
                      "best ÷ --jobs 1": 2})
    crossover = None
    worst = (0.0, None)
    for n in sizes:
        if n > len(drafts):
            break
        folder = _subset(drafts, workdir / "jobs", n)
        base = [fazhi, "check", str(folder), "--fail-on", "never", "-f", "json", *cli_args]
        runs = measure.process_rounds({"1": base + ["--jobs", "1"], "2": base + ["--jobs", "2"], "default": base},
                                      repeat, cwd=workdir)
        one, two, default = (median([r.wall for r in runs[k]]) for k in ("1", "2", "default"))
        t.add(n, one, two, default, default / one, min(one, two) / one)
        if crossover is None and two < one:
            crossover = n
        worst = max(worst, (default / one, n))
    t.notes.append(f"workers first pay off at {crossover} files" if crossover else
                   "workers never paid off at these sizes in this run")
    t.notes.append(f"the default is at worst {worst[0]:.2f}× the --jobs 1 time (at {worst[1]} files); "
                   "the default runs serially below 16 files and uses at most one worker per usable CPU "
                   "(checker.runner.plan_jobs). Times include the interpreter start (~0.3 s).")
    return t


def tiny_files(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / f"{i:05d}.txt"
        if not path.exists():
            path.write_text(f"示例{i}区2024年法治政府建设年度报告\n2024年，我区……第{i}份。\n", encoding="utf-8")
    return folder


def memory_scale_table(workdir: Path, fazhi: str, cli_args: list, drafts_small: Path, drafts_large: Path,
                       tiny: Path) -> Table:
    """Peak memory by batch size, one process, and over the whole tree of workers."""
    t = Table("memory-scale", "5b. Memory by batch size: peak RSS of the whole process tree (sampled)",
              ["run", "files", "wall s", "peak RSS MB (all processes)", "limit MB", "met"],
              digits={"wall s": 1})
    runs = [
        ("fazhi check DIR --jobs 1", drafts_small, ["--jobs", "1"], None),
        ("fazhi check DIR --jobs 1", drafts_large, ["--jobs", "1"], MEMORY_LIMIT_MB),
        ("fazhi check DIR --jobs 2", drafts_large, ["--jobs", "2"], None),
        ("fazhi check DIR -f jsonl --jobs 1", drafts_large, ["--jobs", "1", "-f", "jsonl"], MEMORY_LIMIT_MB),
        ("fazhi check DIR (tiny files) --jobs 128", tiny, ["--jobs", "128"], None),
    ]
    for name, folder, extra, limit in runs:
        count = sum(1 for _ in folder.iterdir())
        r = measure.run_tree([fazhi, "check", str(folder), "--fail-on", "never", *extra, *cli_args], cwd=workdir)
        if r.returncode not in (0, 1):
            err = r.stderr.decode("utf-8", "replace").strip().splitlines()
            t.notes.append(f"{name} ({count} files): exit code {r.returncode} — {err[-1][:160] if err else ''}")
        mb = r.maxrss_kb / 1024
        t.add(name, count, r.wall, mb, limit, (mb <= limit) if limit else None)
    t.notes.append("peak of the summed resident memory of fazhi and all its worker processes, sampled every "
                   "50 ms from /proc (a short spike between samples can be missed); output to /dev/null. "
                   "--jobs 128 is capped to the usable CPUs (and by available memory).")
    return t
