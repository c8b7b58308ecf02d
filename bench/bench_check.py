"""Benchmark: checking a seed .docx vs the floor (python-docx opening it and reading paragraphs).

Both are measured in the same run, on the same files; the table shows the medians
and their ratio (target: check ≤ 2× the floor). Not a test: run it by hand.

    python bench/bench_check.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import docx  # noqa: E402

from checker.runner import CheckOptions, check_file  # noqa: E402
from docxbuild import build_seed  # noqa: E402

SEEDS = ROOT.parent / "shared" / "fixtures" / "seeds"


def floor(path: Path) -> int:
    document = docx.Document(str(path))
    return sum(len(p.text) for p in document.paragraphs)


def check(path: Path) -> int:
    return len(check_file(path, CheckOptions()).findings)


def median_time(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = [build_seed(seed, "autonum", Path(tmp)) for seed in sorted(SEEDS.glob("*.txt"))]
        for f in files:  # warm up imports and pack loading
            floor(f), check(f)
        print(f"{'file':<40} {'floor ms':>9} {'check ms':>9} {'ratio':>6}")
        for f in files:
            base = median_time(floor, f, args.repeat)
            ours = median_time(check, f, args.repeat)
            print(f"{f.name:<40} {base * 1000:9.1f} {ours * 1000:9.1f} {ours / base:6.2f}")


if __name__ == "__main__":
    main()
