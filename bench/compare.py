"""Before and after in one run: the checker of an earlier checkout against this one.

``run.py --baseline DIR`` (DIR: a checkout of an earlier revision, e.g. made with
``git worktree add /tmp/base REV``) measures both trees on the same documents, each in
child processes of its own (two versions of the package cannot share one interpreter),
the trees' processes alternating so that a change of machine load hits both alike:

- per document, the python-docx floor and ``check_file`` alternating inside every round
  (medians), so each process gives its own check/floor ratio;
- per stage, the Python bytecodes executed (exact, independent of load; :mod:`opcodes`;
  every child has the same string-hash seed, so the same code counts the same).

The bench's own modules (``ops``, ``opcodes``, ``measure``) run against either tree: they use
only ``check_file`` and the runner's ``parse``/``analyze``/``run_rules``.

    python bench/compare.py --child TREE OUT.json ROUNDS PATH...   (what the parent runs)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tables import Table

BENCH = Path(__file__).resolve().parent


def _child(tree: str, out: str, rounds: int, paths: list[str]) -> None:
    sys.path.insert(0, tree)  # this tree's checker first; the bench modules come from BENCH
    import measure
    import opcodes
    import ops

    docs = {}
    for path in paths:
        source = ops.floor_input(Path(path))
        ops.check(path)  # warm: packs, patterns
        ops.floor(source)
        times = measure.interleaved({"floor": lambda: ops.floor(source), "check": lambda: ops.check(path)}, rounds)
        docs[path] = {k: statistics.median(v) * 1000 for k, v in times.items()}
    stages = Counter()
    for label, n in opcodes.count(ops.check, paths).items():
        stages[opcodes._stage(label)] += n / len(paths) / 1000
    floor_ops = sum(opcodes.count(ops.floor, [ops.floor_input(Path(p)) for p in paths]).values()) / len(paths) / 1000
    import checker

    Path(out).write_text(json.dumps({"docs": docs, "stages": stages, "floor_ops": floor_ops,
                                     "package": str(Path(checker.__file__).resolve().parent)}), encoding="utf-8")


def _run(tree: Path, out: Path, rounds: int, paths: list[Path], env: dict) -> dict:
    # one string-hash seed for every child: set orders, and with them the bytecodes, repeat
    env = {**env, "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, str(BENCH / "compare.py"), "--child", str(tree), str(out), str(rounds),
                    *map(str, paths)], check=True, env=env)
    found = json.loads(out.read_text(encoding="utf-8"))
    if Path(found["package"]) != (tree / "checker").resolve():
        raise RuntimeError(f"{tree}: the child imported {found['package']}")
    return found


def compare_table(baseline: Path, current: Path, groups: dict[str, list[Path]], rounds: int, alternations: int,
                  workdir: Path, env: dict, log=lambda m: None) -> Table:
    """``groups``: name -> documents. One column per group and tree."""
    trees = {"baseline": baseline.resolve(), "this tree": current.resolve()}
    runs = {(g, t): [] for g in groups for t in trees}
    for alt in range(alternations):
        order = list(trees) if alt % 2 == 0 else list(reversed(trees))
        for group, paths in groups.items():
            for name in order:
                log(f"compare: {group}, {name}, run {alt + 1}/{alternations}")
                runs[(group, name)].append(_run(trees[name], workdir / f"compare-{alt}-{name}.json", rounds, paths, env))
    columns = [f"{g}: {t}" for g in groups for t in trees]
    t = Table("compare", "Before and after in one run: the baseline checkout against this tree", ["measure", *columns],
              digits={c: 2 for c in columns})
    for stage in ("read", "analysis", "layout rules (gbt9704)", "text rules", "other (packs, result)"):
        t.add(f"{stage}, k bytecodes", *(runs[(g, n)][0]["stages"].get(stage, 0.0) for g in groups for n in trees))
    t.add("**check, k bytecodes**", *(sum(runs[(g, n)][0]["stages"].values()) for g in groups for n in trees))
    t.add("python-docx floor, k bytecodes", *(runs[(g, n)][0]["floor_ops"] for g in groups for n in trees))

    def per_doc(group, name, what):
        """Each document's median over the alternations of ``what(doc timings)``."""
        docs = runs[(group, name)][0]["docs"]
        return [statistics.median(what(run["docs"][d]) for run in runs[(group, name)]) for d in docs]

    t.add("check/floor, median of documents", *(statistics.median(per_doc(g, n, lambda d: d["check"] / d["floor"]))
                                                for g in groups for n in trees))
    t.add("check/floor, worst document", *(max(per_doc(g, n, lambda d: d["check"] / d["floor"]))
                                           for g in groups for n in trees))
    t.add("documents within 1.0×", *(sum(r <= 1.0 for r in per_doc(g, n, lambda d: d["check"] / d["floor"]))
                                     for g in groups for n in trees))
    t.add("check ms, median of documents", *(statistics.median(per_doc(g, n, lambda d: d["check"]))
                                             for g in groups for n in trees))
    t.add("floor ms, median of documents", *(statistics.median(per_doc(g, n, lambda d: d["floor"]))
                                             for g in groups for n in trees))
    t.notes.append(f"baseline: `{baseline}`. Each tree ran in its own processes, {alternations} alternations "
                   f"(the order swapped each time), {rounds} rounds per document with floor and check alternating "
                   "inside every round; a document's ratio is the median over the alternations. Bytecodes are "
                   "exact (the first run of each tree).")
    return t


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
    else:
        sys.exit(__doc__)
